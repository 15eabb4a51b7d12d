"""Item pipelines, in order: normalize → validate → dedup → store.

Nothing is dropped silently: every drop is logged with the item's URL and the reason and
counted in the crawl stats (``epaper/dropped/<reason>``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Self

from pymongo.errors import PyMongoError
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from .cleaning import clean_article
from .embedded import EmbeddedError
from .items import Article, Edition, Item, Page, article_key, edition_key, problems, utc_now
from .layouts.text import clean
from .ledger import STORED, Books, Ledger, log_verdict, verdict
from .store import Store, WriteResult, describe, for_crawl, short_error, to_document
from .store.writer import Batch, StoreUnavailable, StoreWriter

logger = logging.getLogger(__name__)


class _StatsPipeline:
    def __init__(self, stats: Any = None):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats)

    def inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)

    def drop(self, item: Item, reason: str, detail: str) -> None:
        self.inc(f"epaper/dropped/{reason}")
        logger.warning("dropped %s %s: %s", item.kind, item.url, detail)
        raise DropItem(f"{item.kind} {item.url}: {detail}")


class NormalizePipeline(_StatsPipeline):
    """Clean text fields and derive body, counts, hashes and the crawl time."""

    def process_item(self, item: Item) -> Item:
        item.crawled_at = item.crawled_at or utc_now()
        if isinstance(item, Article):
            clean_article(item)  # fingerprints only if a parse worker did not already compute them
        elif isinstance(item, Page):
            item.page_name = clean(item.page_name)
        return item


class ValidatePipeline(_StatsPipeline):
    """Drop items that cannot be stored: an article without title or body, a page without number."""

    def process_item(self, item: Item) -> Item:
        found = problems(item)
        if found:
            self.drop(item, "invalid", ", ".join(found))
        return item


class DedupPipeline(_StatsPipeline):
    """One item per ``_id`` within a run (the store then makes it one per ``_id`` forever).

    Ids are remembered per edition and forgotten when the edition's own item passes (the spider
    hands that on after every item of the edition), so what is kept follows the editions in
    flight, not the length of the crawl; only the editions' ids are kept to the end.
    """

    def __init__(self, stats: Any = None):
        super().__init__(stats)
        self.seen: dict[str, set[tuple[str, str]]] = {}  # edition id -> (kind, id) of its items
        self.editions: set[str] = set()  # editions whose item passed

    def process_item(self, item: Item) -> Item:
        if isinstance(item, Edition):
            if item.id in self.editions:
                self.drop(item, "duplicate", f"already scraped in this run as {item.id}")
            self.editions.add(item.id)
            self.seen.pop(item.id, None)
            return item
        edition, key = edition_key(item.paper, item.date), (item.kind, item.id)
        if key in self.seen.get(edition, ()):
            self.drop(item, "duplicate", f"already scraped in this run as {item.id}")
        if edition not in self.editions:
            self.seen.setdefault(edition, set()).add(key)
        return item


class MongoPipeline(_StatsPipeline):
    """Acknowledged, batched upserts off the reactor; each edition recorded from what the store holds.

    Articles and pages are queued for the store writer (:mod:`crawler.store.writer`) and settled
    in the ledger once the store acknowledged them. An Edition item waits until every item of
    its edition is settled, then its status and counts are computed from the ids the store
    holds (:func:`crawler.ledger.verdict`) and only then is its record written. When the store
    stays unreachable longer than ``EPAPER_STORE_RETRY_SECONDS`` the crawl stops
    (``store_unavailable``): nothing not acknowledged is recorded, every such item is counted in
    ``epaper/store/failed``, and the log says so in one line naming the store.
    """

    def __init__(self, crawler: Any):
        super().__init__(crawler.stats)
        self.crawler = crawler
        settings = crawler.settings
        self.settings = settings
        self.ledger = Ledger.of(crawler)
        self.distance = settings.getint("EPAPER_SIMHASH_DISTANCE", 3)
        self.settle_timeout = settings.getfloat("EPAPER_SETTLE_SECONDS", 300.0)
        self.describe = describe(settings.get("MONGO_URI", ""), settings.get("MONGO_DATABASE", ""),
                                 settings.get("EPAPER_EMBEDDED_PATH", ""))
        self.writer = StoreWriter(
            lambda: _prepared(for_crawl(crawler)),
            describe=self.describe,
            batch_size=settings.getint("EPAPER_BATCH_SIZE", 100),
            retry_seconds=settings.getfloat("EPAPER_STORE_RETRY_SECONDS", 60.0),
            linger=settings.getfloat("EPAPER_STORE_LINGER", 0.25),
            max_pending=settings.getint("EPAPER_STORE_MAX_PENDING", 200),
            after_write=lambda store, kind, docs: self._after_articles(store, docs),
            diff=settings.getbool("EPAPER_DIFF_FIELDS", False),
            owns_store=False,
        )
        self.writer.on_batch = self._written
        self.writer.on_unavailable = self._give_up
        self.gave_up = ""
        self.indexed = 0  # articles added to this machine's search index (query side)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("EPAPER_STORE", True):
            raise NotConfigured("EPAPER_STORE is off")
        return cls(crawler)

    async def open_spider(self) -> None:
        """Connect (on the store thread) and warm the tokenizer; a store that cannot be reached
        stops the crawl with one line instead of a traceback."""
        try:
            await self.writer.call(lambda store: None)
        except (StoreUnavailable, EmbeddedError, PyMongoError) as exc:
            self._give_up(_one_line(exc, self.describe))

    async def close_spider(self) -> None:
        if not self.gave_up:
            try:
                await self.writer.flush()
            except StoreUnavailable as exc:
                self._give_up(str(exc))
        self._count_store()
        await self.writer.close()

    async def process_item(self, item: Item) -> Item:
        if self.gave_up:
            self._not_stored([item])
            return item
        if isinstance(item, Edition):
            return await self._record(item)
        try:
            await self.writer.add(item)
        except StoreUnavailable:  # the store went away while this item waited for room
            self._not_stored([item])
        return item

    # ----- the edition's record ---------------------------------------------------------------
    async def _record(self, edition: Edition) -> Edition:
        key = edition.id
        try:
            await self.writer.flush()
            still_open = await self.ledger.settled(key, self.settle_timeout)
            await self.writer.flush()
            if still_open:
                logger.error("%s: %d item(s) never reached the store: %s", key, len(still_open),
                             ", ".join(sorted(still_open)[:5]))
            if edition.status != "no_issue":
                self._settle_verdict(edition, await self.writer.call(_stored_books, edition))
            result = await self.writer.call(lambda store: store.write("edition", [to_document(edition)]))
        except StoreUnavailable as exc:
            self._give_up(str(exc))
            self._not_stored([edition])
            return edition
        if result.refused:
            self.inc("epaper/store/refused")
            logger.error("%s: the store refused the edition record: %s", key, result.refused[key])
        else:
            self.inc(f"epaper/editions/{edition.status}")
            self._count({"edition": ([edition], result)})
            log_verdict(self._crawl_log(), edition)
        self.ledger.forget(key)
        return edition

    def _settle_verdict(self, edition: Edition, stored: tuple[set[str], set[str]]) -> None:
        stored_pages, stored_articles = stored
        books = Books(
            pages=[p.url for p in edition.pages],
            articles={url: article_key(edition.paper, edition.date, url) for url in edition.article_urls},
            failures=edition.failures,
            stored_pages=stored_pages,
            stored_articles=stored_articles,
            outcomes=self.ledger.outcomes_by_url(edition.id),
            skipped=edition.counts.get("articles_skipped", 0),
            fetched_pages=edition.counts.get("pages_fetched", 0),
        )
        found = verdict(books)
        edition.status, edition.counts, edition.failures = found.status, found.counts, found.failures

    def _crawl_log(self) -> Any:
        """The spider's logger ("[epaper]"): verdicts belong with the crawl's other progress lines."""
        spider = getattr(self.crawler, "spider", None)
        return spider.logger if spider is not None else logger

    # ----- the writer's answers ---------------------------------------------------------------
    def _written(self, batch: Batch) -> None:
        """A batch the store acknowledged: settle its items, count what happened."""
        for kind, (items, _) in batch.written.items():
            for item in items:
                self.ledger.settle(item.id, STORED)
        for item, reason in batch.refused:
            self.inc("epaper/store/refused")
            logger.error("%s %s not stored: %s", item.kind, item.url, reason)
            self.ledger.settle(item.id, reason)
        self._count(batch.written)

    def _count(self, written: dict[str, tuple[list[Item], WriteResult]]) -> None:
        for kind, (_, result) in written.items():
            for outcome in ("new", "updated", "unchanged"):
                self.inc(f"epaper/store/{kind}s/{outcome}", len(getattr(result, outcome)))
            for name, count in result.changed_fields.items():
                self.inc(f"epaper/store/changed/{kind}/{name}", count)

    def _give_up(self, reason: str) -> None:
        """The store is gone for this crawl: report what it never acknowledged (on every call:
        a write that fails later gives up its items too) and, the first time, stop the crawl."""
        if not self.gave_up:
            self.gave_up = reason
            if self.stats is not None:
                self.stats.set_value("epaper/store/unavailable", reason)
            self._crawl_log().error("%s — stopping the crawl; nothing not yet stored is recorded, a rerun fetches it",
                                    reason)
            engine = getattr(self.crawler, "engine", None)
            if engine is not None and getattr(engine, "spider", None) is not None:
                asyncio.ensure_future(engine.close_spider_async(reason="store_unavailable"))
        self._not_stored(self.writer.drop_pending())

    def _not_stored(self, items: list[Item]) -> None:
        for item in items:
            self.inc("epaper/store/failed")
            self.ledger.settle(item.id, f"store: {self.gave_up}")

    def _after_articles(self, store: Store, docs: list[dict[str, Any]]) -> int:
        """On the store thread, after the store acknowledged new or changed articles (their
        documents as written, so nothing is read back): link duplicates, and keep this machine's
        search index in step (query side, crawler/store/fulltext.py)."""
        links = store.link_documents(docs, self.distance)
        self.indexed += store.index_stored_ids([d["_id"] for d in docs])
        return links

    def _count_store(self) -> None:
        self.inc("epaper/store/near_duplicate_links", self.writer.links)
        if self.writer.link_errors:
            self.inc("epaper/store/link_errors", self.writer.link_errors)
        self.inc("epaper/store/articles/indexed", self.indexed)
        if self.writer.retries:
            self.inc("epaper/store/retries", self.writer.retries)
            if self.stats is not None:
                self.stats.set_value("epaper/store/outage_seconds", round(self.writer.outage_seconds, 1))


def _prepared(store: Store) -> Store:
    """A connected store with its indexes. When this machine has a search index, which the crawl
    keeps in step, the tokenizer's dictionary is loaded now (once, not in the first item); without
    one nothing is tokenized, and loading it would only take the GIL from the crawl for ~0.5 s."""
    store.ensure_indexes()
    if store.fulltext().exists():
        from . import tokens  # jieba's import alone is ~0.1 s; a crawl without a search index never needs it

        tokens.warm_up()
    return store


def _stored_books(store: Store, edition: Edition) -> tuple[set[str], set[str]]:
    """Which of the edition's listed pages (by URL) and articles (by ``_id``) the store holds."""
    pages = store.stored_page_urls(edition.paper, edition.date, [p.url for p in edition.pages])
    articles = store.stored_ids("article", [article_key(edition.paper, edition.date, u) for u in edition.article_urls])
    return pages, articles


def _one_line(exc: BaseException, where: str) -> str:
    text = short_error(exc)
    return text if where in text else f"cannot use the store ({where}): {text}"
