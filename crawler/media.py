"""Media for archivists (opt-in): page PDFs, page images and article pictures, stored by content hash.

``EPAPER_MEDIA=pdf,page_image,images`` (any of them) makes :class:`MediaPipeline`, a Scrapy
FilesPipeline, download each Page's ``pdf_url`` and ``image_url`` and each Article's pictures
through the crawl's own downloader (same politeness, retries and mirror), into the archive folder
under their SHA-256::

    <EPAPER_ARCHIVE>/media/3f/3f9c…e1.pdf

and record the path (relative to the archive folder) on the item: ``Page.pdf_file``,
``Page.image_file``, ``Image.file`` and ``Image.sha``. ``media/index.jsonl`` maps each URL to its
file, so a rerun (or a re-parse) fills the fields without downloading anything twice, and two
URLs of the same picture share one file. A failed download is counted (``epaper/media/failed``)
and listed in its edition's ``media_failures`` ({url, kind, reason}); the article itself is stored
all the same.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import mimetypes
import os
import threading
from collections import defaultdict
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http.request import NO_CALLBACK
from scrapy.pipelines.files import FilesPipeline
from scrapy.pipelines.media import FileException

from .archive import SKIP_META, archive_root
from .items import edition_key
from .urls import Mirror

logger = logging.getLogger(__name__)

KINDS = ("pdf", "page_image", "images")
INDEX = "media/index.jsonl"


def media_kinds(value: Any) -> set[str]:
    """The kinds ``EPAPER_MEDIA`` asks for; ValueError naming an unknown one."""
    if isinstance(value, (list, tuple, set)):
        parts = [str(v) for v in value]
    else:
        parts = str(value or "").split(",")
    kinds = {p.strip() for p in parts if p.strip()}
    unknown = kinds - set(KINDS) - {"all"}
    if unknown:
        raise ValueError(f"EPAPER_MEDIA: unknown kind {sorted(unknown)[0]!r} (use {', '.join(KINDS)})")
    return set(KINDS) if "all" in kinds else kinds


class MediaIndex:
    """URL → (path, sha256) of every media file downloaded into one archive folder (append-only)."""

    def __init__(self, root: Path):
        self.path = root / INDEX
        self.files: dict[str, tuple[str, str]] = {}
        self._lock = threading.Lock()
        if self.path.is_file():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    row = json.loads(line)
                    self.files[row["url"]] = (row["path"], row["sha256"])
                except (ValueError, KeyError):
                    continue  # a line torn by a crash

    def get(self, url: str, root: Path) -> tuple[str, str] | None:
        found = self.files.get(url)
        return found if found and (root / found[0]).is_file() else None

    def add(self, url: str, path: str, sha: str) -> None:
        with self._lock:
            self.files[url] = (path, sha)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            line = json.dumps({"url": url, "path": path, "sha256": sha}, ensure_ascii=False) + "\n"
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)


def _wanted(item: Any, kinds: set[str]) -> list[tuple[str, str]]:
    """(kind, url) of the media an item has, of the kinds asked for."""
    found: list[tuple[str, str]] = []
    if item.kind == "page":
        if "pdf" in kinds and item.pdf_url:
            found.append(("pdf", item.pdf_url))
        if "page_image" in kinds and item.image_url:
            found.append(("page_image", item.image_url))
    elif item.kind == "article" and "images" in kinds:
        found.extend(("images", image.url) for image in item.images if image.url)
    return list(dict.fromkeys(found))


def _record(item: Any, kind: str, url: str, path: str, sha: str) -> None:
    if kind == "pdf" and item.pdf_url == url:
        item.pdf_file = path
    elif kind == "page_image" and item.image_url == url:
        item.image_file = path
    elif kind == "images":
        for image in item.images:
            if image.url == url:
                image.file, image.sha = path, sha


class MediaPipeline(FilesPipeline):
    """FilesPipeline over Page and Article items (order 350: before the store writes them)."""

    def __init__(self, root: Path, kinds: set[str], *, crawler: Any):
        super().__init__(str(root), crawler=crawler)
        self.root = root
        self.kinds = kinds
        self.replay = crawler.settings.getbool("EPAPER_REPLAY")
        self.index = MediaIndex(root)
        self.mirror = crawler.settings.get("EPAPER_MIRROR") or ""
        self._pending: dict[int, list[tuple[str, str]]] = {}
        self._waiting: dict[str, list[asyncio.Future]] = defaultdict(list)
        self.failures: dict[str, list[dict[str, str]]] = defaultdict(list)

    @classmethod
    def from_crawler(cls, crawler: Any) -> MediaPipeline:
        root = archive_root(crawler.settings)
        try:
            kinds = media_kinds(crawler.settings.get("EPAPER_MEDIA"))
        except ValueError as exc:
            raise NotConfigured(str(exc)) from None
        if root is None:
            if kinds:
                logger.warning("EPAPER_MEDIA needs the archive folder; EPAPER_ARCHIVE is off, no media downloaded")
            raise NotConfigured
        if not kinds and not (root / INDEX).is_file():
            raise NotConfigured  # nothing asked for, nothing downloaded before
        return cls(root, kinds, crawler=crawler)

    # ----- items ----------------------------------------------------------------------------
    async def process_item(self, item: Any, spider: Any = None) -> Any:
        kind = getattr(item, "kind", "")
        if kind == "edition":
            for waiter in self._waiting.pop(item.id, []):
                await waiter
            item.media_failures = item.media_failures + self.failures.pop(item.id, [])
            return item
        if kind not in ("page", "article"):
            return item
        todo = []
        for media, url in _wanted(item, set(KINDS)):
            known = self.index.get(url, self.root)
            if known:
                _record(item, media, url, *known)
                if media in self.kinds:
                    self.crawler.stats.inc_value("epaper/media/known")
            elif media in self.kinds and not self.replay:
                todo.append((media, url))
        if not todo:
            return item
        edition = edition_key(item.paper, item.date)
        waiter = asyncio.get_running_loop().create_future()
        self._waiting[edition].append(waiter)
        self._pending[id(item)] = todo
        try:
            return await super().process_item(item)
        finally:
            self._pending.pop(id(item), None)
            if not waiter.done():
                waiter.set_result(None)

    def get_media_requests(self, item: Any, info: Any) -> list[Request]:
        return [self._request(media, url, item) for media, url in self._pending.get(id(item), [])]

    def _request(self, media: str, url: str, item: Any) -> Request:
        spider = self.crawler.spider
        mirrors = getattr(spider, "mirrors", {}) or {}
        mirror = mirrors.get(item.paper) or mirrors.get("") or (Mirror(self.mirror) if self.mirror else None)
        fetch = mirror.fetch_url(url) if mirror else url
        return Request(fetch, callback=NO_CALLBACK, meta={"real_url": url, SKIP_META: True, "epaper_media": media})

    def media_to_download(self, request: Request, info: Any, *, item: Any = None) -> None:
        return None  # what is already stored never gets here: process_item filled it from the index

    async def media_downloaded(self, response: Any, request: Request, info: Any, *, item: Any = None) -> Any:
        if response.status != 200:
            raise FileException(f"HTTP {response.status}")
        return await super().media_downloaded(response, request, info, item=item)

    def media_failed(self, failure: Any, request: Request, info: Any) -> Any:
        """Fail with the reason itself ("HTTP 404", "TimeoutError: …"), for the edition's record."""
        if isinstance(failure.value, IgnoreRequest):
            return super().media_failed(failure, request, info)
        reason = str(failure.value) if isinstance(failure.value, FileException) else \
            f"{type(failure.value).__name__}: {failure.value}"
        logger.debug("media %s failed: %s", request.url, reason)
        raise FileException(reason) from failure.value

    def item_completed(self, results: list[tuple[bool, Any]], item: Any, info: Any) -> Any:
        for (media, url), (ok, value) in zip(self._pending.get(id(item), []), results):
            if ok:
                _record(item, media, url, value["path"], value["checksum"])
                continue
            reason = str(getattr(value, "value", value)) or type(getattr(value, "value", value)).__name__
            self.crawler.stats.inc_value("epaper/media/failed")
            logger.warning("media %s %s failed: %s (%s %s is stored all the same)", media, url, reason, item.kind, item.url)
            self.failures[edition_key(item.paper, item.date)].append({"url": url, "kind": media, "reason": reason})
        return item

    # ----- files ------------------------------------------------------------------------------
    def file_path(self, request: Request, response: Any = None, info: Any = None, *, item: Any = None) -> str:
        """``media/<sha[:2]>/<sha256><ext>``: the content names the file."""
        sha = hashlib.sha256(response.body).hexdigest() if response is not None else "unknown"
        return f"media/{sha[:2]}/{sha}{_extension(request, response)}"

    async def file_downloaded(self, response: Any, request: Request, info: Any, *, item: Any = None) -> str:
        sha = hashlib.sha256(response.body).hexdigest()
        path = self.file_path(request, response=response, info=info, item=item)
        if not (self.root / path).is_file():
            from io import BytesIO

            self.store.persist_file(path, BytesIO(response.body), info)
            self.crawler.stats.inc_value("epaper/media/downloaded")
            self.crawler.stats.inc_value("epaper/media/bytes", len(response.body))
        else:
            self.crawler.stats.inc_value("epaper/media/same_content")
        self.index.add(request.meta.get("real_url") or request.url, path, sha)
        return sha


def _extension(request: Request, response: Any) -> str:
    suffix = PurePosixPath(urlsplit(request.meta.get("real_url") or request.url).path).suffix.lower()
    if suffix in mimetypes.types_map and len(suffix) <= 6:
        return suffix
    if response is not None:
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").split(";")[0].strip()
        guessed = mimetypes.guess_extension(content_type) if content_type else None
        if guessed:
            return guessed
    return ""
