"""Commands over the raw archive: reparse (rebuild records from the WARCs) and health (coverage, drift)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich import box
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..health import ARTICLE_SHARES, PAGE_SHARES, stored_coverage
from ..papers import RegistryError, resolve_keys
from ..sample import REPO
from . import cli
from .common import InputError, Unavailable, build_query, json_line, load_papers, open_store, require_data, with_papers
from .render import STATUS_LABEL, STATUS_STYLE, counted, make_console, print_wide

if TYPE_CHECKING:
    from ..reparse import Changes

_SPIDER_LINE = re.compile(r"\[epaper\] (?:INFO|WARNING|ERROR): (.*)$")
_EDITION_DONE = re.compile(r"^(\S+) (\d{4}-\d{2}-\d{2}): (?:(?:complete|partial|failed) —|no issue|edition failed)")


def default_archive() -> Path | None:
    """The archive folder the environment selects (as the crawl's settings do)."""
    from ..archive import archive_root  # Scrapy and warcio load only for the commands that read WARCs

    return archive_root({"EPAPER_ARCHIVE": os.environ.get("EPAPER_ARCHIVE")})


@cli.command(short_help="Rebuild stored records from the WARC archive, no network.")
@click.option("--paper", help="Paper key or name (comma-separated for several); default: every archived paper.")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="First edition date (inclusive).")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Last edition date (inclusive).")
@click.option("--dry-run", is_flag=True, help="Parse and compare with the store, write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The archive folder (default: EPAPER_ARCHIVE, or archive/ beside the embedded store's data).")
@click.option("--set", "extra", multiple=True, metavar="NAME=VALUE", help="A Scrapy setting for the crawl (repeatable).")
def reparse(paper: str | None, date_from: str | None, date_to: str | None, dry_run: bool, as_json: bool,
            archive_dir: Path | None, extra: tuple[str, ...]) -> None:
    """Re-extract editions, pages and articles from the archive with today's parsers.

    Runs the real crawl (same spider, pipelines, dedup, revision guard) with every request
    answered from the WARC files: unchanged records stay untouched, changed ones are updated.
    A document missing from the archive leaves its edition partial, and the command says so
    (exit code 1); an edition whose extraction still drifts from its paper's baseline is named
    too (exit code 4, as for a crawl).
    """
    from ..archive import archive_files
    from ..reparse import Changes, crawl_command, exported, plan, snapshot, stored_changes

    query = build_query(date_from=date_from, date_to=date_to)
    root = archive_dir.resolve() if archive_dir else default_archive()
    if root is None:
        raise InputError("the archive is off (EPAPER_ARCHIVE is empty); give --archive PATH")
    if not root.is_dir():
        raise Unavailable(f"no archive at {root}: crawl with the archive on first")
    for setting in extra:
        if "=" not in setting:
            raise InputError(f"--set {setting!r}: use NAME=VALUE")
    registry = load_papers()
    keys: list[str] = []
    if paper is not None:
        try:
            keys = resolve_keys(registry, paper)
        except RegistryError as exc:
            raise InputError(str(exc)) from None
    files = archive_files(root, keys, query.start, query.end)
    skipped = sorted({f.paper for f in files if f.paper not in registry})
    files = [f for f in files if f.paper in registry]
    if not files:
        raise Unavailable(f"nothing archived under {root} for {paper or 'any registered paper'}"
                          + (f" between {query.start or '…'} and {query.end or '…'}" if query.start or query.end else ""))
    runs = plan(files)
    err = make_console(stderr=True)
    if skipped:
        err.print(f"skipped (not in the registry, re-parse them with scrapy crawl -a url=): {', '.join(skipped)}")
    err.print(f"reparse: {len(files)} archived edition(s) under {root}"
              + (" (dry run: nothing is written)" if dry_run else ""), soft_wrap=True)
    changes = Changes()
    started = time.monotonic()
    with open_store() as store, tempfile.TemporaryDirectory(prefix="epaper-reparse-") as tmp:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=True) as progress:
            task = progress.add_task("re-parsing", total=len(files))
            for n, run in enumerate(runs):
                feed, stats_file = Path(tmp) / f"items-{n}.jsonl", Path(tmp) / f"stats-{n}.json"
                before = snapshot(store, run)
                progress.update(task, description=f"{run.paper} {run.first}")
                code, log = _run_crawl(crawl_command(run, root, feed, stats_file, dry_run, extra), progress, task, err)
                stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
                if code != 0 and not stats:
                    click.echo("\n".join(log[-20:]), err=True)
                    raise Unavailable(f"the re-parse crawl of {run.paper} {run.first}…{run.last} failed (exit code {code})")
                items = exported(feed)
                changes.add_stats(stats, with_counts=not dry_run)
                if dry_run:
                    changes.compare(before, items, with_counts=True)
                else:
                    counted = stored_changes(stats)
                    if counted is not None:
                        changes.fields.update(counted)
                    else:
                        changes.compare(before, snapshot(store, run), with_counts=False)
                changes.editions.extend(_edition_results(feed))
    seconds = time.monotonic() - started
    incomplete = [e for e in changes.editions if e["status"] not in ("complete", "no_issue")]
    summary = changes.as_dict() | {"archive": str(root), "dry_run": dry_run, "seconds": round(seconds, 2)}
    if as_json:
        json_line(summary)
    else:
        _print_changes(changes, dry_run, seconds)
    if incomplete:
        for e in incomplete:
            click.echo(f"epaper: {e['paper']} {e['date']} stays {e['status']}: "
                       f"{e['not_in_archive']} document(s) not in the archive, {e['failures']} failure(s) in all",
                       err=True)
        raise SystemExit(1)
    drifted = [e for e in changes.editions if e["drift"]]
    for e in drifted:
        click.echo(f"epaper: {e['paper']} {e['date']} still drifts: {', '.join(e['drift'])} (epaper health shows it)",
                   err=True)
    if drifted:
        raise SystemExit(4)


