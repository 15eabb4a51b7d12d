"""Page (版面) skins the page reader must read by structure alone: label bars with an icon-only
arrow to the next page, a PDF link after the list, title lists longer than the image map, page
lists of numbers only, a list that does not link the current page, areas without ``shape``.

Each document is the smallest page with that structure; the values asserted are what the page
shows. The parser has no rule written for one paper.
"""

from crawler.layouts import detect

CLASSIC = "http://epaper.example.cn/html/2022-08/19/node_2.htm"
PC = "http://epaper.example.cn/tjgrb/pc/layout/202208/19/node_01.html"


def read(url: str, body: str):
    html = f"<html><head><title>数字报</title></head><body>{body}</body></html>"
    return detect(url, html).parse_page(html, url)


def short(url: str) -> str:
    return url.rsplit("/", 1)[1] if url else ""


def listed(parsed) -> list[tuple[str, str, str, str]]:
    return [(p.page_no, p.page_name, short(p.url), short(p.pdf_url)) for p in parsed.edition_pages]


def test_an_icon_only_arrow_beside_the_label_bar_is_not_the_current_page():
    """The bar prints page 01's label next to an empty link to page 02: page 02 keeps its own
    label and place from the list."""
    parsed = read(PC, """
      <div class="pic-info"><a class="pic-info-ctrl pic-info-ctrl-prev" href="javascript:void(0)"></a>
        <span class="pic-info-summary fl">01版：要闻</span><a class="pic-info-ctrl pic-info-ctrl-next" href="node_02.html"></a></div>
      <ul class="layout-catalogue-list">
        <li><a href="node_01.html">01版：要闻</a><a class="pdf" href="../../../attachement/202208/19/01.pdf">PDF</a></li>
        <li><a href="node_02.html">02版：综合</a><a class="pdf" href="../../../attachement/202208/19/02.pdf">PDF</a></li>
        <li><a href="node_03.html">03版：工会</a><a class="pdf" href="../../../attachement/202208/19/03.pdf">PDF</a></li></ul>""")
    assert listed(parsed) == [("01", "要闻", "node_01.html", "01.pdf"), ("02", "综合", "node_02.html", "02.pdf"),
                              ("03", "工会", "node_03.html", "03.pdf")]
    assert (parsed.page.page_no, parsed.page.page_name, short(parsed.page.pdf_url)) == ("01", "要闻", "01.pdf")


def test_an_arrow_in_a_label_bar_with_the_pdf_takes_neither_label_nor_pdf():
    """A 人民日报-style bar: label, the current page's PDF and an image-only link to the next page."""
    url = "http://paper.people.com.cn/rmrb/html/2017-10/16/nbs.D110000renmrb_01.htm"
    parsed = read(url, """
      <div class="ban_t"><ul><li>01版:要闻 &nbsp;<a href="../../../page/2017-10/16/01/rmrb2017101601.pdf"><img src="ico4.gif"></a>
        PDF版下载 <span><a class="preart" href="nbs.D110000renmrb_02.htm"><img src="right_ico.gif"></a></span></li></ul></div>
      <div id="pageList"><ul>
        <li><div><a id="pageLink" href="./nbs.D110000renmrb_01.htm">第01版：要闻</a></div>
          <div><a href="../../../page/2017-10/16/01/rmrb2017101601.pdf"><img src="pdf.gif"></a></div></li>
        <li><div><a id="pageLink" href="./nbs.D110000renmrb_02.htm">第02版：要闻</a></div>
          <div><a href="../../../page/2017-10/16/02/rmrb2017101602.pdf"><img src="pdf.gif"></a></div></li></ul></div>""")
    assert listed(parsed) == [("01", "要闻", "nbs.D110000renmrb_01.htm", "rmrb2017101601.pdf"),
                              ("02", "要闻", "nbs.D110000renmrb_02.htm", "rmrb2017101602.pdf")]


def test_a_next_link_with_text_in_the_label_bar_keeps_the_list_label():
    """"后一版" is no 上一版/下一版: its row still is the current page's bar, not page 02's label."""
    parsed = read(CLASSIC, """
      <div class="bar">第01版：要闻 <a href="node_3.htm">后一版</a></div>
      <ul><li><a href="node_2.htm">第01版：要闻</a></li><li><a href="node_3.htm">第02版：综合</a></li></ul>""")
    assert listed(parsed) == [("01", "要闻", "node_2.htm", ""), ("02", "综合", "node_3.htm", "")]


