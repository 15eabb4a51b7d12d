"""Batched, acknowledged store writes off the caller's thread, retried while the server is away.

Every store call runs on one background thread, so the crawl's reactor never waits for the
database and the writes keep their order (articles before pages before editions). Items wait
in memory until the store acknowledged them; a batch is written when it is full, a short
``linger`` after its first item, or when asked (an edition's record needs its articles first).
While the server is unreachable a call is retried with backoff for ``retry_seconds``; after that
the store is given up on (:class:`StoreUnavailable`) and every pending item is reported as not
stored, never silently forgotten. A server that refuses the credentials is given up on at once.

No Scrapy here: the store pipeline wraps it with stats, the ledger and the crawl's shutdown.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from pymongo.errors import ConnectionFailure, OperationFailure, PyMongoError

from ..items import Item
from .base import short_error
from .documents import to_document
from .writes import WriteResult

logger = logging.getLogger(__name__)
T = TypeVar("T")
ORDER = ("article", "page", "edition")
_AUTH_FAILED = {18, 13}  # AuthenticationFailed, Unauthorized


class StoreUnavailable(RuntimeError):
    """The store could not be reached (or refused us) for longer than the retry budget."""


@dataclass
class Batch:
    """What one flush wrote: per kind, the items and the store's answer."""

    written: dict[str, tuple[list[Item], WriteResult]]
    refused: list[tuple[Item, str]]  # items the server refused, with its reason


def _transient(exc: PyMongoError) -> bool:
    """Worth retrying: the server is away or busy, not refusing us."""
    if isinstance(exc, OperationFailure):
        return exc.code not in _AUTH_FAILED and bool(exc.has_error_label("RetryableWriteError"))
    return isinstance(exc, ConnectionFailure)


