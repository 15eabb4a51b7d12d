"""Every recorded paper of every family, crawled end to end into the store.

Each MANIFEST under tests/fixtures/expected says what a crawl of its recorded editions must
yield; each stored article must equal its expected JSON field by field.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import EXPECTED, SITES, expected
from crawler.papers import load_registry

REGISTRY = load_registry()
MANIFESTS = [json.loads(p.read_text(encoding="utf-8")) | {"_dir": p.parent}
             for p in sorted(EXPECTED.rglob("MANIFEST.json"))]
REGISTERED = [m for m in MANIFESTS if m.get("paper_key")]
ARTICLE_FIELDS = ("lead_title", "title", "subtitle", "byline", "authors", "paragraphs", "page_no", "page_name")


def _crawl_plan() -> list[tuple[str, str, str]]:
    """(paper, first date, last date): one crawl per run of recorded dates at most 2 days apart."""
    plan = []
    for m in REGISTERED:
        days = sorted(date.fromisoformat(d) for d in m["editions"])
        run = [days[0]]
        for day in days[1:]:
            if (day - run[-1]).days > 2:
                plan.append((m["paper_key"], run[0].isoformat(), run[-1].isoformat()))
                run = []
            run.append(day)
        plan.append((m["paper_key"], run[0].isoformat(), run[-1].isoformat()))
    return plan


def _manifest_editions(key: str) -> dict[str, dict]:
    return {d: e for m in REGISTERED if m["paper_key"] == key for d, e in m["editions"].items()}


def _host_of(key: str) -> str:
    m = next(m for m in REGISTERED if m["paper_key"] == key)
    return str(m["_dir"].relative_to(EXPECTED)).split("/", 1)[0]


@pytest.mark.parametrize(("key", "first", "last"), _crawl_plan())
def test_recorded_editions_crawl_into_store(crawl, store, key, first, last):
    result = crawl(f"paper={key}", f"start={first}", f"end={last}")
    want = {d: e for d, e in _manifest_editions(key).items() if first <= d <= last}
    done = all(e["status"] in ("complete", "no_issue") for e in want.values())
    assert result.returncode == (0 if done else 1), result.log[-3000:]  # 1: a partial edition is work not done
    got = {e["date"]: e for e in result.of("edition")}
    assert {d: e["status"] for d, e in got.items() if d in want} == {d: e["status"] for d, e in want.items()}
    for day, info in want.items():
        if info["status"] == "no_issue":
            continue
        edition = got[day]
        assert edition["counts"]["pages_listed"] == info["pages"], day
        assert edition["counts"]["articles_listed"] == info["articles"], day
        stored = {d["article_id"]: d for d in store.articles.find({"paper": key, "date": day})}
        if info["status"] == "complete":
            assert set(stored) == set(info["article_ids"])
        else:
            assert set(stored) <= set(info["article_ids"]) and stored
        for doc in stored.values():
            want_article = expected(doc["url"].split("://", 1)[1])
            assert {k: doc[k] for k in ARTICLE_FIELDS} == {k: want_article[k] for k in ARTICLE_FIELDS}, doc["url"]
            assert [{"url": i["url"], "caption": i["caption"]} for i in doc["images"]] == want_article["images"]
        entry_page = expected(edition["url"].split("://", 1)[1]) if edition["url"] else None
        if entry_page and entry_page["edition_pages"]:
            assert edition["pages"] == entry_page["edition_pages"]


def test_registry_entry_urls_match_recordings():
    for m in REGISTERED:
        paper = REGISTRY[m["paper_key"]]
        for day, info in m["editions"].items():
            if "entry" in info:
                url = paper.entry_url(date.fromisoformat(day))
                assert url.split("://", 1)[1] == f"{_host_of(paper.key)}/{info['entry']}", (paper.key, day)


def test_latest_issue_of_every_family(crawl):
    """paperindex meta refresh, JavaScript location, pc index pages, PaperIndex → IssueIndex."""
    latest = {m["paper_key"]: m["latest"] for m in REGISTERED if m.get("latest")}
    assert {REGISTRY[k].family for k in latest} == {"founder_classic", "founder_pc", "paperindex", "datefolder"}
    result = crawl("paper=" + ",".join(sorted(latest)))
    assert result.returncode == 0
    assert {e["paper"]: (e["date"], e["status"]) for e in result.of("edition")} == {
        k: (d, "complete") for k, d in latest.items()}


def test_paper_changed_system_on_a_date():
    rmrb = REGISTRY["renminribao"]
    assert rmrb.layout(date(2024, 11, 30)).name == "founder_classic"
    assert rmrb.layout(date(2024, 12, 1)).name == "founder_pc"
    assert rmrb.entry_url(date(2017, 10, 16)).endswith("/rmrb/html/2017-10/16/nbs.D110000renmrb_01.htm")
    assert rmrb.entry_url(date(2025, 1, 15)).endswith("/rmrb/pc/layout/202501/15/node_01.html")


SAMPLE = SITES / "zgjjjcb.local" / "html" / "2017-07" / "22" / "node_2.htm"


def test_unregistered_paper_from_one_saved_page(crawl, store):
    """A single saved Founder page of a paper nobody registered, read over file://."""
    url = SAMPLE.as_uri()
    result = crawl(f"url={url}", mirror=False)
    want = expected("zgjjjcb.local/html/2017-07/22/node_2.htm")
    base = SAMPLE.parent.as_uri() + "/"
    local = lambda u: u.replace("http://zgjjjcb.local/html/2017-07/22/", base)  # noqa: E731
    edition = result.edition
    assert (edition["paper"], edition["paper_name"], edition["date"]) == ("zgjjjcb.local", "中国纪检监察报", "2017-07-22")
    assert [(p["page_no"], p["page_name"]) for p in edition["pages"]] == [
        (p["page_no"], p["page_name"]) for p in want["edition_pages"]]
    assert [p["url"] for p in edition["pages"]] == [local(p["url"]) for p in want["edition_pages"]]
    (page,) = result.of("page")
    assert page["hotspots"] == [dict(h, article_url=local(h["article_url"])) for h in want["hotspots"]]
    assert page["article_urls"] == [local(u) for u in want["article_urls"]]
    assert page["pdf_url"].endswith("/2017-07/22/1/201707221_pdf.pdf")
    assert page["image_url"].endswith("/2017-07/22/1/201707221_brief.jpg")
    # its other pages and its articles were not saved: listed, failed, and said so
    assert edition["status"] == "partial"
    assert edition["counts"]["pages_fetched"] == 1 and edition["counts"]["articles_failed"] == 7
    assert all(f["reason"].startswith("FileNotFoundError") or "No such file" in f["reason"] for f in edition["failures"])


