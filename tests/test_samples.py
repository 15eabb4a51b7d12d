"""The real documents of ../shared/samples, copied byte for byte into the fixtures: three 2017
Founder-classic pages and three 2023 湖北日报 Founder-pc article fragments."""

from __future__ import annotations

import pytest

from conftest import ROOT, SITES
from crawler.encoding import decode_html
from crawler.layouts import detect

SAMPLES = {
    "rmrb-2017-10-16-01.html": "paper.people.com.cn/rmrb/html/2017-10/16/nbs.D110000renmrb_01.htm",
    "jxrb-2017-10-09-A01.html": "epaper.jxnews.com.cn/jxrb/html/2017-10/09/node_187.htm",
    "zgjjjcb-2017-07-22-01.html": "zgjjjcb.local/html/2017-07/22/node_2.htm",
}
ARTICLES = {
    f"hbrb-2023-02-11-content_{n}.html": f"epaper.hubeidaily.net/pad/content/202302/11/content_{n}.html"
    for n in (211245, 211250, 211261)
}


def _samples_dir():
    """../shared/samples next to the checkout (or next to a parent folder, for a worktree)."""
    return next((p / "shared" / "samples" for p in ROOT.parents if (p / "shared" / "samples").is_dir()), None)


def parse(rel: str):
    url = "http://" + rel
    html, _ = decode_html((SITES / rel).read_bytes())
    return detect(url, html).parse_page(html, url)


@pytest.mark.parametrize(("name", "rel"), [*SAMPLES.items(), *ARTICLES.items()])
def test_fixture_is_the_real_document(name, rel):
    folder = _samples_dir()
    if folder is None:
        pytest.skip("../shared/samples is not next to this checkout")
    assert (SITES / rel).read_bytes().strip() == (folder / name).read_bytes().strip()


def test_renmin_ribao_2017_10_16_page_01():
    parsed = parse(SAMPLES["rmrb-2017-10-16-01.html"])
    base = "http://paper.people.com.cn/rmrb/"
    pages = parsed.edition_pages
    assert len(pages) == 24
    assert [(p.page_no, p.page_name) for p in pages[:3]] == [("01", "要闻"), ("02", "要闻"), ("03", "要闻")]
    assert (pages[8].page_no, pages[8].page_name) == ("09", "砥砺奋进的5年·迎接党的十九大特别报道·历史性变革⑧")
    assert (pages[-1].page_no, pages[-1].page_name) == ("24", "广告")
    assert [p.pdf_url for p in pages[:2]] == [base + "page/2017-10/16/01/rmrb2017101601.pdf",
                                              base + "page/2017-10/16/02/rmrb2017101602.pdf"]
    page = parsed.page
    assert (page.page_no, page.page_name, page.date) == ("01", "要闻", "2017-10-16")
    assert page.image_url == base + "page/2017-10/16/01/rmrb2017101601_b.jpg"
    assert [h.coords for h in page.hotspots] == [
        "397,31,397,2,204,2,204,31,204,111,397,111", "2,96,195,96,195,373,2,373", "204,119,397,119,397,284,204,284",
        "397,334,397,292,204,292,204,334,204,397,397,397", "2,403,397,403,397,567,2,567"]
    assert page.article_urls == [f"{base}html/2017-10/16/nw.D110000renmrb_20171016_{k}-01.htm" for k in range(1, 6)]


def test_jiangxi_ribao_2017_10_09_page_a01():
    parsed = parse(SAMPLES["jxrb-2017-10-09-A01.html"])
    base = "http://epaper.jxnews.com.cn/jxrb/"
    assert [p.page_no for p in parsed.edition_pages] == [
        "A01", "A02", "A03", "A04", "B01", "B02", "B03", "B04", "C01", "C02", "C03", "C04"]
    assert parsed.edition_pages[-1].page_name == "体育·娱乐"
    assert parsed.edition_pages[0].pdf_url == base + "page/186/2017-10-09/A01/51281507497937890.pdf"
    page = parsed.page
    assert (page.page_no, page.page_name, page.paper_name) == ("A01", "头版", "江西日报")
    assert page.image_url == base + "page/186/2017-10-09/A01/58271507497937890.jpg"
    assert len(page.hotspots) == 5 and page.hotspots[0].coords == "5,72,228,72,228,207,5,207"
    assert page.article_urls == [f"{base}html/2017-10/09/content_{n}.htm" for n in range(401862, 401867)]


def test_zhongguo_jijian_jiancha_bao_2017_07_22_page_1():
    parsed = parse(SAMPLES["zgjjjcb-2017-07-22-01.html"])
    assert [(p.page_no, p.page_name) for p in parsed.edition_pages] == [
        ("01", "要闻"), ("02", "综合新闻"), ("03", "队伍建设"), ("04", "反腐观察")]
    page = parsed.page
    assert page.pdf_url == "http://zgjjjcb.local/html/1/2017-07/22/1/201707221_pdf.pdf"
    assert page.image_url == "http://zgjjjcb.local/html/1/2017-07/22/1/201707221_brief.jpg"
    assert len(page.hotspots) == 7
    # the 今日关注 box also links 52022, 52028, 52041 … on other pages: not this page's articles
    assert [u.rsplit("_", 1)[1] for u in page.article_urls] == [
        "52014.htm", "52016.htm", "52020.htm", "52018.htm", "52019.htm", "52015.htm", "52017.htm"]


