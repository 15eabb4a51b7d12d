"""The reader's web application: server-rendered pages, the JSON API, security headers.

Pages work without JavaScript; ``static/reader.js`` only fits the hotspot overlay to the page
image's natural size and labels the regions when the image cannot be loaded. Everything is
read-only: every route is GET (other methods get 405), and the store is only read.

``create_app(store)`` builds the app over an open :class:`crawler.store.Store`; ``epaper serve``
(:mod:`crawler.cli.web`) opens the store as every command does and runs it with uvicorn.
"""

from __future__ import annotations

import calendar as months
import logging
import os
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..archive import archive_root
from ..papers import Paper, load_registry
from ..store import Store
from ..tokens import hit_spans
from . import api
from .hotspots import coordinate_space, shape
from .reader import Problem, Reader, text

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent

STATUS_LABEL = {"complete": "complete", "partial": "partial", "no_issue": "no issue", "failed": "failed",
                "missing": "missing", "unrecorded": "unrecorded"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PAGE_SIZE = 20

# No inline script or style anywhere (so no 'unsafe-inline'); images may come from the papers'
# own sites (the original URLs) when the media archive has no copy.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' http: https: data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
MEDIA_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
               "gif": "image/gif", "webp": "image/webp"}


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response (errors and static files too)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)


# ----- links and template helpers ----------------------------------------------------------------
def paper_url(paper: str) -> str:
    return "/" + quote(paper, safe="/")


def edition_url(paper: str, day: str) -> str:
    return f"{paper_url(paper)}/{quote(day)}"


def page_url(paper: str, day: str, page_no: str) -> str:
    return f"{edition_url(paper, day)}/{quote(page_no)}"


def article_url(ident: str) -> str:
    return "/article/" + quote(ident, safe="/:")


def marked(value: str, spans: Any) -> list[tuple[str, bool]]:
    """``value`` cut into (text, is a hit) pieces at the given (start, end) spans, for <mark>."""
    pieces, at = [], 0
    for start, end in sorted((int(s), int(e)) for s, e in spans or ()):
        if start < at or end <= start or end > len(value):
            continue
        if start > at:
            pieces.append((value[at:start], False))
        pieces.append((value[start:end], True))
        at = end
    if at < len(value):
        pieces.append((value[at:], False))
    return pieces


LABEL_SIZE = 12  # the label's font size, in the coordinate space's pixels (reader.css says the same)


