"""信阳日报 end to end: the real spider over HTTP into a real MongoDB-compatible server."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT, SITES, expected, manifest

XY = manifest("ribao.xyxww.com.cn")
SEED = XY["seed_article"]
BOILERPLATE = ("PDF版阅读", "信阳日报客户端", "一端在手", "温馨提示", "扫描二维码", "IE浏览器版本太低")


@pytest.fixture(scope="module")
def edition_27(module_crawl):
    return module_crawl("paper=xinyang", "date=2020-01-27")


def test_one_edition_is_crawled_into_typed_items(edition_27):
    result = edition_27
    assert result.returncode == 0, result.log[-2000:]
    edition = result.edition
    assert (edition["paper"], edition["paper_name"], edition["date"], edition["status"]) == (
        "xinyang", "信阳日报", "2020-01-27", "complete")
    assert edition["issue_no"] == "10562"
    assert edition["counts"] == {"pages_listed": 8, "pages_fetched": 8, "pages_stored": 8, "articles_listed": 26,
                                 "articles_stored": 26, "articles_skipped": 0, "articles_failed": 0}
    assert [p["page_no"] for p in edition["pages"]] == ["01", "02", "03", "04", "05", "06", "07", "08"]
    assert edition["pages"][1] == {
        "page_no": "02", "page_name": "综合要闻", "url": "https://ribao.xyxww.com.cn/html/2020-01/27/node_3.htm",
        "pdf_url": "https://ribao.xyxww.com.cn/page/2020-01/27/02/27111580048117186.pdf"}
    assert len(result.of("page")) == 8
    articles = result.of("article")
    assert sorted(a["article_id"] for a in articles) == sorted(XY["editions"]["2020-01-27"]["article_ids"])
    for article in articles:
        assert article["title"] and article["paragraphs"] and article["body"], article["url"]
        assert article["page_no"] and article["page_name"], article["url"]
        assert not any(word in article["body"] for word in BOILERPLATE), article["url"]
        assert "?" not in article["url"] and article["url"].startswith("https://ribao.xyxww.com.cn/")


def test_seed_article_document_in_store(edition_27, module_store):
    store = module_store
    want = expected(f"ribao.xyxww.com.cn/html/2020-01/27/{SEED}.htm")
    doc = store.articles.find_one({"_id": f"xinyang:2020-01-27:{SEED}"})
    assert doc is not None
    assert {k: doc[k] for k in ("lead_title", "title", "subtitle", "byline", "authors", "paragraphs")} == {
        k: want[k] for k in ("lead_title", "title", "subtitle", "byline", "authors", "paragraphs")}
    assert doc["title"] == "先锋旗帜在一线飘扬"
    assert doc["subtitle"] == "打赢疫情防控攻坚战我市党员干部冲在前"
    assert (doc["byline"], doc["authors"]) == ("□本报记者 王凌云", ["王凌云"])
    assert (doc["page_no"], doc["page_name"], doc["pages"]) == ("02", "综合要闻", ["02"])
    assert doc["paragraphs"][0].startswith("“走,我们再去社区看看!”")
    assert doc["body"] == "\n\n".join(doc["paragraphs"])
    assert doc["char_count"] == sum(len(p) for p in doc["paragraphs"])
    assert len(doc["content_hash"]) == 40 and len(doc["simhash"]) == 16
    assert "tokens" not in doc  # words are the search index's (crawler/store/fulltext.py)
    assert doc["parser"] == "founder_classic/1"
    assert doc["kind"] == "article" and doc["paper_name"] == "信阳日报"


def test_store_counts_and_article_on_two_pages(edition_27, module_store):
    store = module_store
    assert store.editions.count_documents({}) == 1
    assert store.pages.count_documents({"paper": "xinyang", "date": "2020-01-27"}) == 8
    assert store.articles.count_documents({"paper": "xinyang", "date": "2020-01-27"}) == 26
    # 95324 sits on page 03 and is also a hotspot of page 01's 导读; 95344 is linked twice (?div=-1, ?div=0)
    twice = store.articles.find_one({"_id": "xinyang:2020-01-27:content_95324"})
    assert (twice["page_no"], twice["pages"]) == ("03", ["01", "03"])
    assert store.articles.count_documents({"article_id": "content_95344"}) == 1
    page = store.pages.find_one({"_id": "xinyang:2020-01-27:01"})
    assert len(page["hotspots"]) == 5 and page["image_url"].endswith("_b.jpg")


def test_rerun_changes_nothing(crawl, store):
    first = crawl("paper=xinyang", "date=2020-01-27")
    before = {c: sorted(store.db[c].find(), key=lambda d: d["_id"]) for c in ("editions", "pages", "articles")}
    again = crawl("paper=xinyang", "date=2020-01-27", "refresh=1")
    after = {c: sorted(store.db[c].find(), key=lambda d: d["_id"]) for c in ("editions", "pages", "articles")}
    assert first.edition["status"] == again.edition["status"] == "complete"
    assert again.stats["epaper/store/articles/unchanged"] == 26
    assert again.stats.get("epaper/store/articles/new", 0) == 0
    assert before == after


def test_reading_in_worker_processes_stores_what_the_crawl_thread_stores(crawl, store):
    """Documents read in the crawl's own thread and in two parse workers give the same records."""
    first = crawl("paper=xinyang", "date=2020-01-27", settings={"EPAPER_PARSE_WORKERS": "0"})
    before = sorted(store.articles.find({}, {"crawled_at": 0}), key=lambda d: d["_id"])
    again = crawl("paper=xinyang", "date=2020-01-27", "refresh=1", settings={"EPAPER_PARSE_WORKERS": "2"})
    after = sorted(store.articles.find({}, {"crawled_at": 0}), key=lambda d: d["_id"])
    assert first.edition["status"] == again.edition["status"] == "complete"
    assert again.stats["epaper/store/articles/unchanged"] == 26 and len(before) == 26
    assert before == after
    # The crawl's CPU, split in its stats: nothing in workers when there are none, the reading in them when there are.
    assert first.stats["epaper/cpu/parse_workers_seconds"] == 0 < first.stats["epaper/cpu/crawl_seconds"]
    assert again.stats["epaper/cpu/parse_workers_seconds"] > 0.1


