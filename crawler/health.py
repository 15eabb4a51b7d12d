"""Field coverage per edition, a paper's baseline, and drift flags when a paper's skin changes.

A parser that silently stops finding titles, or a page whose articles vanish, is the first sign
that a paper changed its templates. Each stored edition gets coverage figures:

* of its articles that were read (stored, or refused for a parse problem such as "no title";
  fetch failures are the edition's ``partial``, not the parser's): the share with a title of
  their own (``title``), with a body of at least ``EPAPER_COVERAGE_BODY_CHARS`` characters
  (``body``), with a byline (``byline``), with pictures (``images``), and whose header the
  family's own rules found — a known selector or Founder's metadata, not only the page list's
  title or structure (``selector``): a redesigned article skin shows here first, even while
  titles stay right thanks to the page list;
* of its stored pages: the share with an article list (``page_list``), image-map hotspots
  (``hotspots``), a PDF (``pdf``), a page image (``image``); articles per page
  (``articles_per_page``); pages whose map links several articles but that have none stored
  (``empty_pages``).

The baseline is the median of each figure over the paper's last ``EPAPER_DRIFT_BASELINE`` (14)
stored editions before this one that carry no drift flag. A figure drifts when it falls sharply:
a share ``EPAPER_DRIFT_DROP`` (0.2) or more below its baseline (title coverage 100 % → under
80 %), pictures vanishing where a fifth of the articles had them, articles per page below
``EPAPER_DRIFT_RATIO`` (half) of the baseline, or any page with an empty map. The pure functions
come first; :class:`HealthPipeline` runs them on each Edition after the store has written it.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pymongo import DESCENDING
from pymongo.errors import PyMongoError

from .store.base import short_error

logger = logging.getLogger(__name__)

ARTICLE_SHARES = ("title", "body", "byline", "images", "selector")
PAGE_SHARES = ("page_list", "hotspots", "pdf", "image")
FIGURES = (*ARTICLE_SHARES, *PAGE_SHARES, "articles_per_page")
# Failure reasons that mean the document was fetched but could not be read.
PARSE_PROBLEMS = ("no title", "no body", "no page number", "unreadable page", "encoding")
# Fewer articles (or pages) than this in an edition: its shares are too coarse to compare.
MIN_ITEMS = 3

ARTICLE_FIELDS = {"url": 1, "title": 1, "title_source": 1, "signals": 1, "char_count": 1, "byline": 1, "images": 1, "pages": 1,
                  "page_no": 1}
PAGE_FIELDS = {"page_no": 1, "article_urls": 1, "hotspots": 1, "pdf_url": 1, "image_url": 1}


@dataclass(frozen=True)
class Thresholds:
    body_chars: int = 50
    baseline: int = 14
    min_baseline: int = 3
    drop: float = 0.2
    ratio: float = 0.5

    @classmethod
    def from_settings(cls, settings: Any) -> Thresholds:
        return cls(settings.getint("EPAPER_COVERAGE_BODY_CHARS", 50), settings.getint("EPAPER_DRIFT_BASELINE", 14),
                   settings.getint("EPAPER_DRIFT_MIN_BASELINE", 3), settings.getfloat("EPAPER_DRIFT_DROP", 0.2),
                   settings.getfloat("EPAPER_DRIFT_RATIO", 0.5))


# ----- pure figures ---------------------------------------------------------------------------
def is_parse_failure(reason: str) -> bool:
    return any(problem in (reason or "") for problem in PARSE_PROBLEMS)


def own_titles(articles: list[dict[str, Any]], paper_name: str = "") -> list[bool]:
    """Per article: does it have a title of its own? Not when empty, only taken from the page's
    listing, the paper's name, or one text shared by half the edition (a site-wide <title>)."""
    titles = [(a.get("title") or "").strip() for a in articles]
    counts = Counter(titles)
    shared = {t for t, n in counts.items() if n >= MIN_ITEMS and n * 2 >= len(titles)}
    return [bool(t) and a.get("title_source") != "page_list" and t != paper_name and t not in shared
            for t, a in zip(titles, articles)]


def _share(flags: Iterable[bool], total: int) -> float:
    return round(sum(flags) / total, 3) if total else 0.0


