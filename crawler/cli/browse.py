"""Commands for browsing without words: list (articles in page order), edition, page."""

from __future__ import annotations

from typing import Any

import click
from rich.padding import Padding
from rich.text import Text

from ..query import parse_date, parse_page
from . import cli
from .common import (
    LIMIT,
    Unavailable,
    build_query,
    day_range,
    json_line,
    once_option,
    one_paper,
    open_store,
    parsed_input,
    require_data,
    with_papers,
)
from .prose import Prose
from .render import STATUS_LABEL, STATUS_STYLE, Column, counted, fitted_table, make_console


def _page_label(record: dict[str, Any]) -> str:
    return f"{record.get('page_no', '')} {record.get('page_name', '')}".strip()


def _title_and_id(summary: dict[str, Any]) -> Text:
    title = Prose(summary["title"] or "(not stored)", style="bold" if summary["id"] else "dim")
    return title.append("\n" + (summary["id"] or summary["url"]), style="dim")


@cli.command("list", short_help="Articles in page order, without words: a day, a page, a range.")
@once_option("--paper", help="Paper key or name (comma-separated for several).")
@once_option("--date", "day", metavar="YYYY-MM-DD", help="One day.")
@once_option("--from", "date_from", metavar="YYYY-MM-DD", help="First date (inclusive).")
@once_option("--to", "date_to", metavar="YYYY-MM-DD", help="Last date (inclusive).")
@once_option("--page", metavar="NN", help="Page (版面) number, e.g. 02 or A01.")
@once_option("--author", metavar="NAME", help="An author's name, exactly as in the byline.")
@click.option("--limit", type=LIMIT, help="At most this many articles.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article.")
def list_command(paper: str | None, day: str | None, date_from: str | None, date_to: str | None, page: str | None,
                 author: str | None, limit: int | None, as_json: bool) -> None:
    """The stored articles of the editions chosen, in the order they were printed: by paper, date,
    page, then their place on the page. No words needed; `search` finds words."""
    date_from, date_to = day_range(day, date_from, date_to)
    query = build_query(date_from=date_from, date_to=date_to, page=page, author=author)
    with open_store() as store:
        query = with_papers(query, store, paper)
        require_data(store)
        found = list(store.list_articles(query, limit or 0))
    if not found:
        described = query.describe()
        click.echo(f"no articles stored{', ' + described if described else ''}", err=True)
        return
    if as_json:
        for summary in found:
            json_line(summary)
        return
    console = make_console()
    days = {(a["paper"], a["date"]) for a in found}
    one_day = len(days) == 1
    columns = [Column("date", whole=True, drop=3), Column("paper", whole=True, drop=4),
               Column("page", min_width=6), Column("#", justify="right", whole=True),
               Column("title / id", min_width=max(len(a["id"] or a["url"]) for a in found)),
               Column("authors", drop=2, min_width=6)]
    rows = [[a["date"], a["paper"], _page_label(a), str(a["position"] or ""), _title_and_id(a), "、".join(a["authors"])]
            for a in found]
    if one_day:
        columns, rows = columns[2:], [row[2:] for row in rows]
    first = found[0]
    title = f"{first['paper']} {first['paper_name']} {first['date']}".strip() if one_day else None
    console.print(fitted_table(columns, rows, console.width, title=title, title_justify="left",
                               caption=f"{counted(len(found), 'article')}; `epaper show ID` shows one", caption_justify="left"))


def _edition_args(store: Any, paper: str, day: str) -> tuple[str, str]:
    return one_paper(store, paper), parsed_input(parse_date, "DATE", day)


@cli.command(short_help="One edition: status, counts, pages with PDFs, every failure.")
@click.argument("paper")
@click.argument("day", metavar="DATE")
@click.option("--json", "as_json", is_flag=True, help="The edition record as one JSON object.")
def edition(paper: str, day: str, as_json: bool) -> None:
    """The edition of PAPER on DATE as stored: its status and counts, its page list with each page's
    PDF, and every failure with its URL and reason."""
    parsed_input(parse_date, "DATE", day)
    with open_store() as store:
        require_data(store)
        key, day = _edition_args(store, paper, day)
        record = store.edition(key, day)
    if record is None:
        raise Unavailable(f"no edition of {key} on {day} in the store; `epaper editions --paper {key}` lists the days")
    if as_json:
        json_line(record)
        return
    print_edition(record)


