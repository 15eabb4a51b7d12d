"""Commands over editions and papers: editions (the calendar), stats, papers."""

from __future__ import annotations

from datetime import date

import click
from rich.text import Text

from . import cli
from .browse import print_failures
from .common import build_query, json_line, load_papers, open_store, require_data, with_papers
from .render import STATUS_LABEL, STATUS_STYLE, WEEKDAYS, Column, counted, fitted_table, fraction, make_console, tally


@cli.command(short_help="One line per day: complete, partial, no issue, missing.")
@click.option("--paper", help="Paper key or name; default: every paper in the store.")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="First day (default: the first stored edition).")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Last day (default: the last stored edition).")
@click.option("--failures", "failures_only", is_flag=True,
              help="Only the days with failures, each failed item's URL and reason under its day.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per day (with its failures).")
def editions(paper: str | None, date_from: str | None, date_to: str | None, failures_only: bool, as_json: bool) -> None:
    """One line per day: complete, partial, no issue, failed, or missing (never crawled).

    With --failures, only the days where something failed, each failure (kind, reason, URL)
    under its day.
    """
    query = build_query(date_from=date_from, date_to=date_to)
    with open_store() as store:
        query = with_papers(query, store, paper)
        require_data(store)
        papers = query.papers or tuple(store.stored_papers())
        calendars = [(key, list(store.calendar(key, query.start, query.end))) for key in papers]
    console = make_console()
    for key, days in calendars:
        if failures_only:
            days = [d for d in days if d["failures"] or d["status"] == "failed"]
            if not days:
                dates = query.describe_dates()
                click.echo(f"no failures recorded for {key}{', ' + dates if dates else ''}", err=True)
                continue
        if not days:
            click.echo(f"no editions of {key} stored; give --from and --to to see the days", err=True)
            continue
        if as_json:
            for day in days:
                json_line(day)
            continue
        if failures_only:
            console.print(Text(f"{key} {days[0]['paper_name']}".strip(), style="bold"))
            for day in days:
                status = day["status"]
                line = Text(f"{day['date']} {WEEKDAYS[date.fromisoformat(day['date']).weekday()]} ")
                line.append(STATUS_LABEL.get(status, status), style=STATUS_STYLE.get(status, ""))
                line.append(f"  pages {fraction(day['pages_stored'], day['pages_listed'])}, "
                            f"articles {fraction(day['articles_stored'], day['articles_listed'])}")
                console.print(line)
                print_failures(day["failures"], console, indent="  ")
            continue
        columns = [Column("date", whole=True), Column("day", whole=True), Column("status", whole=True),
                   Column("pages", justify="right", whole=True), Column("articles", justify="right", whole=True)]
        rows = []
        for day in days:
            status = day["status"]
            counts = ("—", "—") if status == "missing" else (
                fraction(day["pages_stored"], day["pages_listed"]), fraction(day["articles_stored"], day["articles_listed"]))
            rows.append([Text(day["date"], style="dim" if status == "missing" else ""),
                         WEEKDAYS[date.fromisoformat(day["date"]).weekday()],
                         Text(STATUS_LABEL.get(status, status), style=STATUS_STYLE.get(status, "")), *counts])
        console.print(fitted_table(columns, rows, console.width, title=f"{key} {days[0]['paper_name']}".strip(),
                                   title_justify="left", caption=tally(days), caption_justify="left"))


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
    # Dropped first when the terminal is narrow: duplicates, then the rarer edition statuses, then pages.
    drops = {"dup.": 8, "near": 9, "failed": 6, "no issue": 7, "partial": 5, "pages": 4, "first": 3, "name": 2}
    columns = [Column(name, justify="left" if name in ("paper", "name", "first", "last") else "right",
                      whole=name != "name", drop=drops.get(name, 0), min_width=4)
               for name in ("paper", "name", "editions", "partial", "no issue", "failed", "pages", "articles", "first",
                            "last", "dup.", "near")]
    table_rows = []
    for r in rows:
        e = r["editions"]
        table_rows.append([r["paper"], r["paper_name"], str(e.get("complete", 0) + e.get("partial", 0)),
                           str(e.get("partial", 0)), str(e.get("no_issue", 0)), str(e.get("failed", 0)), str(r["pages"]),
                           str(r["articles"]), r["first"], r["last"], str(r["duplicates"]), str(r["near_duplicates"])])
    console = make_console()
    shown = fitted_table(columns, table_rows, console.width)
    headers = {col.header for col in shown.columns}
    notes = ["editions: complete or partial"] + [note for name, note in (
        ("dup.", "dup.: exact re-publications"), ("near", "near: near duplicates")) if name in headers]
    caption = "; ".join(notes)
    left_out = [c.name for c in columns if c.name not in headers]
    if left_out:
        caption += f"\nhidden at this width: {', '.join(left_out)} (see --json)"
    shown.caption, shown.caption_justify = caption, "left"
    console.print(shown)


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
    console = make_console()
    columns = [Column("key", whole=True), Column("name", min_width=4), Column("family", whole=True, drop=1),
               Column("region", min_width=4, drop=2)]
    rows = [[paper.key, paper.name, paper.family, paper.region] for paper in registry.values()]
    console.print(fitted_table(columns, rows, console.width, caption=counted(len(registry), "paper"), caption_justify="left"))
