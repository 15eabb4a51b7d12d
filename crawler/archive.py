"""The raw archive: every fetched document as WARC records, and reading them back.

Every response the spider receives (edition entries, pages, articles, redirects, error bodies)
is written as a WARC request/response record pair with warcio, gzip-compressed, one gzip member
per record, into one file per paper and edition date::

    <EPAPER_ARCHIVE>/xinyang/2020/xinyang-2020-01-27.warc.gz

``WARC-Target-URI`` is the page's real address even when it was fetched from a mirror (the
mirror address is kept in ``Epaper-Fetch-URI``); ``WARC-Date`` is the moment the fetch began.
Files are only ever appended to: a later run adds its records (after a ``warcinfo`` record of
its own) and never rewrites earlier ones. Each record pair is ``fsync``-ed before the response
goes on to the spider (records that arrive together share one write and one fsync per file), so
whatever the store holds has its source on disk, and a crawl killed at any moment leaves files
every WARC reader opens. (A write torn by a power cut is cut off, with a warning, the next time a
run appends to that file. A damaged record with whole records after it is never cut: the run
appends after it, and :func:`read_responses` skips it with a warning and reads on.)

This module knows nothing of MongoDB. Hooks into Scrapy:

* :class:`ArchiveMiddleware`, a downloader middleware, writes the records;
* :class:`ArchiveSourceMiddleware`, a spider middleware, sets ``archive`` (the file, relative
  to the archive folder) on each Page and Article produced from an archived response;
* :class:`ArchiveIndex` finds the archived response of a URL (for :mod:`crawler.replay`).
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urljoin, urlsplit

from scrapy import signals
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParserException
from warcio.warcwriter import WARCWriter

from .urls import date_from_url, site_key

logger = logging.getLogger(__name__)

# request.meta / response.meta key: the archive file (relative to the archive folder) of a response.
ARCHIVE_META = "epaper_archive"
# request.meta key set on requests that must not be archived (media files are stored by hash).
SKIP_META = "epaper_no_archive"
FETCH_URI = "Epaper-Fetch-URI"
SOFTWARE = "epaper-crawler (Scrapy, warcio)"
_UNSAFE = re.compile(r"[^\w.\-]+")


# ----- where things go ----------------------------------------------------------------------------
def archive_root(settings: Any) -> Path | None:
    """The archive folder the settings select; None when the archive is off.

    ``EPAPER_ARCHIVE`` unset: ``archive/`` beside the embedded store's data folder
    (``data/archive`` for the default ``data/mongo``); set but empty: no archive.
    """
    value = settings.get("EPAPER_ARCHIVE")
    if value is None:
        from .store import embedded_path

        data = embedded_path(settings.get("EPAPER_EMBEDDED_PATH") or "", settings.get("EPAPER_HOME") or "")
        return Path(data).resolve().parent / "archive"
    value = str(value).strip()
    return Path(value).resolve() if value else None


def paper_folder(paper: str) -> str:
    """A paper key as a folder name (keys of unregistered papers contain ``/``)."""
    return _UNSAFE.sub("_", paper.strip("/")) or "unknown"


def archive_name(paper: str, day: str) -> str:
    """The file of one paper's edition date, relative to the archive folder."""
    folder = paper_folder(paper)
    if not day:
        return f"{folder}/{folder}-undated.warc.gz"
    return f"{folder}/{day[:4]}/{folder}-{day}.warc.gz"


def map_mirror(fetched: str, real: str, other: str) -> str:
    """The real address of ``other``, fetched from the same mirror as ``fetched`` (real: ``real``).

    A mirror replaces a URL's beginning and keeps its end (the path); the common end of
    ``fetched`` and ``real``, taken from a ``/``, tells which beginning stands for which.
    """
    if fetched == real:
        return other
    n = 0
    while n < min(len(fetched), len(real)) and fetched[-1 - n] == real[-1 - n]:
        n += 1
    tail = fetched[len(fetched) - n:]
    cut = tail.find("/")
    if cut < 0:
        return other
    fetch_head, real_head = fetched[: len(fetched) - n + cut], real[: len(real) - n + cut]
    return real_head + other[len(fetch_head):] if other.startswith(fetch_head) else other


def target_uri(request: Any) -> str:
    """The real address of what ``request`` fetches (``meta["real_url"]``, followed through
    HTTP redirects and mirrors), else its URL."""
    real = request.meta.get("real_url")
    if not real:
        return request.url
    redirects = request.meta.get("redirect_urls")
    if not redirects:
        return real
    return map_mirror(redirects[0], real, request.url)


