"""Commands over editions and papers: editions (the calendar), stats, papers."""

from __future__ import annotations

from datetime import date

import click
from rich import box
from rich.table import Table
from rich.text import Text

from . import cli
from .common import build_query, json_line, load_papers, open_store, require_data, with_papers
from .render import STATUS_LABEL, STATUS_STYLE, WEEKDAYS, fraction, print_wide, tally


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
        calendars = [(key, list(store.calendar(key, query.start, query.end))) for key in papers]
    for key, days in calendars:
        if not days:
            click.echo(f"no editions of {key} stored; give --from and --to to see the days", err=True)
            continue
        if as_json:
            for day in days:
                json_line(day)
            continue
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=f"{key} {days[0]['paper_name']}".strip(),
                      title_justify="left", caption=tally(days), caption_justify="left")
        for column, justify in (("date", "left"), ("day", "left"), ("status", "left"), ("pages", "right"),
                                ("articles", "right")):
            table.add_column(column, justify=justify)
        for day in days:
            status = day["status"]
            counts = ("—", "—") if status == "missing" else (
                fraction(day["pages_stored"], day["pages_listed"]), fraction(day["articles_stored"], day["articles_listed"]))
            table.add_row(day["date"], WEEKDAYS[date.fromisoformat(day["date"]).weekday()],
                          Text(STATUS_LABEL.get(status, status), style=STATUS_STYLE.get(status, "")), *counts,
                          style="dim" if status == "missing" else "")
        print_wide(table)


@cli.command(short_help="Per paper: editions, pages, articles, dates, duplicates.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per paper.")
def stats(as_json: bool) -> None:
    """Per paper: editions, pages, articles, first and last date, duplicates."""
    with open_store() as store:
        require_data(store)
        rows = store.paper_stats()
    if as_json:
        for row in rows:
            json_line(row)
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
    print_wide(table)


@cli.command(short_help="The papers in the registry.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per paper.")
def papers(as_json: bool) -> None:
    """The papers the crawler knows (the registry, crawler/papers.toml): key, name, family, region."""
    registry = load_papers()
    if as_json:
        for paper in registry.values():
            json_line({"key": paper.key, "name": paper.name, "family": paper.family, "region": paper.region,
                        "url": paper.current.url})
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, caption=f"{len(registry)} papers", caption_justify="left")
    for column in ("key", "name", "family", "region"):
        table.add_column(column, no_wrap=True)
    for paper in registry.values():
        table.add_row(paper.key, paper.name, paper.family, paper.region)
    print_wide(table)