def test_a_pdf_link_after_the_list_is_the_current_pages():
    """The list has no PDFs; the label bar after it has this page's: page 03, the list's last,
    must not get it."""
    url = "http://zmdrb.example.cn/zmdrb/20221203/html/page_01.htm"
    parsed = read(url, """
      <div class="bmml"><ul><li><a href="page_01.htm">第01版：要　闻</a></li><li><a href="page_02.htm">第02版：综合新闻</a></li>
        <li><a href="page_03.htm">第03版：民生</a></li></ul></div>
      <div class="bmt"><div class="bmt_t">第01版：要　闻<a href="../pdf/zmdrb20221203001.pdf">PDF下载</a></div></div>
      <div class="bmdh"><ul><li><a href="content_20221203001001.htm">全市冬春农田水利建设全面展开</a></li></ul></div>""")
    assert listed(parsed) == [("01", "要闻", "page_01.htm", "zmdrb20221203001.pdf"), ("02", "综合新闻", "page_02.htm", ""),
                              ("03", "民生", "page_03.htm", "")]
    assert short(parsed.page.pdf_url) == "zmdrb20221203001.pdf"


def test_a_pdf_right_after_a_flat_list_is_no_listed_pages():
    """The list is one ``div`` of links; the PDF link follows the ``div``."""
    parsed = read(CLASSIC, """
      <div class="list"><a href="node_2.htm">第01版：要闻</a><br><a href="node_3.htm">第02版：综合</a></div>
      <a href="../../../page/2022-08/19/01/p1.pdf">本版PDF</a>""")
    assert listed(parsed) == [("01", "要闻", "node_2.htm", "p1.pdf"), ("02", "综合", "node_3.htm", "")]


def test_a_flat_list_with_a_pdf_after_each_page_keeps_them():
    parsed = read(CLASSIC, """
      <div id="pagelist"><a href="node_2.htm">第01版：要闻</a><a href="../../../page/2022-08/19/01/p1.pdf"><img src="pdf.gif"></a><br>
        <a href="node_3.htm">第02版：综合</a><a href="../../../page/2022-08/19/02/p2.pdf"><img src="pdf.gif"></a><br></div>""")
    assert listed(parsed) == [("01", "要闻", "node_2.htm", "p1.pdf"), ("02", "综合", "node_3.htm", "p2.pdf")]


def test_the_title_list_keeps_the_articles_the_map_has_no_outline_for():
    """The map outlines 3 of the page's 6 articles (the briefs have none); the 导读 box links
    other pages' articles and stays out."""
    areas = "".join(f'<area shape="polygon" coords="1,1,2,2,3,3" href="content_{i}.htm">' for i in (1, 2, 3))
    items = "".join(f"<li><a href=content_{i}.htm>标题第{i}篇</a></li>" for i in range(1, 7))
    parsed = read(CLASSIC, f"""
      <ul><li><a href="node_2.htm">第01版：要闻</a></li><li><a href="node_3.htm">第02版：综合</a></li></ul>
      <img src="p_b.jpg" usemap="#PagePicMap"><map name="PagePicMap">{areas}</map>
      <ul class="list01">{items}</ul>
      <div class="daodu"><ul><li><a href="content_9.htm">导读：第二版文章</a></li><li><a href="content_8.htm">导读：第二版另一篇</a></li></ul></div>""")
    assert [short(u) for u in parsed.page.article_urls] == [f"content_{i}.htm" for i in range(1, 7)]
    assert parsed.titles[parsed.page.article_urls[5]] == "标题第6篇"


def test_a_page_list_of_numbers_only():
    parsed = read(CLASSIC, """
      <div class="nav"><a href="node_2.htm">A1版</a> <a href="node_3.htm">A2版</a></div>
      <div class="bar">第A1版：要闻</div><ul><li><a href="content_1.htm">标题一</a></li></ul>""")
    assert listed(parsed) == [("A01", "要闻", "node_2.htm", ""), ("A02", "", "node_3.htm", "")]
    assert (parsed.page.page_no, parsed.page.page_name) == ("A01", "要闻")