def _run_crawl(cmd: list[str], progress: Progress, task: Any, err: Any) -> tuple[int, list[str]]:
    proc = subprocess.Popen(cmd, cwd=REPO, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8", errors="replace")
    log: list[str] = []
    assert proc.stderr is not None
    for line in proc.stderr:
        log.append(line.rstrip())
        found = _SPIDER_LINE.search(line)
        if found:
            text = found.group(1)
            if _EDITION_DONE.match(text):
                progress.advance(task)
                err.print(f"  {text}", soft_wrap=True)
    proc.wait()
    return proc.returncode, log


def _edition_results(feed: Path) -> list[dict[str, Any]]:
    if not feed.exists():
        return []
    found = []
    for line in feed.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item.get("kind") == "edition":
            failures = item.get("failures") or []
            found.append({"paper": item["paper"], "date": item["date"], "status": item["status"],
                          "failures": len(failures),
                          "not_in_archive": sum("not in archive" in f.get("reason", "") for f in failures),
                          "drift": [f.get("figure", "") for f in item.get("drift") or []]})
    return sorted(found, key=lambda e: (e["paper"], e["date"]))


def _print_changes(changes: Changes, dry_run: bool, seconds: float) -> None:
    console = make_console()
    verb = "would be" if dry_run else "were"
    console.print(f"documents read from the archive: {changes.documents}"
                  + (f" ({changes.missing} not in the archive)" if changes.missing else "")
                  + f", in {seconds:.1f} s")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=f"records that {verb} written", title_justify="left")
    for column in ("", "new", "updated", "unchanged"):
        table.add_column(column, justify="left" if not column else "right")
    for kind in ("edition", "page", "article"):
        c = changes.counts[kind]
        table.add_row(f"{kind}s", str(c["new"]), str(c["updated"]), str(c["unchanged"]))
    console.print(table)
    if changes.fields:
        console.print("articles changed, per field: " + ", ".join(f"{k} {v}" for k, v in changes.fields.most_common()))
    else:
        console.print("articles changed, per field: none")