def edition_of(request: Any, target: str) -> tuple[str, str]:
    """(paper key, edition date) of a request, from the spider's ``cb_kwargs``; the date falls
    back to the one in the URL, the paper to the site's key (as for unregistered papers)."""
    kwargs = request.cb_kwargs or {}
    paper, day = kwargs.get("paper_key") or "", kwargs.get("day") or ""
    edition = kwargs.get("edition") or ""
    if edition and ":" in edition:
        paper_part, _, day_part = edition.rpartition(":")
        paper, day = paper or paper_part, day or day_part
    if not day:
        found = date_from_url(target)
        day = found.isoformat() if found else ""
    if not paper and urlsplit(target).scheme in ("http", "https", "file"):
        paper = site_key(target)
    return paper, day


def archive_line(env: dict[str, str]) -> str:
    """The demo's summary line: where the sample edition's WARC file is (or that the archive is off)."""
    from .sample import SAMPLE_DATE, SAMPLE_PAPER

    root = archive_root({"EPAPER_ARCHIVE": env.get("EPAPER_ARCHIVE"), "EPAPER_EMBEDDED_PATH": env.get("EPAPER_EMBEDDED_PATH")})
    if root is None:
        return "archive: off (EPAPER_ARCHIVE is empty)"
    path = root / archive_name(SAMPLE_PAPER, SAMPLE_DATE)
    size = f"{path.stat().st_size:,} bytes of WARC records" if path.is_file() else "not written"
    return f"archive: {path} ({size}; epaper reparse rebuilds the edition from it)"


# ----- gzip members -------------------------------------------------------------------------------
_CHUNK = 1 << 16  # bytes read (and inflated) at a time: scanning holds about this much of a file
_MAGIC = b"\x1f\x8b\x08"
_WARC = b"WARC/"
# What one gzip member is: a whole record, damaged (it ends, but fails its CRC or is no WARC
# record), broken (it does not inflate), or cut short by the end of the file.
_RECORD, _DAMAGED, _BROKEN, _SHORT = "record", "damaged", "broken", "short"
_TORN = "torn"  # a stretch: the torn last record an interrupted write leaves
# What warcio raises on a member that inflates but is no WARC record.
_NOT_A_RECORD = (ArchiveLoadFailed, StatusAndHeadersParserException, StopIteration, ValueError)


class _Window:
    """The first ``size`` bytes of an open file, read in chunks of about ``_CHUNK`` bytes."""

    def __init__(self, fh: BinaryIO, size: int):
        self.fh, self.size = fh, size
        self.base, self.buf = 0, b""

    def at(self, pos: int, least: int = 1) -> memoryview:
        """The bytes from ``pos``: at least ``least`` of them unless the window ends first."""
        off = pos - self.base
        if off < 0 or off + least > len(self.buf):
            want = min(max(least, _CHUNK), self.size - pos)
            self.fh.seek(pos)
            self.buf, self.base, off = self.fh.read(want) if want > 0 else b"", pos, 0
        return memoryview(self.buf)[off:]


def _header_length(head: memoryview) -> int | None:
    """The length of the gzip member header ``head`` starts with (more than ``len(head)`` when it
    runs past it), or None when it is not one."""
    fixed = bytes(head[:10])
    if len(fixed) < 10:
        return len(fixed) + 1 if _MAGIC.startswith(fixed[:3]) else None
    flags = fixed[3]
    if fixed[:3] != _MAGIC or flags & 0xE0:
        return None
    n, data = 10, bytes(head) if flags & 0x1C else fixed
    if flags & 0x04:  # FEXTRA
        if n + 2 > len(data):
            return len(data) + 1
        n += 2 + int.from_bytes(data[n:n + 2], "little")
    for bit in (0x08, 0x10):  # FNAME, FCOMMENT
        if flags & bit:
            zero = data.find(b"\0", n)
            if zero < 0:
                return max(n, len(data)) + 1
            n = zero + 1
    return n + (2 if flags & 0x02 else 0)  # FHCRC


