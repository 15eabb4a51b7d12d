"""The ``epaper`` command: query what the crawler stored, export it, run the demo.

It reads the store through :mod:`crawler.store`, exactly as the pipelines write it (``MONGO_URI``
and ``MONGO_DATABASE``, or the embedded default under ``./data/mongo``). What a user types only
reaches MongoDB as validated, typed values (:mod:`crawler.query`).

Exit codes: 0 done (also when nothing matched), 1 nothing to read (empty store, unknown article,
store unreachable, failed crawl), 2 bad input (dates, papers, pages, words).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import click
from pymongo.errors import PyMongoError
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .embedded import EmbeddedError, embedded_uri
from .items import Article
from .papers import Paper, RegistryError, load_registry
from .query import ArticleQuery, QueryError, SearchHit, parse_author, parse_date, parse_page, parse_words, resolve_papers
from .store import Store, database_name, embedded_path
from .tokens import hit_spans

_READING_ORDER = ("paper", "paper_name", "date", "page_no", "page_name", "pages", "url", "article_id", "lead_title",
                  "title", "subtitle", "byline", "authors", "body", "paragraphs", "images", "char_count",
                  "content_hash", "simhash", "parser", "crawled_at", "kind")
# Every field of items.Article, in reading order (a field added to Article is exported too, last).
ARTICLE_FIELDS = sorted(dataclasses.fields(Article), key=lambda f: (
    _READING_ORDER.index(f.name) if f.name in _READING_ORDER else len(_READING_ORDER)))
EXPORT_COLUMNS = ["id", *(f.name for f in ARTICLE_FIELDS), "duplicate_of", "near_duplicates", "first_seen"]
LIST_COLUMNS = {"pages", "authors", "paragraphs", "images", "near_duplicates"}
STATUS_LABEL = {"complete": "complete", "partial": "partial", "no_issue": "no issue", "failed": "failed",
                "missing": "missing"}
STATUS_STYLE = {"complete": "green", "partial": "yellow", "no_issue": "dim", "failed": "red", "missing": "bold red"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HIGHLIGHT = "bold black on yellow"

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SITE = REPO / "tests" / "fixtures" / "sites" / "ribao.xyxww.com.cn"
SAMPLE_PAPER, SAMPLE_DATE, SAMPLE_SEED = "xinyang", "2020-01-27", "先锋旗帜在一线飘扬"


# ----- errors: one line on stderr -----------------------------------------------------------------
class OneLineError(click.ClickException):
    """An error shown as one line on stderr ("epaper: …"), without click's usage text."""

    def show(self, file: Any = None) -> None:
        click.echo(f"epaper: {self.format_message()}", err=True)


class InputError(OneLineError):
    """Bad input (a date, a paper, a page, no words): exit code 2."""

    exit_code = 2


class Unavailable(OneLineError):
    """Nothing to read: an empty store, an unknown article, an unreachable store: exit code 1."""

    exit_code = 1


def _input(call: Callable[..., Any], *args: Any) -> Any:
    """Run a parser of user input; its QueryError becomes a one-line InputError."""
    try:
        return call(*args)
    except QueryError as exc:
        raise InputError(str(exc)) from None


# ----- the store ------------------------------------------------------------------------------------
def _redacted(uri: str) -> str:
    parts = urlsplit(uri)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def describe_store() -> str:
    """Which store the environment selects, for messages (credentials left out)."""
    database = database_name()
    if os.environ.get("MONGO_URI"):
        return f"database {database} at {_redacted(os.environ['MONGO_URI'])}"
    return f"database {database} in the embedded store under {embedded_path()}"


@contextmanager
def open_store() -> Iterator[Store]:
    """The store the pipelines write to; Unavailable when it cannot be reached."""
    try:
        store = Store.connect()
        store.client.admin.command("ping")
    except EmbeddedError as exc:
        raise Unavailable(str(exc)) from None
    except PyMongoError as exc:
        raise Unavailable(f"cannot reach the store ({describe_store()}): {str(exc).splitlines()[0][:200]}") from None
    try:
        yield store
    finally:
        store.close()


def require_data(store: Store) -> None:
    """Unavailable (exit 1) when nothing is stored yet, with what to do about it."""
    if store.is_empty():
        raise Unavailable(f"the store is empty ({describe_store()}): crawl first "
                          "(scrapy crawl epaper -a paper=KEY -a date=YYYY-MM-DD) or run `epaper demo`")


def _registry() -> dict[str, Paper]:
    try:
        return load_registry(os.environ.get("EPAPER_PAPERS") or None)
    except RegistryError as exc:
        raise Unavailable(str(exc)) from None