def test_no_issue_day(crawl, store):
    result = crawl("paper=xinyang", "date=2020-01-26")
    assert result.returncode == 0
    assert result.edition["status"] == "no_issue"
    assert result.of("article") == [] and result.of("page") == []
    assert store.editions.find_one({"_id": "xinyang:2020-01-26"})["status"] == "no_issue"


def test_date_range_and_latest(crawl, site_server):
    ranged = crawl("paper=xinyang", "start=2020-01-26", "end=2020-01-28")
    statuses = {e["date"]: e["status"] for e in ranged.of("edition")}
    assert statuses == {"2020-01-26": "no_issue", "2020-01-27": "complete", "2020-01-28": "complete"}
    latest = crawl("paper=xinyang", settings={"EPAPER_TODAY": "2020-02-01"})
    assert "latest edition is 2020-01-28, not today (2020-02-01)" in latest.log
    # the range stored it complete: the latest run skips it, as a dated run would
    assert (latest.returncode, latest.of("edition")) == (0, [])
    assert "xinyang 2020-01-28: stored complete, skipped (-a refresh=1 fetches it again)" in latest.log
    refreshed = crawl("paper=xinyang", "refresh=1", settings={"EPAPER_TODAY": "2020-02-01"})
    assert refreshed.edition["date"] == "2020-01-28" and refreshed.edition["status"] == "complete"


def test_file_mirror(crawl, site_server):
    base = (SITES / "ribao.xyxww.com.cn").as_uri() + "/"
    result = crawl("paper=xinyang", "date=2020-01-27", f"base_url={base}", mirror=False)
    assert result.edition["status"] == "complete"
    assert len(result.of("article")) == 26
    assert site_server.requests == []  # nothing went over HTTP
    assert result.article(SEED)["url"] == f"https://ribao.xyxww.com.cn/html/2020-01/27/{SEED}.htm"


def test_failed_and_broken_articles_are_counted_not_lost(crawl, site_server, store):
    site_server.fail.add("ribao.xyxww.com.cn/html/2020-01/27/content_95302.htm")
    site_server.override["ribao.xyxww.com.cn/html/2020-01/27/content_95305.htm"] = b"<html><body></body></html>"
    result = crawl("paper=xinyang", "date=2020-01-27")
    edition = result.edition
    assert edition["status"] == "partial"
    assert edition["counts"]["articles_failed"] == 2 and edition["counts"]["articles_stored"] == 24
    reasons = {f["url"].rsplit("/", 1)[1]: f["reason"] for f in edition["failures"]}
    # The page listed a title for the empty article, so only its body is missing (issue 9).
    assert reasons == {"content_95302.htm": "HTTP 500", "content_95305.htm": "no body"}
    assert result.stats["epaper/dropped/invalid"] == 1
    assert "content_95305.htm: no body" in result.log
    assert store.editions.find_one({"_id": "xinyang:2020-01-27"})["status"] == "partial"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["paper=xinyan"], "unknown paper 'xinyan'; closest: xinyang"),
        (["paper=xinyang", "date=2020-13-01"], "-a date='2020-13-01' is not a date (use YYYY-MM-DD)"),
        (["paper=xinyang", "start=2020-02-01", "end=2020-01-01"], "-a start=2020-02-01 is after -a end=2020-01-01"),
        (["paper=xinyang", "days=soon"], "-a days='soon' must be a whole number of days"),
    ],
)
def test_bad_arguments_stop_at_start(args, message):
    cmd = [sys.executable, "-m", "scrapy", "crawl", "epaper"]
    for arg in args:
        cmd += ["-a", arg]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == f"scrapy: error: {message}" or message in proc.stderr.strip().splitlines()[-1]
