"""The reader (`epaper serve`) over real HTTP against a real crawl: JSON API, pages, safety.

The module crawls 信阳日报 2020-01-26 … 2020-01-30 once (26: no issue; 28 with page 03 and one
article answering HTTP 500, so partial with two failures; 29–30 print one article twice) and
河南日报 2020-01-29 (a near duplicate of a 信阳日报 article) into one database, serves the app
over it on 127.0.0.1, and checks every endpoint's JSON against the store's records and the CLI's
``--json`` output, every page's HTML, and that hostile input gets a 4xx and changes nothing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pymongo
import pytest
import requests
from click.testing import CliRunner

from conftest import EXPECTED, FIXTURES, SITES
from crawler.cli import cli
from crawler.query import ArticleQuery
from crawler.records import article_record, search_record
from crawler.store import Store
from crawler.web.app import SECURITY_HEADERS, label_lines, marked
from crawler.web.hotspots import coordinate_space, shape
from web_support import live_reader, snapshot

SEED_ID = "xinyang:2020-01-27:content_95316"
SEED_TITLE = "先锋旗帜在一线飘扬"
XY28 = "ribao.xyxww.com.cn/html/2020-01/28/"
EPAPER = Path(sys.executable).with_name("epaper")


@pytest.fixture(scope="module")
def crawled(module_crawl, module_database, _site_server):
    for args in (("start=2020-01-26", "end=2020-01-27"), ("start=2020-01-29", "end=2020-01-30")):
        assert module_crawl("paper=xinyang", *args).returncode == 0
    _site_server.fail.update({XY28 + "node_4.htm", XY28 + "content_95465.htm"})
    try:
        assert module_crawl("paper=xinyang", "date=2020-01-28").edition["status"] == "partial"
    finally:
        _site_server.fail.clear()
    assert module_crawl("paper=henandaily", "date=2020-01-29").returncode == 0
    return module_database


@pytest.fixture(scope="module")
def crawled_store(crawled, mongo_uri):
    s = Store(pymongo.MongoClient(mongo_uri), crawled)
    yield s
    s.close()


@pytest.fixture(scope="module")
def base(crawled, mongo_uri):
    with live_reader(mongo_uri, crawled) as url:
        yield url


@pytest.fixture(scope="module")
def cli_env(crawled, mongo_uri):
    return {"MONGO_URI": mongo_uri, "MONGO_DATABASE": crawled, "COLUMNS": "200"}


def get(base: str, path: str, **params) -> requests.Response:
    return requests.get(base + path, params=params or None, timeout=30, allow_redirects=False)


def api(base: str, path: str, **params):
    response = get(base, path, **params)
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    assert response.headers["content-type"] == "application/json"
    return response.json()


def cli_json(env: dict, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, [*args, "--json"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


# ----- the JSON API: the stored records, as `epaper … --json` prints them -------------------------
def test_api_serves_the_records_the_cli_prints(base, crawled_store, cli_env):
    assert api(base, "/api/papers") == crawled_store.paper_stats() == cli_json(cli_env, "stats")
    days = api(base, "/api/papers/xinyang/editions", **{"from": "2020-01-25", "to": "2020-01-31"})
    assert days == list(crawled_store.calendar("xinyang", "2020-01-25", "2020-01-31"))
    assert days == cli_json(cli_env, "editions", "--paper", "xinyang", "--from", "2020-01-25", "--to", "2020-01-31")
    assert [(d["date"], d["status"]) for d in days] == [
        ("2020-01-25", "missing"), ("2020-01-26", "no_issue"), ("2020-01-27", "complete"), ("2020-01-28", "partial"),
        ("2020-01-29", "complete"), ("2020-01-30", "complete"), ("2020-01-31", "missing")]
    # without a range: the stored editions' first and last day
    assert [d["date"] for d in api(base, "/api/papers/信阳日报/editions")] == [
        "2020-01-26", "2020-01-27", "2020-01-28", "2020-01-29", "2020-01-30"]

    edition = api(base, "/api/editions/xinyang/2020-01-27")
    assert edition == crawled_store.edition("xinyang", "2020-01-27") == cli_json(cli_env, "edition", "xinyang", "2020-01-27")[0]
    assert (edition["status"], len(edition["pages"]), edition["stored"]) == ("complete", 8, {"pages": 8, "articles": 26})

    page = api(base, "/api/pages/xinyang/2020-01-27/02")
    assert page == crawled_store.page("xinyang", "2020-01-27", "02") == cli_json(cli_env, "page", "xinyang", "2020-01-27", "2")[0]
    assert [(h["article_id"], h["coords"]) for h in page["hotspots"]][0] == (SEED_ID, "5,38,334,38,334,193,5,193")
    assert api(base, "/api/pages/xinyang/2020-01-27/2") == page  # page numbers are normalised as by the CLI

    article = api(base, f"/api/articles/{SEED_ID}")
    assert article == article_record(crawled_store.articles.find_one({"_id": SEED_ID})) == cli_json(cli_env, "show", SEED_ID)[0]
    assert (article["title"], article["byline"], article["authors"]) == (SEED_TITLE, "□本报记者 王凌云", ["王凌云"])


def test_api_search_ranks_filters_and_pages_as_the_cli(base, crawled_store, cli_env):
    found = api(base, "/api/search", q="疫情", limit=50)
    hits, total = crawled_store.search(ArticleQuery(words=("疫情",)), 50)
    assert found["results"] == [search_record(h, ("疫情",)) for h in hits]
    assert found["results"] == cli_json(cli_env, "search", "疫情", "--limit", "50")
    assert found["total"] == total == len(found["results"]) and found["results"][0]["id"] == SEED_ID
    # paging: two pages of 7 are the first 14
    first, second = (api(base, "/api/search", q="疫情", limit=7, offset=n) for n in (0, 7))
    assert [r["id"] for r in first["results"] + second["results"]] == [r["id"] for r in found["results"][:14]]
    # the CLI's filters
    filtered = api(base, "/api/search", q="疫情", paper="信阳日报", page="2", author="王凌云",
                   **{"from": "2020-01-27", "to": "2020-01-27"})
    assert filtered["results"] == cli_json(cli_env, "search", "疫情", "--paper", "信阳日报", "--page", "2", "--author",
                                           "王凌云", "--from", "2020-01-27", "--to", "2020-01-27")
    assert [r["id"] for r in filtered["results"]] == [SEED_ID]
    assert filtered["query"] == "疫情, in xinyang, on 2020-01-27, page 02, by 王凌云"


def test_api_answers_bad_input_with_400_and_absent_records_with_404(base):
    for path, params, status, words in [
        ("/api/editions/xinyang/2020-02-30", {}, 400, "is not a date"),
        ("/api/editions/xinyang/2020-1-27", {}, 400, "is not a date"),
        ("/api/editions/xinyang/2020-02-01", {}, 404, "no edition of xinyang on 2020-02-01"),
        ("/api/editions/nosuchpaper/2020-01-27", {}, 404, "unknown paper 'nosuchpaper'"),
        ("/api/pages/xinyang/2020-01-27/Z999x", {}, 400, "is not a page number"),
        ("/api/pages/xinyang/2020-01-27/09", {}, 404, "no page 09 of xinyang on 2020-01-27"),
        ("/api/articles/xinyang:2020-01-27:content_1", {}, 404, "no article"),
        ("/api/papers/xinyang/editions", {"from": "2020-01-28", "to": "2020-01-27"}, 400, "is after"),
        ("/api/papers/xinyang/editions", {"from": "1900-01-01", "to": "2020-01-27"}, 400, "days"),
        ("/api/search", {}, 400, "q"),
        ("/api/search", {"q": "，。"}, 400, "no words to search for"),
        ("/api/search", {"q": "疫情", "limit": "0"}, 400, "limit"),
        ("/api/search", {"q": "疫情", "limit": "many"}, 400, "limit"),
        ("/api/search", {"q": "疫情", "paper": "nosuchpaper"}, 400, "unknown paper"),
        ("/api/search", {"q": "疫情", "from": "yesterday"}, 400, "from 'yesterday' is not a date"),
    ]:
        response = get(base, path, **params)
        assert response.status_code == status, (path, params, response.text)
        assert words in response.json()["detail"], (path, response.json())


def test_openapi_describes_every_api_route_and_page(base):
    schema = api(base, "/openapi.json")
    assert set(schema["paths"]) == {
        "/api/papers", "/api/papers/{paper}/editions", "/api/editions/{paper}/{day}", "/api/pages/{paper}/{day}/{page}",
        "/api/articles/{ident}", "/api/search", "/", "/search", "/article/{ident}", "/{paper}/{day}/{page}",
        "/{paper}/{day}", "/{paper}"}
    assert all(list(operations) == ["get"] for operations in schema["paths"].values())
    search = {p["name"]: p for p in schema["paths"]["/api/search"]["get"]["parameters"]}
    assert set(search) == {"q", "paper", "from", "to", "page", "author", "limit", "offset"}
    assert search["from"]["schema"]["pattern"] == r"^\d{4}-\d{2}-\d{2}$"


# ----- the pages ---------------------------------------------------------------------------------
def test_index_lists_papers_with_span_and_counts(base, crawled_store):
    html = get(base, "/").text
    stats = {row["paper"]: row for row in crawled_store.paper_stats()}["xinyang"]
    assert '<a href="/xinyang">信阳日报</a>' in html and '<a href="/henandaily">河南日报</a>' in html
    row = re.search(r'<a href="/xinyang">.*?</tr>', html, re.S).group(0)
    assert "2020-01-27 – 2020-01-30" in row
    assert [int(n) for n in re.findall(r'<td class="n">(\d+)</td>', row)] == [
        4, 1, 1, 0, stats["pages"], stats["articles"]]
    assert stats["editions"] == {"complete": 3, "partial": 1, "no_issue": 1}


def test_calendar_colours_each_day_by_status(base):
    html = get(base, "/xinyang").text
    assert "<caption>January 2020</caption>" in html
    cells = re.findall(r'<td class="day (\w+)"(?: title="2020-01-(\d\d)[^"]*")?>(?:<a href="/xinyang/2020-01-(\d\d)")?', html)
    days = {int(a or b): status for status, a, b in cells}
    assert {d: days[d] for d in range(25, 32)} == {25: "outside", 26: "no_issue", 27: "complete", 28: "partial",
                                                   29: "complete", 30: "complete", 31: "outside"}
    assert 'title="2020-01-28: partial, pages 3/4, articles 7/8, 2 failed"' in html
    assert get(base, "/xinyang", year="2019").status_code == 200 and "No edition in 2019" in get(
        base, "/xinyang", year="2019").text
    assert get(base, "/xinyang", year="20x9").status_code == 400


def test_edition_lists_pages_with_names_pdfs_status_and_failures(base):
    html = get(base, "/xinyang/2020-01-27").text
    names = re.findall(r'<a class="name" href="/xinyang/2020-01-27/(\d\d)">第\d\d版 (.*?)</a>', html)
    assert names[:2] == [("01", "要闻"), ("02", "综合要闻")] and len(names) == 8
    assert 'href="https://ribao.xyxww.com.cn/page/2020-01/27/02/27111580048117186.pdf"' in html
    assert '<img src="https://ribao.xyxww.com.cn/page/2020-01/27/02/49441580048117808_b.jpg"' in html
    assert 'rel="next" href="/xinyang/2020-01-28"' in html and 'rel="prev" href="/xinyang/2020-01-26"' in html
    partial = get(base, "/xinyang/2020-01-28").text
    assert '<span class="badge partial">partial</span>' in partial
    assert re.search(r'<li class="lost">.*?第03版.*?not stored: HTTP 500', partial, re.S)
    assert "Failures (2)" in partial and f"https://{XY28}content_95465.htm" in partial
    assert "No issue was published on this day." in get(base, "/xinyang/2020-01-26").text


def test_page_draws_every_hotspot_over_the_image_and_lists_the_articles(base):
    html = get(base, "/xinyang/2020-01-27/02").text
    assert '<img class="scan" src="https://ribao.xyxww.com.cn/page/2020-01/27/02/49441580048117808_b.jpg"' in html
    # the coordinate space: the size the page shows its image at (its <img width height>), as crawled
    assert 'viewBox="0 0 340 510"' in html and 'data-sized="stored"' in html
    spots = re.findall(r'<a class="spot" href="([^"]+)" aria-label="([^"]+)">\s*<title>[^<]*</title>\s*'
                       r'<polygon points="([^"]+)"/>', html)
    assert spots[0] == (f"/article/{SEED_ID}", SEED_TITLE, "5,38 334,38 334,193 5,193") and len(spots) == 3
    listed = re.findall(r'<li><a href="(/article/[^"]+)">', html)
    assert listed == [s[0] for s in spots]
    assert "□本报记者 王凌云" in html
    assert 'rel="prev" href="/xinyang/2020-01-27/01"' in html and 'rel="next" href="/xinyang/2020-01-27/03"' in html
    assert 'href="/xinyang/2020-01-28">2020-01-28 →' in html
    assert get(base, "/xinyang/2020-01-27/０２").text == html  # full-width digits, as crawler.query reads them
    lost = get(base, "/xinyang/2020-01-28/03")
    assert lost.status_code == 200 and "This page is not stored: HTTP 500" in lost.text


def test_article_shows_headline_byline_page_text_pictures_and_duplicates(base, crawled_store):
    html = get(base, f"/article/{SEED_ID}").text
    assert f"<h1>{SEED_TITLE}</h1>" in html and '<p class="subtitle">打赢疫情防控攻坚战我市党员干部冲在前</p>' in html
    assert '<p class="byline">□本报记者 王凌云</p>' in html
    assert '<a class="page-link" href="/xinyang/2020-01-27/02">第02版 综合要闻</a>' in html
    doc = crawled_store.articles.find_one({"_id": SEED_ID})
    assert html.count("\n  <p>") == len(doc["paragraphs"]) == 10
    pictured = get(base, "/article/xinyang:2020-01-27:content_95308").text
    assert '<img src="https://ribao.xyxww.com.cn/res/1/20200127/15800964321157.jpg"' in pictured
    assert "<figcaption>新县检查点的志愿者在寒风中登记车辆信息。通讯员 陈明 摄</figcaption>" in pictured
    pairs = json.loads((EXPECTED / "DUPLICATES.json").read_text())
    ((original, copy),) = pairs["exact"]
    ((wire, reprint),) = pairs["near"]
    title = crawled_store.articles.find_one({"_id": original})["title"]
    assert f'A reprint of <a href="/article/{original}">{title}</a> (xinyang 2020-01-29)' in get(
        base, f"/article/{copy}").text
    assert f'Reprinted as <a href="/article/{copy}">' in get(base, f"/article/{original}").text
    assert f'Nearly the same: <a href="/article/{reprint}">' in get(base, f"/article/{wire}").text
    # by URL as well, like `epaper show URL`
    assert get(base, "/article/" + doc["url"]).status_code == 200


def test_search_page_ranks_highlights_and_pages(base, crawled_store):
    total = crawled_store.search(ArticleQuery(words=("疫情",)), 1)[1]
    assert total == 31
    html = get(base, "/search", q="疫情").text
    titles = re.findall(r'<a class="title" href="/article/([^"]+)">', html)
    assert titles[0] == SEED_ID and len(titles) == 20
    first = html[html.index('<ol class="results"'):html.index("</li>")]
    assert "打赢<mark>疫情</mark>防控攻坚战" in first and "<mark>疫情</mark>关乎群众" in first
    assert "1–20 of 31 articles for 疫情." in html
    assert 'rel="next" href="/search?q=%E7%96%AB%E6%83%85&amp;offset=20"' in html
    rest = get(base, "/search", q="疫情", offset="20").text
    assert "21–31 of 31 articles" in rest and len(re.findall(r'<a class="title"', rest)) == 11
    assert 'rel="prev" href="/search?q=%E7%96%AB%E6%83%85"' in rest
    bad = get(base, "/search", q="疫情", to="2020-02-31")
    assert bad.status_code == 400 and "to &#39;2020-02-31&#39; is not a date" in bad.text
    assert get(base, "/search").status_code == 200  # the form alone


def test_marked_cuts_text_at_the_highlight_spans():
    assert marked("打赢疫情防控", [[2, 4]]) == [("打赢", False), ("疫情", True), ("防控", False)]
    assert marked("疫情", [[0, 2], [1, 3], [5, 9]]) == [("疫情", True)]


def test_hotspot_labels_fit_their_region():
    assert label_lines("我市暂停团队旅游及“机票+酒店”产品", (172, 275, 334, 503)) == ["我市暂停团队旅游及“机票", "+酒店”产品"]
    assert label_lines("一二三四五六七八九十", (0, 0, 32, 10), most=2) == ["一二", "三…"]


def test_hotspot_shapes_and_coordinate_space():
    assert shape({"shape": "rect", "coords": "10,20,5,40"})["box"] == (5, 20, 10, 40)
    assert shape({"shape": "circle", "coords": "50 50 10"})["r"] == "10"
    assert shape({"shape": "POLY", "coords": "0,0,10,0,10,10,7"})["points"] == "0,0 10,0 10,10"
    for bad in ("", "1,2", "10%,5,7,8", "javascript:alert(1)", "1e9,1,2,3,4,5"):
        assert shape({"shape": "polygon", "coords": bad}) is None
    assert shape({"shape": "default", "coords": "0,0,1,1"}) is None
    shapes = [shape({"coords": "5,38,334,38,334,193,5,193"}), shape({"coords": "172,275,334,275,334,503,172,503"})]
    assert coordinate_space({}, shapes) == (339, 508, False)
    assert coordinate_space({"image_width": 340, "image_height": 510}, shapes) == (340, 510, True)


# ----- safety ------------------------------------------------------------------------------------
PAGE_ROUTES = ["/", "/xinyang", "/xinyang/2020-01-27", "/xinyang/2020-01-27/02", f"/article/{SEED_ID}",
               "/search?q=%E7%96%AB%E6%83%85"]
API_ROUTES = ["/api/papers", "/api/papers/xinyang/editions", "/api/editions/xinyang/2020-01-27",
              "/api/pages/xinyang/2020-01-27/02", f"/api/articles/{SEED_ID}", "/api/search?q=%E7%96%AB%E6%83%85",
              "/openapi.json"]


def test_every_response_carries_the_security_headers(base):
    for path in [*PAGE_ROUTES, *API_ROUTES, "/static/reader.css", "/nosuchpaper", "/api/articles/x"]:
        response = get(base, path)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (path, name)
    csp = SECURITY_HEADERS["content-security-policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp


def test_the_reader_is_read_only(base):
    for path in [*PAGE_ROUTES, *API_ROUTES, "/static/reader.css"]:
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            response = requests.request(method, base + path, json={"title": "x"}, timeout=30)
            assert response.status_code == 405, (method, path, response.status_code)
    assert "only GET" in requests.post(base + "/api/papers", timeout=30).json()["detail"]


HOSTILE = [
    # operator-looking values where a paper, a date, an id or a word goes
    '/{"$ne":null}', '/{"$ne":null}/2020-01-27', '/xinyang/{"$gt":""}', '/api/articles/{"$ne":null}',
    '/article/{"$regex":".*"}', '/api/editions/{"$ne":null}/2020-01-27', '/api/papers/{"$where":"1"}/editions',
    '/api/search?q=疫情&paper={"$ne":null}', '/api/search?q[$ne]=x',
    '/api/search?q=疫情&from[$gt]=', '/search?q=疫情&page={"$gt":""}', '/api/papers/xinyang/editions?from={"$gte":""}',
    # path traversal
    "/media/../../etc/passwd", "/media/%2e%2e/%2e%2e/etc/passwd", "/media/ab/..%2f..%2fsecret", "/static/../app.py",
    "/static/%2e%2e/app.py", "/../../etc/passwd", "/api/articles/../../../etc/passwd", "/media/00/" + "0" * 64 + ".jpg",
    # malformed and huge
    "/xinyang/0000-00-00", "/xinyang/2020-01-27/" + "9" * 50, "/xinyang/9999-99-99/02", "/api/pages/xinyang/2020-01-27/-1",
    "/api/search?q=" + "疫" * 5000, "/api/search?q=疫情&limit=999999999999999999999", "/api/search?q=疫情&offset=-1",
    "/api/search?q=疫情&offset=1e9", "/" + "x" * 3000, "/api/articles/" + "a" * 3000, "/xinyang?year=99999",
    "/api/papers/xinyang/editions?from=0001-01-01&to=9999-12-31", "/search?q=疫情&offset=abc",
    # unicode junk, control characters, markup
    "/%00", "/xinyang/2020-01-27%00", "/api/articles/%ED%A0%80", "/%F0%9F%92%A9/2020-01-27",
    "/api/search?q=%00%01%02", "/api/search?q=%ED%A0%80", "/search?q=%E2%80%AE%E2%80%8B", "/<script>alert(1)</script>",
    "/api/search?q=疫情&page=%E2%91%A0",
    # parameters a route does not take, or given twice
    "/api/papers?debug=1", "/xinyang/2020-01-27?q=1", "/api/search?q=疫情&q=防控", "/api/search?q=疫情&sort=-date",
]


# Free text (words, an author's name) that looks like an operator is a literal: it matches nothing.
LITERAL = ['/api/search?q=疫情&author={"$ne":null}', '/api/search?q=疫情&author={"$gt":""}',
           '/api/search?q={"$where":"sleep(1000)"}', '/search?q=疫情&author={"$regex":".*"}']


def test_hostile_input_gets_a_4xx_and_changes_nothing(base, crawled_store):
    before = snapshot(crawled_store.db)
    for path in HOSTILE:
        response = requests.get(base + path, timeout=30, allow_redirects=False)
        assert 400 <= response.status_code < 500, (path, response.status_code, response.text[:200])
        if response.headers.get("content-type", "").startswith("text/html"):
            assert "<script>alert" not in response.text, path
    for path in LITERAL:
        response = requests.get(base + path, timeout=30, allow_redirects=False)
        assert response.status_code == 200, path
        if path.startswith("/api/"):
            assert (response.json()["total"], response.json()["results"]) == (0, []), path
        else:
            assert "No article matches" in response.text and '<a class="title"' not in response.text
    assert snapshot(crawled_store.db) == before


def test_stored_markup_is_escaped_and_stored_links_are_http_only(mongo_uri, tmp_path):
    """An article whose fields hold markup and a javascript: URL is shown as text, linked nowhere."""
    from uuid import uuid4

    name = f"t_web_{uuid4().hex[:10]}"
    client = pymongo.MongoClient(mongo_uri)
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    client[name].articles.insert_one({
        "_id": "evil:2020-01-01:a1", "paper": "evil", "date": "2020-01-01", "url": "javascript:alert(3)",
        "article_id": "a1", "title": evil, "byline": evil, "paragraphs": [evil], "body": evil, "page_no": "01",
        "images": [{"url": "javascript:alert(4)", "caption": evil}], "tokens": ["alert"]})
    client[name].articles.insert_one({
        "_id": "paper.example.cn/hnrb:2020-01-02:a2", "paper": "paper.example.cn/hnrb", "date": "2020-01-02",
        "url": "http://paper.example.cn/hnrb/a2.htm", "article_id": "a2", "title": "斜线", "page_no": "01"})
    try:
        with live_reader(mongo_uri, name) as url:
            for path in ("/article/evil:2020-01-01:a1", "/search?q=alert", "/", "/evil/2020-01-01"):
                response = requests.get(url + path, timeout=30)
                html = response.text
                assert response.status_code == 200, path
                assert "<script>alert" not in html and "<img src=x" not in html and "javascript:" not in html, path
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in requests.get(url + "/article/evil:2020-01-01:a1").text
            # a paper crawled by URL is keyed by host and folder: its views route with the slash
            edition = requests.get(url + "/paper.example.cn/hnrb/2020-01-02", timeout=30)
            assert edition.status_code == 200 and '<span class="badge unrecorded">unrecorded</span>' in edition.text
            unrecorded = requests.get(url + "/api/editions/paper.example.cn/hnrb/2020-01-02").json()
            assert (unrecorded["paper"], unrecorded["date"], unrecorded["status"]) == (
                "paper.example.cn/hnrb", "2020-01-02", "unrecorded")
            assert requests.get(url + "/api/papers/paper.example.cn/hnrb/editions").json() == []
            assert requests.get(url + "/article/paper.example.cn/hnrb:2020-01-02:a2").status_code == 200
    finally:
        client.drop_database(name)
        client.close()


def test_media_files_are_served_from_the_archive_and_nothing_else(mongo_uri, crawled, tmp_path):
    digest = "ab" + "c" * 62
    (tmp_path / "media" / "ab").mkdir(parents=True)
    (tmp_path / "media" / "ab" / f"{digest}.jpg").write_bytes(b"\xff\xd8 picture")
    (tmp_path / "secret.txt").write_text("TOP-SECRET-CONTENT")
    with live_reader(mongo_uri, crawled, media=tmp_path) as url:
        found = requests.get(f"{url}/media/ab/{digest}.jpg", timeout=30)
        assert (found.status_code, found.content, found.headers["content-type"]) == (200, b"\xff\xd8 picture",
                                                                                     "image/jpeg")
        for path in ("/media/../secret.txt", "/media/%2e%2e/secret.txt", "/media/ab/../../secret.txt",
                     f"/media/ab/{digest}.JPG", f"/media/AB/{digest}.jpg", "/media/ab", "/media/secret.txt",
                     f"/media//ab/{digest}.jpg", f"/media/ab/{digest}.jpg/..", "/media/" + "a" * 500):
            response = requests.get(url + path, timeout=30)
            assert response.status_code == 404 and b"TOP-SECRET" not in response.content, path
    app_reader = __import__("crawler.web.reader", fromlist=["Reader"]).Reader(None, {}, tmp_path)
    assert app_reader.media_link(f"media/ab/{digest}.jpg", "https://x/y.jpg") == f"/media/ab/{digest}.jpg"
    assert app_reader.media_link("../../etc/passwd", "https://x/y.jpg") == "https://x/y.jpg"
    assert app_reader.media_link("", "javascript:alert(1)") == ""


def test_a_crawl_with_media_is_shown_from_the_archive(crawl, store, mongo_uri, database):
    """临河日报 2021-03-01 crawled with EPAPER_MEDIA: page images, PDFs and pictures come from
    the archive's media folder; page 02's PDF, whose download failed, from its original URL."""
    papers = {"EPAPER_PAPERS": str(FIXTURES / "linhe_papers.toml")}
    result = crawl("paper=linhe", "date=2021-03-01", env=papers, settings={"EPAPER_MEDIA": "pdf,page_image,images"})
    assert result.returncode == 0, result.log[-2000:]
    recorded = SITES / "szb.linhe.local"
    with live_reader(mongo_uri, database, media=crawl.archive) as url:
        page = requests.get(url + "/linhe/2021-03-01/01", timeout=30).text
        image = re.search(r'<img class="scan" src="(/media/[0-9a-f]{2}/[0-9a-f]{64}\.jpg)"', page).group(1)
        pdf = re.search(r'<a class="pdf" href="(/media/[0-9a-f]{2}/[0-9a-f]{64}\.pdf)"', page).group(1)
        assert requests.get(url + image, timeout=30).content == (
            recorded / "page/2021-03/01/01/lh20210301_01_b.jpg").read_bytes()
        served = requests.get(url + pdf, timeout=30)
        assert served.headers["content-type"] == "application/pdf"
        assert served.content == (recorded / "page/2021-03/01/01/lh20210301_01.pdf").read_bytes()
        edition = requests.get(url + "/linhe/2021-03-01", timeout=30).text
        assert 'href="http://szb.linhe.local/page/2021-03/01/02/lh20210301_02.pdf"' in edition
        assert "Media not downloaded (1)" in edition and "HTTP 404" in edition
        pictured = next(a["_id"] for a in store.articles.find({"paper": "linhe"}).sort("_id") if a.get("images"))
        article = requests.get(url + f"/article/{pictured}", timeout=30).text
        picture = re.search(r'<img src="(/media/[0-9a-f]{2}/[0-9a-f]{64}\.jpg)"', article).group(1)
        assert requests.get(url + picture, timeout=30).content == (recorded / "res/2021-03/01/pic_4000.jpg").read_bytes()


# ----- the command ---------------------------------------------------------------------------------
def test_epaper_serve_runs_the_reader_on_loopback(crawled, mongo_uri):
    env = dict(os.environ, MONGO_URI=mongo_uri, MONGO_DATABASE=crawled)
    proc = subprocess.Popen([str(EPAPER), "serve", "--port", "0"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        found = re.match(r"reader: (http://127\.0\.0\.1:(\d+)/) ", line)
        assert found, line
        record = requests.get(found.group(1) + f"api/articles/{SEED_ID}", timeout=30).json()
        assert (record["id"], record["title"]) == (SEED_ID, SEED_TITLE)
        assert SEED_TITLE in requests.get(found.group(1) + "xinyang/2020-01-27/02", timeout=30).text
        # bound to loopback, it answers only loopback names (no DNS rebinding onto it)
        rebound = requests.get(found.group(1) + "api/papers", headers={"Host": "evil.example"}, timeout=30)
        assert rebound.status_code == 400
        assert requests.get(found.group(1).replace("127.0.0.1", "localhost") + "api/papers", timeout=30).ok
        busy = subprocess.run([str(EPAPER), "serve", "--port", found.group(2)], env=env, capture_output=True,
                              text=True, timeout=60)
        assert busy.returncode == 1 and busy.stderr.startswith(f"epaper: cannot listen on 127.0.0.1:{found.group(2)}")
    finally:
        proc.terminate()
        proc.wait(15)
        proc.stderr.close()