def print_edition(e: dict[str, Any]) -> None:
    console = make_console()
    status = e["status"]
    head = Text(f"{e['paper']} {e['paper_name']} {e['date']}".replace("  ", " "), style="bold")
    if e["issue_no"]:
        head.append(f" (issue {e['issue_no']})")
    head.append(": ").append(STATUS_LABEL.get(status, status), style=STATUS_STYLE.get(status, ""))
    console.print(head)
    c = e["counts"]
    console.print(f"  pages {e['stored']['pages']} stored of {c.get('pages_listed', len(e['pages']))} listed; "
                  f"articles {e['stored']['articles']} stored of {c.get('articles_listed', 0)} listed; "
                  f"{len(e['failures'])} failed")
    if e["url"]:
        console.print(f"  url {e['url']}", soft_wrap=True)
    if e["crawled_at"]:
        console.print(f"  crawled {e['crawled_at']}" + (f" (first {e['first_seen']})" if e["first_seen"] else ""))
    if e["pages"]:
        columns = [Column("page", whole=True), Column("name", min_width=6), Column("articles", justify="right", whole=True),
                   Column("hotspots", justify="right", whole=True, drop=2), Column("stored", whole=True, drop=1)]
        rows = [[p["page_no"], p["page_name"], f"{p['articles_stored']}/{p['articles_listed']}" if p["stored"] else "—",
                 str(p["hotspots"]) if p["stored"] else "—", "yes" if p["stored"] else Text("no", style="red")]
                for p in e["pages"]]
        console.print(fitted_table(columns, rows, console.width))
        pdfs = [(p["page_no"], p["pdf_url"]) for p in e["pages"] if p["pdf_url"]]
        if pdfs:
            console.print(Text("PDFs", style="bold"))
            for page_no, url in pdfs:
                console.print(f"  {page_no}  {url}", soft_wrap=True)
    print_failures(e["failures"], console)
    console.print(f"a page:       epaper page {e['paper']} {e['date']} PAGE\n"
                  f"its articles: epaper list --paper {e['paper']} --date {e['date']}", soft_wrap=True)


def print_failures(failures: list[dict[str, str]], console: Any, indent: str = "") -> None:
    """Each failed item: its kind and reason, then its URL on a line of its own (never cut)."""
    if not failures:
        return
    console.print(Text(f"{indent}failures ({len(failures)})", style="bold red"))
    for f in failures:
        # the reason wraps under itself; the URL stays on one line, whole, to be copied
        console.print(Padding(Text(f"{f.get('kind', '')}: {f.get('reason', '')}"), (0, 0, 0, len(indent) + 2)))
        console.print(f"{indent}    {f.get('url', '')}", soft_wrap=True, markup=False)


@cli.command(short_help="One page: PDF, image, hotspots with their articles, article list.")
@click.argument("paper")
@click.argument("day", metavar="DATE")
@click.argument("page_no", metavar="PAGE")
@click.option("--json", "as_json", is_flag=True, help="The page record as one JSON object.")
def page(paper: str, day: str, page_no: str, as_json: bool) -> None:
    """Page PAGE (02, A01) of PAPER's edition on DATE: its PDF and image, every hotspot of the page
    image with the article it leads to, and its articles in order."""
    parsed_input(parse_date, "DATE", day)
    page_no = parsed_input(parse_page, page_no)
    with open_store() as store:
        require_data(store)
        key, day = _edition_args(store, paper, day)
        record = store.page(key, day, page_no)
    if record is None:
        raise Unavailable(f"no page {page_no} of {key} on {day} in the store; "
                          f"`epaper edition {key} {day}` lists its pages")
    if as_json:
        json_line(record)
        return
    print_page(record)


def print_page(p: dict[str, Any]) -> None:
    console = make_console()
    console.print(Text(f"{p['paper']} {p['paper_name']} {p['date']} page {_page_label(p)}".replace("  ", " "),
                       style="bold"))
    if not p["stored"]:
        console.print(Text(f"  not stored: {p['failure'] or 'no record of why'}", style="red"))
    for label, name in (("page", "url"), ("PDF", "pdf_url"), ("image", "image_url")):
        if p[name]:
            console.print(f"  {label:<5}  {p[name]}", soft_wrap=True, markup=False)
    console.print(f"  previous page {p['previous'] or '—'}, next page {p['next'] or '—'}")
    if p["articles"]:
        with_hotspot = {h["article_url"] for h in p["hotspots"]}
        columns = [Column("#", justify="right", whole=True),
                   Column("title / id", min_width=max(len(a["id"] or a["url"]) for a in p["articles"])),
                   Column("authors", min_width=6, drop=2), Column("hotspot", whole=True, drop=1)]
        rows = [[str(a["position"]), _title_and_id(a), "、".join(a["authors"]),
                 "yes" if a["url"] in with_hotspot else "—"] for a in p["articles"]]
        console.print(fitted_table(columns, rows, console.width, title=f"articles ({len(rows)})", title_justify="left"))
    if p["hotspots"]:
        columns = [Column("article", whole=True), Column("title", min_width=12, drop=3),
                   Column("shape", whole=True, drop=2), Column("coords", whole=True, drop=1)]
        rows = [[h["article_id"] or "(not stored)", h["title"], h.get("shape", ""), h.get("coords", "")]
                for h in p["hotspots"]]
        console.print(fitted_table(columns, rows, console.width, title=f"hotspots ({len(rows)})", title_justify="left"))