def test_unregistered_paper_over_http(crawl, store):
    result = crawl("url=http://newpaper.dahe.cn/dhb/html/2022-08/19/node_897.htm")
    assert result.edition["paper"] == "newpaper.dahe.cn/dhb" and result.edition["status"] == "complete"
    assert store.articles.count_documents({"paper": "newpaper.dahe.cn/dhb"}) == 9


def test_a_rerun_of_a_complete_unregistered_edition_is_skipped_and_its_record_kept(crawl, store, site_server):
    url = "url=http://newpaper.dahe.cn/dhb/html/2022-08/19/node_897.htm"
    first = crawl(url)
    before = store.editions.find_one({"paper": "newpaper.dahe.cn/dhb"})
    site_server.requests.clear()
    again = crawl(url)
    assert (first.returncode, again.returncode, again.of("edition")) == (0, 0, [])
    assert "newpaper.dahe.cn/dhb 2022-08-19: stored complete, skipped (-a refresh=1 fetches it again)" in again.log
    assert site_server.requests == ["newpaper.dahe.cn/dhb/html/2022-08/19/node_897.htm"]  # the entry page alone
    assert store.editions.find_one({"paper": "newpaper.dahe.cn/dhb"}) == before


def test_an_unregistered_papers_entry_that_only_redirects_by_script_is_followed(crawl, store):
    """驻马店日报's index.html holds nothing but ``window.location.href = "20221203/html/index.htm"``."""
    result = crawl("url=http://zmdrb.zmdnews.cn/zmdrb/index.html")
    assert (result.returncode, result.edition["date"], result.edition["status"]) == (0, "2022-12-03", "complete")
    assert "no known e-paper layout" not in result.log


