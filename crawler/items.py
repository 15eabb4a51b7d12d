"""Typed items: Edition, Page and Article, plus their small parts.

Plain dataclasses (itemadapter makes them Scrapy items), so extraction code can build them
without importing Scrapy. Every item carries a ``kind`` so exported feeds say what each record is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from .urls import article_id


def utc_now() -> str:
    """The time stamp items carry (crawled_at), in UTC to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class PageRef:
    """One entry of an edition's page list, as the edition lists it."""

    page_no: str
    page_name: str
    url: str
    pdf_url: str = ""


@dataclass
class Hotspot:
    """One ``<area>`` of a page image's map: the outline of an article on the page."""

    article_url: str
    coords: str
    shape: str = "polygon"


@dataclass
class Image:
    url: str
    caption: str = ""
    # The downloaded picture (EPAPER_MEDIA=images): its file under the archive folder and SHA-256.
    file: str = ""
    sha: str = ""


@dataclass
class Edition:
    paper: str
    paper_name: str
    date: str
    url: str
    issue_no: str = ""
    pages: list[PageRef] = field(default_factory=list)
    # Every article the page list listed, in page order: what "complete" is counted against.
    article_urls: list[str] = field(default_factory=list)
    status: str = "complete"
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    # Media downloads that failed ({url, kind, reason}); the articles are stored all the same.
    media_failures: list[dict[str, str]] = field(default_factory=list)
    # Field coverage and drift flags (crawler.health), written once the edition is stored.
    coverage: dict[str, float] = field(default_factory=dict)
    drift: list[dict[str, object]] = field(default_factory=list)
    crawled_at: str = ""
    kind: str = field(default="edition", init=False)

    @property
    def id(self) -> str:
        return edition_key(self.paper, self.date)


@dataclass
class Page:
    paper: str
    date: str
    page_no: str
    page_name: str
    url: str
    paper_name: str = ""
    pdf_url: str = ""
    image_url: str = ""
    # The size the page shows its image at: the space the hotspots' coords are in (0 when unsaid).
    image_width: int = 0
    image_height: int = 0
    hotspots: list[Hotspot] = field(default_factory=list)
    article_urls: list[str] = field(default_factory=list)
    # The archive file holding this page's source (crawler.archive), relative to EPAPER_ARCHIVE.
    archive: str = ""
    # The downloaded PDF and page image (EPAPER_MEDIA), relative to EPAPER_ARCHIVE, named by SHA-256.
    pdf_file: str = ""
    image_file: str = ""
    crawled_at: str = ""
    kind: str = field(default="page", init=False)

    @property
    def id(self) -> str:
        return f"{self.paper}:{self.date}:{self.page_no}"


@dataclass
class Article:
    paper: str
    date: str
    url: str
    article_id: str
    title: str
    paper_name: str = ""
    page_no: str = ""
    page_name: str = ""
    pages: list[str] = field(default_factory=list)
    lead_title: str = ""
    subtitle: str = ""
    byline: str = ""
    authors: list[str] = field(default_factory=list)
    body: str = ""
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    char_count: int = 0
    content_hash: str = ""
    simhash: str = ""
    parser: str = ""
    # How the title was found ("selector", "metadata", "structure", "page_list" = only the page's
    # listing gave it) and which independent signals agreed on the header, scored 0..1.
    title_source: str = ""
    signals: list[str] = field(default_factory=list)
    confidence: float = 0.0
    # The archive file holding this article's source (crawler.archive), relative to EPAPER_ARCHIVE.
    archive: str = ""
    crawled_at: str = ""
    kind: str = field(default="article", init=False)

    @property
    def id(self) -> str:
        return f"{self.paper}:{self.date}:{self.article_id}"


Item = Edition | Page | Article


def edition_key(paper: str, day: str) -> str:
    """The ``_id`` an edition is stored under (``Edition.id``); its pages and articles start with it."""
    return f"{paper}:{day}"


def article_key(paper: str, day: str, url: str) -> str:
    """The ``_id`` an article of ``url`` is stored under (``Article.id`` of its item)."""
    return f"{paper}:{day}:{article_id(url)}"


def problems(item: Item) -> list[str]:
    """Why an item cannot be stored ([] when it can). One rule set for spider and pipeline."""
    found = []
    if not item.paper:
        found.append("no paper")
    if not item.date:
        found.append("no date")
    if isinstance(item, Article):
        if not item.title:
            found.append("no title")
        if not item.paragraphs:
            found.append("no body")
    elif isinstance(item, Page) and not item.page_no:
        found.append("no page number")
    return found