def build_query(words: tuple[str, ...] = (), date_from: str | None = None, date_to: str | None = None,
                page: str | None = None, author: str | None = None) -> ArticleQuery:
    """An ArticleQuery from the typed options (papers come later, with the store); InputError (exit 2)
    for anything malformed, checked before the store is even opened."""
    start = _input(parse_date, "--from", date_from) if date_from is not None else ""
    end = _input(parse_date, "--to", date_to) if date_to is not None else ""
    page_no = _input(parse_page, page) if page is not None else ""
    name = _input(parse_author, author) if author is not None else ""
    tokens = _input(parse_words, words) if words else ()
    return _input(ArticleQuery, tokens, (), start, end, page_no, name)


def with_papers(query: ArticleQuery, store: Store, paper: str | None) -> ArticleQuery:
    """``query`` limited to the ``--paper`` papers, which must be in the registry or the store (else exit 2)."""
    if paper is None:
        return query
    keys = _input(resolve_papers, paper, _registry(), store.has_paper)
    return dataclasses.replace(query, papers=keys)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The filters shared by search and export."""
    for decorator in reversed([
        click.option("--paper", help="Paper key or name (comma-separated for several); `epaper papers` lists them."),
        click.option("--from", "date_from", metavar="YYYY-MM-DD", help="First date (inclusive)."),
        click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Last date (inclusive)."),
        click.option("--page", metavar="NN", help="Page (版面) number, e.g. 02 or A01."),
        click.option("--author", metavar="NAME", help="An author's name, exactly as in the byline."),
    ]):
        command = decorator(command)
    return command


def _console(stderr: bool = False) -> Console:
    """A console that prints stored text as it is: no markup parsing, no automatic colouring."""
    return Console(stderr=stderr, highlight=False)


def _print_wide(table: Table) -> None:
    """Print a table of short cells; into a file or pipe at its natural width rather than squeezed to 80."""
    console = _console()
    if not console.is_terminal:
        natural = console.measure(table, options=console.options.update_width(200)).maximum
        console = Console(highlight=False, markup=False, width=max(console.width, natural))
    console.print(table)


def _json_line(record: dict[str, Any]) -> None:
    click.echo(json.dumps(record, ensure_ascii=False))


# ----- records ----------------------------------------------------------------------------------------
def _default(f: dataclasses.Field) -> Any:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return "" if f.default is dataclasses.MISSING else f.default


def article_record(doc: dict[str, Any]) -> dict[str, Any]:
    """Every typed field of a stored article (plus its id and duplicate links), in a fixed order."""
    record: dict[str, Any] = {"id": doc["_id"]}
    for f in ARTICLE_FIELDS:
        record[f.name] = doc.get(f.name, _default(f))
    record["duplicate_of"] = doc.get("duplicate_of", "")
    record["near_duplicates"] = doc.get("near_duplicates", [])
    record["first_seen"] = doc.get("first_seen", "")
    return record


def csv_row(record: dict[str, Any]) -> list[Any]:
    """A record as CSV cells: list fields as JSON arrays, so they read back exactly."""
    return [json.dumps(record[c], ensure_ascii=False) if c in LIST_COLUMNS else record[c] for c in EXPORT_COLUMNS]


def snippet(body: str, words: tuple[str, ...], width: int = 48) -> tuple[str, list[tuple[int, int]]]:
    """About ``width`` characters of the body around its first word hit, and the hits in it."""
    paragraphs = [p for p in (body or "").split("\n\n") if p.strip()]
    text, spans = (paragraphs[0] if paragraphs else ""), []
    for paragraph in paragraphs:
        found = hit_spans(paragraph, words)
        if found:
            text, spans = paragraph, found
            break
    first = spans[0][0] if spans else 0
    start = 0 if first < width // 2 else max(0, min(first - width // 4, len(text) - width))
    end = min(len(text), start + width)
    prefix = "…" if start else ""
    shown = prefix + text[start:end] + ("…" if end < len(text) else "")
    shift = len(prefix) - start
    inside = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return shown, inside


def _highlighted(text: str, spans: list[tuple[int, int]]) -> Text:
    rich = Text(text)
    for start, end in spans:
        rich.stylize(HIGHLIGHT, start, end)
    return rich


# ----- the command ------------------------------------------------------------------------------------
@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Query and export the newspaper editions the crawler stored (MONGO_URI, or ./data/mongo)."""


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="epaper")