def _member(w: _Window, start: int, keep: bool = False) -> tuple[str, int, bytes]:
    """(state, end, data) of the gzip member at ``start``, inflated in bounded steps; ``data``
    (the WARC record's bytes) only for a whole record and with ``keep``."""
    head = w.at(start, 10)
    n = _header_length(head)
    if n is not None and n > len(head):
        head = w.at(start, _CHUNK)
        n = _header_length(head)
    if n is None:
        return _BROKEN, start, b""
    if n > len(head):
        return (_SHORT if start + len(head) >= w.size else _BROKEN), start, b""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pending: bytes | memoryview = head[n:]
    fed = start + len(head)  # the file offset after the last byte handed to the inflater
    crc = length = 0
    first, parts = b"", []
    while not inflater.eof:
        if not pending and fed < w.size:
            pending = w.at(fed)
            fed += len(pending)
        try:
            out = inflater.decompress(pending, _CHUNK)
        except zlib.error:
            return _BROKEN, start, b""
        pending = inflater.unconsumed_tail
        if not out and not pending and fed >= w.size and not inflater.eof:
            return _SHORT, start, b""
        if len(first) < len(_WARC):
            first += out[:len(_WARC) - len(first)]
            if not _WARC.startswith(first):
                return _BROKEN, start, b""  # inflates, but not to a WARC record
        crc, length = zlib.crc32(out, crc), length + len(out)
        if keep:
            parts.append(out)
    end = fed - len(inflater.unused_data)  # where the deflate data ends and the trailer begins
    trailer = bytes(w.at(end, 8)[:8])
    if len(trailer) < 8:
        return _SHORT, start, b""
    if first != _WARC or trailer != (crc.to_bytes(4, "little") + (length & 0xFFFFFFFF).to_bytes(4, "little")):
        return _DAMAGED, end + 8, b""
    return _RECORD, end + 8, b"".join(parts)


def _next_record(w: _Window, pos: int) -> int | None:
    """The offset of the first whole record member at or after ``pos``, if any."""
    while pos < w.size:
        chunk = bytes(w.at(pos, _CHUNK))
        found = chunk.find(_MAGIC)
        while found >= 0:
            if _member(w, pos + found)[0] == _RECORD:
                return pos + found
            found = chunk.find(_MAGIC, found + 1)
        if pos + len(chunk) >= w.size:
            return None
        pos += max(len(chunk) - len(_MAGIC) + 1, 1)
    return None


def _torn(w: _Window, start: int, state: str) -> bool:
    """Whether the bytes from ``start`` (a member of ``state``, no whole record after it) to the
    end are what an interrupted write leaves: the beginning of a member, perhaps followed by zeros
    the file system had not yet filled."""
    if state != _BROKEN:
        return state == _SHORT
    end = w.size
    while end > start:
        low = max(start, end - _CHUNK)
        kept = bytes(w.at(low, end - low)[:end - low]).rstrip(b"\0")
        if kept:
            end = low + len(kept)
            break
        end = low
    return end == start or _member(_Window(w.fh, end), start)[0] == _SHORT


def _stretches(w: _Window, keep: bool = False) -> Iterator[tuple[str, int, int, bytes]]:
    """(kind, start, end, data) of a file's stretches in order: each whole record (its data with
    ``keep``), each damaged stretch up to the next whole record, and a torn last record."""
    pos = 0
    while pos < w.size:
        state, end, data = _member(w, pos, keep)
        if state == _RECORD:
            yield state, pos, end, data
            pos = end
            continue
        found = _next_record(w, pos + 1)  # a damaged member's own end may be wrong: look for the next record
        if found is None:
            yield (_TORN if _torn(w, pos, state) else _DAMAGED), pos, w.size, b""
            return
        yield _DAMAGED, pos, found, b""
        pos = found


@dataclass(frozen=True)
class ArchiveCheck:
    """What a scan of an archive file found."""

    size: int
    complete: int  # the bytes to keep: the size, or where a torn last record begins
    damaged: list[tuple[int, int]]  # (start, end) of each damaged stretch before it


def check_file(path: Path) -> ArchiveCheck:
    """Scan an archive file member by member, in bounded memory."""
    with path.open("rb") as fh:
        w = _Window(fh, os.fstat(fh.fileno()).st_size)
        complete, damaged = w.size, []
        for kind, start, end, _ in _stretches(w):
            if kind == _TORN:
                complete = start
            elif kind == _DAMAGED:
                damaged.append((start, end))
    return ArchiveCheck(w.size, complete, damaged)


def complete_length(path: Path) -> int:
    """How many leading bytes of an archive file to keep: all of them, unless the file ends in a
    torn record (then where it begins). A damaged record with whole records after it is kept."""
    return check_file(path).complete


