"""Daily catch-up runs: skip what is complete, fetch only what is missing, survive being killed."""

from __future__ import annotations

import signal
import subprocess
import time


from conftest import ROOT, read_result

XY27 = "ribao.xyxww.com.cn/html/2020-01/27/"


def article_requests(server) -> list[str]:
    return [r for r in server.requests if "/content_" in r or "/Articel" in r]


def test_rerun_of_a_complete_window_fetches_no_article(crawl, site_server):
    first = crawl("paper=xinyang", "start=2020-01-26", "end=2020-01-28")
    assert [e["status"] for e in sorted(first.of("edition"), key=lambda e: e["date"])] == [
        "no_issue", "complete", "complete"]
    assert len(article_requests(site_server)) == 36
    site_server.requests.clear()
    again = crawl("paper=xinyang", "start=2020-01-26", "end=2020-01-28")
    assert article_requests(site_server) == []
    assert site_server.requests == ["ribao.xyxww.com.cn/html/2020-01/26/node_2.htm"]  # a no-issue day is asked again
    assert again.stats["epaper/editions/skipped"] == 2
    assert "xinyang 2020-01-27: stored complete, skipped" in again.log


def test_rerun_after_failures_fetches_only_the_failed(crawl, site_server, store):
    failing = {XY27 + "content_95302.htm", XY27 + "content_95389.htm"}
    site_server.fail.update(failing)
    first = crawl("paper=xinyang", "date=2020-01-27")
    assert first.edition["status"] == "partial"
    assert {f["url"].split("://")[1] for f in first.edition["failures"]} == failing
    assert first.stats["epaper/articles/failed"] == 2 and first.stats["epaper/store/articles/new"] == 24
    site_server.fail.clear()
    site_server.requests.clear()
    second = crawl("paper=xinyang", "date=2020-01-27")
    assert set(article_requests(site_server)) == failing
    assert second.edition["status"] == "complete"
    assert second.edition["counts"] == {"pages_listed": 8, "pages_fetched": 8, "pages_stored": 8, "articles_listed": 26,
                                        "articles_stored": 26, "articles_skipped": 24, "articles_failed": 0}
    assert second.stats["epaper/articles/skipped"] == 24 and second.stats["epaper/store/articles/new"] == 2
    assert store.articles.count_documents({"paper": "xinyang", "date": "2020-01-27"}) == 26
    assert store.editions.find_one({"_id": "xinyang:2020-01-27"})["status"] == "complete"


def test_refresh_fetches_again(crawl, site_server):
    crawl("paper=xinyang", "date=2020-01-28")
    site_server.requests.clear()
    again = crawl("paper=xinyang", "date=2020-01-28", "refresh=1")
    assert len(article_requests(site_server)) == 10
    assert again.stats["epaper/store/articles/unchanged"] == 10


def test_catch_up_window_over_all_papers(crawl, site_server):
    """`-a paper=all -a days=3` as cron runs it; unrecorded papers answer 404 = no issue."""
    today = {"EPAPER_TODAY": "2020-01-28"}
    first = crawl("paper=all", "days=3", settings=today)
    complete = sorted((e["paper"], e["date"]) for e in first.of("edition") if e["status"] == "complete")
    assert complete == [("xinyang", "2020-01-27"), ("xinyang", "2020-01-28"), ("xinyangwanbao", "2020-01-27")]
    assert len(first.of("edition")) == 3 * 39
    site_server.requests.clear()
    second = crawl("paper=all", "days=3", settings=today)
    assert article_requests(site_server) == []
    assert second.stats["epaper/editions/skipped"] == 3


def _start(crawl, *args, settings=None):
    cmd, out, stats = crawl.command(*args, settings=settings)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=crawl.environment(), stderr=subprocess.PIPE, text=True)
    return proc, out, stats


def _wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_killed_mid_edition_then_rerun_stores_each_article_once(crawl, site_server, store):
    site_server.delay = 0.4  # a crawl of some 3 s: time to kill it mid-edition even on a loaded machine
    proc, _, _ = _start(crawl, "paper=xinyang", "date=2020-01-27", settings={"EPAPER_BATCH_SIZE": "1"})
    _wait_for(lambda: store.articles.count_documents({}) >= 5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    stored_before = store.articles.count_documents({})
    assert 0 < stored_before < 26
    assert store.editions.count_documents({}) == 0
    site_server.delay = 0.0
    site_server.requests.clear()
    rerun = crawl("paper=xinyang", "date=2020-01-27")
    assert rerun.edition["status"] == "complete"
    assert len(article_requests(site_server)) == 26 - stored_before
    ids = [d["_id"] for d in store.articles.find({}, {"_id": 1})]
    assert len(ids) == len(set(ids)) == 26


def test_jobdir_pause_and_resume(crawl, site_server, store, tmp_path):
    jobdir = tmp_path / "job"
    settings = {"JOBDIR": str(jobdir), "EPAPER_BATCH_SIZE": "1", "CONCURRENT_REQUESTS": "2"}
    site_server.delay = 0.4  # a crawl of some 3 s: time to kill it mid-edition even on a loaded machine
    proc, out, stats = _start(crawl, "paper=xinyang", "date=2020-01-27", settings=settings)
    _wait_for(lambda: len(article_requests(site_server)) >= 6)
    proc.send_signal(signal.SIGINT)  # Ctrl-C once: Scrapy stops gracefully and keeps the job
    _, log = proc.communicate(timeout=60)
    paused = read_result(proc.returncode, log, out, stats)
    assert paused.stats["finish_reason"] == "shutdown"
    assert paused.of("edition") == []
    assert (jobdir / "spider.state").exists()
    fetched_before = len(article_requests(site_server))
    site_server.delay = 0.0
    resumed = crawl("paper=xinyang", "date=2020-01-27", settings=settings)
    assert "resuming the paused crawl" in resumed.log
    assert resumed.edition["status"] == "complete"
    assert resumed.edition["counts"]["articles_stored"] == 26
    assert len(article_requests(site_server)) - fetched_before < 26
    ids = [d["_id"] for d in store.articles.find({}, {"_id": 1})]
    assert len(ids) == len(set(ids)) == 26
