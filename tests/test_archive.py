"""The raw archive: every response the spider received, as WARC records warcio reads back.

Real ``scrapy crawl`` runs against the fixture server; the WARC files are read with warcio's
ArchiveIterator and compared byte for byte with the files the server sent.
"""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import threading
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from conftest import ROOT, SITES, served_content_type
from crawler.archive import (ArchiveIndex, ArchiveWriter, archive_name, complete_length, map_mirror, read_responses,
                             record_pair)
from crawler.replay import NotInArchive, ReplayMiddleware

SAMPLE = "xinyang/2020/xinyang-2020-01-27.warc.gz"


def records(path: Path) -> list:
    """(type, target, WARC headers, HTTP headers, body) of every record; raises if the file is unreadable."""
    found = []
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            http = record.http_headers
            found.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI"), record.rec_headers,
                          http, record.content_stream().read()))
    return found


def responses(path: Path) -> list:
    return [r for r in records(path) if r[0] == "response"]


def fixture_bytes(target: str) -> tuple[str, bytes]:
    rel = target.split("://", 1)[1]
    return rel, (SITES / rel).read_bytes()


def test_warc_holds_every_response_byte_identical_under_its_real_url(crawl, site_server, store):
    result = crawl("paper=xinyang", "start=2020-01-26", "end=2020-01-27")
    assert result.returncode == 0, result.log[-2000:]
    path = crawl.archive / SAMPLE
    found = responses(path)
    # one response per request the server saw for that edition (8 pages, 26 articles)
    served = [h for h in site_server.hits("ribao.xyxww.com.cn/html/2020-01/27/")]
    assert len(found) == len(served) == 34
    for _, target, warc, http, body in found:
        assert target.startswith("https://ribao.xyxww.com.cn/html/2020-01/27/")
        rel, sent = fixture_bytes(target)
        assert body == sent, target
        assert http.get_statuscode() == "200"
        assert http.get_header("Content-Type") == served_content_type(rel)
        assert http.get_header("Content-Length") == str(len(sent))
        assert warc.get_header("Epaper-Fetch-URI") == site_server.base + rel
        assert warc.get_header("WARC-Date").startswith(time.strftime("%Y-"))
        assert warc.get_header("WARC-Payload-Digest").startswith("sha1:")
    requests = [r for r in records(path) if r[0] == "request"]
    assert sorted(r[1] for r in requests) == sorted(r[1] for r in found)
    assert all(r[3].protocol == "GET" and r[3].get_header("Host") == "ribao.xyxww.com.cn" for r in requests)
    assert records(path)[0][0] == "warcinfo"
    # the day without an edition: its 404 answer is archived too, error body and all
    (missing,) = responses(crawl.archive / "xinyang/2020/xinyang-2020-01-26.warc.gz")
    assert missing[1] == "https://ribao.xyxww.com.cn/html/2020-01/26/node_2.htm"
    assert missing[3].get_statuscode() == "404" and missing[4] == b"<html><body>404 Not Found</body></html>"
    # every stored page and article names the file holding its source
    assert {d["archive"] for d in store.articles.find({}, {"archive": 1})} == {SAMPLE}
    assert {d["archive"] for d in store.pages.find({}, {"archive": 1})} == {SAMPLE}
    assert result.stats["epaper/archive/records"] == 35
    assert result.stats["epaper/archive/bytes"] == path.stat().st_size + (
        crawl.archive / "xinyang/2020/xinyang-2020-01-26.warc.gz").stat().st_size


def test_later_runs_append_and_never_rewrite(crawl):
    first = crawl("paper=xinyang", "date=2020-01-27")
    assert first.returncode == 0
    path = crawl.archive / SAMPLE
    before = path.read_bytes()
    again = crawl("paper=xinyang", "date=2020-01-27", "refresh=1")
    assert again.returncode == 0
    after = path.read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    kinds = [r[0] for r in records(path)]
    assert kinds.count("warcinfo") == 2 and kinds.count("response") == 68