# ----- writing ------------------------------------------------------------------------------------
def _headers(headers: Any) -> list[tuple[str, str]]:
    """Scrapy headers as (name, value) text pairs; Transfer-Encoding is renamed because Scrapy
    hands over the body already de-chunked."""
    pairs = []
    for name, values in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        if key.lower() == "transfer-encoding":
            key = "X-Archive-Orig-Transfer-Encoding"
        for value in values:
            pairs.append((key, value.decode("latin-1") if isinstance(value, bytes) else str(value)))
    return pairs


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record_pair(request: Any, response: Any, target: str, fetched_at: float) -> bytes:
    """The gzip-compressed WARC request and response records of one fetch, as bytes."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    warc_headers = {"WARC-Date": _iso(fetched_at)}
    if target != response.url:
        warc_headers[FETCH_URI] = response.url
    if getattr(response, "ip_address", None) is not None:
        warc_headers["WARC-IP-Address"] = str(response.ip_address)
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:  # a status code the standard does not name
        reason = ""
    protocol = getattr(response, "protocol", None) or "HTTP/1.1"
    http = StatusAndHeaders(f"{response.status} {reason}".strip(), _headers(response.headers), protocol=protocol)
    resp = writer.create_warc_record(target, "response", payload=io.BytesIO(response.body), http_headers=http,
                                     warc_headers_dict=dict(warc_headers))
    parts = urlsplit(target)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    req_headers = [("Host", parts.netloc), *_headers(request.headers)]
    # Scrapy speaks HTTP/1.1 whatever the server answers with.
    req_http = StatusAndHeaders(f"{request.method} {path} HTTP/1.1", req_headers, is_http_request=True)
    req = writer.create_warc_record(target, "request", payload=io.BytesIO(request.body or b""),
                                    http_headers=req_http, warc_headers_dict=dict(warc_headers))
    writer.write_request_response_pair(req, resp)
    return out.getvalue()


def warcinfo(filename: str, info: dict[str, str]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    writer.write_record(writer.create_warcinfo_record(filename, {"software": SOFTWARE, "format": "WARC File Format 1.1",
                                                                 **info}))
    return out.getvalue()


class ArchiveWriter:
    """Appends records to archive files durably (write, then fsync), from one thread.

    Group commit: whatever was submitted while the thread wrote the last round is written in the
    next, file by file, each file with one ``write`` and one ``fsync``, and only then is each
    submitter told its record is on disk. A busy crawl pays one fsync per file per round instead
    of one per record; nobody is told "durable" before the fsync that covers their bytes.
    """

    def __init__(self, root: Path, info: dict[str, str] | None = None):
        self.root = root
        self.info = info or {}
        self._opened: set[str] = set()
        self._queue: list[tuple[str, Callable[[], bytes], Future]] = []
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False
        self.bytes_written = 0
        self.syncs = 0  # fsync calls on archive files
        self.repaired: list[str] = []  # files whose torn last record was cut off
        self.damaged: list[str] = []  # files found with damaged records (kept)

    def submit(self, name: str, build: Callable[[], bytes]) -> Future:
        """Queue the record bytes ``build()`` makes (on the writer thread) for the file ``name``.

        The future's result is the bytes written for it (a run's first write to a file adds its
        warcinfo record), set once they are fsync-ed; its exception, if building or writing failed."""
        future: Future = Future()
        with self._wake:
            if self._closed:
                raise RuntimeError("the archive writer is closed")
            self._queue.append((name, build, future))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="epaper-archive", daemon=True)
                self._thread.start()
            self._wake.notify()
        return future

    def append(self, name: str, data: bytes) -> int:
        """Append ``data`` (whole gzip members) to the file ``name``; durable when it returns."""
        return self.submit(name, lambda: data).result()

    def close(self) -> None:
        """Write what is queued, then stop the thread."""
        with self._wake:
            self._closed = True
            thread = self._thread
            self._wake.notify()
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._queue and not self._closed:
                    self._wake.wait()
                if not self._queue:
                    return
                batch, self._queue = self._queue, []
            files: dict[str, list[tuple[Callable[[], bytes], Future]]] = {}
            for name, build, future in batch:
                files.setdefault(name, []).append((build, future))
            for name, records in files.items():
                self._write_file(name, records)

    def _write_file(self, name: str, records: list[tuple[Callable[[], bytes], Future]]) -> None:
        """One round's records of one file: built, written with one write, fsync-ed once."""
        parts, waiting = [], []
        for build, future in records:
            try:
                parts.append(build())
            except Exception as exc:  # noqa: BLE001 — the submitter gets the error, the others go on
                future.set_exception(exc)
            else:
                waiting.append(future)
        if not waiting:
            return
        path = self.root / name
        try:
            head = b""
            if name not in self._opened:
                head = self._first_touch(path, name)
                self._opened.add(name)
            data = head + b"".join(parts)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
                self.syncs += 1
            finally:
                os.close(fd)
        except Exception as exc:  # noqa: BLE001 — a disk error is every waiting submitter's to report
            for future in waiting:
                future.set_exception(exc)
            return
        self.bytes_written += len(data)
        sizes = [len(part) for part in parts]
        sizes[0] += len(head)
        for future, size in zip(waiting, sizes, strict=True):
            future.set_result(size)

    def _first_touch(self, path: Path, name: str) -> bytes:
        """The warcinfo record this run starts its part of the file with; a new file's folder is
        synced so the file survives a crash, a torn last record (power cut) is cut off. A damaged
        record with whole ones after it is left as it is (readers skip it): cutting there would
        take the good records after it too."""
        if path.exists():
            found = check_file(path)
            if found.damaged:
                logger.warning("archive %s: %d damaged stretch(es) of %d bytes, the first at offset %d, left as they "
                               "are; readers skip them", name, len(found.damaged),
                               sum(end - start for start, end in found.damaged), found.damaged[0][0])
                self.damaged.append(name)
            if found.complete < found.size:
                logger.warning("archive %s: cutting off a torn last record (%d bytes)", name,
                               found.size - found.complete)
                os.truncate(path, found.complete)
                self.repaired.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        return warcinfo(path.name, self.info)