def test_an_unregistered_paper_without_a_name_in_its_metadata_is_named_by_its_page_title(crawl, store):
    """人民日报 pc pages carry no papername metadata; their <title> is the paper's name."""
    result = crawl("url=http://paper.people.com.cn/rmrb/pc/layout/202501/15/node_01.html")
    assert (result.edition["paper"], result.edition["paper_name"]) == ("paper.people.com.cn/rmrb", "人民日报")
    assert {a["paper_name"] for a in result.of("article")} == {"人民日报"}


def test_a_listed_page_that_answers_an_error_page_with_200_leaves_the_edition_partial(crawl, store, site_server):
    """"页面不存在" served with status 200 in place of page 02: stored as an empty page, it made
    the edition complete without that page's articles. It is a failed page, said so."""
    missing = "newpaper.dahe.cn/dhb/html/2022-08/19/node_899.htm"
    site_server.override[missing] = "<html><head><title>404</title></head><body><h1>页面不存在</h1></body></html>".encode()
    result = crawl("url=http://newpaper.dahe.cn/dhb/html/2022-08/19/node_897.htm")
    edition = result.edition
    assert (result.returncode, edition["status"]) == (1, "partial"), result.log[-2000:]
    assert edition["failures"] == [{"url": "http://" + missing, "kind": "page",
                                    "reason": "not a page of the edition: no page list, articles, page image or PDF"}]
    assert [p["page_no"] for p in result.of("page")] == ["A01", "A03"]


def test_an_article_linked_at_the_papers_own_host_from_a_copy_is_fetched_once_from_the_copy(crawl, store, site_server):
    """A copy served elsewhere (no mirror setting) whose page 07 links one article by the
    paper's real address: one article, fetched from the copy, and the edition complete."""
    url = site_server.base + "ribao.xyxww.com.cn/html/2020-01/27/node_2.htm"
    result = crawl(f"url={url}", mirror=False)
    edition = result.edition
    assert (result.returncode, edition["status"], edition["failures"]) == (0, "complete", []), result.log[-2000:]
    assert edition["counts"]["articles_listed"] == len(result.of("article")) == 26
    assert not [r for r in site_server.requests if "ribao.xyxww.com.cn" not in r]
    assert all(a["url"].startswith(site_server.base) for a in result.of("article"))


def test_dates_and_a_base_url_are_refused_with_an_ad_hoc_url(crawl):
    url = "url=http://newpaper.dahe.cn/dhb/html/2022-08/19/node_897.htm"
    dated = crawl(url, "date=2022-08-20")
    assert dated.returncode == 2 and dated.items == []
    assert "-a url= crawls the edition of that page; -a date= picks editions of a registered paper" in dated.log
    mirrored = crawl(url, "base_url=http://127.0.0.1:9/")
    assert mirrored.returncode == 2 and "-s EPAPER_MIRROR=http://mirror/" in mirrored.log


def test_a_missing_ad_hoc_edition_is_no_issue_as_for_a_registered_paper(crawl, store):
    result = crawl("url=http://newpaper.dahe.cn/dhb/html/2022-08/20/node_897.htm")
    assert result.returncode == 0, result.log[-2000:]
    assert [(e["paper"], e["date"], e["status"]) for e in result.of("edition")] == [
        ("newpaper.dahe.cn/dhb", "2022-08-20", "no_issue")]


def test_unknown_layout_names_url_and_families(crawl, tmp_path):
    page = tmp_path / "about.html"
    page.write_text("<html><body><h1>关于我们</h1><p>本站简介</p></body></html>", encoding="utf-8")
    result = crawl(f"url={page.as_uri()}", mirror=False)
    assert result.items == []
    assert f"{page.as_uri()}: no known e-paper layout (tried founder_classic, founder_pc, paperindex, datefolder, shtml, szbz, uniflows, nmrb, qpaper)" in result.log


