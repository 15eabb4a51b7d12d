"""Commands over articles: search, show, export."""

from __future__ import annotations

import csv
import json

import click
from rich import box
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from ..records import EXPORT_COLUMNS, article_record, csv_row, search_record, snippet
from . import cli
from .common import (
    Unavailable,
    build_query,
    describe_store,
    filter_options,
    json_line,
    open_store,
    require_data,
    utf8_stdout,
    with_papers,
)
from .render import highlighted, make_console, print_article


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
            json_line(search_record(hit, query.words))
        return
    console = make_console()
    rows = [(doc.get("date", ""), doc.get("paper", ""), f"{doc.get('page_no', '')} {doc.get('page_name', '')}".strip(),
             Text(doc.get("title", ""), style="bold").append("\n" + doc["_id"], style="dim"),
             highlighted(*snippet(doc.get("body", ""), query.words))) for doc in (hit.doc for hit in hits)]
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
        json_line(record)
        return
    print_article(record, linked)


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
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    query = build_query(words, date_from, date_to, page, author)
    with open_store() as store:
        query = with_papers(query, store, paper)
        require_data(store)
        total = store.count_articles(query)
        total = min(total, limit) if limit else total
        progress = Progress(TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=make_console(stderr=True))
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
