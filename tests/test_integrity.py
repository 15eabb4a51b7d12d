"""The integrity rules in isolation: document checks, the edition verdict, exit codes, the writer.

End-to-end faults (truncating servers, killed databases, killed crawls) are in test_faults.py;
these pin the rules those runs rely on.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pymongo
import pytest

from crawler.checks import garbled, misdated, server_error, truncation
from crawler.embedded import EXECUTABLE
from crawler.items import Article, article_key
from crawler.ledger import Books, Ledger, verdict
from crawler.outcome import DRIFT, INCOMPLETE, OK, STORE_FAILED, USAGE, exit_code
from crawler.store import Store
from crawler.store.writer import StoreUnavailable, StoreWriter

from conftest import SITES

ARTICLE = (SITES / "ribao.xyxww.com.cn/html/2020-01/27/content_95316.htm").read_bytes()


# ----- document checks -----------------------------------------------------------------------
def test_a_document_cut_in_half_is_truncated_and_a_whole_one_is_not():
    assert truncation(ARTICLE) == ""
    assert truncation(ARTICLE[: len(ARTICLE) // 2]).startswith("truncated")
    # Real 2017 pages carry text after </html>; fragments without <html> are not judged by it.
    assert truncation(ARTICLE + b"\n<script>trailing()</script>") == ""
    assert truncation('<div id="scroller"><p>片段</p></div>'.encode()) == ""


def test_an_unclosed_founder_marker_is_truncation():
    whole = b"<html><body><!--enpcontent--><p>a</p><!--/enpcontent--></body></html>"
    assert truncation(whole) == ""
    cut = b"<html><body><!--enpcontent--><p>a</p></body></html>"
    assert "enpcontent" in truncation(cut)


def test_an_empty_answer_or_a_server_error_page_is_no_document():
    """What a server sends with 200 when it is not answering: nothing, or its error page. A page
    saying there is no issue, or a real page that mentions a number like 503, is a document."""
    assert server_error("") == server_error("<html><body>\n</body></html>") == "an empty page"
    assert server_error("<p>服务器繁忙，请稍后再试。</p>") == "a server error page: 服务器繁忙，请稍后再试。"
    nginx = ("<html><head><title>503 Service Temporarily Unavailable</title></head><body><center>"
             "<h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>")
    assert server_error(nginx).startswith("a server error page: 503 Service Temporarily Unavailable")
    assert server_error("<html><body>今日休刊</body></html>") == ""
    for notice in ("本期报纸尚未出版，请稍后访问", "第 503 期 今日休刊"):  # a paper's notices, not a server's
        assert server_error(f"<html><body><p>{notice}</p></body></html>") == "", notice
    page = (SITES / "ribao.xyxww.com.cn/html/2020-01/27/node_2.htm").read_bytes().decode("utf-8")
    assert server_error(page + "<p>第503期 503 Service Unavailable</p>") == ""


def test_another_days_document_at_an_articles_address_is_misdated():
    html = "<html><body><p>正文</p></body></html><!--enpproperty <founder-date>2021-03-02</founder-date> /enpproperty-->"
    assert misdated(html, "https://ribao.xyxww.com.cn/html/2021-03/01/content_5.htm") == (
        "the document is dated 2021-03-02, its address 2021-03-01: another day's document")
    assert misdated(html, "https://ribao.xyxww.com.cn/html/2021-03/02/content_5.htm") == ""
    for spelled in ("2021/03/02 08:00", "20210302", "2021年3月2日"):  # the same day, spelled otherwise
        assert misdated(html.replace("2021-03-02", spelled), "https://ribao.xyxww.com.cn/html/2021-03/02/content_5.htm") == ""
    assert misdated(html.replace("2021-03-02", "待定"), "https://ribao.xyxww.com.cn/html/2021-03/01/content_5.htm") == ""
    # midnight in China written in UTC, and a placeholder year, name no other day
    for stated in ("2021-02-28T16:00:00Z", "1900-01-01"):
        assert misdated(html.replace("2021-03-02", stated), "https://ribao.xyxww.com.cn/html/2021-03/01/content_5.htm") == ""
    assert misdated(html, "http://epaper.example.cn/content/5.htm") == ""  # no dated folder
    assert misdated("<html><body><p>正文</p></body></html>", "https://ribao.xyxww.com.cn/html/2021-03/01/content_5.htm") == ""


def test_garbled_text_is_recognised():
    text = ARTICLE.decode("utf-8")
    assert garbled(text) == ""
    assert garbled(ARTICLE.decode("gb18030", "replace")).startswith("encoding")
    assert "mis-decoded" in garbled("我市举办新春文艺演出活动丰富群众文化生活".encode("utf-8").decode("gbk", "ignore") * 3)
    assert "undecodable" in garbled("先锋旗帜\ufffd在一线飘扬")
    assert garbled("短标题") == ""  # too short to judge: never a false alarm


# ----- the verdict ---------------------------------------------------------------------------
def _books(**changes) -> Books:
    pages = ["http://x/node_1.htm", "http://x/node_2.htm"]
    articles = {f"http://x/content_{i}.htm": f"p:2020-01-27:content_{i}" for i in range(4)}
    books = Books(pages=pages, articles=articles, failures=[], stored_pages=set(pages),
                  stored_articles=set(articles.values()), fetched_pages=2)
    for name, value in changes.items():
        setattr(books, name, value)
    return books


def test_complete_only_when_every_listed_item_is_stored():
    found = verdict(_books())
    assert found.status == "complete" and found.failures == []
    assert found.counts == {"pages_listed": 2, "pages_fetched": 2, "pages_stored": 2, "articles_listed": 4,
                            "articles_stored": 4, "articles_skipped": 0, "articles_failed": 0}


def test_an_item_the_store_lacks_makes_the_edition_partial_with_the_ledgers_reason():
    books = _books(stored_articles={"p:2020-01-27:content_0", "p:2020-01-27:content_1"},
                   outcomes={"http://x/content_2.htm": "store: the store did not answer for 60 s"},
                   failures=[{"url": "http://x/content_3.htm", "kind": "article", "reason": "truncated"}])
    found = verdict(books)
    assert found.status == "partial"
    assert found.counts["articles_stored"] == 2 and found.counts["articles_failed"] == 2
    assert {f["url"]: f["reason"] for f in found.failures} == {
        "http://x/content_3.htm": "truncated", "http://x/content_2.htm": "store: the store did not answer for 60 s"}


def test_nothing_stored_is_failed_and_silence_is_not_stored():
    found = verdict(_books(stored_pages=set(), stored_articles=set()))
    assert found.status == "failed"
    assert len(found.failures) == 6 and {f["reason"] for f in found.failures} == {"not stored"}


def test_the_ledger_waits_for_handed_items_and_keeps_a_first_stored_outcome():
    async def scenario():
        ledger = Ledger()
        a = Article(paper="p", date="2020-01-27", url="http://x/content_1.htm", article_id="content_1", title="t")
        ledger.handed("p:2020-01-27", a)
        assert await ledger.settled("p:2020-01-27", timeout=0.05) == {a.id}
        asyncio.get_running_loop().call_later(0.05, ledger.settle, a.id, "stored")
        assert await ledger.settled("p:2020-01-27", timeout=2) == set()
        ledger.settle(a.id, "dropped: already scraped in this run")  # a second copy does not undo it
        assert ledger.outcomes_by_url("p:2020-01-27") == {a.url: "stored"}
        assert a.id == article_key("p", "2020-01-27", a.url)

    asyncio.run(scenario())


# ----- exit codes ----------------------------------------------------------------------------
@pytest.mark.parametrize(("stats", "code"), [
    ({"epaper/editions/asked": 3, "epaper/editions/complete": 2, "epaper/editions/no_issue": 1}, OK),
    ({"epaper/editions/asked": 2, "epaper/editions/complete": 1, "epaper/editions/skipped": 1}, OK),
    ({"epaper/editions/asked": 2, "epaper/editions/complete": 1, "epaper/editions/partial": 1}, INCOMPLETE),
    ({"epaper/editions/asked": 2, "epaper/editions/complete": 1}, INCOMPLETE),  # one never recorded
    ({"epaper/editions/asked": 1, "epaper/editions/complete": 1, "finish_reason": "shutdown"}, INCOMPLETE),
    ({"epaper/argument_error": "-a date='x' is not a date"}, USAGE),
    ({"epaper/editions/asked": 1, "epaper/store/unavailable": "cannot reach the store"}, STORE_FAILED),
    ({"epaper/editions/asked": 1, "epaper/editions/complete": 1, "epaper/drift/title": 1}, DRIFT),
])
def test_exit_code_says_whether_the_work_is_done(stats, code):
    assert exit_code({"finish_reason": "finished", **stats}) == code


# ----- the writer against a real server that goes away -----------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(port: int, data: Path) -> subprocess.Popen:
    exe = str(Path(os.sys.executable).with_name(EXECUTABLE))
    proc = subprocess.Popen([exe, "--host", "127.0.0.1", "--port", str(port), "--storage-path", str(data),
                             "--sync-on-commit"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = pymongo.MongoClient(f"mongodb://127.0.0.1:{port}/", serverSelectionTimeoutMS=200)
    deadline = time.monotonic() + 30
    while True:
        try:
            client.admin.command("ping")
            break
        except pymongo.errors.PyMongoError:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.1)
    client.close()
    return proc


def _articles(n: int) -> list[Article]:
    return [Article(paper="p", date="2020-01-27", url=f"http://x/content_{i}.htm", article_id=f"content_{i}",
                    title=f"标题{i}", paragraphs=[f"第{i}篇正文。"]) for i in range(n)]


def test_writer_keeps_items_through_an_outage_and_gives_up_after_its_budget(tmp_path):
    port, data = _free_port(), tmp_path / "data"
    server = _start_server(port, data)
    uri = f"mongodb://127.0.0.1:{port}/"
    acknowledged: list[str] = []

    async def scenario() -> None:
        nonlocal server
        writer = StoreWriter(lambda: Store.connect(uri, "t", timeout_ms=300), describe=f"database t at {uri}",
                             batch_size=5, retry_seconds=20, linger=0.05)
        writer.on_batch = lambda batch: acknowledged.extend(i.id for items, _ in batch.written.values() for i in items)
        for item in _articles(5):
            await writer.add(item)
        await writer.flush()
        server.send_signal(signal.SIGKILL)
        server.wait()
        for item in _articles(12)[5:]:
            await writer.add(item)  # returns at once: the reactor never waits for the store
        flushing = asyncio.ensure_future(writer.flush())
        await asyncio.sleep(1.5)
        assert not flushing.done() and writer.retries > 0  # still retrying, nothing given up
        server = _start_server(port, data)
        await flushing
        await writer.close()

        give_up = StoreWriter(lambda: Store.connect(uri, "t", timeout_ms=200), describe="the test store",
                              retry_seconds=1.0, linger=0.05)
        server.send_signal(signal.SIGKILL)
        server.wait()
        await give_up.add(_articles(13)[12])
        with pytest.raises(StoreUnavailable, match="did not answer"):
            await give_up.flush()
        assert [i.id for i in give_up.drop_pending()] == ["p:2020-01-27:content_12"]
        await give_up.close()

    asyncio.run(scenario())
    server = _start_server(port, data)
    try:
        ids = sorted(d["_id"] for d in pymongo.MongoClient(uri).t.articles.find({}, {"_id": 1}))
        assert ids == sorted(f"p:2020-01-27:content_{i}" for i in range(12))
        assert sorted(acknowledged) == ids
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()


def test_a_store_that_falls_behind_holds_back_the_crawl_instead_of_filling_memory(mongo_uri, database):
    """Back-pressure: while the store is slow, at most ``max_pending`` items queue behind the batch
    being written; the next ``add`` (and with it the response it came from, so Scrapy fetches no
    more) waits until the store has written, and then nothing is lost."""
    answering = threading.Event()

    def slow_connect() -> Store:
        answering.wait(10)  # the server is busy: the first write cannot start
        return Store.connect(mongo_uri, database, timeout_ms=2000)

    async def scenario() -> tuple[int, int, bool]:
        writer = StoreWriter(slow_connect, describe="a slow store", batch_size=5, max_pending=10, linger=10)
        items = _articles(30)
        accepted = 0
        for item in items:
            adding = asyncio.ensure_future(writer.add(item))
            await asyncio.sleep(0.05)
            if not adding.done():
                break
            accepted += 1
        queued = writer.pending
        await asyncio.sleep(0.5)
        still_waiting = not adding.done()
        answering.set()
        await asyncio.wait_for(adding, 10)
        for item in items[accepted + 1:]:
            await writer.add(item)
        await writer.flush()
        await writer.close()
        return accepted, queued, still_waiting

    accepted, queued, still_waiting = asyncio.run(scenario())
    assert (accepted, queued, still_waiting) == (15, 10, True)  # 5 being written + 10 queued, then a wait
    stored = pymongo.MongoClient(mongo_uri)[database].articles.count_documents({})
    assert stored == 30


def test_calls_waiting_for_the_store_fail_with_the_one_that_gave_up():
    """Once the store is given up on, calls already queued for the store thread fail at once
    instead of each retrying a whole budget in turn (a crawl whose editions all waited on the
    store took minutes to stop), and every item given up is reported."""
    uri = f"mongodb://127.0.0.1:{_free_port()}/"  # nothing listens there
    reported: list[str] = []

    async def scenario() -> list[object]:
        writer = StoreWriter(lambda: Store.connect(uri, "t", timeout_ms=200), describe="the test store",
                             retry_seconds=1.0, linger=10)
        writer.on_unavailable = lambda reason: reported.extend(i.id for i in writer.drop_pending())
        await writer.add(_articles(1)[0])
        flushing = asyncio.ensure_future(writer.flush())
        waiting = [asyncio.ensure_future(writer.call(lambda store: store.articles.count_documents({})))
                   for _ in range(4)]
        results = await asyncio.gather(flushing, *waiting, return_exceptions=True)
        outage = writer.outage_seconds
        await writer.close()
        return [*results, outage]

    *results, outage = asyncio.run(scenario())
    assert all(isinstance(r, StoreUnavailable) and "did not answer" in str(r) for r in results)
    assert outage < 2.0  # one retry budget of 1 s for the five calls, not one each
    assert reported == ["p:2020-01-27:content_0"]


def test_a_refused_batch_is_reported_and_a_failed_linking_keeps_the_write(mongo_uri, database):
    """Neither leaves an item unreported: an edition waits for every item of it to be settled,
    and an item a failed batch took along would keep it waiting EPAPER_SETTLE_SECONDS, then be lost."""

    def broken_linking(store, kind, docs):
        raise pymongo.errors.OperationFailure("linking broke", code=1)

    async def scenario() -> tuple[list, list, int]:
        refused: list = []
        # A database name the driver refuses: the whole batch fails, not for want of a server.
        bad = StoreWriter(lambda: Store.connect(mongo_uri, "no such/name", timeout_ms=300), describe="a bad name",
                          linger=10)
        bad.on_batch = lambda batch: refused.extend(batch.refused)
        for item in _articles(3):
            await bad.add(item)
        await bad.flush()
        await bad.close()
        written: list = []
        linking = StoreWriter(lambda: Store.connect(mongo_uri, database, timeout_ms=300), describe="the test store",
                              linger=10, after_write=broken_linking)
        linking.on_batch = lambda batch: written.extend(i.id for items, _ in batch.written.values() for i in items)
        for item in _articles(2):
            await linking.add(item)
        await linking.flush()
        await linking.close()
        return refused, written, linking.link_errors

    refused, written, link_errors = asyncio.run(scenario())
    assert [item.id for item, _ in refused] == [f"p:2020-01-27:content_{i}" for i in range(3)]
    assert all(reason.startswith("store: ") and "name" in reason for _, reason in refused)
    assert written == ["p:2020-01-27:content_0", "p:2020-01-27:content_1"] and link_errors == 1
    stored = pymongo.MongoClient(mongo_uri)[database].articles.count_documents({})
    assert stored == 2