def _recorded_edition(crawl, store, paper: str, name: str, day: str, pages: list[tuple[str, str, str]],
                      article_urls: dict[str, list[str]], articles: dict[str, tuple[str, str]], parser: str):
    """Crawl a family's recorded edition by date and hold it to what it prints: complete, its pages
    in order, each page's articles, every article's page and title, read by the family's parser.
    The stored pages by number and articles by id, for what is particular to the family."""
    result = crawl(f"paper={paper}", f"date={day}")
    assert result.returncode == 0, result.log[-3000:]
    edition = result.edition
    assert (edition["paper"], edition["paper_name"], edition["date"], edition["status"]) == (paper, name, day, "complete")
    assert edition["failures"] == []
    assert [(p["page_no"], p["page_name"], p["url"]) for p in edition["pages"]] == pages
    counts = edition["counts"]
    assert (counts["pages_listed"], counts["pages_fetched"], counts["articles_listed"], counts["articles_stored"],
            counts["articles_failed"]) == (len(pages), len(pages), len(articles), len(articles), 0)
    stored_pages = {p["page_no"]: p for p in store.pages.find({"paper": paper, "date": day})}
    assert {no: p["article_urls"] for no, p in stored_pages.items()} == article_urls
    stored = {d["article_id"]: d for d in store.articles.find({"paper": paper, "date": day})}
    assert {k: (d["page_no"], d["title"]) for k, d in stored.items()} == articles
    assert {d["parser"] for d in stored.values()} == {parser}
    return stored_pages, stored


def _unregistered_edition(crawl, url: str, key: str, day: str, articles: dict[str, tuple[str, str]]) -> None:
    """An `-a url=` crawl of a page of a paper not in the registry: complete under the site's key,
    every article read with its title (before its family, no layout matched such URLs and the
    crawl stopped at its entry page)."""
    result = crawl(f"url={url}")
    assert result.returncode == 0, result.log[-3000:]
    edition = result.edition
    assert (edition["paper"], edition["date"], edition["status"]) == (key, day, "complete")
    assert "no known e-paper layout" not in result.log
    assert {a["article_id"]: a["title"] for a in result.of("article")} == {k: t for k, (_, t) in articles.items()}


# ----- the .shtml family (山西日报 group) ----------------------------------------------------------
SXRB = "http://epaper.sxrb.com/shtml/sxrb/20221203/"
SXRB_ARTICLES = {
    "1089431": ("01", "我省今冬明春农田水利建设全面铺开"),
    "1089432": ("01", "太原至忻州城际铁路完成全线铺轨"),
    "1089433": ("01", "以钉钉子精神抓好项目建设"),
    "1089434": ("02", "临汾：冬季文旅活动热起来"),
}


def test_shtml_pages_and_articles_are_detected_by_their_urls():
    """v01.shtml / vA1.shtml / vA01.shtml pages and numeric NNNNNN.shtml articles in a dated
    folder are the .shtml family, with or without their markup; a site's other .shtml is not."""
    from crawler.layouts import LayoutError, detect

    for url in (SXRB + "v01.shtml", SXRB + "1089431.shtml",
                "http://epaper.sxrb.com//shtml/sxrb/20160203/335337.shtml",
                "http://epaper.gjsb.com/shtml/gjsb/20221203/vA1.shtml",  # 国际商报, lettered pages
                "http://ep.bdcb.cn/shtml/bdcb/20221203/vA01.shtml"):  # 半岛晨报
        assert detect(url).name == "shtml", url
    layout = detect(SXRB + "v01.shtml")
    assert layout.is_page_url("http://epaper.gjsb.com/shtml/gjsb/20221203/vA1.shtml")
    assert not layout.is_article_url("http://epaper.gjsb.com/shtml/gjsb/20221203/vA1.shtml")
    assert layout.is_article_url(SXRB + "1089434.shtml") and not layout.is_page_url(SXRB + "1089434.shtml")
    assert layout.parser_id() == "shtml/1"
    with pytest.raises(LayoutError):
        detect("http://www.example.cn/news/index.shtml", "<html><body><p>新闻</p></body></html>")


def test_shanxiribao_recorded_edition_crawls_complete(crawl, store):
    pages, stored = _recorded_edition(crawl, store, "shanxiribao", "山西日报", "2022-12-03", [
        ("01", "要闻", SXRB + "v01.shtml"), ("02", "综合", SXRB + "v02.shtml")], {
        "01": [SXRB + "1089431.shtml", SXRB + "1089432.shtml", SXRB + "1089433.shtml"],
        "02": [SXRB + "1089434.shtml"]}, SXRB_ARTICLES, "shtml/1")
    assert pages["01"]["pdf_url"] == "http://epaper.sxrb.com/paperdata/sxrb/20221203/page_01.pdf"
    assert pages["02"]["image_url"] == "http://epaper.sxrb.com/paperdata/sxrb/20221203/b_page_02.jpg"
    assert stored["1089431"]["lead_title"] == "聚焦高质量发展"
    assert stored["1089432"]["subtitle"] == "预计明年上半年具备开通运营条件"
    assert [(i["url"], i["caption"]) for i in stored["1089434"]["images"]] == [
        ("http://epaper.sxrb.com/paperdata/sxrb/20221203/pic/1089434_1.jpg",
         "游客在乡宁县云丘山景区观看民俗表演。 本报通讯员 孙鹏 摄")]


