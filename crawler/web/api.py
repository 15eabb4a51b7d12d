"""The JSON API under ``/api/``: the records ``epaper … --json`` prints, one endpoint per view.

=====================================================  ==========================================
``GET /api/papers``                                    ``epaper stats --json`` (one row per paper)
``GET /api/papers/{paper}/editions?from=&to=``         ``epaper editions --json`` (one row per day)
``GET /api/editions/{paper}/{date}``                   ``epaper edition PAPER DATE --json``
``GET /api/pages/{paper}/{date}/{page}``               ``epaper page PAPER DATE PAGE --json``
``GET /api/articles/{id}``                             ``epaper show ID --json``
``GET /api/search?q=&paper=&from=&to=&page=&author=``  ``epaper search … --json`` records, ranked
=====================================================  ==========================================

Errors are ``{"detail": "…"}`` with 400 (bad input) or 404 (nothing there). The OpenAPI
description is at ``/openapi.json``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel
from starlette.convertors import Convertor, register_url_convertor

from .reader import MAX_LIMIT, MAX_OFFSET, Problem, Reader

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
PAGE_PATTERN = r"^[A-Za-z]{0,2}\d{1,3}$"


class DateishConvertor(Convertor):
    """A path segment that looks like a date attempt (digits and dashes, "2020-1-27" too): routed
    as a date, so a malformed one gets crawler.query's message (400), not "no such paper"."""

    regex = r"[0-9][0-9-]*-[0-9-]*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("dateish", DateishConvertor())


class Error(BaseModel):
    """Why a request was not answered."""

    detail: str


class SearchPage(BaseModel):
    """One page of ranked search results."""

    query: str
    total: int
    offset: int
    limit: int
    results: list[dict[str, Any]]


ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": Error, "description": "Bad input"},
                                           404: {"model": Error, "description": "Nothing stored there"}}


def reader(request: Request) -> Reader:
    """The app's reader (store, registry, media folder)."""
    return request.app.state.reader


def _query_names(dependant: Any) -> set[str]:
    """The query parameters a route (and its dependencies) declares, by the name a URL gives."""
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def known_parameters(request: Request) -> None:
    """400 for a query parameter the route does not take (``from[$gt]``, a typo) or one given
    twice: every parameter is one the route validates, once."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    allowed = _query_names(dependant) if dependant is not None else set()
    names = [name for name, _ in request.query_params.multi_items()]
    unknown = sorted(set(names) - allowed)
    if unknown:
        raise Problem(400, f"unknown parameter {unknown[0][:50]!r}" + (
            f" (this view takes {', '.join(sorted(allowed))})" if allowed else " (this view takes none)"))
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise Problem(400, f"give {repeated[0]} once")


Using = Annotated[Reader, Depends(reader)]
# Formats are documented here and checked by crawler.query (so a bad value gets its message).
PaperPath = Annotated[str, Path(description="Paper key (`/api/papers` lists them) or registered name")]
DatePath = Annotated[str, Path(description="Edition date, YYYY-MM-DD", json_schema_extra={"pattern": DATE_PATTERN})]
PagePath = Annotated[str, Path(description="Page (版面) number, e.g. 02 or A01",
                               json_schema_extra={"pattern": PAGE_PATTERN})]
FromQuery = Annotated[str | None, Query(alias="from", description="First date (inclusive), YYYY-MM-DD",
                                        json_schema_extra={"pattern": DATE_PATTERN})]
ToQuery = Annotated[str | None, Query(alias="to", description="Last date (inclusive), YYYY-MM-DD",
                                      json_schema_extra={"pattern": DATE_PATTERN})]

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS, dependencies=[Depends(known_parameters)])


@router.get("/papers", summary="Every stored paper with its counts and date span")
def papers(using: Using) -> list[dict[str, Any]]:
    return using.papers()


@router.get("/papers/{paper:path}/editions", summary="One paper's days: status and counts (missing days too)")
def editions(using: Using, paper: PaperPath, date_from: FromQuery = None, date_to: ToQuery = None) -> list[dict[str, Any]]:
    """Every day from ``from`` to ``to`` (default: the stored editions' first and last day)."""
    return using.calendar(paper, date_from, date_to)


@router.get("/editions/{paper:path}/{day:dateish}", summary="One edition: status, counts, pages, failures")
def edition(using: Using, paper: PaperPath, day: DatePath) -> dict[str, Any]:
    return using.edition(paper, day)


@router.get("/pages/{paper:path}/{day:dateish}/{page}", summary="One page: PDF, image, hotspots, articles")
def page(using: Using, paper: PaperPath, day: DatePath, page: PagePath) -> dict[str, Any]:
    return using.page(paper, day, page)


@router.get("/articles/{ident:path}", summary="One article: every stored field")
def article(using: Using, ident: Annotated[str, Path(description="paper:date:article_id, as search gives it")]
            ) -> dict[str, Any]:
    return using.article(ident)


@router.get("/search", summary="Articles with all the words, ranked as `epaper search` ranks")
def search(using: Using, q: Annotated[str, Query(description="Chinese words, names or numbers")],
           paper: Annotated[str | None, Query(description="Paper key(s) or name, comma-separated")] = None,
           date_from: FromQuery = None, date_to: ToQuery = None,
           page: Annotated[str | None, Query(description="Page (版面) number, e.g. 02",
                                             json_schema_extra={"pattern": PAGE_PATTERN})] = None,
           author: Annotated[str | None, Query(description="An author's name, as in the byline")] = None,
           limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Results in this answer")] = 20,
           offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Results skipped (paging)")] = 0,
           ) -> SearchPage:
    """Headline hits first, then hits, then the newest; ``total`` is how many articles match."""
    query = using.query(q, paper, date_from, date_to, page, author)
    results, total = using.search(query, limit, offset)
    return SearchPage(query=query.describe(), total=total, offset=offset, limit=limit, results=results)