def edition_coverage(edition: dict[str, Any], pages: list[dict[str, Any]], articles: list[dict[str, Any]],
                     body_chars: int = 50) -> dict[str, Any]:
    """The coverage figures of one edition from its stored record, pages and articles."""
    failures = edition.get("failures") or []
    refused = [f for f in failures if f.get("kind") == "article" and is_parse_failure(f.get("reason", ""))]
    read = len(articles) + len(refused)
    own = own_titles(articles, edition.get("paper_name", ""))
    coverage: dict[str, Any] = {
        "articles": read,
        "stored": len(articles),
        "title": _share(own, read),
        "body": _share(((a.get("char_count") or 0) >= body_chars for a in articles), read),
        "byline": _share((bool(a.get("byline")) for a in articles), read),
        "images": _share((bool(a.get("images")) for a in articles), read),
        "pages": len(pages),
    }
    judged = [a for a in articles if "signals" in a]  # records of parsers that said which rules found the header
    if judged:
        coverage["selector"] = _share((bool({"selector", "metadata"} & set(a["signals"])) for a in judged), len(judged))
    coverage.update({
        "page_list": _share((bool(p.get("article_urls")) for p in pages), len(pages)),
        "hotspots": _share((bool(p.get("hotspots")) for p in pages), len(pages)),
        "pdf": _share((bool(p.get("pdf_url")) for p in pages), len(pages)),
        "image": _share((bool(p.get("image_url")) for p in pages), len(pages)),
        "articles_per_page": round(len(articles) / len(pages), 2) if pages else 0.0,
    })
    on_page = Counter(no for a in articles for no in (a.get("pages") or [a.get("page_no", "")]))
    unfetched = {f.get("url") for f in failures if f.get("kind") == "article" and not is_parse_failure(f.get("reason", ""))}
    empty = []
    for page in pages:
        mapped = {h.get("article_url") for h in page.get("hotspots") or [] if h.get("article_url")}
        if len(mapped) >= 2 and not on_page.get(page.get("page_no", "")) and not mapped <= unfetched:
            empty.append(page.get("page_no", ""))
    coverage["empty_pages"] = empty
    return coverage


def baseline(previous: list[dict[str, Any]]) -> dict[str, float]:
    """The median of each figure over earlier editions' coverage (figures they had enough data for)."""
    found: dict[str, float] = {}
    for figure in FIGURES:
        values = [c[figure] for c in previous if figure in c and _comparable(c, figure)]
        if values:
            found[figure] = round(statistics.median(values), 3)
    return found


def _comparable(coverage: dict[str, Any], figure: str) -> bool:
    if figure in ARTICLE_SHARES:
        return coverage.get("articles", 0) >= MIN_ITEMS
    return coverage.get("pages", 0) >= 1


def drift_flags(coverage: dict[str, Any], base: dict[str, float], editions: int,
                limits: Thresholds = Thresholds()) -> list[dict[str, Any]]:
    """The figures of ``coverage`` that fell sharply below ``base`` (the median of ``editions``)."""
    flags: list[dict[str, Any]] = []
    for page_no in coverage.get("empty_pages", []):
        flags.append({"figure": "empty_page", "page": page_no, "value": 0, "baseline": None,
                      "reason": f"page {page_no}: its map links articles, none stored"})
    if editions < limits.min_baseline:
        return flags
    for figure in FIGURES:
        if figure not in base or figure not in coverage or not _comparable(coverage, figure):
            continue
        value, was = coverage[figure], base[figure]
        if figure == "images":
            fell = was >= 0.2 and value == 0
        elif figure == "articles_per_page":
            fell = value < limits.ratio * was
        else:
            fell = was - value >= limits.drop
        if fell:
            flags.append({"figure": figure, "value": value, "baseline": was, "editions": editions,
                          "reason": f"{describe(figure, value)} (baseline {amount(figure, was)}, median of {editions} editions)"})
    return flags


def amount(figure: str, value: float) -> str:
    """A figure's value as people read it: "96%", or "3.2" articles per page."""
    return f"{value:g}" if figure == "articles_per_page" else f"{round(value * 100)}%"


def describe(figure: str, value: float) -> str:
    """A figure and its value: "title 96%", "articles/page 3.2"."""
    return f"{'articles/page' if figure == 'articles_per_page' else figure} {amount(figure, value)}"