@cli.command(short_help="Find articles by Chinese words, paper, date, page, author.")
@click.argument("words", nargs=-1, required=True)
@filter_options
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Most results shown.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line instead of a table.")
def search(words: tuple[str, ...], paper: str | None, date_from: str | None, date_to: str | None, page: str | None,
           author: str | None, limit: int, as_json: bool) -> None:
    """Articles containing all the WORDS (Chinese words, e.g. 疫情 防控).

    Ranked: query words in the headline (引题/标题/副题) first, then number of hits, then newest.
    """
    query = build_query(words, date_from, date_to, page, author)
    with open_store() as store:
        query = with_papers(query, store, paper)
        require_data(store)
        hits, total = store.search(query, limit)
    if not hits:
        click.echo(f"no articles match {query.describe()}", err=True)
        return
    if as_json:
        for hit in hits:
            _json_line(_search_record(hit, query.words))
        return
    console = _console()
    rows = [(doc.get("date", ""), doc.get("paper", ""), f"{doc.get('page_no', '')} {doc.get('page_name', '')}".strip(),
             Text(doc.get("title", ""), style="bold").append("\n" + doc["_id"], style="dim"),
             _highlighted(*snippet(doc.get("body", ""), query.words))) for doc in (hit.doc for hit in hits)]
    # Fixed widths that keep ids whole (to copy into `epaper show`) and give the snippet the rest.
    widths = [max(cell_len(str(row[i])) for row in rows) for i in range(3)] + [max(len(h.doc["_id"]) for h in hits)]
    room = console.width - 2 - 3 * 4 - sum(widths)
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, pad_edge=False,
                  caption=f"{len(hits)} of {total} matching articles; `epaper show ID` shows one")
    for name, width in zip(("date", "paper", "page", "title / id", "snippet"), [*widths, room]):
        table.add_column(name, overflow="fold", width=width if room >= 16 else None)
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _search_record(hit: SearchHit, words: tuple[str, ...]) -> dict[str, Any]:
    doc = hit.doc
    text, spans = snippet(doc.get("body", ""), words)
    record = {"id": doc["_id"]}
    record.update({k: doc.get(k, "") for k in ("paper", "paper_name", "date", "page_no", "page_name", "lead_title",
                                               "title", "subtitle")})
    record.update(authors=doc.get("authors", []), url=doc.get("url", ""), title_hits=hit.title_hits, hits=hit.hits,
                  snippet=text, highlights=[list(s) for s in spans])
    return record


@cli.command(short_help="Every field of one article.")
@click.argument("article_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="The article as one JSON object (as `export` writes it).")
def show(article_id: str, as_json: bool) -> None:
    """Every field of one article, by ID (paper:date:article_id, as search prints it) or URL."""
    with open_store() as store:
        require_data(store)
        doc = store.article(article_id)
        if doc is None:
            raise Unavailable(f"no article {article_id!r} in the store; `epaper search WORD` prints ids")
        record = article_record(doc)
        linked = store.titles(i for i in [record["duplicate_of"], *record["near_duplicates"]] if i)
    if as_json:
        _json_line(record)
        return
    _print_article(record, linked)


def _print_article(a: dict[str, Any], linked: dict[str, dict[str, Any]]) -> None:
    console = _console()
    console.print(Text(a["title"], style="bold"))
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="cyan", no_wrap=True)
    fields.add_column(overflow="fold")

    def link(ident: str) -> str:
        other = linked.get(ident)
        return f"{ident}  {other['title']}" if other else f"{ident}  (not in the store)"

    pages = ", ".join(a["pages"]) if a["pages"] and a["pages"] != [a["page_no"]] else ""
    rows = [
        ("引题 lead_title", a["lead_title"] or "—"),
        ("标题 title", a["title"]),
        ("副题 subtitle", a["subtitle"] or "—"),
        ("id", a["id"]),
        ("paper", f"{a['paper_name']} ({a['paper']})" if a["paper_name"] else a["paper"]),
        ("date", a["date"]),
        ("page", f"{a['page_no']} {a['page_name']}".strip() + (f"  (on pages {pages})" if pages else "")),
        ("byline", a["byline"] or "—"),
        ("authors", "、".join(a["authors"]) or "—"),
        ("url", a["url"]),
        ("characters", str(a["char_count"])),
        ("content_hash", a["content_hash"]),
        ("simhash", a["simhash"]),
        ("parser", a["parser"]),
        ("crawled_at", a["crawled_at"] + (f"  (first seen {a['first_seen']})" if a["first_seen"] else "")),
        ("duplicate_of", link(a["duplicate_of"]) if a["duplicate_of"] else "—"),
        ("near duplicates", "\n".join(link(i) for i in a["near_duplicates"]) or "—"),
    ]
    for name, value in rows:
        fields.add_row(name, Text(value))
    console.print(fields)
    console.print(Text(f"\nparagraphs ({len(a['paragraphs'])})", style="bold"))
    console.print(_numbered(Text(p) for p in a["paragraphs"]))
    console.print(Text(f"\nimages ({len(a['images'])})", style="bold"))
    console.print(_numbered(Text(f"{i.get('url', '')}\n{i.get('caption') or '(no caption)'}") for i in a["images"]))