class ArchiveMiddleware:
    """Downloader middleware: every response, written to the archive before the spider sees it.

    Placed close to the downloader (order 950) so it sees each response as it came off the
    wire: redirects before RedirectMiddleware follows them, compressed bodies before
    HttpCompressionMiddleware decodes them, error statuses before HttpErrorMiddleware drops
    them. Only the spider's own requests (they carry ``meta["real_url"]``) are archived, not
    robots.txt or media files; responses answered from the archive (re-parse) are not written again.
    """

    def __init__(self, root: Path, stats: Any, info: dict[str, str]):
        self.writer = ArchiveWriter(root, info)
        self.stats = stats

    def close(self) -> None:
        self.writer.close()

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchiveMiddleware:
        from scrapy.exceptions import NotConfigured

        root = archive_root(crawler.settings)
        if root is None or crawler.settings.getbool("EPAPER_REPLAY"):
            raise NotConfigured  # off, or a re-parse (which reads the archive, never writes it)
        info = {"operator": crawler.settings.get("BOT_NAME", "epaper"),
                "robots": "obey" if crawler.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                "http-header-user-agent": crawler.settings.get("USER_AGENT", "")}
        middleware = cls(root, crawler.stats, info)
        crawler.signals.connect(middleware.close, signal=signals.spider_closed)
        return middleware

    async def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        if "real_url" not in request.meta or request.meta.get(SKIP_META) or "archive" in response.flags:
            return response  # not one of the spider's documents (robots.txt, media files) or a replay
        target = target_uri(request)
        paper, day = edition_of(request, target)
        name = archive_name(paper, day)
        latency = request.meta.get("download_latency") or 0.0
        # Built (gzip) and written on the archive's own thread, together with whatever other
        # responses arrived meanwhile; the response goes on once its record is fsync-ed.
        build = partial(record_pair, request, response, target, time.time() - latency)
        written = await asyncio.wrap_future(self.writer.submit(name, build))
        request.meta[ARCHIVE_META] = name
        self.stats.inc_value("epaper/archive/records")
        self.stats.inc_value("epaper/archive/bytes", written)
        self.stats.set_value("epaper/archive/syncs", self.writer.syncs)
        return response


class ArchiveSourceMiddleware(BaseSpiderMiddleware):
    """Spider middleware: Pages and Articles say which archive file holds their source."""

    def get_processed_item(self, item: Any, response: Any) -> Any:
        if getattr(item, "kind", "") in ("page", "article") and hasattr(item, "archive"):
            item.archive = response.meta.get(ARCHIVE_META, "") if response is not None else ""
        return item


# ----- reading ------------------------------------------------------------------------------------
@dataclass
class ArchivedResponse:
    """One archived response: what the server sent, and where it was fetched from."""

    target: str
    fetch_uri: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: str
    file: str

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")

    def location(self) -> str:
        """The redirect target as a real address (a mirror's Location mapped back)."""
        found = self.header("Location")
        if not found:
            return ""
        return map_mirror(self.fetch_uri, self.target, urljoin(self.fetch_uri, found))


