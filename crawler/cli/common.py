"""What every command shares: one-line errors, opening the store, typed filters, output helpers.

Exit codes: 0 done (also when nothing matched), 1 nothing to read (empty store, unknown article,
store unreachable, failed crawl), 2 bad input (dates, papers, pages, words).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click
from pymongo.errors import PyMongoError

from ..embedded import EmbeddedError
from ..query import (
    ArticleQuery,
    QueryError,
    parse_author,
    parse_date,
    parse_page,
    parse_words,
    resolve_papers,
)
from ..store import Store, database_name, embedded_path, redacted

if TYPE_CHECKING:
    from ..papers import Paper


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

def parsed_input(call: Callable[..., Any], *args: Any) -> Any:
    """Run a parser of user input; its QueryError becomes a one-line InputError."""
    try:
        return call(*args)
    except QueryError as exc:
        raise InputError(str(exc)) from None

def describe_store() -> str:
    """Which store the environment selects, for messages (credentials left out)."""
    database = database_name()
    if os.environ.get("MONGO_URI"):
        return f"database {database} at {redacted(os.environ['MONGO_URI'])}"
    return f"database {database} in the embedded store under {embedded_path()}"

@contextmanager
def open_store() -> Iterator[Store]:
    """The store the pipelines write to; Unavailable when it cannot be reached."""
    if click.get_current_context(silent=True) and click.get_current_context().find_root().meta.get("verbose"):
        click.echo(f"epaper: using {describe_store()}", err=True)
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

def load_papers() -> dict[str, Paper]:
    from ..papers import RegistryError, load_registry  # the registry and its layouts only when needed

    try:
        return load_registry(os.environ.get("EPAPER_PAPERS") or None)
    except RegistryError as exc:
        raise Unavailable(str(exc)) from None

def build_query(words: tuple[str, ...] = (), date_from: str | None = None, date_to: str | None = None,
                page: str | None = None, author: str | None = None) -> ArticleQuery:
    """An ArticleQuery from the typed options (papers come later, with the store); InputError (exit 2)
    for anything malformed, checked before the store is even opened."""
    start = parsed_input(parse_date, "--from", date_from) if date_from is not None else ""
    end = parsed_input(parse_date, "--to", date_to) if date_to is not None else ""
    page_no = parsed_input(parse_page, page) if page is not None else ""
    name = parsed_input(parse_author, author) if author is not None else ""
    tokens = parsed_input(parse_words, words) if words else ()
    return parsed_input(ArticleQuery, tokens, (), start, end, page_no, name)

def with_papers(query: ArticleQuery, store: Store, paper: str | None) -> ArticleQuery:
    """``query`` limited to the ``--paper`` papers, which must be in the registry or the store (else exit 2)."""
    if paper is None:
        return query
    keys = parsed_input(resolve_papers, paper, load_papers(), store.has_paper)
    return dataclasses.replace(query, papers=keys)

def one_paper(store: Store, value: str) -> str:
    """The key of the one paper a command argument names (registry key or name, or a stored paper); else exit 2."""
    keys = parsed_input(resolve_papers, value, load_papers(), store.has_paper)
    if len(keys) != 1:
        raise InputError(f"give one paper, not {value!r}")
    return keys[0]

def day_range(day: str | None, date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """``--date D`` as the range D…D; exit 2 when it is combined with ``--from``/``--to``."""
    if day is None:
        return date_from, date_to
    if date_from is not None or date_to is not None:
        raise InputError("give --date or --from/--to, not both")
    parsed_input(parse_date, "--date", day)  # its own name in the message, not --from's
    return day, day


def _given_once(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> str | None:
    """An option given twice would silently keep its last value: --paper joins them (as a comma
    list does), any other stops with exit 2."""
    if len(values) > 1:
        if param.name == "paper":
            return ",".join(values)
        raise click.BadParameter(f"given {len(values)} times ({', '.join(values)}); give it once", ctx, param)
    return values[0] if values else None


def once_option(*names: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A click option that may be given once (``--paper`` several times means several papers)."""
    return click.option(*names, multiple=True, callback=_given_once, **kwargs)


# The most --limit takes: more than any store holds, less than the index and the store can count.
MAX_LIMIT = 10**9
LIMIT = click.IntRange(min=1, max=MAX_LIMIT)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The filters shared by search and export."""
    for decorator in reversed([
        once_option("--paper", help="Paper key or name (comma-separated for several); `epaper papers` lists them."),
        once_option("--from", "date_from", metavar="YYYY-MM-DD", help="First date (inclusive)."),
        once_option("--to", "date_to", metavar="YYYY-MM-DD", help="Last date (inclusive)."),
        once_option("--page", metavar="NN", help="Page (版面) number, e.g. 02 or A01."),
        once_option("--author", metavar="NAME", help="An author's name, exactly as in the byline."),
    ]):
        command = decorator(command)
    return command

def json_line(record: dict[str, Any]) -> None:
    click.echo(json.dumps(record, ensure_ascii=False))

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