def test_a_listed_page_without_a_name_stays_in_the_list():
    parsed = read(CLASSIC, """<table>
      <tr><td><a id="pageLink" href="node_2.htm">第01版：要闻</a></td></tr>
      <tr><td><a id="pageLink" href="node_3.htm">第02版：</a></td></tr>
      <tr><td><a id="pageLink" href="node_4.htm">第03版：文体</a></td></tr></table>""")
    assert listed(parsed) == [("01", "要闻", "node_2.htm", ""), ("02", "", "node_3.htm", ""), ("03", "文体", "node_4.htm", "")]


def test_the_current_page_listed_without_a_link_is_in_the_list():
    """The list links every page but this one (``href="#"``): the edition is crawled from the
    list, so this page must be in it, in its place."""
    url = "http://epaper.example.cn/html/2022-08/19/node_3.htm"
    parsed = read(url, """<ul><li><a href="node_2.htm">第01版：要闻</a></li><li class="on"><a href="#">第02版：综合</a></li>
      <li><a href="node_4.htm">第03版：文体</a></li></ul><ul><li><a href="content_1.htm">标题一</a></li></ul>""")
    assert listed(parsed) == [("01", "要闻", "node_2.htm", ""), ("02", "综合", "node_3.htm", ""),
                              ("03", "文体", "node_4.htm", "")]
    assert (parsed.page.page_no, parsed.page.page_name) == ("02", "综合")


def test_the_current_page_as_text_in_the_list_with_its_pdf():
    parsed = read(CLASSIC, """<table>
      <tr><td><span class="cur">第01版：要闻</span></td><td><a href="../../../page/2022-08/19/01/p1.pdf">PDF</a></td></tr>
      <tr><td><a id="pageLink" href="node_3.htm">第02版：综合</a></td><td><a href="../../../page/2022-08/19/02/p2.pdf">PDF</a></td></tr>
      </table>""")
    assert listed(parsed) == [("01", "要闻", "node_2.htm", "p1.pdf"), ("02", "综合", "node_3.htm", "p2.pdf")]
    assert short(parsed.page.pdf_url) == "p1.pdf"


def test_an_area_without_shape_is_a_rect():
    parsed = read(CLASSIC, """<ul><li><a href="node_2.htm">第01版：要闻</a></li></ul>
      <img src="p.jpg" usemap="#m"><map name="m"><area coords="1,2,30,40" href="content_1.htm">
      <area shape="poly" coords="1,2,3,4,5,6" href="content_2.htm"></map>""")
    assert [(short(h.article_url), h.coords, h.shape) for h in parsed.page.hotspots] == [
        ("content_1.htm", "1,2,30,40", "rect"), ("content_2.htm", "1,2,3,4,5,6", "polygon")]


def test_a_thumbnail_list_and_an_arrow_beside_the_label_bar():
    """Both the list's labels and the bar's are printed beside icon-only links: page 02, which
    the list labels 02, gives up the 01 its arrow sits beside."""
    parsed = read(PC, """
      <div class="bar"><span>01版：要闻</span><a class="next" href="node_02.html"><img src="next.gif"></a></div>
      <ul class="pages"><li><a href="node_01.html"><img src="t1.jpg"></a><p>01版：要闻</p></li>
        <li><a href="node_02.html"><img src="t2.jpg"></a><p>02版：综合</p></li></ul>""")
    assert listed(parsed) == [("01", "要闻", "node_01.html", ""), ("02", "综合", "node_02.html", "")]


def test_an_ad_pages_empty_map_wins_over_the_banners_and_a_banner_alone_is_no_page_image():
    """A full-page ad has a page image whose map outlines no article; the site's logo beside it
    has a map too, linking the portal: the page image is the page's, and the logo never is."""
    url = "http://szb.example.cn/xcrb/PC/layout/202212/03/col01.html"
    logo = ('<img src="/static/images/xcrb_logo.jpg" usemap="#logomap">'
            '<map name="logomap"><area shape="rect" coords="0,0,9,9" href="http://www.example.cn/"></map>')
    pages = '<a href="col01.html">01版：要闻</a><a href="col02.html">02版：广告</a>'
    ad = read(url, logo + '<img src="../../../attachment/202212/03/xcrb2022120301_b.jpg" usemap="#PagePicMap">'
                          '<map name="PagePicMap"></map>' + pages)
    assert (short(ad.page.image_url), ad.page.hotspots) == ("xcrb2022120301_b.jpg", [])
    alone = read(url, logo + pages)
    assert (alone.page.image_url, alone.page.hotspots) == ("", [])