def test_an_unregistered_shtml_paper_is_crawled_from_a_page_url(crawl, store):
    """Before the family, no layout matched these URLs and such a crawl stopped at its entry page."""
    _unregistered_edition(crawl, SXRB + "v02.shtml", "epaper.sxrb.com/shtml/sxrb", "2022-12-03", SXRB_ARTICLES)


def test_the_latest_issue_of_a_paper_that_announces_none_is_its_newest_of_the_week(crawl):
    """山西日报 names no latest-issue page: the latest issue is the newest dated edition of the
    last week (12-05 and 12-04 answer 404), so `-a paper=all` without a date stays exit 0."""
    result = crawl("paper=shanxiribao", settings={"EPAPER_TODAY": "2022-12-05"})
    assert result.returncode == 0, result.log[-3000:]
    assert [(e["paper"], e["date"], e["status"]) for e in result.of("edition")] == [
        ("shanxiribao", "2022-12-03", "complete")]
    gone = crawl("paper=shanxiribao", settings={"EPAPER_TODAY": "2022-12-20"})
    assert gone.returncode == 1 and "shanxiribao: no latest edition found (tried " in gone.log


# ----- the szbz family (黑龙江 dbw.cn 数字报纸) -----------------------------------------------------
HHRB = "http://hhrb.dbw.cn/Html/szbz/20220802/"
HHRB_ARTICLES = {
    "szbz91714": ("A01", "黑河口岸上半年进出口货运量同比增长三成"),
    "szbz91715": ("A01", "瑷珲古城夏季旅游持续升温"),
    "szbz91716": ("A01", "让边境小城更有温度"),
    "szbz91717": ("A02", "全市大豆玉米长势良好"),
}


def test_szbz_pages_and_articles_are_detected_by_their_urls():
    """szbzA1.Html pages and szbzNNNNN.Html articles in a Html/szbz/YYYYMMDD folder are the szbz
    family, with or without their markup; the site's other pages are not e-paper pages."""
    from crawler.layouts import LayoutError, detect

    for url in (HHRB + "szbzA1.Html", HHRB + "szbz91717.Html",
                "http://szb.jmsxww.com/html/szbz/20220824/szbzA2.Html",  # 佳木斯日报, html/ in lower case
                "http://szb.jmsxww.com/html/szbz/20220824/szbz277334.Html"):
        assert detect(url).name == "szbz", url
    layout = detect(HHRB + "szbzA1.Html")
    assert layout.is_page_url(HHRB + "szbzA2.Html") and not layout.is_article_url(HHRB + "szbzA2.Html")
    assert layout.is_article_url(HHRB + "szbz91714.Html") and not layout.is_page_url(HHRB + "szbz91714.Html")
    assert layout.parser_id() == "szbz/1"
    for other in (HHRB + "Index.Html",  # the frame around the pages, no page of the list
                  "http://hhrb.dbw.cn/Html/news/20220802/91714.Html",
                  "http://heilongjiang.dbw.cn/system/2018/07/13/058033700.shtml"):
        assert not layout.is_page_url(other) and not layout.is_article_url(other), other
        with pytest.raises(LayoutError):
            detect(other, "<html><body><p>新闻</p></body></html>")