def _numbered(items: Iterator[Text]) -> Table:
    """Items in a numbered list with a hanging indent."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for number, item in enumerate(items, 1):
        grid.add_row(str(number), item)
    return grid


@cli.command(short_help="One line per day: complete, partial, no issue, missing.")
@click.option("--paper", help="Paper key or name; default: every paper in the store.")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="First day (default: the first stored edition).")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Last day (default: the last stored edition).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per day.")
def editions(paper: str | None, date_from: str | None, date_to: str | None, as_json: bool) -> None:
    """One line per day: complete, partial, no issue, failed, or missing (never crawled)."""
    query = build_query(date_from=date_from, date_to=date_to)
    with open_store() as store:
        query = with_papers(query, store, paper)
        require_data(store)
        papers = query.papers or tuple(store.stored_papers())
        calendars = [(key, list(_calendar(store, key, query.start, query.end))) for key in papers]
    for key, days in calendars:
        if not days:
            click.echo(f"no editions of {key} stored; give --from and --to to see the days", err=True)
            continue
        if as_json:
            for day in days:
                _json_line(day)
            continue
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=f"{key} {days[0]['paper_name']}".strip(),
                      title_justify="left", caption=_tally(days), caption_justify="left")
        for column, justify in (("date", "left"), ("day", "left"), ("status", "left"), ("pages", "right"),
                                ("articles", "right")):
            table.add_column(column, justify=justify)
        for day in days:
            status = day["status"]
            counts = ("—", "—") if status == "missing" else (
                _fraction(day["pages_stored"], day["pages_listed"]), _fraction(day["articles_stored"], day["articles_listed"]))
            table.add_row(day["date"], WEEKDAYS[date.fromisoformat(day["date"]).weekday()],
                          Text(STATUS_LABEL.get(status, status), style=STATUS_STYLE.get(status, "")), *counts,
                          style="dim" if status == "missing" else "")
        _print_wide(table)


def _calendar(store: Store, paper: str, start: str, end: str) -> Iterator[dict[str, Any]]:
    """Every day of the range with its edition's status and counts; days never crawled are "missing"."""
    found = {e["date"]: e for e in store.editions_between(paper, start, end)}
    if not found and not (start and end):
        return
    first = date.fromisoformat(start or min(found))
    last = date.fromisoformat(end or max(found))
    pages = store.stored_per_day("page", paper, first.isoformat(), last.isoformat())
    articles = store.stored_per_day("article", paper, first.isoformat(), last.isoformat())
    name = next((e.get("paper_name", "") for e in found.values()), "")
    for offset in range((last - first).days + 1):
        day = (first + timedelta(days=offset)).isoformat()
        edition = found.get(day)
        counts = (edition or {}).get("counts") or {}
        yield {"paper": paper, "paper_name": name, "date": day, "status": edition.get("status", "") if edition else "missing",
               "issue_no": (edition or {}).get("issue_no", ""),
               "pages_listed": counts.get("pages_listed", 0), "pages_stored": pages.get(day, 0),
               "articles_listed": counts.get("articles_listed", 0), "articles_stored": articles.get(day, 0)}


def _fraction(stored: int, listed: int) -> str:
    return str(stored) if stored == listed or not listed else f"{stored}/{listed}"


def _tally(days: list[dict[str, Any]]) -> str:
    counted = Counter(day["status"] for day in days)
    parts = [f"{counted[s]} {STATUS_LABEL[s]}" for s in STATUS_LABEL if counted[s]]
    return f"{len(days)} days: " + ", ".join(parts)


