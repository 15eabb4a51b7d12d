"""Item pipelines, in order: normalize → validate → dedup → store.

Nothing is dropped silently: every drop is logged with the item's URL and the reason and
counted in the crawl stats (``epaper/dropped/<reason>``).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import DropItem, NotConfigured

from . import dedup
from .items import Article, Edition, Item, Page, problems, utc_now
from .layouts.text import clean, is_boilerplate
from .store import Store, to_document

logger = logging.getLogger(__name__)


class _StatsPipeline:
    def __init__(self, stats: Any = None):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
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
            for name in ("title", "lead_title", "subtitle", "byline", "page_name"):
                setattr(item, name, clean(getattr(item, name)))
            item.paragraphs = [p for p in (clean(x) for x in item.paragraphs) if p and not is_boilerplate(p)]
            item.body = "\n\n".join(item.paragraphs)
            item.char_count = sum(len(p) for p in item.paragraphs)
            item.content_hash = dedup.content_hash(item.paragraphs)
            item.simhash = dedup.to_hex(dedup.simhash(item.body)) if item.body else ""
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
    """One item per ``_id`` within a run (the store then makes it one per ``_id`` forever)."""

    def __init__(self, stats: Any = None):
        super().__init__(stats)
        self.seen: set[tuple[str, str]] = set()

    def process_item(self, item: Item) -> Item:
        key = (item.kind, item.id)
        if key in self.seen:
            self.drop(item, "duplicate", f"already scraped in this run as {item.id}")
        self.seen.add(key)
        return item


class MongoPipeline(_StatsPipeline):
    """Batched upserts into MongoDB; near-duplicate links made as articles are written.

    Batches are flushed when full and at close, articles before pages before editions, so an
    edition is only recorded complete once its articles are stored.
    """

    ORDER = ("article", "page", "edition")

    def __init__(self, settings: Any, stats: Any = None):
        super().__init__(stats)
        self.settings = settings
        self.batch_size = settings.getint("EPAPER_BATCH_SIZE", 100)
        self.distance = settings.getint("EPAPER_SIMHASH_DISTANCE", 3)
        self.batches: dict[str, list[dict[str, Any]]] = {kind: [] for kind in self.ORDER}
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("EPAPER_STORE", True):
            raise NotConfigured("EPAPER_STORE is off")
        return cls(crawler.settings, crawler.stats)

    def open_spider(self) -> None:
        self.store = Store.from_settings(self.settings)
        self.store.ensure_indexes()

    def close_spider(self) -> None:
        self.flush()
        if self.store is not None:
            self.store.close()

    def process_item(self, item: Item) -> Item:
        self.batches[item.kind].append(to_document(item))
        if isinstance(item, Edition) or len(self.batches[item.kind]) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        """Write every pending batch, articles first."""
        for kind in self.ORDER:
            docs, self.batches[kind] = self.batches[kind], []
            if not docs or self.store is None:
                continue
            result = self.store.write(kind, docs)
            for outcome in ("new", "updated", "unchanged"):
                self.inc(f"epaper/store/{kind}s/{outcome}", len(getattr(result, outcome)))
            if kind == "article":
                changed = result.new + result.updated
                if changed:
                    self.inc("epaper/store/near_duplicate_links", self.store.link_duplicates(changed, self.distance))
                # Search index (query side, crawler/store/fulltext.py): after the store acknowledged the batch.
                self.inc("epaper/store/articles/indexed", self.store.index_stored(docs))