def test_heiheribao_recorded_edition_crawls_complete(crawl, store):
    pages, stored = _recorded_edition(crawl, store, "heiheribao", "黑河日报", "2022-08-02", [
        ("A01", "要闻", HHRB + "szbzA1.Html"), ("A02", "综合新闻", HHRB + "szbzA2.Html")], {
        "A01": [HHRB + "szbz91714.Html", HHRB + "szbz91715.Html", HHRB + "szbz91716.Html"],
        "A02": [HHRB + "szbz91717.Html"]}, HHRB_ARTICLES, "szbz/1")
    assert pages["A01"]["pdf_url"] == "http://hhrb.dbw.cn/Files/szbz/20220802/A1.pdf"
    assert pages["A02"]["image_url"] == "http://hhrb.dbw.cn/Files/szbz/20220802/A2.jpg"
    assert [h["article_url"] for h in pages["A01"]["hotspots"]] == pages["A01"]["article_urls"]
    assert stored["szbz91715"]["byline"] == "本报记者 刘 洋" and stored["szbz91715"]["authors"] == ["刘洋"]
    assert [(i["url"], i["caption"]) for i in stored["szbz91717"]["images"]] == [
        ("http://hhrb.dbw.cn/Files/szbz/20220802/pic/91717_1.jpg",
         "7月30日，嫩江市一处大豆种植基地，农技人员在田间查看大豆长势。 本报通讯员 赵明 摄")]


def test_an_unregistered_szbz_paper_is_crawled_from_a_page_url(crawl, store):
    """Before the family, no layout matched these URLs and such a crawl stopped at its entry page."""
    _unregistered_edition(crawl, HHRB + "szbzA2.Html", "hhrb.dbw.cn", "2022-08-02", HHRB_ARTICLES)


# ----- the uniflows family (孝感日报) ---------------------------------------------------------------
XGRB = "http://szb.xgrb.cn:9999/epaper/xgrb/html/2022/07/04/"
XGRB_ARTICLES = {
    "01_64": ("01", "全市重点项目建设现场推进会召开"),
    "01_65": ("01", "孝南区“稻虾共作”让农民增收"),
    "01_66": ("01", "夏季防汛不可掉以轻心"),
    "02_67": ("02", "董永公园荷花竞相绽放"),
}


def test_uniflows_pages_and_articles_are_detected_by_their_urls():
    """NN/default.htm pages and NN/NN_K.htm articles under a slashed html/YYYY/MM/DD folder are the
    uniflows family, with or without their markup; the site's other pages are not e-paper pages,
    and a Founder classic page stays Founder classic."""
    from crawler.layouts import LayoutError, detect

    for url in (XGRB + "01/default.htm", XGRB + "02/default.htm", XGRB + "01/01_64.htm", XGRB + "02/02_67.htm"):
        assert detect(url).name == "uniflows", url
    layout = detect(XGRB + "01/default.htm")
    assert layout.is_article_url(XGRB + "01/01_65.htm") and not layout.is_page_url(XGRB + "01/01_65.htm")
    assert layout.parser_id() == "uniflows/1"
    for other in ("http://szb.xgrb.cn:9999/epaper/xgrb/html/2022/07/04/index.htm",
                  "http://szb.xgrb.cn:9999/epaper/xgrb/index.htm",
                  "http://www.xgrb.cn/html/2022/07/04/38611.html"):
        assert not layout.is_page_url(other) and not layout.is_article_url(other), other
        with pytest.raises(LayoutError):
            detect(other, "<html><body><p>新闻</p></body></html>")
    assert detect("http://ribao.xyxww.com.cn/html/2022-07/04/node_2.htm").name == "founder_classic"
    # the slashed date folder is read by the family, as the shared readers know no such folder
    html = (SITES / "szb.xgrb.cn:9999/epaper/xgrb/html/2022/07/04/02/02_67.htm").read_text(encoding="utf-8")
    assert layout.parse_article(html, XGRB + "02/02_67.htm").date == "2022-07-04"


def test_xiaoganribao_recorded_edition_crawls_complete(crawl, store):
    pages, stored = _recorded_edition(crawl, store, "xiaoganribao", "孝感日报", "2022-07-04", [
        ("01", "要闻", XGRB + "01/default.htm"), ("02", "综合", XGRB + "02/default.htm")], {
        "01": [XGRB + "01/01_64.htm", XGRB + "01/01_65.htm", XGRB + "01/01_66.htm"],
        "02": [XGRB + "02/02_67.htm"]}, XGRB_ARTICLES, "uniflows/1")
    assert pages["01"]["pdf_url"] == "http://szb.xgrb.cn:9999/epaper/xgrb/pdf/2022/07/04/01/01.pdf"
    assert pages["02"]["image_url"] == "http://szb.xgrb.cn:9999/epaper/xgrb/page/2022/07/04/02/02_b.jpg"
    assert [h["article_url"] for h in pages["01"]["hotspots"]] == pages["01"]["article_urls"]
    assert stored["01_64"]["lead_title"] == "坚持项目为王 推动高质量发展"
    assert stored["01_65"]["lead_title"] == ""  # an empty h5.yinti_title is no 引题
    assert [(i["url"], i["caption"]) for i in stored["02_67"]["images"]] == [
        ("http://szb.xgrb.cn:9999/epaper/xgrb/images/2022/07/04/02/02_67_1.jpg", "市民在董永公园赏荷拍照。 本报记者 黄玲 摄")]


