"""The base of every CMS family: URL shapes, detection, and the shared readers.

A family module subclasses :class:`Layout` and states what is particular to it: the shape of
its page and article URLs, markup that identifies it, where its latest issue is announced, and
(optionally) the selectors to try first. Reading itself is shared: :mod:`.pages` for page (版面)
documents and :mod:`.articles` for article documents, both structural so that they hold on
papers nobody wrote a fixture for.
"""

from __future__ import annotations

import re
from typing import ClassVar
from urllib.parse import urljoin

from ..items import Article
from ..urls import resolve
from .articles import Rules, read_article
from .pages import PageParse, read_page

__all__ = ["Layout", "LayoutError", "PageParse"]


# How much of a document detection reads: links and markers show in the first part.
_SCORED_CHARS = 300_000


class LayoutError(ValueError):
    """A page that this layout cannot read (the message says which page and why)."""


class Layout:
    """One CMS family: URL shapes plus the shared extraction engine."""

    name: ClassVar[str] = "generic"
    version: ClassVar[str] = "1"
    page_url: ClassVar[re.Pattern[str]] = re.compile(r"$^")
    article_url: ClassVar[re.Pattern[str]] = re.compile(r"$^")
    # Markup that identifies the family when the URL does not (regexes over the raw HTML).
    markers: ClassVar[tuple[str, ...]] = ()
    # Paths, relative to a paper's root, that announce the latest issue; the root is the dated
    # URL template up to its date, less ``root_suffix`` (e.g. "html/").
    latest_paths: ClassVar[tuple[str, ...]] = ()
    root_suffix: ClassVar[re.Pattern[str]] = re.compile(r"$^")
    # Candidate selectors for article fields; a family may put its own first.
    rules: ClassVar[Rules] = Rules()

    # ----- URLs ---------------------------------------------------------------------------
    @classmethod
    def is_page_url(cls, url: str) -> bool:
        return bool(cls.page_url.search(url))

    @classmethod
    def is_article_url(cls, url: str) -> bool:
        return bool(cls.article_url.search(url))

    @classmethod
    def latest_urls(cls, template: str) -> list[str]:
        """Where a paper whose dated URLs follow ``template`` announces its latest issue."""
        prefix = template.split("{", 1)[0]
        root = cls.root_suffix.sub("", prefix[: prefix.rfind("/") + 1])
        return [urljoin(root, path) for path in cls.latest_paths]

    @classmethod
    def parser_id(cls) -> str:
        return f"{cls.name}/{cls.version}"

    @classmethod
    def score(cls, url: str, html: str = "") -> int:
        """How strongly ``url`` and ``html`` look like this family (0 = not at all)."""
        points = 0
        if cls.is_page_url(url) or cls.is_article_url(url):
            points += 10
        html = (html or "")[:_SCORED_CHARS]
        if html:
            hrefs = re.findall(r"""href\s*=\s*["']?([^"'\s>]+)""", html, re.I)
            if any(cls.is_page_url(resolve(url, h)) for h in hrefs[:400]):
                points += 3
            if any(cls.is_article_url(resolve(url, h)) for h in hrefs[:400]):
                points += 3
            points += sum(2 for m in cls.markers if re.search(m, html, re.I))
        return points

    # ----- reading -------------------------------------------------------------------------
    def parse_page(self, html: str, url: str) -> PageParse:
        """Read a page (版面) document: its label, PDF, image map and articles, and the page list."""
        return read_page(html, url, self.is_page_url, self.is_article_url)

    def parse_article(self, html: str, url: str, hint: str = "") -> Article:
        """Read an article document into an Article (paper fields are the spider's to fill).

        ``hint`` is the title the edition's page listed for this article, the evidence its
        header is matched against ("" when the page gave none).
        """
        return read_article(html, url, self.rules, self.parser_id(), hint)
