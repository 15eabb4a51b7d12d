"""Bookkeeping of one edition while it is crawled: pages, then articles, then the verdict.

The edition is the unit of work. Its pages are fetched first, so that every article's full set
of pages is known before the article is requested; when the last article answers, the edition
is summed up as complete, partial, failed or no issue. Plain data, picklable, so that it can
live in ``spider.state`` and survive a ``JOBDIR`` pause.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..items import Edition, PageRef, edition_key
from ..layouts.text import same_title
from ..urls import article_id, host


@dataclass
class EditionProgress:
    paper: str
    paper_name: str
    date: str
    url: str
    layout: str
    pages: list[PageRef]
    issue_no: str = ""
    pages_pending: set[str] = field(default_factory=set)
    pages_fetched: int = 0
    # article URL -> (page_no, page_name) of every page listing it, in listing order
    listings: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # page URL -> the article URLs it lists, in its order; article URL -> its title as listed
    page_articles: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    articles_pending: set[str] = field(default_factory=set)
    articles_stored: int = 0
    articles_skipped: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    articles_started: bool = False
    addresses: dict[str, str] = field(default_factory=dict)  # article id -> the one URL it is fetched at
    documents: dict[str, str] = field(default_factory=dict)  # digest of a body read -> the URL it was read at

    def __post_init__(self) -> None:
        if not self.pages_pending:
            self.pages_pending = {p.url for p in self.pages}

    @property
    def key(self) -> str:
        return edition_key(self.paper, self.date)

    def document_owner(self, digest: str, url: str) -> str:
        """The other page or article of the edition already accepted with these very bytes (""
        if none). Two listed addresses never serve one document: a site that sends its front
        page, or another article, for a missing one does."""
        other = self.documents.get(digest, url)
        return other if other != url else ""

    def claim_document(self, digest: str, url: str) -> None:
        """Record the bytes of a page or article accepted as the document of ``url``."""
        self.documents.setdefault(digest, url)

    def listed_as_other(self, url: str, headings: Iterable[str]) -> str:
        """Another article of the edition whose listed title this document's header reads as,
        while the title listed for ``url`` matches none of it ("" otherwise): another article's
        document served at this address, whichever of the two answered first."""
        own = self.titles.get(url, "")
        heads = [h for h in headings if h]
        if not own or not heads or any(same_title(h, own) for h in heads):
            return ""
        return next((other for other, title in self.titles.items()
                     if other != url and title and any(same_title(h, title) for h in heads)), "")

    # ----- pages ------------------------------------------------------------------------------
    def page_done(self, url: str, page_no: str, page_name: str, article_urls: list[str],
                  titles: dict[str, str] | None = None) -> None:
        self.pages_pending.discard(url)
        self.pages_fetched += 1
        for article in article_urls:  # every address seen first: the page may list the other host first
            self._learn_address(article)
        article_urls = list(dict.fromkeys(self._address(a) for a in article_urls))
        self.page_articles[url] = article_urls
        for article, title in (titles or {}).items():
            article = self._address(article)
            if title and article not in self.titles:  # the article's own page lists it first, usually
                self.titles[article] = title
        for article in article_urls:
            self.listings.setdefault(article, [])
            if (page_no, page_name) not in self.listings[article]:
                self.listings[article].append((page_no, page_name))

    def _learn_address(self, url: str) -> None:
        """One address per article id across hosts (the paper's full address, a CDN), the
        edition's own host first: the store knows them as one article, and the other host may
        not answer at all. A listing made under the other host moves to the edition's."""
        aid = article_id(url)
        known = self.addresses.setdefault(aid, url) if aid else url
        if host(known) == host(url) or host(url) != host(self.url) or host(known) == host(self.url):
            return
        self.addresses[aid] = url
        if known in self.listings:
            self.listings[url] = self.listings.pop(known)
        for listed in self.page_articles.values():
            listed[:] = [url if a == known else a for a in listed]
        if known in self.titles:
            self.titles.setdefault(url, self.titles.pop(known))

    def _address(self, url: str) -> str:
        """The URL an article is listed and fetched at (two URLs of one host stay two)."""
        known = self.addresses.get(article_id(url), url)
        return url if host(known) == host(url) else known

    def page_failed(self, url: str, reason: str) -> None:
        self.pages_pending.discard(url)
        self.failures.append({"url": url, "kind": "page", "reason": reason})

    @property
    def pages_finished(self) -> bool:
        return not self.pages_pending

    # ----- articles ---------------------------------------------------------------------------
    def start_articles(self, already_stored: set[str]) -> list[str]:
        """The article URLs still to fetch; those in ``already_stored`` count as stored."""
        self.articles_started = True
        todo = []
        for url in self.listings:
            if url in already_stored:
                self.articles_skipped += 1
            else:
                todo.append(url)
        self.articles_pending = set(todo)
        return todo

    def _in_page_order(self, url: str) -> list[tuple[str, str]]:
        rank = {p.page_no: i for i, p in enumerate(self.pages)}
        return sorted(self.listings.get(url, []), key=lambda page: rank.get(page[0], len(rank)))

    def page_of(self, url: str) -> tuple[str, str]:
        """The first page (in the edition's order) that lists an article."""
        return (self._in_page_order(url) or [("", "")])[0]

    def pages_of(self, url: str) -> list[str]:
        """Every page that lists an article, in the edition's order (responses arrive in any)."""
        return [page_no for page_no, _ in self._in_page_order(url)]

    def article_done(self, url: str) -> None:
        self.articles_pending.discard(url)
        self.articles_stored += 1

    def article_failed(self, url: str, reason: str) -> None:
        self.articles_pending.discard(url)
        self.failures.append({"url": url, "kind": "article", "reason": reason})

    @property
    def finished(self) -> bool:
        return self.articles_started and not self.pages_pending and not self.articles_pending

    def article_urls(self) -> list[str]:
        """Every listed article once, in the edition's page order, then each page's order."""
        ordered = [a for ref in self.pages for a in self.page_articles.get(ref.url, [])]
        ordered += list(self.listings)  # pages read that the page list did not name
        return list(dict.fromkeys(ordered))

    # ----- verdict (the spider's view; with a store, the store pipeline settles it) ----------
    @property
    def articles_failed(self) -> int:
        return sum(1 for f in self.failures if f["kind"] == "article")

    @property
    def status(self) -> str:
        if self.pages and self.pages_fetched == 0:
            return "failed"
        if self.failures:
            return "partial"
        return "complete"

    def edition(self, crawled_at: str) -> Edition:
        return Edition(
            paper=self.paper,
            paper_name=self.paper_name,
            date=self.date,
            url=self.url,
            issue_no=self.issue_no,
            pages=list(self.pages),
            article_urls=self.article_urls(),
            status=self.status,
            counts={
                "pages_listed": len(self.pages),
                "pages_fetched": self.pages_fetched,
                "articles_listed": len(self.listings),
                "articles_stored": self.articles_stored + self.articles_skipped,
                "articles_skipped": self.articles_skipped,
                "articles_failed": self.articles_failed,
            },
            failures=list(self.failures),
            crawled_at=crawled_at,
        )