def test_title_links_that_run_a_script_or_keep_the_address_in_daoxiang():
    """``javascript:openwin('content_11.htm')``, an ``onclick`` that opens the article, and
    新华每日电讯's ``daoxiang`` attribute: each is the article the title names."""
    parsed = read(CLASSIC, """<a href="node_2.htm">第01版：要闻</a><a href="node_3.htm">第02版：综合</a><ul>
      <li><a href="javascript:openwin('content_11.htm')">标题一</a></li>
      <li><a href="javascript:void(0)" onclick="window.open('content_12.htm?div=-1')">标题二</a></li>
      <li><A daoxiang=content_13.htm>标题三</A></li><li><a href="#" onclick="share()">分享</a></li></ul>""")
    assert [short(u) for u in parsed.page.article_urls] == ["content_11.htm", "content_12.htm", "content_13.htm"]
    assert [parsed.titles[u] for u in parsed.page.article_urls] == ["标题一", "标题二", "标题三"]


def test_headlines_that_start_with_or_hold_a_navigation_word_stay_titles():
    """"进入冬季…", "打开…", "…返回舱…" are headlines; "返回目录", "下一篇：…", "点击进入PDF版" move
    about the paper. Without a map the title list is the page's article list, so a headline
    taken for navigation would lose the article."""
    headlines = ["打开绿水青山向金山银山的转化通道", "进入冬季供暖保障关键期", "全文刊发政府工作报告",
                 "神舟十四号载人飞船返回舱成功着陆", "更多优质医疗资源下沉基层"]
    items = "".join(f'<li><a href="content_{i}.htm">{t}</a></li>' for i, t in enumerate(headlines, 1))
    parsed = read(CLASSIC, f"""<a id=pageLink href=node_2.htm>第01版：要闻</a><ul class=list01>{items}</ul>
      <a href="content_9.htm">下一篇：其他文章</a><a href="content_8.htm">返回目录</a><a href="content_7.htm">点击进入PDF版阅读</a>""")
    assert [short(u) for u in parsed.page.article_urls] == [f"content_{i}.htm" for i in range(1, 6)]
    assert [parsed.titles[u] for u in parsed.page.article_urls] == headlines


def test_area_coords_are_comma_separated_numbers_and_the_image_keeps_its_shown_size():
    """Browsers read coords separated by spaces or with a trailing comma, and ``poly``/``circ``
    as polygon/circle; the coords are in the space the image is shown at, which the page gives
    in attributes or its inline style (the stored record needs it to draw them on the image)."""
    parsed = read(CLASSIC, """<a id=pageLink href=node_2.htm>第01版：要闻</a>
      <img src="../../../page/2022-08/19/01/p1_b.jpg" width="400" height="575" usemap="#PagePicMap">
      <map name="PagePicMap"><area shape="poly" coords="5 72 228 72 228 207 5 207" href="content_1.htm">
        <area shape="RECT" coords="5, 210, 228, 300," href="content_2.htm"><area shape="circ" coords="100,400,30" href="content_3.htm"></map>""")
    assert [(short(h.article_url), h.coords, h.shape) for h in parsed.page.hotspots] == [
        ("content_1.htm", "5,72,228,72,228,207,5,207", "polygon"), ("content_2.htm", "5,210,228,300", "rect"),
        ("content_3.htm", "100,400,30", "circle")]
    assert (parsed.page.image_width, parsed.page.image_height) == (400, 575)
    styled = read(CLASSIC, """<img src="p1_b.jpg" style="width: 360px; height: 540px" usemap="#m">
      <map name="m"><area coords="1,1,9,9" href="content_1.htm"></map>""")
    assert (styled.page.image_width, styled.page.image_height) == (360, 540)
    unsized = read(CLASSIC, """<img src="p1_b.jpg" width="100%" usemap="#m"><map name="m"><area coords="1,1,9,9" href="content_1.htm"></map>""")
    assert (unsized.page.image_width, unsized.page.image_height) == (0, 0)