def label_lines(label: str, box: tuple[float, float, float, float], most: int = 3) -> list[str]:
    """A hotspot's label cut into lines that fit its width (CJK characters are about one em wide)."""
    per_line = max(1, int((box[2] - box[0] - 8) // LABEL_SIZE))
    lines = [label[i:i + per_line] for i in range(0, len(label), per_line)]
    return lines[:most - 1] + [lines[most - 1][:-1] + "…"] if len(lines) > most else lines


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(paper_url=paper_url, edition_url=edition_url, page_url=page_url, article_url=article_url,
                       STATUS_LABEL=STATUS_LABEL, WEEKDAYS=WEEKDAYS)
    return env


TEMPLATES = _environment()


def render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template(template).render(**context), status_code=status)


# ----- the pages ---------------------------------------------------------------------------------
pages = APIRouter(tags=["pages"], default_response_class=HTMLResponse, responses=api.ERRORS,
                  dependencies=[Depends(api.known_parameters)])
Using = api.Using


@pages.get("/", summary="The stored papers with their date span and counts")
def index(using: Using) -> HTMLResponse:
    return render("index.html", papers=using.papers(), title="Papers")


@pages.get("/search", summary="Search: the CLI's filters and ranking, hits highlighted, paged")
def search(using: Using, q: str | None = None, paper: str | None = None,
           date_from: Annotated[str | None, Query(alias="from")] = None,
           date_to: Annotated[str | None, Query(alias="to")] = None, page: str | None = None,
           author: str | None = None, offset: Annotated[int, Query(ge=0, le=api.MAX_OFFSET)] = 0) -> HTMLResponse:
    form = {"q": text("q", q), "paper": text("paper", paper), "from": text("from", date_from),
            "to": text("to", date_to), "page": text("page", page), "author": text("author", author)}
    context: dict[str, Any] = {"form": form, "papers": using.store.stored_papers(), "results": None,
                               "title": f"Search {form['q']}".strip(), "error": ""}
    if not form["q"].strip():
        return render("search.html", **context)
    try:
        query = using.query(q, paper, date_from, date_to, page, author)
        results, total = using.search(query, PAGE_SIZE, offset)
    except Problem as problem:
        return render("search.html", status=problem.status, **{**context, "error": problem.message})
    for result in results:
        for field in ("lead_title", "title", "subtitle"):
            result[f"{field}_marked"] = marked(result[field], hit_spans(result[field], query.words))
        result["snippet_marked"] = marked(result["snippet"], result["highlights"])
    kept = {k: v for k, v in form.items() if v}

    def at(n: int) -> str:
        return "/search?" + urlencode({**kept, **({"offset": n} if n else {})})

    context.update(results=results, total=total, offset=offset, described=query.describe(),
                   previous=at(max(0, offset - PAGE_SIZE)) if offset else "",
                   next=at(offset + PAGE_SIZE) if offset + PAGE_SIZE < total else "",
                   api_url="/api/search?" + urlencode({**kept, **({"offset": offset} if offset else {})}))
    return render("search.html", **context)


@pages.get("/article/{ident:path}", summary="One article: headline, byline, text, pictures, duplicate links")
def article(using: Using, ident: str) -> HTMLResponse:
    record = using.article(ident)
    images = [{"src": using.media_link(i.get("file"), i.get("url")), "caption": i.get("caption", ""),
               "url": using.media_link("", i.get("url"))} for i in record["images"] if isinstance(i, dict)]
    return render("article.html", a=record, images=images, linked=using.linked(record), copies=using.copies(record),
                  original=using.media_link("", record["url"]), title=record["title"])


@pages.get("/{paper:path}/{day:dateish}/{page}", summary="One page as printed, its hotspots leading to the articles")
def page_view(using: Using, paper: str, day: str, page: str) -> HTMLResponse:
    record = using.page(paper, day, page)
    shapes = []
    for hotspot in record["hotspots"]:
        found = shape(hotspot)
        if found:
            label = hotspot.get("title", "") or ""
            found.update(article_id=hotspot.get("article_id", ""), label=label,
                         lines=label_lines(label or "(not stored)", found["box"]))
            shapes.append(found)
    width, height, stored_size = coordinate_space(record, shapes)
    before, after = using.neighbours(record["paper"], record["date"])
    return render("page.html", p=record, shapes=shapes, width=width, height=height, stored_size=stored_size,
                  image=using.media_link(record.get("image_file"), record["image_url"]),
                  pdf=using.media_link(record.get("pdf_file"), record["pdf_url"]),
                  original=using.media_link("", record["url"]), day_before=before, day_after=after,
                  title=f"{record['paper_name'] or record['paper']} {record['date']} {record['page_no']}")


@pages.get("/{paper:path}/{day:dateish}", summary="One edition: its pages with names, PDFs, thumbnails, failures")
def edition_view(using: Using, paper: str, day: str) -> HTMLResponse:
    record = using.edition(paper, day)
    stored = {p["page_no"]: p for p in using.page_records(record["paper"], record["date"])}
    listing = []
    for p in record["pages"]:
        full = stored.get(p["page_no"], {})
        listing.append({**p, "thumb": using.media_link(full.get("image_file"), p["image_url"]),
                        "pdf": using.media_link(full.get("pdf_file"), p["pdf_url"]),
                        "failure": full.get("failure", "") or _failure(record, p["url"])})
    before, after = using.neighbours(record["paper"], record["date"])
    return render("edition.html", e=record, listing=listing, day_before=before, day_after=after,
                  original=using.media_link("", record["url"]),
                  title=f"{record['paper_name'] or record['paper']} {record['date']}")


def _failure(record: dict[str, Any], url: str) -> str:
    return next((f.get("reason", "") for f in record["failures"] if f.get("url") == url and url), "")


@pages.get("/{paper:path}", summary="One paper: a calendar of its editions by month, coloured by status")
def paper_view(using: Using, paper: str, year: str | None = None) -> HTMLResponse:
    key = using.paper(paper)
    dates = using.edition_dates(key)
    years = sorted({d[:4] for d in dates})
    chosen = text("year", year).strip()
    if chosen and not (chosen.isascii() and chosen.isdigit() and len(chosen) == 4 and chosen != "0000"):
        raise Problem(400, f"year {chosen!r} is not a year (use YYYY)")
    chosen = chosen or (years[-1] if years else "")
    name = using.registry[key].name if key in using.registry else ""
    grid, tally = [], Counter()
    if dates and dates[0][:4] <= chosen <= dates[-1][:4]:
        start, end = max(dates[0], f"{chosen}-01-01"), min(dates[-1], f"{chosen}-12-31")
        days = {d["date"]: d for d in using.store.calendar(key, start, end)}
        tally.update(d["status"] for d in days.values())
        name = name or next((d["paper_name"] for d in days.values() if d["paper_name"]), "")
        for month in range(int(start[5:7]), int(end[5:7]) + 1):
            weeks = months.Calendar(0).monthdatescalendar(int(chosen), month)
            grid.append({"name": date(int(chosen), month, 1).strftime("%B %Y"), "weeks": [
                [(days.get(d.isoformat()) or {"date": d.isoformat(), "status": "outside"}) if d.month == month else None
                 for d in week] for week in weeks]})
    return render("calendar.html", key=key, name=name, years=years, year=chosen, months=grid, tally=tally,
                  first=dates[0] if dates else "", last=dates[-1] if dates else "", title=name or key)


# ----- errors ------------------------------------------------------------------------------------
def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    return render("error.html", status=status, code=status, message=message, title=f"{status}")


async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return _error(request, exc.status, exc.message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = {404: "nothing here", 405: "the reader is read-only: only GET"}.get(exc.status_code, str(exc.detail))
    response = _error(request, exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return _error(request, 400, "; ".join(parts) or "invalid request")


async def _unexpected(request: Request, exc: Exception) -> Response:
    logger.exception("%s %s failed", request.method, request.url.path)
    return _error(request, 500, "the reader failed on this request (the server log says why)")


# ----- the app -----------------------------------------------------------------------------------
def media_root() -> Path | None:
    """The archive folder holding ``media/`` (crawler.archive's rule, from the environment), or
    None when the archive is off or holds no media."""
    found = archive_root({"EPAPER_ARCHIVE": os.environ.get("EPAPER_ARCHIVE"),
                          "EPAPER_EMBEDDED_PATH": os.environ.get("EPAPER_EMBEDDED_PATH")})
    return found if found is not None and (found / "media").is_dir() else None


LOOPBACK_NAMES = ["127.0.0.1", "localhost"]


def create_app(store: Store, registry: dict[str, Paper] | None = None, media: Path | None = None,
               hosts: list[str] | None = None) -> FastAPI:
    """The reader over an open store; ``media`` is the archive folder whose ``media/`` it serves.

    ``hosts``: the only Host names answered (400 otherwise), so that a web page elsewhere cannot
    read a reader on 127.0.0.1 through a DNS name rebound to it; None answers any.
    """
    app = FastAPI(title="epaper reader", version="1", docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Browse, read and search the stored newspaper editions. Read-only. "
                              "The JSON records are those `epaper … --json` prints.")
    app.state.reader = Reader(store, load_registry(os.environ.get("EPAPER_PAPERS") or None) if registry is None
                              else registry, media)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/media/{name:path}", include_in_schema=False)
    def media_file(name: str) -> FileResponse:
        path = app.state.reader.media_file(name)
        kind = MEDIA_TYPES.get(path.suffix[1:], "application/octet-stream")
        return FileResponse(path, media_type=kind, headers={"cache-control": "public, max-age=31536000, immutable"})

    app.include_router(pages)
    app.add_exception_handler(Problem, _problem)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _unexpected)
    if hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    app.add_middleware(SecurityHeaders)
    return app
