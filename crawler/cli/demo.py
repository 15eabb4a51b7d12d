"""`epaper demo`: serve the bundled sample edition, crawl it into the embedded store, summarise."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import click
import pymongo
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..embedded import EmbeddedError, embedded_uri, idle_seconds
from ..query import (
    ArticleQuery,
)
from ..sample import (
    REPO,
    SAMPLE_DATE,
    SAMPLE_PAPER,
    SAMPLE_SEED,
    SAMPLE_SITE,
    serve_folder,
)
from ..store import Store, database_name, embedded_path
from ..store.fulltext import quick_dictionary
from . import cli
from .common import InputError, Unavailable
from .prose import Prose
from .render import make_console

_SPIDER_LINE = re.compile(r"\[epaper\] (?:INFO|WARNING|ERROR): (.*)$")

def run_demo_crawl(base_url: str, env: dict[str, str], console: Console) -> tuple[int, list[str], list[str]]:
    """``scrapy crawl epaper`` of the sample edition from ``base_url``; (exit code, spider lines, whole log)."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "epaper", "-a", f"paper={SAMPLE_PAPER}", "-a", f"date={SAMPLE_DATE}",
           "-a", f"base_url={base_url}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
           "-s", "ROBOTSTXT_OBEY=0", "-s", "LOG_LEVEL=INFO"]
    spider_lines: list[str] = []
    log: list[str] = []
    with console.status(Text(f"crawling {SAMPLE_PAPER} {SAMPLE_DATE} from {base_url} …")) as status:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, encoding="utf-8", errors="replace")
        for line in proc.stderr:
            log.append(line.rstrip())
            found = _SPIDER_LINE.search(line)
            if found:
                spider_lines.append(found.group(1))
                status.update(Text(f"crawling: {found.group(1)}"))
        proc.wait()
    return proc.returncode, spider_lines, log


@cli.command(short_help="Crawl the bundled sample edition and summarise it.")
def demo() -> None:
    """Serve the bundled 信阳日报 sample edition locally, crawl it into the embedded store, summarise.

    Always the embedded store (under EPAPER_HOME, or EPAPER_EMBEDDED_PATH), never MONGO_URI, so
    sample data cannot land in a real database. The store stays up for the commands that follow
    (EPAPER_STORE_IDLE). Run it again: the crawl skips the stored edition.
    """
    if not (SAMPLE_SITE / "html" / "2020-01" / "27" / "node_2.htm").is_file() or not (REPO / "scrapy.cfg").is_file():
        raise InputError(f"the bundled sample edition is not at {SAMPLE_SITE}: the demo needs the source checkout "
                         "(git clone, then pip install -e .)")
    console = make_console()
    path = Path(embedded_path()).resolve()
    database = database_name()
    if os.environ.get("MONGO_URI"):
        console.print("MONGO_URI is set; the demo ignores it and uses the embedded store", style="yellow")
    with console.status(Text(f"starting the embedded store under {path} …")):
        try:
            uri = embedded_uri(path)
        except EmbeddedError as exc:
            raise Unavailable(str(exc)) from None
    console.print(f"store: embedded, data under {path}, database {database} ({uri})")
    env = {k: v for k, v in os.environ.items() if k != "MONGO_URI"}
    env.update(EPAPER_EMBEDDED_PATH=str(path), MONGO_DATABASE=database)
    with serve_folder(SAMPLE_SITE) as base_url:
        console.print(f"sample: {SAMPLE_SITE.relative_to(REPO)} served at {base_url}")
        returncode, spider_lines, log = run_demo_crawl(base_url, env, console)
    for line in spider_lines:
        console.print(f"crawl: {line}")
    from ..archive import archive_line  # Scrapy loads only when the demo runs

    console.print(archive_line(env))  # where the WARC records of the sample edition are
    if returncode != 0:
        click.echo("\n".join(log[-20:]), err=True)
        raise Unavailable(f"the crawl failed (exit code {returncode}); its log ends above")
    store = Store(pymongo.MongoClient(uri, tz_aware=False), database, location=str(path))
    try:
        with console.status(Text("preparing the search index …")):
            store.fulltext().ensure(store)
            quick_dictionary()  # the word list a search looks words up in, ready for the first one
        _print_demo_summary(store, console)
    finally:
        store.close()

