"""The three real 2017 Founder pages (../shared/samples, copied byte for byte into the fixtures)."""

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


def parse(rel: str):
    url = "http://" + rel
    html, _ = decode_html((SITES / rel).read_bytes())
    return detect(url, html).parse_page(html, url)


@pytest.mark.parametrize(("name", "rel"), SAMPLES.items())
def test_fixture_is_the_real_page(name, rel):
    original = ROOT.parent / "shared" / "samples" / name
    if not original.exists():
        pytest.skip("../shared/samples is not next to this checkout")
    assert (SITES / rel).read_bytes().strip() == original.read_bytes().strip()


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
