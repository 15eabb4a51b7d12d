"""What the reader shows, read through the store and validated through :mod:`crawler.query`.

Both the HTML pages (:mod:`.app`) and the JSON API (:mod:`.api`) ask a :class:`Reader`, so a page
and its JSON say the same thing, and both say what ``epaper … --json`` prints: the records come
from :mod:`crawler.records` by way of the store's read methods. Every value a request carries is
checked here first; what cannot be read becomes a :class:`Problem` (400 bad input, 404 nothing
there) with a message, never an exception the server answers with 500.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..papers import Paper
from ..query import (
    ArticleQuery,
    QueryError,
    parse_author,
    parse_date,
    parse_page,
    parse_words,
    resolve_papers,
)
from ..records import article_record, search_record
from ..store import Store

# Longest value a parameter may have: far above any real paper key, name, author or query.
MAX_TEXT = 200
# Longest calendar the API computes in one answer (days), and the deepest search result.
MAX_DAYS = 3660
MAX_OFFSET = 10_000
MAX_LIMIT = 100

# A file of the media archive as the crawler records it (``media/<2 hex>/<sha256>.<ext>``).
MEDIA_FILE = re.compile(r"^media/([0-9a-f]{2})/([0-9a-f]{64})\.([a-z0-9]{1,5})$")
_OPTION = re.compile(r"(?<![\w-])--(?=[a-z])")


class Problem(Exception):
    """A request that cannot be answered: ``status`` 400 (bad input) or 404 (nothing there)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _checked(call: Any, *args: Any) -> Any:
    """A parser of :mod:`crawler.query`; its QueryError becomes a 400 naming the parameter
    (the CLI's messages name options, ``--from``; here they are parameters, ``from``)."""
    try:
        return call(*args)
    except QueryError as exc:
        raise Problem(400, _OPTION.sub("", str(exc))) from None


def text(name: str, value: str | None) -> str:
    """A parameter as given ("" when absent); 400 when it is longer than any real value."""
    if value is None:
        return ""
    if len(value) > MAX_TEXT:
        raise Problem(400, f"{name} is too long ({len(value)} characters; at most {MAX_TEXT})")
    return value


def safe_url(url: Any) -> str:
    """A stored URL fit for a link or an image: http(s) only ("" otherwise: no ``javascript:``)."""
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else ""


