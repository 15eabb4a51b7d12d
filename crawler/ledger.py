"""The books of a crawl between the spider and the store, and the verdict on each edition.

The spider hands items on and says so (:meth:`Ledger.handed`); the store pipeline settles each
one when the store acknowledged it, or could not store it; Scrapy's ``item_dropped`` and
``item_error`` signals settle the ones a pipeline refused. An edition's record waits until every
item of it that was handed on is settled, then :func:`verdict` decides its status from what the
store holds — counted by ``_id`` — never from what was yielded. ``complete`` is a promise that a
later run may skip the day, so it is only given when every listed page and article is stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

STORED = "stored"


@dataclass
class Verdict:
    status: str
    counts: dict[str, int]
    failures: list[dict[str, str]]


class Ledger:
    """Per edition key ("paper:date"): the items handed on, and what became of each."""

    def __init__(self) -> None:
        self._handed: dict[str, set[str]] = defaultdict(set)
        self._edition_of: dict[str, str] = {}
        self._url_of: dict[str, str] = {}
        self.outcomes: dict[str, str] = {}
        self._waiters: dict[str, list[asyncio.Future[None]]] = defaultdict(list)

    @classmethod
    def of(cls, crawler: Any) -> Ledger:
        """The crawl's one ledger (made on first use; the spider and the pipelines share it)."""
        ledger = getattr(crawler, "epaper_ledger", None)
        if ledger is None:
            ledger = cls()
            crawler.epaper_ledger = ledger
            from scrapy import signals

            crawler.signals.connect(ledger._on_dropped, signal=signals.item_dropped)
            crawler.signals.connect(ledger._on_error, signal=signals.item_error)
        return ledger

    # ----- books ------------------------------------------------------------------------------
    def handed(self, edition: str, item: Any) -> None:
        """The spider handed on an item of ``edition``; its record waits for it."""
        self._handed[edition].add(item.id)
        self._edition_of[item.id] = edition
        self._url_of[item.id] = item.url
        self.outcomes.pop(item.id, None)

    def settle(self, item_id: str, outcome: str) -> None:
        """What became of an item: ``STORED``, or why it is not stored."""
        if self.outcomes.get(item_id) == STORED and outcome != STORED:
            return  # a second copy refused (a duplicate in this run) does not undo the first
        self.outcomes[item_id] = outcome
        edition = self._edition_of.get(item_id)
        if edition is not None and not self.unsettled(edition):
            for waiter in self._waiters.pop(edition, []):
                if not waiter.done():
                    waiter.set_result(None)

    def unsettled(self, edition: str) -> set[str]:
        return {i for i in self._handed.get(edition, ()) if i not in self.outcomes}

    async def settled(self, edition: str, timeout: float) -> set[str]:
        """Wait until every handed item of ``edition`` is settled; the ids still open at timeout."""
        if self.unsettled(edition):
            waiter = asyncio.get_running_loop().create_future()
            self._waiters[edition].append(waiter)
            try:
                await asyncio.wait_for(waiter, timeout)
            except TimeoutError:
                pass
        return self.unsettled(edition)

    def outcomes_by_url(self, edition: str) -> dict[str, str]:
        """What became of each item of ``edition`` that was handed on, by the item's URL."""
        return {self._url_of[i]: self.outcomes[i] for i in self._handed.get(edition, ()) if i in self.outcomes}

    def forget(self, edition: str) -> None:
        for item_id in self._handed.pop(edition, set()):
            self._edition_of.pop(item_id, None)
            self._url_of.pop(item_id, None)
            self.outcomes.pop(item_id, None)

    # ----- signals ----------------------------------------------------------------------------
    def _on_dropped(self, item: Any, exception: BaseException, **_: Any) -> None:
        item_id = getattr(item, "id", None)
        if item_id:
            self.settle(item_id, f"dropped: {exception}")

    def _on_error(self, item: Any, failure: Any, **_: Any) -> None:
        item_id = getattr(item, "id", None)
        if item_id:
            self.settle(item_id, f"error: {failure.value!r}")


@dataclass
class Books:
    """What the verdict is computed from: the edition as listed, the spider's failures, what is stored."""

    pages: list[str]  # listed page URLs
    articles: dict[str, str]  # listed article URL -> the article's _id
    failures: list[dict[str, str]]  # the spider's: [{url, kind, reason}]
    stored_pages: set[str]  # page URLs the store holds for the edition
    stored_articles: set[str]  # article ids the store holds
    outcomes: dict[str, str] = field(default_factory=dict)  # the ledger's word, by URL
    skipped: int = 0  # articles found stored before this run (not fetched)
    fetched_pages: int = 0


def verdict(books: Books) -> Verdict:
    """Status, counts and failures of an edition from what the store holds.

    complete: every listed page and article stored, nothing failed; failed: nothing of it stored;
    partial: anything in between. Every listed item the store lacks has a failure with a reason:
    the spider's (HTTP 500, truncated, encoding…), else the ledger's (dropped…, store: …), else
    "not stored".
    """
    failures = [dict(f) for f in books.failures]
    failed_urls = {f["url"] for f in failures}
    missing = [("page", url) for url in books.pages if url not in books.stored_pages]
    missing += [("article", url) for url, item_id in books.articles.items() if item_id not in books.stored_articles]
    for kind, url in missing:
        if url in failed_urls:
            continue
        reason = books.outcomes.get(url, "")
        failures.append({"url": url, "kind": kind, "reason": reason if reason and reason != STORED else "not stored"})
        failed_urls.add(url)
    pages_stored = sum(1 for url in books.pages if url in books.stored_pages)
    articles_stored = sum(1 for i in books.articles.values() if i in books.stored_articles)
    counts = {
        "pages_listed": len(books.pages),
        "pages_fetched": books.fetched_pages,
        "pages_stored": pages_stored,
        "articles_listed": len(books.articles),
        "articles_stored": articles_stored,
        "articles_skipped": books.skipped,
        "articles_failed": len(books.articles) - articles_stored,
    }
    if not failures:
        status = "complete"
    elif pages_stored == 0 and articles_stored == 0:
        status = "failed"
    else:
        status = "partial"
    return Verdict(status, counts, failures)


def log_verdict(logger: logging.Logger | logging.LoggerAdapter, edition: Any) -> None:
    """One line per recorded edition: status, then what was listed, stored and failed."""
    c = edition.counts
    level = logging.INFO if edition.status in ("complete", "no_issue") else logging.WARNING
    if edition.status == "no_issue":
        return
    logger.log(level, "%s %s: %s — pages %d/%d, articles %d listed, %d stored (%d already), %d failed",
               edition.paper, edition.date, edition.status, c.get("pages_stored", c.get("pages_fetched", 0)),
               c.get("pages_listed", 0), c.get("articles_listed", 0), c.get("articles_stored", 0),
               c.get("articles_skipped", 0), c.get("articles_failed", 0))