@cli.command(short_help="Per paper: editions, pages, articles, dates, duplicates.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per paper.")
def stats(as_json: bool) -> None:
    """Per paper: editions, pages, articles, first and last date, duplicates."""
    with open_store() as store:
        require_data(store)
        rows = store.paper_stats()
    if as_json:
        for row in rows:
            _json_line(row)
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False,
                  caption="editions: complete or partial; dup.: exact re-publications; near: near duplicates",
                  caption_justify="left")
    for column in ("paper", "name", "editions", "partial", "no issue", "failed", "pages", "articles", "first", "last",
                   "dup.", "near"):
        table.add_column(column, no_wrap=True,
                         justify="left" if column in ("paper", "name", "first", "last") else "right")
    for r in rows:
        e = r["editions"]
        table.add_row(r["paper"], r["paper_name"], str(e.get("complete", 0) + e.get("partial", 0)),
                      str(e.get("partial", 0)), str(e.get("no_issue", 0)), str(e.get("failed", 0)), str(r["pages"]),
                      str(r["articles"]), r["first"], r["last"], str(r["duplicates"]), str(r["near_duplicates"]))
    _print_wide(table)


@cli.command(short_help="Articles to stdout as JSON lines or CSV.")
@click.argument("words", nargs=-1)
@filter_options
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many articles.")
def export(words: tuple[str, ...], paper: str | None, date_from: str | None, date_to: str | None, page: str | None,
           author: str | None, fmt: str, limit: int | None) -> None:
    """Stored articles to stdout as JSON lines or CSV, every field (optionally only those with WORDS).

    Streams in paper/date/article order with constant memory; progress goes to stderr. In CSV,
    list fields (pages, authors, paragraphs, images, near_duplicates) are JSON arrays.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    query = build_query(words, date_from, date_to, page, author)
    with open_store() as store:
        query = with_papers(query, store, paper)
        require_data(store)
        total = store.count_articles(query)
        total = min(total, limit) if limit else total
        progress = Progress(TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=_console(stderr=True))
        with progress, utf8_stdout() as out:
            task = progress.add_task("export", total=total)
            writer = csv.writer(out) if fmt == "csv" else None
            if writer:
                writer.writerow(EXPORT_COLUMNS)
            written = 0
            for doc in store.find_articles(query, limit=limit or 0):
                record = article_record(doc)
                if writer:
                    writer.writerow(csv_row(record))
                else:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
                progress.advance(task)
    click.echo(f"{written} articles exported ({fmt}) from {describe_store()}", err=True)


@contextmanager
def utf8_stdout() -> Iterator[io.TextIOWrapper]:
    """stdout as UTF-8 text with newlines untranslated (csv writes its own), whatever the locale.

    A reader that stops early (``| head``) ends the export quietly.
    """
    sys.stdout.flush()
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        yield out
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise SystemExit(1) from None
    finally:
        try:
            out.detach()
        except (BrokenPipeError, ValueError):
            _silence_stdout()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush does not fail on a closed pipe."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


@cli.command(short_help="The papers in the registry.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per paper.")
def papers(as_json: bool) -> None:
    """The papers the crawler knows (the registry, crawler/papers.toml): key, name, family, region."""
    registry = _registry()
    if as_json:
        for paper in registry.values():
            _json_line({"key": paper.key, "name": paper.name, "family": paper.family, "region": paper.region,
                        "url": paper.current.url})
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, caption=f"{len(registry)} papers", caption_justify="left")
    for column in ("key", "name", "family", "region"):
        table.add_column(column, no_wrap=True)
    for paper in registry.values():
        table.add_row(paper.key, paper.name, paper.family, paper.region)
    _print_wide(table)


# ----- demo ---------------------------------------------------------------------------------------------
@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A threaded HTTP server of ``folder`` on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


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

    Always the embedded store (./data/mongo, or EPAPER_EMBEDDED_PATH), never MONGO_URI, so sample
    data cannot land in a real database. Run it again: the crawl skips the stored edition.
    """
    if not (SAMPLE_SITE / "html" / "2020-01" / "27" / "node_2.htm").is_file() or not (REPO / "scrapy.cfg").is_file():
        raise InputError(f"the bundled sample edition is not at {SAMPLE_SITE}: the demo needs the source checkout "
                         "(git clone, then pip install -e .)")
    console = _console()
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
    if returncode != 0:
        click.echo("\n".join(log[-20:]), err=True)
        raise Unavailable(f"the crawl failed (exit code {returncode}); its log ends above")
    store = Store.connect(uri, database)
    try:
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
        fields.add_row(name, Text(value))
    console.print(Text("\nseed article", style="bold"))
    console.print(fields)
    console.print(f"\ntry next:\n  epaper search 疫情\n  epaper show {seed['_id']}\n"
                  f"  epaper editions --paper {SAMPLE_PAPER}")