def _whole_issue(current: str, with_map: bool) -> str:
    """A 南方日报-style page: every page's articles listed under that page's link (A03 an ad page
    with none), and the page image with or without its map."""
    tree = "".join(
        f'<h3><a href="node_{no}.html">{no}版：{name}</a></h3><ul>'
        + "".join(f'<li><a href="https://epaper.nfnews.com/nfdaily/html/202212/03/content_{no[-1]}{i}.html">'
                  f'<p>{name}版的第{i}篇文章标题</p></a></li>' for i in range(1, n + 1)) + "</ul>"
        for no, name, n in (("A01", "头版", 3), ("A02", "要闻", 2), ("A03", "广告", 0), ("A04", "广东", 2)))
    areas = "".join(f'<area shape="rect" coords="0,{i}0,9,{i}9" href="https://epaper.nfnews.com/nfdaily/html/202212/03/'
                    f'content_{current[-1]}{i}.html">' for i in (1, 2)) if with_map and current != "A03" else ""
    return (f'<div id="mCSB_4"><div class="mCSB_container">{tree}</div></div>'
            f'<img src="../../../res/202212/03/{current}/p_b.jpg" usemap="#m"><map name="m">{areas}</map>')


def test_a_whole_issue_list_gives_each_page_only_the_articles_under_its_link():
    """With or without hot zones, page A02 is its own two articles and the ad page A03 none,
    though the list beside the page image names all seven."""
    for with_map in (True, False):
        for current, expected in (("A02", ["content_21.html", "content_22.html"]), ("A03", []),
                                  ("A04", ["content_41.html", "content_42.html"])):
            url = f"https://epaper.southcn.com/nfdaily/html/202212/03/node_{current}.html"
            parsed = read(url, _whole_issue(current, with_map))
            assert [p.page_no for p in parsed.edition_pages] == ["A01", "A02", "A03", "A04"]
            assert [short(u) for u in parsed.page.article_urls] == expected, (current, with_map)


def test_a_teaser_box_that_links_a_page_after_each_title_keeps_the_pages_own_list():
    """头版导读: each title is followed by a link to the page it is on; the front page's own title
    list comes after the box. That is no whole-issue list: the page keeps every link, as before."""
    box = "".join(f'<li><a href="content_{p}0.htm">第{p}版的要闻</a><a href="node_{p + 1}.htm">（第0{p}版）</a></li>'
                  for p in (2, 3, 4))
    own = "".join(f'<li><a href="content_1{i}.htm">头版文章{i}</a></li>' for i in (1, 2))
    pages = "".join(f'<li><a href="node_{p + 1}.htm">第0{p}版：版名{p}</a></li>' for p in (1, 2, 3, 4))
    parsed = read(CLASSIC, f'<ul class="pages">{pages}</ul><div class="daodu"><ul>{box}</ul></div><ul class="list">{own}</ul>')
    assert [short(u) for u in parsed.page.article_urls] == [
        "content_20.htm", "content_30.htm", "content_40.htm", "content_11.htm", "content_12.htm"]


def test_page_links_labelled_with_a_number_and_a_name_but_no_版():
    """"<span>A01</span><span>头版</span>", "A1-要闻", "01·要闻": links to the family's page URLs
    give their number and name; the same text on a link to anything else is no page."""
    parsed = read(PC, """<ul class="nav"><li><a href="node_01.html"><span>A01</span><span>头版</span></a></li>
      <li><a href="node_02.html">A2-要闻</a></li><li><a href="node_03.html">03·广东</a></li>
      <li><a href="../../../../about/1.html">1 关于我们</a></li></ul>""")
    assert listed(parsed) == [("A01", "头版", "node_01.html", ""), ("A02", "要闻", "node_02.html", ""),
                              ("03", "广东", "node_03.html", "")]
    assert (parsed.page.page_no, parsed.page.page_name) == ("A01", "头版")


def test_the_paper_is_named_by_the_pages_title_before_or_after_its_label():
    """Without Founder's metadata the ``<title>`` names the paper: first ("大众日报 - 第01版：头版",
    "信阳日报数字报"), or after the page's label ("第01版：要闻 - 南方日报"); a headline is no name."""
    for title, name in (("大众日报 - 第01版：头版", "大众日报"), ("信阳日报数字报", "信阳日报"),
                        ("第01版：要闻 - 南方日报", "南方日报"), ("01版：要闻_扬子晚报", "扬子晚报"),
                        ("南方日报数字报-南方网", "南方日报"), ("数字报", ""), ("第01版：要闻", ""),
                        ("市委召开常委会 - 信阳日报", "")):
        html = f"<html><head><title>{title}</title></head><body><a href=node_2.htm>第01版：要闻</a></body></html>"
        assert detect(CLASSIC, html).parse_page(html, CLASSIC).page.paper_name == name, title