def _print_demo_summary(store: Store, console: Console) -> None:
    day = ArticleQuery(papers=(SAMPLE_PAPER,), start=SAMPLE_DATE, end=SAMPLE_DATE)
    edition = next(iter(store.editions_between(SAMPLE_PAPER, SAMPLE_DATE, SAMPLE_DATE)), None)
    if edition is None:
        raise Unavailable(f"no edition {SAMPLE_PAPER} {SAMPLE_DATE} in the store after the crawl")
    c = edition.get("counts") or {}
    articles = list(store.find_articles(day, fields=("page_no", "title", "lead_title", "subtitle", "byline", "authors",
                                                     "pages", "page_name", "paragraphs", "images")))
    console.print()
    paper_name = edition.get("paper_name", "")
    console.print(Text(f"edition {SAMPLE_PAPER} {paper_name} {SAMPLE_DATE}: {edition['status']}", style="bold"))
    console.print(f"  issue {edition.get('issue_no') or '—'}; "
                  f"pages {c.get('pages_fetched', 0)}/{c.get('pages_listed', 0)} fetched; "
                  f"articles {c.get('articles_listed', 0)} listed, {len(articles)} stored")
    per_page = Counter(a.get("page_no", "") for a in articles)
    pages = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column, justify in (("page_no", "left"), ("page_name", "left"), ("articles", "right")):
        pages.add_column(column, justify=justify)
    for ref in edition.get("pages", []):
        pages.add_row(ref["page_no"], ref["page_name"], str(per_page.get(ref["page_no"], 0)))
    console.print(pages)
    console.print(f"articles stored: {len(articles)}")
    seed = next((a for a in articles if a.get("title") == SAMPLE_SEED), None)
    if seed is None:
        console.print(f"the seed article {SAMPLE_SEED} is not in the store", style="red")
        return
    paragraphs = seed.get("paragraphs", [])
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="cyan", no_wrap=True)
    fields.add_column(overflow="fold")
    for name, value in (
        ("id", seed["_id"]), ("lead_title", seed.get("lead_title") or "—"), ("title", seed.get("title", "")),
        ("subtitle", seed.get("subtitle") or "—"), ("byline", seed.get("byline") or "—"),
        ("authors", "、".join(seed.get("authors", [])) or "—"),
        ("page", f"{seed.get('page_no', '')} {seed.get('page_name', '')}".strip()),
        ("paragraphs", str(len(paragraphs))), ("first paragraph", paragraphs[0] if paragraphs else "—"),
        ("images", "\n".join(f"{i['url']}  {i.get('caption') or '(no caption)'}" for i in seed.get("images", [])) or "none"),
    ):
        fields.add_row(name, Prose(value))
    console.print(Text("\nseed article", style="bold"))
    console.print(fields)
    console.print(f"\ntry next:\n  epaper search 疫情\n  epaper show {seed['_id']}\n"
                  f"  epaper list --paper {SAMPLE_PAPER} --date {SAMPLE_DATE}\n"
                  f"  epaper edition {SAMPLE_PAPER} {SAMPLE_DATE}\n  epaper page {SAMPLE_PAPER} {SAMPLE_DATE} 02\n"
                  f"  epaper editions --paper {SAMPLE_PAPER}")
    here = Path(sys.executable).parent
    if shutil.which("epaper") != str(here / "epaper"):
        console.print(f"\n`epaper` is in {here}: run `source {here / 'activate'}` (or "
                      f"`export PATH=\"{here}:$PATH\"`) first, or type {here / 'epaper'}", soft_wrap=True)
    console.print(f"\nthe store stays up {_idle_words()}; `epaper store stop` stops it now")
    console.print(f"read it in a browser: epaper serve, then open http://127.0.0.1:8750/{SAMPLE_PAPER}/{SAMPLE_DATE}/02")


def _idle_words() -> str:
    seconds = idle_seconds()
    if not seconds:
        return "(EPAPER_STORE_IDLE=0: it never stops by itself)"
    return "until unused for " + (f"{seconds / 60:g} minutes" if seconds >= 60 else f"{seconds:g} seconds")
