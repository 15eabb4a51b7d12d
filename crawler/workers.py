"""Extraction in worker processes, so that the reactor thread only fetches and hands on.

Reading an article document (extraction, the mojibake check, cleaning and fingerprints) is
about 1.5 ms of pure CPU, a page document several; on the reactor thread that time holds back
every download and every item in the pipelines. :class:`Readers` runs the same pure functions
(:func:`read_article`, :func:`read_page`) in ``EPAPER_PARSE_WORKERS`` processes (default: one
less than the machine's cores, at most 4; 0 reads in the crawl's own thread), so the result does
not depend on where it was computed: a worker is handed the layout object itself (pickled by
reference to its class, with its rules), so a family version registered by the crawl's settings
is the one the worker reads with. A pool that breaks (a worker killed) is not retried: the
rest of the crawl reads in its own thread, and nothing is lost.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import resource
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .checks import garbled, misdated
from .cleaning import clean_article
from .items import Article
from .layouts import Layout, PageParse

logger = logging.getLogger(__name__)


def read_article(layout: Layout, html: str, url: str, hint: str = "") -> tuple[Article, str]:
    """The article of a document, cleaned and fingerprinted, and why it cannot be stored as the
    article of its address ("" when it can): another day's document, or mis-decoded text. Raises
    what the layout raises on a document it cannot read."""
    article = layout.parse_article(html, url, hint)
    problem = (misdated(html, url)
               or garbled(article.lead_title, article.title, article.subtitle, article.byline, *article.paragraphs))
    return clean_article(article), problem


def read_page(layout: Layout, html: str, url: str) -> tuple[PageParse, str]:
    """The page (版面) of a document and why its names look mis-decoded ("" when they do not)."""
    parsed = layout.parse_page(html, url)
    return parsed, garbled(parsed.page.page_name, *parsed.titles.values())


def _ready() -> bool:
    """A worker's first task: import everything a read needs before the first document comes."""
    return True


def default_workers() -> int:
    return max(0, min(4, (os.cpu_count() or 1) - 1))


class Readers:
    """Where a crawl's documents are read: a process pool, or the calling thread."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool: Executor | None = None
        if workers > 0:
            # spawn, not fork: the crawl process has threads (store writer, DNS, archive).
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            for _ in range(workers):
                self.pool.submit(_ready)

    @classmethod
    def from_settings(cls, settings: Any) -> Readers:
        value = settings.getint("EPAPER_PARSE_WORKERS", -1)
        return cls(default_workers() if value < 0 else value)

    async def article(self, layout: Layout, html: str, url: str, hint: str = "") -> tuple[Article, str]:
        return await self._run(read_article, layout, html, url, hint)

    async def page(self, layout: Layout, html: str, url: str) -> tuple[PageParse, str]:
        return await self._run(read_page, layout, html, url)

    async def _run(self, fn: Any, *args: Any) -> Any:
        pool = self.pool
        if pool is not None:
            try:
                future = pool.submit(fn, *args)
            except (BrokenProcessPool, RuntimeError) as exc:  # broken, or shut down
                self._lost(exc)
            else:
                try:
                    return await asyncio.wrap_future(future)
                except BrokenProcessPool as exc:  # every read waiting on the pool gets this
                    self._lost(exc)
        return fn(*args)

    def _lost(self, exc: BaseException) -> None:
        if self.pool is not None:
            logger.warning("parse workers stopped (%s); reading in the crawl's thread from now on", exc)
            self.close()

    def close(self, wait: bool = False) -> None:
        """Stop the workers; ``wait``: until they have exited (and are reaped)."""
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=wait)


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its exited children (the parse workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime
