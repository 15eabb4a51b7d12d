"""`epaper index status|rebuild`: the search index derived from the store."""

from __future__ import annotations

import time

import click

from . import cli
from .common import json_line, open_store, require_data
from .render import counted, make_console


@cli.group(short_help="The search index: where it is, rebuild it from the store.")
def index() -> None:
    """The full-text index search ranks with: SQLite under EPAPER_HOME/index, derived from the store
    (every search catches it up first; `rebuild` makes it afresh)."""


@index.command(short_help="Where the index is, how many articles it holds.")
@click.option("--json", "as_json", is_flag=True, help="As one JSON object.")
def status(as_json: bool) -> None:
    """Where this store's search index is, how many articles it holds and how many the store holds."""
    with open_store() as store:
        found = store.fulltext().status()
        found["store_articles"] = store.articles.count_documents({})
        found["store"] = store.describe()
    if as_json:
        json_line(found)
        return
    click.echo(f"index:   {found['path']}" + ("" if found["exists"] else " (none yet: the first search builds it)"))
    click.echo(f"store:   {found['store']}")
    if found["exists"]:
        click.echo(f"holds:   {counted(found['articles'], 'article')} ({found['bytes'] / 2**20:.1f} MiB); "
                   f"the store holds {found['store_articles']}")
        click.echo(f"checked: {found['checked'] or 'never'} (last look at the store)")


@index.command(short_help="Build the search index afresh from the store.")
def rebuild() -> None:
    """Index every stored article afresh (for a store changed behind the crawler's back, or after
    clocks went astray); searches meanwhile use the old index."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    started = time.monotonic()
    with open_store() as store:
        require_data(store)
        total = store.articles.count_documents({})
        progress = Progress(TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=make_console(stderr=True))
        with progress:
            task = progress.add_task("index", total=total)
            count = store.fulltext().rebuild(store, lambda n: progress.advance(task, n))
        path = store.fulltext().path
    click.echo(f"indexed {counted(count, 'article')} in {time.monotonic() - started:.1f} s into {path}", err=True)
