"""Article queries from user input: validated, typed values → a MongoDB filter; search hits.

Safety: what a user types is checked for type and shape here and only ever placed as the value
of an equality (alone or in an ``$or``), ``$all``, ``$in`` or a date range (``$gte``/``$lt``). It never becomes a key, an
operator, a pattern (``$regex``) or code (``$where``); a string in value position is a literal to
MongoDB, so ``{"$ne": null}`` typed as a paper or author is just a name that matches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PAGE = re.compile(r"^([A-Za-z]{0,2})0*(\d{1,3})$")


class QueryError(ValueError):
    """Input that cannot become a query; the message names the option and the problem."""


def parse_date(option: str, value: str) -> str:
    """A YYYY-MM-DD date given for ``option``, checked to exist."""
    text = value.strip() if isinstance(value, str) else ""
    try:
        if _DATE.match(text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise QueryError(f"{option} {value!r} is not a date (use YYYY-MM-DD)")


def parse_page(value: str) -> str:
    """A page number as stored: "2" → "02", "a1" → "A01" (letters, then up to three digits)."""
    if not (isinstance(value, str) and _PAGE.match(value.strip())):
        raise QueryError(f"--page {value!r} is not a page number (like 02 or A01)")
    from .layouts.text import normalize_page_no  # the layouts (lxml, parsel) only when a page is given

    return normalize_page_no(value)


def parse_words(words: Iterable[str]) -> tuple[str, ...]:
    """The search words of the query, cut like the index; QueryError when none is left."""
    from .tokens import query_tokens  # jieba only for commands that take words

    given = " ".join(words)
    found = tuple(query_tokens(given))
    if not found:
        raise QueryError(f"no words to search for in {given!r} (give Chinese words, names or numbers)")
    return found


def parse_author(value: str) -> str:
    """An author's name as the pipeline stores it (typesetting spaces between characters removed)."""
    from .layouts.text import squeeze_cjk

    name = squeeze_cjk(value) if isinstance(value, str) else ""
    if not name:
        raise QueryError("--author needs a name")
    return name


def resolve_papers(value: str, registry: dict[str, Any], stored: Callable[[str], bool]) -> tuple[str, ...]:
    """Paper keys for "xinyang", "信阳日报" or "xinyang,henandaily": registered papers, or papers
    the store holds documents of (papers crawled by URL are stored under their host and folder)."""
    from .papers import RegistryError, resolve_keys

    try:
        return tuple(resolve_keys(registry, value, also_known=stored))
    except RegistryError as exc:
        raise QueryError(str(exc).replace("no paper given", "--paper needs a paper key")) from None


def date_range(start: str, end: str) -> dict[str, str]:
    """``{"$gte": start, "$lt": the day after end}`` for YYYY-MM-DD strings ("" = open).

    The exclusive bound selects the same days as ``$lte end``; it is used because the embedded
    server (SecantusDB 0.7) drops the last day of a ``$lte`` range on ``date`` when it scans the
    (paper, date, page_no) index.
    """
    found = {"$gte": start} if start else {}
    if end and end != date.max.isoformat():
        found["$lt"] = (date.fromisoformat(end) + timedelta(days=1)).isoformat()
    return found


def _strings(name: str, values: Any) -> None:
    if not isinstance(values, tuple) or not all(isinstance(v, str) and v for v in values):
        raise TypeError(f"ArticleQuery.{name} must be a tuple of non-empty strings")


@dataclass(frozen=True)
class ArticleQuery:
    """Which articles: all the words, any of the papers, a date range, a page, an author.

    Empty fields do not filter. Values are checked on construction, so a query that exists is
    safe to turn into a filter.
    """

    words: tuple[str, ...] = ()
    papers: tuple[str, ...] = ()
    start: str = ""
    end: str = ""
    page: str = ""
    author: str = ""

    def __post_init__(self) -> None:
        _strings("words", self.words)
        _strings("papers", self.papers)
        for name in ("start", "end", "page", "author"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"ArticleQuery.{name} must be a string")
        for option, value in (("--from", self.start), ("--to", self.end)):
            if value and parse_date(option, value) != value:
                raise QueryError(f"{option} {value!r} is not a date (use YYYY-MM-DD)")
        if self.start and self.end and self.start > self.end:
            raise QueryError(f"--from {self.start} is after --to {self.end}")
        if self.page and parse_page(self.page) != self.page:
            raise QueryError(f"--page {self.page!r} is not a page number (like 02 or A01)")

    def to_filter(self) -> dict[str, Any]:
        """The MongoDB filter; user values only in value position."""
        found: dict[str, Any] = {}  # the words are the search index's to match (crawler.store.fulltext)
        if self.papers:
            found["paper"] = {"$in": list(self.papers)}
        if self.start or self.end:
            found["date"] = date_range(self.start, self.end)
        if self.page:
            found["$or"] = [{"page_no": self.page}, {"pages": self.page}]
        if self.author:
            found["authors"] = self.author
        return found

    def describe(self) -> str:
        """The query in words, for messages ("疫情 防控, in xinyang, 2020-01-27…2020-01-28";
        without words "in xinyang, on 2020-01-26")."""
        parts = [" ".join(self.words)] if self.words else []
        if self.papers:
            parts.append("in " + ",".join(self.papers))
        dates = self.describe_dates()
        if dates:
            parts.append(dates)
        if self.page:
            parts.append(f"page {self.page}")
        if self.author:
            parts.append(f"by {self.author}")
        return ", ".join(parts)

    def describe_dates(self) -> str:
        """"on D", "D…E", "from D", "until E", or "" for any date."""
        if self.start and self.start == self.end:
            return f"on {self.start}"
        if self.start and self.end:
            return f"{self.start}…{self.end}"
        return f"from {self.start}" if self.start else f"until {self.end}" if self.end else ""


@dataclass
class SearchHit:
    """One ranked match: the article (as projected) and why it ranks where it does.

    ``title_hits``: query words that are words of the headline (引题/标题/副题); ``hits``: how
    often the words occur, as words, in headline and body.
    """

    doc: dict[str, Any]
    title_hits: int
    hits: int
