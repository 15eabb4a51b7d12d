"""Commands over articles: search, show, export."""

from __future__ import annotations

import csv
import json

import click

from ..records import EDITION_COLUMNS, EXPORT_COLUMNS, PAGE_COLUMNS, article_record, csv_cells, search_record, snippet
from ..store.fulltext import quick_dictionary
from . import cli
from .common import (
    InputError,
    LIMIT,
    Unavailable,
    build_query,
    day_range,
    describe_store,
    filter_options,
    json_line,
    once_option,
    open_store,
    require_data,
    utf8_stdout,
    with_papers,
)
from .prose import Prose
from .render import Column, counted, fitted_table, highlighted, make_console, print_article


@cli.command(short_help="Find articles by Chinese words, paper, date, page, author.")
@click.argument("words", nargs=-1, required=True)
@filter_options
@click.option("--limit", default=20, show_default=True, type=LIMIT, help="Most results shown.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line instead of a table.")
def search(words: tuple[str, ...], paper: str | None, date_from: str | None, date_to: str | None, page: str | None,
           author: str | None, limit: int, as_json: bool) -> None:
    """Articles containing all the WORDS (Chinese words, e.g. 疫情 防控).

    Ranked: query words in the headline (引题/标题/副题) first, then number of hits, then newest.
    """
    quick_dictionary()
    query = build_query(words, date_from, date_to, page, author)
    with open_store() as store:
        query = with_papers(query, store, paper)
        require_data(store)
        hits, total = store.search(query, limit)
    if not hits:
        click.echo(f"no articles match {query.describe()}", err=True)
        click.echo("(search reads whole words of headlines and text; a byline's names: "
                   "epaper list --author NAME)", err=True)
        return
    if as_json:
        for hit in hits:
            json_line(search_record(hit, query.words))
        return
    console = make_console()
    rows = [[doc.get("date", ""), doc.get("paper", ""), f"{doc.get('page_no', '')} {doc.get('page_name', '')}".strip(),
             Prose(doc.get("title", ""), style="bold").append("\n" + doc["_id"], style="dim"),
             highlighted(*snippet(doc.get("body", ""), query.words))] for doc in (hit.doc for hit in hits)]
    # The id stays whole (to paste into `epaper show`); paper, then date, then page give way to the snippet.
    columns = [Column("date", whole=True, drop=3), Column("paper", whole=True, drop=4), Column("page", min_width=6, drop=2),
               Column("title / id", min_width=max(len(h.doc["_id"]) for h in hits)),
               Column("snippet", min_width=16, drop=1)]
    console.print(fitted_table(columns, rows, console.width, show_lines=True,
                               caption=f"{len(hits)} of {counted(total, 'matching article')}; `epaper show ID` shows one"))


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


@cli.command(short_help="Articles, pages or editions to stdout as JSON lines or CSV.")
@click.argument("words", nargs=-1)
@filter_options
@once_option("--date", "day", metavar="YYYY-MM-DD", help="One day (instead of --from/--to).")
@click.option("--kind", type=click.Choice(["article", "page", "edition"]), default="article", show_default=True,
              help="Which records: articles, pages (with hotspots) or editions (with failures).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--limit", type=LIMIT, help="At most this many records.")
def export(words: tuple[str, ...], paper: str | None, date_from: str | None, date_to: str | None, page: str | None,
           author: str | None, day: str | None, kind: str, fmt: str, limit: int | None) -> None:
    """Stored records to stdout as JSON lines or CSV, every field: articles (optionally only those
    with WORDS), pages or editions, with the same filters as search.

    Records are those `epaper show/page/edition --json` print. Articles stream in paper/date/article
    order, pages and editions in paper/date/page order, with constant memory; progress goes to
    stderr. In CSV, list and object fields (pages, authors, paragraphs, images, hotspots,
    failures, counts …) are JSON, so the file reads back exactly.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    if kind != "article" and (words or author):
        raise InputError(f"--kind {kind} takes no words and no --author (those select articles)")
    date_from, date_to = day_range(day, date_from, date_to)
    query = build_query(words, date_from, date_to, page, author)
    with open_store() as store:
        query = with_papers(query, store, paper)
        require_data(store)
        if kind == "article":
            total = store.count_articles(query)
            records = (article_record(doc) for doc in store.find_articles(query, limit=limit or 0))
            columns = EXPORT_COLUMNS
        else:
            total = store.count_editions(query) if kind == "edition" else None  # pages: not known in advance
            records = store.edition_records(query) if kind == "edition" else store.page_records(query)
            columns = EDITION_COLUMNS if kind == "edition" else PAGE_COLUMNS
        total = min(total, limit) if limit and total is not None else total
        progress = Progress(TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=make_console(stderr=True))
        with progress, utf8_stdout() as out:
            task = progress.add_task("export", total=total)
            writer = csv.writer(out) if fmt == "csv" else None
            if writer:
                writer.writerow(columns)
            written = 0
            for record in records:
                if writer:
                    writer.writerow(csv_cells(record, columns))
                else:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
                progress.advance(task)
                if written == limit:
                    break
    click.echo(f"{written} {kind}s exported ({fmt}) from {describe_store()}", err=True)
