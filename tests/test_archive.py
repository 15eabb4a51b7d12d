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
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from conftest import ROOT, SITES, served_content_type
from crawler.archive import ArchiveWriter, archive_name, complete_length, map_mirror, record_pair

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


def test_a_torn_last_record_is_cut_off_before_appending(tmp_path):
    from scrapy import Request

    writer = ArchiveWriter(tmp_path)
    request = Request("http://127.0.0.1:1/h/a.htm", meta={"real_url": "https://h/a.htm"})
    pair = record_pair(request, _Response(request.url, b"<html>one</html>"), "https://h/a.htm", 0.0)
    writer.append("p/x.warc.gz", pair)
    path = tmp_path / "p/x.warc.gz"
    whole = path.stat().st_size
    with path.open("ab") as fh:  # what a power cut in the middle of a write leaves
        fh.write(pair[:40])
    assert complete_length(path) == whole
    later = ArchiveWriter(tmp_path)
    later.append("p/x.warc.gz", record_pair(request, _Response(request.url, b"<html>two</html>"), "https://h/a.htm", 1.0))
    assert later.repaired == ["p/x.warc.gz"]
    assert [r[4] for r in responses(path)] == [b"<html>one</html>", b"<html>two</html>"]
    assert gzip.decompress(path.read_bytes()).count(b"WARC/1.1") == 6  # 2 × (warcinfo, response, request)


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