def test_an_unregistered_uniflows_paper_is_crawled_from_a_page_url(crawl, store):
    """Before the family, no layout matched these URLs and such a crawl stopped at its entry page;
    its date is the slashed folder's."""
    _unregistered_edition(crawl, XGRB + "02/default.htm", "szb.xgrb.cn:9999/epaper/xgrb", "2022-07-04", XGRB_ARTICLES)


# ----- the nmrb family (农民日报 / 检察日报) -------------------------------------------------------
JCRB = "http://newspaper.jcrb.com/2022/20221202/"
JCRB_ARTICLES = {
    "20221202_001_1": ("01", "检察机关依法从严惩治危害食品安全犯罪"),
    "20221202_001_2": ("01", "为民营企业发展提供有力司法保障"),
    "20221202_001_3": ("01", "以检察履职守护群众“舌尖上的安全”"),
    "20221202_002_1": ("02", "“检察蓝”走进田间地头"),
}


def test_nmrb_pages_and_articles_are_detected_by_their_urls():
    """YYYY/YYYYMMDD/YYYYMMDD_001/YYYYMMDD_001.html pages and their YYYYMMDD_001_N.htm articles are
    the nmrb family, with or without their markup; the date must be the same in every part, so
    the site's other dated pages are not e-paper pages."""
    from crawler.layouts import LayoutError, detect

    for url in (JCRB + "20221202_001/20221202_001.html", JCRB + "20221202_002/20221202_002_1.htm",
                "https://szb.farmer.com.cn/2022/20221203/20221203_001/20221203_001.html",  # 农民日报
                "https://szb.farmer.com.cn/2022/20221203/20221203_001/20221203_001_2.htm"):
        assert detect(url).name == "nmrb", url
    layout = detect(JCRB + "20221202_001/20221202_001.html")
    assert layout.is_article_url(JCRB + "20221202_001/20221202_001_3.htm")
    assert not layout.is_page_url(JCRB + "20221202_001/20221202_001_3.htm")
    assert not layout.is_article_url(JCRB + "20221202_001/20221202_001.html")
    assert layout.parser_id() == "nmrb/1"
    for other in (JCRB + "20221203_001/20221203_001.html",  # another day's folder under this day
                  JCRB + "index.html",
                  "http://www.jcrb.com/xztpd/2022/20221202/20221202_1234.html"):
        assert not layout.is_page_url(other) and not layout.is_article_url(other), other
        with pytest.raises(LayoutError):
            detect(other, "<html><body><p>新闻</p></body></html>")


def test_jiancharibao_recorded_edition_crawls_complete(crawl, store):
    pages, stored = _recorded_edition(crawl, store, "jiancharibao", "检察日报", "2022-12-02", [
        ("01", "要闻", JCRB + "20221202_001/20221202_001.html"), ("02", "综合新闻", JCRB + "20221202_002/20221202_002.html")], {
        "01": [JCRB + f"20221202_001/20221202_001_{k}.htm" for k in (1, 2, 3)],
        "02": [JCRB + "20221202_002/20221202_002_1.htm"]}, JCRB_ARTICLES, "nmrb/1")
    assert pages["01"]["pdf_url"] == JCRB + "20221202_001/20221202_001.pdf"
    assert pages["02"]["image_url"] == JCRB + "20221202_002/20221202_002.jpg"
    assert [h["article_url"] for h in pages["01"]["hotspots"]] == pages["01"]["article_urls"]
    first = stored["20221202_001_1"]
    assert (first["lead_title"], first["subtitle"]) == ("最高检发布典型案例", "今年以来起诉相关犯罪4200余人")
    assert [(i["url"], i["caption"]) for i in first["images"]] == [
        ("http://newspaper.jcrb.com/images/2022-12/02/001/20221202_001_1_1.jpg", "检察官在某农贸市场开展食品安全普法宣传。 本报记者 刘婷 摄")]
    assert len(first["paragraphs"]) == 3  # the picture's td.font6 cell is not the body