# ----- health --------------------------------------------------------------------------------------
_SHORT = {"title": "title", "body": "body", "byline": "bylin", "images": "pics", "selector": "rule", "page_list": "list",
          "hotspots": "map", "pdf": "pdf", "image": "img"}


@cli.command(short_help="Per paper: field coverage over time and every drift flag.")
@click.option("--paper", help="Paper key or name; default: every paper in the store.")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="First edition date (inclusive).")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Last edition date (inclusive).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per edition.")
def health(paper: str | None, date_from: str | None, date_to: str | None, as_json: bool) -> None:
    """Coverage of each stored edition (share of articles with title, body, byline, pictures;
    of pages with article list, map, PDF, image; articles per page) and its drift flags."""
    query = build_query(date_from=date_from, date_to=date_to)
    with open_store() as store:
        query = with_papers(query, store, paper)
        require_data(store)
        papers = query.papers or tuple(store.stored_papers())
        rows = {key: _health_rows(store, key, query.start, query.end) for key in papers}
    for key, editions in rows.items():
        if as_json:
            for row in editions:
                json_line(row)
            continue
        if not editions:
            click.echo(f"no editions of {key} stored in that range", err=True)
            continue
        _print_health(key, editions)


def _health_rows(store: Any, paper: str, start: str, end: str) -> list[dict[str, Any]]:
    found: dict[str, Any] = {"paper": paper}
    if start or end:
        found["date"] = {k: v for k, v in (("$gte", start), ("$lte", end)) if v}
    fields = {"paper": 1, "paper_name": 1, "date": 1, "status": 1, "failures": 1, "coverage": 1, "drift": 1}
    rows = []
    for doc in store.editions.find(found, fields).sort("date", 1):
        coverage, computed = doc.get("coverage") or {}, False
        if not coverage and doc.get("status") in ("complete", "partial"):
            coverage, computed = stored_coverage(store, doc), True
        rows.append({"paper": paper, "paper_name": doc.get("paper_name", ""), "date": doc["date"],
                     "status": doc.get("status", ""), "coverage": coverage, "drift": doc.get("drift") or [],
                     "computed": computed})
    return rows


def _pct(coverage: dict[str, Any], figure: str) -> str:
    if figure not in coverage or (figure in ARTICLE_SHARES and not coverage.get("articles")) or (
            figure in PAGE_SHARES and not coverage.get("pages")):
        return "—"
    return str(round(coverage[figure] * 100))


def _print_health(paper: str, editions: list[dict[str, Any]]) -> None:
    flagged = [e for e in editions if e["drift"]]
    name = editions[0]["paper_name"]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 0), title=f"{paper} {name}".strip(),
                  title_justify="left",
                  caption=f"{counted(len(editions), 'edition')}, {len(flagged)} with drift. Shares in %: of the articles read "
                          "(title…rule: header found by the family's rules), of the pages (list…img); art. = articles read",
                  caption_justify="left")
    table.add_column("date", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("art.", justify="right")
    for figure in (*ARTICLE_SHARES, *PAGE_SHARES):
        table.add_column(_SHORT[figure], justify="right")
    table.add_column("a/pg", justify="right")
    table.add_column("drift", no_wrap=True)
    for e in editions:
        c = e["coverage"]
        status = e["status"]
        drift = Text(",".join(sorted({_SHORT.get(f["figure"], f["figure"]) for f in e["drift"]})), style="bold red")
        table.add_row(e["date"], Text(STATUS_LABEL.get(status, status), style=STATUS_STYLE.get(status, "")),
                      str(c.get("articles", "—")) if c else "—",
                      *(_pct(c, f) for f in (*ARTICLE_SHARES, *PAGE_SHARES)),
                      f"{c['articles_per_page']:g}" if c.get("pages") else "—", drift)
    print_wide(table)
    console = make_console()
    for e in flagged:
        for flag in e["drift"]:
            console.print(Text(f"drift {e['date']}: {flag.get('reason', flag.get('figure', ''))}", style="red"))
    if any(e["computed"] for e in editions):
        console.print("(editions stored before coverage was recorded are computed from the store now)", style="dim")