def read_responses(path: Path, on_damage: Callable[[int, int], None] | None = None,
                   ) -> Iterator[tuple[int, ArchivedResponse]]:
    """Every response record of a WARC file with its offset, in file order.

    A damaged stretch (a record that fails its CRC or does not inflate, or a torn last record)
    is skipped with a warning and handed to ``on_damage(start, end)``; every whole record after
    it is still read. One record at a time is held in memory."""
    with path.open("rb") as fh:
        w = _Window(fh, os.fstat(fh.fileno()).st_size)
        for kind, start, end, data in _stretches(w, keep=True):
            if kind == _RECORD:
                try:
                    found = _response(data, path.name)
                except _NOT_A_RECORD:
                    kind = _DAMAGED
                else:
                    if found is not None:
                        yield start, found
                    continue
            logger.warning("archive %s: skipping %s at offset %d (%d bytes)", path.name,
                           "a torn last record" if kind == _TORN else "a damaged record", start, end - start)
            if on_damage is not None:
                on_damage(start, end)


def _response(data: bytes, file: str) -> ArchivedResponse | None:
    """The response a whole record member holds (None for other record types)."""
    record = next(iter(ArchiveIterator(io.BytesIO(data))))
    return _archived(record, file) if record.rec_type == "response" else None


def _archived(record: Any, file: str) -> ArchivedResponse:
    http = record.http_headers
    status = int(http.get_statuscode() or 0) if http else 200
    target = record.rec_headers.get_header("WARC-Target-URI")
    return ArchivedResponse(
        target=target, fetch_uri=record.rec_headers.get_header(FETCH_URI) or target, status=status,
        headers=list(http.headers) if http else [], body=record.content_stream().read(),
        fetched_at=record.rec_headers.get_header("WARC-Date") or "", file=file)


class ArchiveIndex:
    """Finds the archived response of a real URL in one paper-and-date file.

    When a URL was fetched several times the latest successful (2xx or 3xx) response wins, else
    the latest response of any status: a re-parse uses the best copy the archive holds.
    """

    def __init__(self, root: Path):
        self.root = root
        self._files: dict[str, dict[str, tuple[int, bool]]] = {}
        self._lock = threading.Lock()
        self.damaged = 0  # damaged stretches skipped in the files indexed so far

    def _index(self, name: str) -> dict[str, tuple[int, bool]]:
        with self._lock:
            if name in self._files:
                return self._files[name]
            found: dict[str, tuple[int, bool]] = {}
            path = self.root / name
            if path.is_file():
                for offset, resp in read_responses(path, self._count_damage):
                    good = 200 <= resp.status < 400
                    if good or not found.get(resp.target, (0, False))[1]:
                        found[resp.target] = (offset, good)
            self._files[name] = found
            return found

    def lookup(self, name: str, url: str) -> ArchivedResponse | None:
        entry = self._index(name).get(url)
        if entry is None:
            return None
        with (self.root / name).open("rb") as fh:
            state, _, data = _member(_Window(fh, os.fstat(fh.fileno()).st_size), entry[0], keep=True)
        if state != _RECORD:
            logger.warning("archive %s: the record of %s at offset %d is no longer whole", name, url, entry[0])
            return None
        return _response(data, name)

    def _count_damage(self, start: int, end: int) -> None:
        self.damaged += 1


@dataclass(frozen=True)
class ArchiveFile:
    paper: str
    day: str
    path: Path


_FILE = re.compile(r"^(?P<paper>.+)-(?P<day>\d{4}-\d{2}-\d{2})\.warc\.gz$")


def archive_files(root: Path, papers: Iterable[str] = (), start: str = "", end: str = "") -> list[ArchiveFile]:
    """The dated archive files under ``root`` (of ``papers`` if given, between two dates), sorted."""
    wanted = {paper_folder(p): p for p in papers}
    found = []
    for path in sorted(root.glob("*/*/*.warc.gz")):
        m = _FILE.match(path.name)
        folder = path.parent.parent.name
        if not m or m["paper"] != folder or (wanted and folder not in wanted):
            continue
        try:
            date.fromisoformat(m["day"])
        except ValueError:
            continue
        if (start and m["day"] < start) or (end and m["day"] > end):
            continue
        found.append(ArchiveFile(wanted.get(folder, folder), m["day"], path))
    return found