@dataclass
class Reader:
    """The store, the paper registry and the media folder the reader serves from."""

    store: Store
    registry: dict[str, Paper]
    media_root: Path | None = None

    # ----- parameters ----------------------------------------------------------------------------
    def paper(self, value: str) -> str:
        """The key of the one paper a path names (key or name, registered or stored); 404 otherwise."""
        value = text("paper", value).strip()
        try:
            keys = resolve_papers(value, self.registry, self.store.has_paper) if value else ()
        except QueryError as exc:
            raise Problem(404, _OPTION.sub("", str(exc))) from None
        if len(keys) != 1:
            raise Problem(404, f"no paper {value!r}: give one paper key, as / lists them")
        return keys[0]

    @staticmethod
    def day(value: str, name: str = "date") -> str:
        return _checked(parse_date, name, text(name, value))

    @staticmethod
    def page_no(value: str) -> str:
        return _checked(parse_page, text("page", value))

    def query(self, q: str | None = None, paper: str | None = None, date_from: str | None = None,
              date_to: str | None = None, page: str | None = None, author: str | None = None) -> ArticleQuery:
        """An ArticleQuery from the search parameters, checked as the CLI checks its options."""
        q, paper = text("q", q), text("paper", paper)
        date_from, date_to = text("from", date_from), text("to", date_to)
        page, author = text("page", page), text("author", author)
        words = _checked(parse_words, q.split()) if q.strip() else ()
        start = self.day(date_from, "from") if date_from else ""
        end = self.day(date_to, "to") if date_to else ""
        page_no = self.page_no(page) if page else ""
        name = _checked(parse_author, author) if author else ""
        query = _checked(ArticleQuery, words, (), start, end, page_no, name)
        if paper.strip():
            keys = _checked(resolve_papers, paper, self.registry, self.store.has_paper)
            query = replace(query, papers=tuple(keys))
        return query

    # ----- reads ---------------------------------------------------------------------------------
    def papers(self) -> list[dict[str, Any]]:
        """Per stored paper: editions by status, pages, articles, first and last date (``epaper stats --json``)."""
        return self.store.paper_stats()

    def calendar(self, paper: str, date_from: str | None = None, date_to: str | None = None) -> list[dict[str, Any]]:
        """Every day of the range with its status and counts (``epaper editions --json``); the
        stored editions' span when no range is given."""
        key = self.paper(paper)
        start = self.day(text("from", date_from), "from") if date_from else ""
        end = self.day(text("to", date_to), "to") if date_to else ""
        if start and end and start > end:
            raise Problem(400, f"from {start} is after to {end}")
        if not (start and end):
            stored = [e["date"] for e in self.store.editions_between(key, start, end)]
            if not stored:
                return []
            start, end = start or stored[0], end or stored[-1]
        if (date.fromisoformat(end) - date.fromisoformat(start)).days >= MAX_DAYS:
            raise Problem(400, f"from {start} to {end} is more than {MAX_DAYS} days; ask for a shorter range")
        return list(self.store.calendar(key, start, end))

    def edition_dates(self, paper: str) -> list[str]:
        """The dates of the paper's recorded editions, in order."""
        return [e["date"] for e in self.store.editions_between(paper)]

    def edition(self, paper: str, day: str) -> dict[str, Any]:
        """The edition record (``epaper edition --json``); 404 when nothing of that day is stored."""
        key, day = self.paper(paper), self.day(day)
        record = self.store.edition(key, day)
        if record is None:
            raise Problem(404, f"no edition of {key} on {day} in the store")
        return record

    def page_records(self, paper: str, day: str) -> list[dict[str, Any]]:
        """The page records of one edition in its order (for thumbnails and media files)."""
        return list(self.store.page_records(ArticleQuery(papers=(paper,), start=day, end=day)))

    def page(self, paper: str, day: str, page_no: str) -> dict[str, Any]:
        """The page record (``epaper page --json``); 404 when the edition neither lists nor holds it."""
        key, day, page_no = self.paper(paper), self.day(day), self.page_no(page_no)
        record = self.store.page(key, day, page_no)
        if record is None:
            raise Problem(404, f"no page {page_no} of {key} on {day} in the store")
        return record

    def neighbours(self, paper: str, day: str) -> tuple[str, str]:
        """The stored editions just before and after ``day``."""
        return self.store.neighbours(paper, day)

    def article(self, ident: str) -> dict[str, Any]:
        """The article record (``epaper show --json``) by id or URL; 404 when the store lacks it."""
        ident = text("id", ident)
        doc = self.store.article(ident)
        if doc is None:
            raise Problem(404, f"no article {ident!r} in the store")
        return article_record(doc)

    def linked(self, record: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """Paper, date and title of the article's duplicate links and of its exact copies, by id."""
        ids = [i for i in [record["duplicate_of"], *record["near_duplicates"]] if i]
        return self.store.titles(ids)

    def copies(self, record: dict[str, Any]) -> list[dict[str, Any]]:
        """The stored exact re-publications of this article (those whose ``duplicate_of`` it is)."""
        return self.store.copies_of(record["id"])

    def search(self, query: ArticleQuery, limit: int, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Search records (``epaper search --json``) ``offset`` … ``offset + limit`` of the CLI's
        ranking, and how many articles match."""
        if not query.words:
            raise Problem(400, "q needs words to search for (give Chinese words, names or numbers)")
        if not 1 <= limit <= MAX_LIMIT or not 0 <= offset <= MAX_OFFSET:
            raise Problem(400, f"limit is 1…{MAX_LIMIT} and offset 0…{MAX_OFFSET}")
        if "offset" in inspect.signature(self.store.search).parameters:
            hits, total = self.store.search(query, limit, offset=offset)
        else:
            hits, total = self.store.search(query, offset + limit)
            hits = hits[offset:]
        return [search_record(hit, query.words) for hit in hits], total

    # ----- media ---------------------------------------------------------------------------------
    def media_link(self, file: Any, url: Any) -> str:
        """Where the browser gets a PDF or image: the media archive's copy when it was downloaded
        (and the archive is served), else the original URL (http(s) only), else ""."""
        if self.media_root is not None and isinstance(file, str) and MEDIA_FILE.match(file):
            return "/" + file
        return safe_url(url)

    def media_file(self, name: str) -> Path:
        """The file under the media folder that ``/media/<name>`` names; 404 for anything else.

        Only names of the recorded form (two hex digits / SHA-256 . extension) are looked up, so
        no ``..``, no absolute path and no other file of the disk can be reached.
        """
        found = MEDIA_FILE.match("media/" + name) if isinstance(name, str) and len(name) < 100 else None
        if self.media_root is None or found is None:
            raise Problem(404, "no such media file")
        folder = (self.media_root / "media").resolve()
        path = (folder / found.group(1) / f"{found.group(2)}.{found.group(3)}").resolve()
        if folder not in path.parents or not path.is_file():
            raise Problem(404, "no such media file")
        return path