# ----- store reads and the one store update ---------------------------------------------------
def stored_coverage(store: Any, edition: dict[str, Any], body_chars: int = 50) -> dict[str, Any]:
    """Coverage of a stored edition computed from its stored pages and articles."""
    found = {"paper": edition["paper"], "date": edition["date"]}
    pages = list(store.pages.find(found, PAGE_FIELDS))
    articles = list(store.articles.find(found, ARTICLE_FIELDS))
    return edition_coverage(edition, pages, articles, body_chars)


def previous_coverages(store: Any, paper: str, day: str, limits: Thresholds) -> list[dict[str, Any]]:
    """Coverage of the paper's last ``limits.baseline`` editions before ``day`` without drift flags.

    Editions recorded before coverage existed (no ``coverage`` field) are computed from the store;
    an edition whose coverage is still empty is being checked by this crawl and is left out, so
    a day's baseline never depends on the order in which a crawl finishes its editions."""
    query = {"paper": paper, "date": {"$lt": day}, "status": {"$in": ["complete", "partial"]}}
    fields = {"paper": 1, "date": 1, "paper_name": 1, "failures": 1, "coverage": 1, "drift": 1}
    found = []
    for doc in store.editions.find(query, fields).sort("date", DESCENDING):
        if doc.get("drift"):
            continue
        if "coverage" in doc and not doc["coverage"]:
            continue
        coverage = doc.get("coverage") or stored_coverage(store, doc, limits.body_chars)
        if coverage.get("articles", 0) or coverage.get("pages", 0):
            found.append(coverage)
        if len(found) >= limits.baseline:
            break
    return found


def check_edition(store: Any, edition: dict[str, Any], limits: Thresholds) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Coverage and drift flags of a stored edition against its paper's baseline."""
    coverage = stored_coverage(store, edition, limits.body_chars)
    previous = previous_coverages(store, edition["paper"], edition["date"], limits)
    return coverage, drift_flags(coverage, baseline(previous), len(previous), limits)


def record_health(store: Any, edition_id: str, coverage: dict[str, Any], drift: list[dict[str, Any]]) -> None:
    """Write coverage and drift onto the edition record (the store update of this module)."""
    store.editions.update_one({"_id": edition_id}, {"$set": {"coverage": coverage, "drift": drift}})


# ----- the pipeline -----------------------------------------------------------------------------
class HealthPipeline:
    """After the store pipeline (order 500): coverage and drift of each stored edition.

    A drift flag is logged as a WARNING naming paper, date, figure and baseline, counted as
    ``epaper/drift/<figure>``, and written onto the edition record with its coverage.
    """

    def __init__(self, settings: Any, stats: Any, crawler: Any = None):
        self.crawler = crawler
        self.settings = settings
        self.stats = stats
        self.limits = Thresholds.from_settings(settings)

    @classmethod
    def from_crawler(cls, crawler: Any) -> HealthPipeline:
        if not crawler.settings.getbool("EPAPER_STORE", True):
            from scrapy.exceptions import NotConfigured

            raise NotConfigured
        return cls(crawler.settings, crawler.stats, crawler)

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        if getattr(item, "kind", "") != "edition" or item.status not in ("complete", "partial"):
            return item
        if self.stats.get_value("epaper/store/unavailable"):
            return item  # the store pipeline gave up: this edition was not recorded, there is nothing to check
        edition = {"paper": item.paper, "date": item.date, "paper_name": item.paper_name, "failures": item.failures}
        try:
            coverage, drift = await asyncio.to_thread(self._check, item.id, edition)
        except PyMongoError as exc:
            self.stats.inc_value("epaper/health/unchecked")
            logger.warning("%s %s: coverage not checked, the store did not answer (%s)", item.paper, item.date,
                           short_error(exc))
            return item
        item.coverage, item.drift = coverage, drift
        for flag in drift:
            self.stats.inc_value(f"epaper/drift/{flag['figure']}")
            logger.warning("drift: %s %s: %s — the paper's pages may have changed their layout",
                           item.paper, item.date, flag["reason"])
        return item

    def _check(self, edition_id: str, edition: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """On a worker thread, with the crawl's store (shared with the store pipeline)."""
        from .store import for_crawl

        store = for_crawl(self.crawler)
        coverage, drift = check_edition(store, edition, self.limits)
        record_health(store, edition_id, coverage, drift)
        return coverage, drift