class StoreWriter:
    """Pending items, their batches, and the one thread every store call runs on."""

    def __init__(self, connect: Callable[[], Any], *, describe: str, batch_size: int = 100,
                 retry_seconds: float = 60.0, linger: float = 0.25, max_pending: int = 200,
                 after_write: Callable[[Any, str, list[dict[str, Any]]], int] | None = None, diff: bool = False,
                 owns_store: bool = True):
        self._connect = connect
        self.describe = describe
        self.batch_size = batch_size
        self.retry_seconds = retry_seconds
        self.linger = linger
        self.max_pending = max(max_pending, batch_size)
        # (store, kind, documents just written new or changed) -> links made; runs on the thread
        self.after_write = after_write
        self.owns_store = owns_store  # close the store at close() (not when it is shared)
        self.diff = diff  # count changed fields of updated documents (re-parse wants to know)
        # Told, on the caller's loop, of every acknowledged batch, and of giving up on the store
        # (again for each call that fails after it: drop_pending() then holds its items).
        self.on_batch: Callable[[Batch], None] = lambda batch: None
        self.on_unavailable: Callable[[str], None] = lambda reason: None
        self.store: Any = None
        self.failed = ""
        self.retries = 0
        self.outage_seconds = 0.0
        self.links = 0
        self.link_errors = 0
        self._pending: dict[str, list[Item]] = {kind: [] for kind in ORDER}
        self._lost: list[Item] = []  # taken for a write the store never acknowledged
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="epaper-store")
        self._lock = asyncio.Lock()
        self._timer: asyncio.TimerHandle | None = None
        self._room = asyncio.Event()
        self._room.set()

    # ----- the thread -------------------------------------------------------------------------
    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(store, *args)`` on the store thread, retried while the server is away."""
        return await self._call(fn, args, [])

    async def _call(self, fn: Callable[..., T], args: tuple[Any, ...], taken: list[Item]) -> T:
        """As :meth:`call`; ``taken`` are items this call writes, kept for reporting if it never succeeds."""
        try:
            if self.failed:
                raise StoreUnavailable(self.failed)
            return await asyncio.get_running_loop().run_in_executor(self._thread, self._retrying, fn, args)
        except StoreUnavailable as exc:
            self._lost.extend(taken)
            self.failed = self.failed or str(exc)
            self.on_unavailable(self.failed)  # every time: whatever was just given up is reported
            raise

    def _retrying(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        started = None
        delay = 0.25
        while True:
            if self.failed:  # given up while this call waited for the thread: no budget of its own
                raise StoreUnavailable(self.failed)
            try:
                if self.store is None:
                    self.store = self._connect()
                result = fn(self.store, *args)
                if started is not None:
                    self.outage_seconds += time.monotonic() - started
                return result
            except PyMongoError as exc:
                reason = short_error(exc)
                if not _transient(exc):
                    if isinstance(exc, OperationFailure) and exc.code in _AUTH_FAILED:
                        raise StoreUnavailable(f"the store refused the credentials ({self.describe}): {reason}") from None
                    raise
                now = time.monotonic()
                started = started if started is not None else now
                if now - started >= self.retry_seconds:
                    self.outage_seconds += now - started
                    raise StoreUnavailable(
                        f"the store did not answer for {now - started:.0f} s ({self.describe}): {reason}") from None
                self.retries += 1
                if self.retries == 1 or self.retries % 10 == 0:
                    logger.warning("store unreachable (%s), retrying: %s", self.describe, reason)
                time.sleep(min(delay, max(0.0, self.retry_seconds - (now - started))))
                delay = min(delay * 2, 4.0)

    # ----- items ------------------------------------------------------------------------------
    @property
    def pending(self) -> int:
        return sum(len(items) for items in self._pending.values())

    async def add(self, item: Item) -> None:
        """Queue an item for the next batch; waits only when too many are pending (back-pressure).

        StoreUnavailable once the store was given up on: the item is the caller's to report."""
        while self.pending >= self.max_pending and not self.failed:
            self._room.clear()
            self._schedule(0)
            await self._room.wait()
        if self.failed:
            raise StoreUnavailable(self.failed)
        self._pending[item.kind].append(item)
        if len(self._pending[item.kind]) >= self.batch_size:
            self._schedule(0)
        elif self._timer is None:
            self._schedule(self.linger)

    def _schedule(self, delay: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(delay, lambda: asyncio.ensure_future(self._flush_in_background()))

    async def _flush_in_background(self) -> None:
        try:
            await self.flush()
        except StoreUnavailable:
            pass  # the pipeline reads ``failed`` and stops the crawl
        except Exception:  # noqa: BLE001 — a background flush must report, not vanish
            logger.exception("store flush failed")

    async def flush(self) -> Batch | None:
        """Write everything pending (articles, then pages, then editions); the store's answer."""
        async with self._lock:
            self._timer = None
            taken = {kind: items for kind, items in self._pending.items()}
            self._pending = {kind: [] for kind in ORDER}
            self._room.set()
            if not any(taken.values()):
                return None
            items = [item for kind in ORDER for item in taken[kind]]
            try:
                batch = await self._call(self._write_all, (taken,), items)
            except PyMongoError as exc:
                # Refused as a whole, not for want of a server (that is retried, then StoreUnavailable):
                # every item is reported with the server's reason, so that no edition waits for them.
                reason = f"store: {short_error(exc)}"
                logger.error("the store refused a batch of %d item(s) (%s): %s", len(items), self.describe, reason)
                batch = Batch({}, [(item, reason) for item in items])
            self.on_batch(batch)
            return batch

    def _write_all(self, store: Any, taken: dict[str, list[Item]]) -> Batch:
        """On the store thread: documents built, written kind by kind, duplicates linked."""
        batch = Batch({}, [])
        for kind in ORDER:
            items = taken[kind]
            if not items:
                continue
            docs = [to_document(item) for item in items]
            result = store.write(kind, docs, diff=self.diff)
            if result.refused:
                batch.refused.extend((item, f"store: {result.refused[item.id]}") for item in items
                                     if item.id in result.refused)
                items = [item for item in items if item.id not in result.refused]
            batch.written[kind] = (items, result)
            if kind == "article" and self.after_write is not None:
                changed = set(result.new + result.updated)
                if changed:
                    self._link(store, kind, [d for d in docs if d["_id"] in changed])
        return batch

    def _link(self, store: Any, kind: str, docs: list[dict[str, Any]]) -> None:
        """Duplicate linking after a write: its failure is logged and counted, and does not undo
        the write (the articles are stored; a later write of them links them again)."""
        try:
            self.links += self.after_write(store, kind, docs)
        except PyMongoError as exc:
            if _transient(exc):
                raise
            self.link_errors += 1
            logger.error("duplicate linking of %d stored article(s) failed (%s): %s", len(docs), self.describe,
                         short_error(exc))

    def drop_pending(self) -> list[Item]:
        """Give up on what was never written (the store is gone): the items, to be reported."""
        items = self._lost + [item for kind in ORDER for item in self._pending[kind]]
        self._lost = []
        self._pending = {kind: [] for kind in ORDER}
        self._room.set()
        return items

    async def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        store, self.store = self.store, None
        if store is not None and self.owns_store:
            await asyncio.get_running_loop().run_in_executor(self._thread, store.close)
        self._thread.shutdown(wait=False)