def test_an_unregistered_nmrb_paper_is_crawled_from_a_page_url(crawl, store):
    """Before the family, no layout matched these URLs and such a crawl stopped at its entry page."""
    _unregistered_edition(crawl, JCRB + "20221202_002/20221202_002.html", "newspaper.jcrb.com/2022", "2022-12-02", JCRB_ARTICLES)


# ----- the qpaper family (今日女报, FangBao) --------------------------------------------------------
HNWOMEN = "http://www.hnwomen.com.cn/new/Html/2022-08-19/"
HNWOMEN_ARTICLES = {
    "40211": ("01", "巾帼宣讲进社区 奋斗故事暖人心"),
    "40212": ("01", "“湘女绣品”走出大山"),
    "40213": ("01", "让每一位母亲都被温柔以待"),
    "40214": ("02", "长沙启动女性创业扶持计划"),
}


def test_qpaper_pages_and_articles_are_detected_by_their_urls():
    """Qpaper.html / Qpaper_N.html pages and NNNNN.html articles in an Html/YYYY-MM-DD folder are
    the qpaper family, with or without their markup; the site's other pages are not."""
    from crawler.layouts import LayoutError, detect

    for url in (HNWOMEN + "Qpaper.html", HNWOMEN + "Qpaper_2338.html", HNWOMEN + "40214.html",
                "http://zwb.nujiang.cn/Html/2022-08-19/Qpaper.html"):  # 怒江日报, the same system
        assert detect(url).name == "qpaper", url
    layout = detect(HNWOMEN + "Qpaper.html")
    assert layout.is_article_url(HNWOMEN + "40211.html") and not layout.is_page_url(HNWOMEN + "40211.html")
    assert not layout.is_article_url(HNWOMEN + "Qpaper_2338.html")
    assert layout.parser_id() == "qpaper/1"
    for other in ("http://www.hnwomen.com.cn/new/Html/date/date.html", "http://www.hnwomen.com.cn/new/Html/Review/Review_0.html",
                  "http://www.hnwomen.com.cn/news/2022-08-19/40211.shtml"):
        assert not layout.is_page_url(other) and not layout.is_article_url(other), other
        with pytest.raises(LayoutError):
            detect(other, "<html><body><p>新闻</p></body></html>")


def test_jinrinvbao_recorded_edition_crawls_complete(crawl, store):
    pages, stored = _recorded_edition(crawl, store, "jinrinvbao", "今日女报", "2022-08-19", [
        ("01", "要闻", HNWOMEN + "Qpaper.html"), ("02", "新闻", HNWOMEN + "Qpaper_2338.html")], {
        "01": [HNWOMEN + "40211.html", HNWOMEN + "40212.html", HNWOMEN + "40213.html"], "02": [HNWOMEN + "40214.html"]}, HNWOMEN_ARTICLES, "qpaper/1")
    assert pages["01"]["pdf_url"] == "http://www.hnwomen.com.cn/new/Pdf/2022-08-19/01.pdf"
    assert pages["02"]["image_url"] == "http://www.hnwomen.com.cn/new/UpLoadFile/2022-08-19/02.jpg"
    assert [h["article_url"] for h in pages["01"]["hotspots"]] == pages["01"]["article_urls"]
    assert stored["40212"]["authors"] == ["唐敏", "龙芳"]
    assert [(i["url"], i["caption"]) for i in stored["40214"]["images"]] == [
        ("http://www.hnwomen.com.cn/new/UpLoadFile/2022-08-19/pic/40214_1.jpg", "女性创业者在创业指导活动中交流。 本报记者 李娟 摄")]


def test_an_unregistered_qpaper_paper_is_crawled_from_a_page_url(crawl, store):
    """Before the family, no layout matched these URLs and such a crawl stopped at its entry page."""
    _unregistered_edition(crawl, HNWOMEN + "Qpaper_2338.html", "www.hnwomen.com.cn/new", "2022-08-19", HNWOMEN_ARTICLES)