def test_empty_setting_turns_the_archive_off(crawl, store):
    result = crawl("paper=xinyang", "date=2020-01-27", settings={"EPAPER_ARCHIVE": ""})
    assert result.returncode == 0
    assert not crawl.archive.exists()
    assert store.articles.count_documents({}) == 26
    assert {d["archive"] for d in store.articles.find({}, {"archive": 1})} == {""}
    assert "epaper/archive/records" not in result.stats


def test_sigkill_mid_crawl_leaves_files_every_reader_opens(crawl, site_server):
    site_server.delay = 0.4  # article pages answer slowly, so the kill lands mid-edition
    cmd, _, _ = crawl.command("paper=xinyang", "date=2020-01-27", settings={"CONCURRENT_REQUESTS_PER_DOMAIN": "2"})
    proc = subprocess.Popen(cmd, cwd=ROOT, env=crawl.environment(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    path = crawl.archive / SAMPLE
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (path.exists() and len(site_server.hits("content_")) >= 4):
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    found = responses(path)  # warcio reads the whole file: no torn record
    assert 8 <= len(found) < 34
    for _, target, _, _, body in found:
        assert body == fixture_bytes(target)[1]
    assert complete_length(path) == path.stat().st_size
    site_server.delay = 0
    rerun = crawl("paper=xinyang", "date=2020-01-27")
    assert rerun.returncode == 0
    assert {r[1] for r in responses(path)} == {f"https://{h}" for h in site_server.hits("2020-01/27/")}


class _Response:
    """The few attributes of a Scrapy response the record writer reads."""

    def __init__(self, url: str, body: bytes):
        from scrapy.http import Headers

        self.url, self.body, self.status, self.flags = url, body, 200, []
        self.headers = Headers({"Content-Type": "text/html"})
        self.protocol, self.ip_address = "HTTP/1.1", None


def _first_member(data: bytes) -> int:
    """The length of the first gzip member of ``data``."""
    unzip = zlib.decompressobj(zlib.MAX_WBITS | 16)
    unzip.decompress(data)
    return len(data) - len(unzip.unused_data)


@pytest.mark.parametrize("tear", ["header", "data", "trailer", "second member", "zeros"])
def test_a_torn_last_record_is_cut_off_before_appending(tmp_path, tear):
    from scrapy import Request

    writer = ArchiveWriter(tmp_path)
    request = Request("http://127.0.0.1:1/h/a.htm", meta={"real_url": "https://h/a.htm"})
    pair = record_pair(request, _Response(request.url, b"<html>one</html>"), "https://h/a.htm", 0.0)
    writer.append("p/x.warc.gz", pair)
    path = tmp_path / "p/x.warc.gz"
    whole = path.stat().st_size
    first = _first_member(pair)
    torn = {"header": pair[:5], "data": pair[:40], "trailer": pair[:first - 3], "second member": pair[:first + 20],
            "zeros": pair[:40] + bytes(4096)}[tear]  # zeros: blocks the file system had not filled yet
    with path.open("ab") as fh:  # what a power cut in the middle of a write leaves
        fh.write(torn)
    before = path.read_bytes()
    kept = first if tear == "second member" else 0  # the whole response record before the torn request stays
    assert complete_length(path) == whole + kept
    later = ArchiveWriter(tmp_path)
    later.append("p/x.warc.gz", record_pair(request, _Response(request.url, b"<html>two</html>"), "https://h/a.htm", 1.0))
    assert later.repaired == ["p/x.warc.gz"]
    assert path.read_bytes().startswith(before[:whole + kept])
    assert path.stat().st_size == whole + kept + later.bytes_written  # the torn bytes are gone
    bodies = [b"<html>one</html>"] * (2 if kept else 1) + [b"<html>two</html>"]
    assert [r[4] for r in responses(path)] == bodies
    # 2 × (warcinfo, response, request), and the kept response
    assert gzip.decompress(path.read_bytes()).count(b"WARC/1.1") == 6 + bool(kept)


NAME = archive_name("p", "2020-01-01")


def _fetch(n: int) -> tuple:
    """The request of document ``n`` (as the spider makes it) and its record pair."""
    from scrapy import Request

    target = f"https://h/{n}.htm"
    request = Request(f"http://127.0.0.1:1/h/{n}.htm", meta={"real_url": target},
                      cb_kwargs={"paper_key": "p", "day": "2020-01-01"})
    return request, record_pair(request, _Response(request.url, f"<html>{n}</html>".encode() * 20), target, float(n))


def _twelve(root: Path) -> tuple[Path, list[int]]:
    """An archive file of twelve fetches, each appended by a run of its own; the offset of each pair."""
    starts = []
    path = root / NAME
    for n in range(12):
        pair = _fetch(n)[1]
        ArchiveWriter(root).append(NAME, pair)
        starts.append(path.stat().st_size - len(pair))
    return path, starts


def _damage(path: Path, offset: int) -> bytes:
    """Flip one byte of the file; its bytes after the flip."""
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    return bytes(data)


class _Stats(dict):
    def inc_value(self, key: str, count: int = 1) -> None:
        self[key] = self.get(key, 0) + count

    def set_value(self, key: str, value: object) -> None:
        self[key] = value


@pytest.mark.parametrize("where", ["header", "data", "crc"])
def test_a_damaged_record_in_the_middle_keeps_every_record_after_it(tmp_path, where):
    path, starts = _twelve(tmp_path)
    response = _first_member(_fetch(3)[1])  # the damaged response of the fourth fetch
    offset = starts[3] + {"header": 0, "data": response // 2, "crc": response - 6}[where]
    damaged = _damage(path, offset)
    assert complete_length(path) == len(damaged)
    later = ArchiveWriter(tmp_path)
    later.append(NAME, _fetch(12)[1])
    assert later.repaired == [] and later.damaged == [NAME]
    assert path.read_bytes().startswith(damaged)  # nothing cut: the eight fetches after it are still there
    kept = [n for n in range(13) if n != 3]
    assert [r.target for _, r in read_responses(path)] == [f"https://h/{n}.htm" for n in kept]
    # a re-parse is answered with every one of them; the damaged one is "not in archive", and counted
    stats = _Stats()
    replay = ReplayMiddleware(ArchiveIndex(tmp_path), stats)
    for n in kept:
        request = _fetch(n)[0]
        assert replay.process_request(request).body == f"<html>{n}</html>".encode() * 20
    with pytest.raises(NotInArchive):
        replay.process_request(_fetch(3)[0])
    assert stats["epaper/replay/served"] == 12 and stats["epaper/replay/missing"] == 1
    assert stats["epaper/replay/damaged"] == 1


def test_a_damaged_record_and_a_torn_tail_only_the_tail_is_cut(tmp_path):
    path, starts = _twelve(tmp_path)
    damaged = _damage(path, starts[3] + 30)
    with path.open("ab") as fh:
        fh.write(_fetch(12)[1][:40])
    later = ArchiveWriter(tmp_path)
    later.append(NAME, _fetch(13)[1])
    assert path.read_bytes().startswith(damaged) and _first_member(path.read_bytes()[len(damaged):]) > 40
    assert later.repaired == [NAME] and later.damaged == [NAME]
    assert [r.target for _, r in read_responses(path)] == [f"https://h/{n}.htm" for n in range(14) if n not in (3, 12)]


def test_a_whole_last_record_that_fails_its_crc_is_kept(tmp_path):
    path, _ = _twelve(tmp_path)
    damaged = _damage(path, path.stat().st_size - 6)  # the last request record's CRC
    assert complete_length(path) == len(damaged)
    later = ArchiveWriter(tmp_path)
    later.append(NAME, _fetch(12)[1])
    assert later.repaired == [] and path.read_bytes().startswith(damaged)
    assert len(list(read_responses(path))) == 13


def test_scanning_a_file_holds_a_bounded_part_of_it(tmp_path):
    path = tmp_path / NAME
    ArchiveWriter(tmp_path).append(NAME, _fetch(0)[1])
    whole = path.stat().st_size
    os.truncate(path, 32 << 20)  # 32 MiB of zeros a file system left after a power cut (sparse)
    tracemalloc.start()
    try:
        assert complete_length(path) == whole
        assert tracemalloc.get_traced_memory()[1] < 2 << 20
        tracemalloc.reset_peak()
        assert [r.target for _, r in read_responses(path)] == ["https://h/0.htm"]
        assert tracemalloc.get_traced_memory()[1] < 2 << 20
    finally:
        tracemalloc.stop()


def test_records_that_arrive_together_share_one_fsync_and_none_is_durable_before_it(tmp_path):
    from scrapy import Request

    request = Request("http://127.0.0.1:1/h/a.htm", meta={"real_url": "https://h/a.htm"})

    def pair(n: int) -> bytes:
        return record_pair(request, _Response(request.url, f"<html>{n}</html>".encode()), "https://h/a.htm", float(n))

    def broken() -> bytes:
        raise ValueError("no record for this one")

    writer = ArchiveWriter(tmp_path)
    inside, release = threading.Event(), threading.Event()

    def first() -> bytes:  # holds the writer thread in its first round
        inside.set()
        release.wait(10)
        return pair(0)

    futures = [writer.submit("p/x.warc.gz", first)]
    assert inside.wait(10)
    futures += [writer.submit("p/x.warc.gz", lambda n=n: pair(n)) for n in range(1, 21)]
    failed = writer.submit("p/x.warc.gz", broken)
    assert not any(f.done() for f in futures)  # nobody is told "on disk" before the fsync covering it
    release.set()
    sizes = [f.result(10) for f in futures]
    with pytest.raises(ValueError, match="no record"):
        failed.result(10)
    writer.close()
    path = tmp_path / "p/x.warc.gz"
    assert writer.syncs == 2  # the first record alone, then the twenty that queued behind it
    assert [r[4] for r in responses(path)] == [f"<html>{n}</html>".encode() for n in range(21)]
    assert sum(sizes) == path.stat().st_size == writer.bytes_written


@pytest.mark.parametrize(("fetched", "real", "other", "expected"), [
    ("http://127.0.0.1:8000/ribao.xyxww.com.cn/html/a.htm", "https://ribao.xyxww.com.cn/html/a.htm",
     "http://127.0.0.1:8000/ribao.xyxww.com.cn/html/b.htm", "https://ribao.xyxww.com.cn/html/b.htm"),
    ("http://127.0.0.1:8000/html/a.htm", "https://ribao.xyxww.com.cn/html/a.htm",
     "http://127.0.0.1:8000/paperindex.htm", "https://ribao.xyxww.com.cn/paperindex.htm"),
    ("https://h.cn/a.htm", "https://h.cn/a.htm", "https://h.cn/b.htm", "https://h.cn/b.htm"),
])
def test_redirect_targets_map_back_through_the_mirror(fetched, real, other, expected):
    assert map_mirror(fetched, real, other) == expected


def test_file_names_per_paper_and_edition_date():
    assert archive_name("xinyang", "2020-01-27") == "xinyang/2020/xinyang-2020-01-27.warc.gz"
    assert archive_name("newpaper.dahe.cn/dhb", "2017-10-13") == \
        "newpaper.dahe.cn_dhb/2017/newpaper.dahe.cn_dhb-2017-10-13.warc.gz"
    assert archive_name("xinyang", "") == "xinyang/xinyang-undated.warc.gz"