def _article(n: int, hint: str = ""):
    rel = ARTICLES[f"hbrb-2023-02-11-content_{n}.html"]
    url = "http://" + rel
    html, _ = decode_html((SITES / rel).read_bytes())
    return detect(url, html).parse_article(html, url, hint=hint)


def test_hubei_ribao_lead_title_and_credit_in_the_dateline():
    a = _article(211245)
    assert (a.lead_title, a.title, a.subtitle) == ("62个重点项目签约 总金额达1125亿元", "湖北文旅产业迎来“小阳春”", "")
    assert (a.page_no, a.date) == ("01", "2023-02-11")  # only the hidden p#nowLayout says 01
    assert (a.byline, a.authors) == ("记者王理略、通讯员鄂文旅", ["王理略", "鄂文旅"])
    assert a.paragraphs[0].startswith("湖北日报讯 （记者王理略、通讯员鄂文旅）白云黄鹤传千古")  # the lead stays whole
    assert len(a.paragraphs) == 6 and a.images == []
    assert not any("Copyright" in p or "客户端" in p for p in a.paragraphs)


def test_hubei_ribao_commentator_is_an_institution():
    a = _article(211250)
    assert (a.title, a.byline, a.authors, a.page_no) == ("领导干部要保持清醒 自觉抵制违规吃喝", "□ 湖北日报评论员", [], "02")
    assert a.paragraphs[0].startswith("向“舌尖上的歪风”亮剑") and len(a.paragraphs) == 7


def test_hubei_ribao_picture_before_the_body_and_byline_as_first_line():
    a = _article(211261, hint="中碳登喜迎首批“碳客”")
    assert (a.lead_title, a.title, a.page_no) == ("全国碳市场和碳金融中心建设蹄疾步稳", "中碳登喜迎首批“碳客”", "03")
    assert (a.byline, a.authors) == ("湖北日报全媒记者 左晨", ["左晨"])
    assert [(i.url.rsplit("/", 1)[1], i.caption) for i in a.images] == [
        ("50b1f69c-de7b-49d9-8d73-6061a3c80f7e.tif.1",
         "2月7日，中碳登大厦3楼登记结算大厅内，工作人员为用户提供咨询服务。（湖北日报全媒记者 柯皓 摄）")]
    assert a.paragraphs[0].startswith("新年伊始") and "新增200多家重点排放企业" in a.paragraphs
    assert a.title_source == "selector" and {"selector", "metadata", "page_list"} <= set(a.signals) and a.confidence == 1.0


@pytest.mark.parametrize("n", [211245, 211250, 211261])
def test_hubei_ribao_without_its_selectors(n):
    """The same documents with the skin's ids renamed and no metadata: the page list's title
    finds the header, its neighbour the 引题, and nothing else changes."""
    rel = ARTICLES[f"hbrb-2023-02-11-content_{n}.html"]
    url = "http://" + rel
    html, _ = decode_html((SITES / rel).read_bytes())
    want = detect(url, html).parse_article(html, url)
    bare = (html.replace('id="intro-title"', 'class="yt"').replace('id="main-title"', 'class="bt"')
            .replace('id="content"', 'id="wz"').replace('class="content"', "")
            .replace("<founder-content>", "<div>").replace("</founder-content>", "</div>"))
    bare = bare[: bare.index("<!--enpproperty")] + bare[bare.index("/enpproperty-->") + len("/enpproperty-->"):]
    got = detect(url, bare).parse_article(bare, url, hint=want.title)
    for field in ("lead_title", "title", "subtitle", "byline", "authors", "paragraphs", "images", "page_no"):
        assert getattr(got, field) == getattr(want, field), field
    assert got.title_source == "structure" and "page_list" in got.signals


def test_page_titles_as_listed():
    rmrb = parse(SAMPLES["rmrb-2017-10-16-01.html"])
    # written by document.write(view("…<br>…")): the script's string, <br> as a space
    assert rmrb.titles[rmrb.page.article_urls[1]] == "中共中央召开党外人士座谈会 征求对中共十九大报告的意见"
    jxrb = parse(SAMPLES["jxrb-2017-10-09-A01.html"])
    assert list(jxrb.titles.values())[:2] == ["站在新的更高起点探索生态文明建设", "为美丽中国贡献“江西智慧”"]
    zgjj = parse(SAMPLES["zgjjjcb-2017-07-22-01.html"])
    assert set(zgjj.titles) == set(zgjj.page.article_urls)  # the 今日关注 box's other pages are not listed
    assert all(p.bad_links == 0 for p in (rmrb, jxrb, zgjj))
