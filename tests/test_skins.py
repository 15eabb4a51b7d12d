"""Article and page skins known from public crawlers' selectors, beyond the recorded papers,
and skins no selector knows.

Each document is the smallest page with the structure those selectors expect (pc
``div.newsdetatit``/``div.newsdetatext``, classic ``table.wz`` rows without classes,
``h2#Title``, ``div.Therestlist`` page lists, ``.shtml`` ``h2.detConTit``), or with only what
the general rules read: the metadata comment, the page's listed title, the loudest short line
above the body, a byline as the last paragraph, a page number in a hidden element. The parser
has no rule written for one paper.
"""

from crawler.layouts import FAMILIES, detect

PC = "http://epaper.example.cn/pc/con/202208/19/content_107440.html"
CLASSIC = "http://epaper.example.cn/html/2022-08/19/content_5521.htm"


def read(url: str, body: str, hint: str = ""):
    html = f"<html><head><title>数字报</title></head><body>{body}</body></html>"
    return detect(url, html).parse_article(html, url, hint=hint)


def test_newsdetatit_skin():
    article = read(PC, """
      <div class="newsdetatit"><p class="intro">聚焦高质量发展</p><h3>我市重点项目集中开工</h3>
        <p class="sub">——总投资超百亿元</p><p><span>来源：本报</span><span>2022年08月19日</span></p></div>
      <div class="newsdetatext"><founder-content><p>　　本报记者 张 军</p><p>　　8月18日，我市举行重点项目集中开工仪式。</p>
        <p>　　项目涵盖先进制造、现代服务等领域。</p></founder-content></div>""")
    assert (article.lead_title, article.title, article.subtitle) == ("聚焦高质量发展", "我市重点项目集中开工", "总投资超百亿元")
    assert (article.byline, article.authors) == ("本报记者 张 军", ["张军"])
    assert article.paragraphs == ["8月18日，我市举行重点项目集中开工仪式。", "项目涵盖先进制造、现代服务等领域。"]


def test_table_wz_rows_without_classes():
    article = read(CLASSIC, """
      <table class="wz"><tr><td><table>
        <tr valign="top"><td>引题在此</td></tr><tr valign="top"><td><b>标题在此</b></td></tr>
        <tr valign="top"><td>——副题在此</td></tr><tr valign="top"><td>本报记者 李 明</td></tr>
      </table></td></tr></table>
      <div id="ozoom"><!--enpcontent--><P>第一段正文内容，足够长。</P><P>第二段正文内容。</P><!--/enpcontent--></div>""")
    assert (article.lead_title, article.title, article.subtitle, article.byline) == (
        "引题在此", "标题在此", "副题在此", "本报记者 李 明")
    assert article.paragraphs == ["第一段正文内容，足够长。", "第二段正文内容。"]


def test_pretitle_h2_title_with_attachment_pictures():
    article = read(PC, """
      <p id="PreTitle"></p><h2 id="Title">菏泽牡丹进入盛花期</h2><p id="SubTitle"></p>
      <div class="attachment"><img src="../../../attachment/202208/19/a.jpg"><p>游客在曹州牡丹园赏花。</p></div>
      <div id="ozoom"><founder-content><p>4月10日，曹州牡丹园迎来客流高峰。</p></founder-content></div>""")
    assert (article.lead_title, article.title, article.subtitle) == ("", "菏泽牡丹进入盛花期", "")
    assert [(i.url, i.caption) for i in article.images] == [
        ("http://epaper.example.cn/pc/attachment/202208/19/a.jpg", "游客在曹州牡丹园赏花。")]
    assert article.paragraphs == ["4月10日，曹州牡丹园迎来客流高峰。"]


def test_therestlist_page_list_and_layoutlist():
    url = "http://ymwb.example.cn/paper/pc/layout/202208/19/node_01.html"
    html = """<html><body><div class="Therestlist"><ul>
      <li><a href="node_01.html"><img src="t.jpg"></a><a href="node_01.html">01版：要闻</a><a href="../../../attachment/202208/19/01.pdf">PDF</a></li>
      <li><a href="node_02.html"><img src="t.jpg"></a><a href="node_02.html">02版：本地</a><a href="../../../attachment/202208/19/02.pdf">PDF</a></li>
      </ul></div>
      <map name="PagePicMap"><area coords="1,1,9,9" href="../../../content/202208/19/content_1.html"></map>
      <img src="../../../attachment/202208/19/01.jpg" usemap="#PagePicMap">
      <div class="newslist"><ul><li><h3><a href="../../../content/202208/19/content_1.html">头条</a></h3></li></ul></div>
      </body></html>"""
    parsed = detect(url, html).parse_page(html, url)
    assert [(p.page_no, p.page_name, p.pdf_url.rsplit("/", 1)[1]) for p in parsed.edition_pages] == [
        ("01", "要闻", "01.pdf"), ("02", "本地", "02.pdf")]
    assert parsed.page.article_urls == ["http://ymwb.example.cn/paper/pc/content/202208/19/content_1.html"]
    assert parsed.page.image_url.endswith("/attachment/202208/19/01.jpg")


def test_a_page_row_without_a_pdf_does_not_borrow_the_one_of_the_row_before():
    """Only the first row of the list has a PDF link: climbing from the second row's link to
    the list that holds both must not give the second page the first page's PDF."""
    url = "http://epaper.example.cn/pc/layout/202302/11/node_A01.html"
    html = """<html><body><ul class="layout-catalogue-list">
      <li class="layout-catalogue-item"><a href="node_A01.html">A01版：头版</a><a class="pdf" href="../../../attachement/202302/11/A01.pdf">pdf</a></li>
      <li class="layout-catalogue-item"><a href="node_A02.html">A02版：要闻</a></li></ul>
      <div class="news-list"><a href="../../../content/202302/11/content_5001.html">省委常委会召开会议</a></div></body></html>"""
    parsed = detect(url, html).parse_page(html, url)
    assert [(p.page_no, p.page_name, p.pdf_url.rsplit("/", 1)[-1]) for p in parsed.edition_pages] == [
        ("A01", "头版", "A01.pdf"), ("A02", "要闻", "")]


def test_page_list_only_in_a_jump_menu():
    url = "http://epaper.example.cn/html/2022-08/19/node_2.htm"
    html = """<html><body><select onchange="location=this.value">
      <option value="node_2.htm">第01版：要闻</option><option value="node_3.htm">第02版：综合</option></select>
      <a href="content_11.htm">标题一</a></body></html>"""
    parsed = detect(url, html).parse_page(html, url)
    assert [(p.page_no, p.page_name, p.url.rsplit("/", 1)[1]) for p in parsed.edition_pages] == [
        ("01", "要闻", "node_2.htm"), ("02", "综合", "node_3.htm")]
    assert (parsed.page.page_no, parsed.page.page_name) == ("01", "要闻")


# ----- skins no selector knows: structure, metadata and the page's own titles -----------------
BODY = ("<p>　　第一段正文，记者从有关部门获悉，相关工作正在有序推进。</p>"
        "<p>　　第二段正文，各地按照部署抓好落实，取得了明显成效。</p>")


def test_header_only_in_classic_metadata_with_its_page():
    article = read(CLASSIC, f"""<div class="box"><div class="wzbox">{BODY}</div></div>
      <!--enpproperty <founder-date>2022-08-19</founder-date><founder-author>本报记者 李 明</founder-author>
      <founder-pagenum>B03</founder-pagenum><founder-introtitle></founder-introtitle>
      <founder-title>全市秋粮长势良好</founder-title><founder-papername>某某日报</founder-papername> /enpproperty-->""")
    assert (article.title, article.lead_title, article.title_source) == ("全市秋粮长势良好", "", "metadata")
    assert (article.byline, article.authors, article.page_no, article.paper_name) == ("本报记者 李 明", ["李明"], "B03", "某某日报")
    assert len(article.paragraphs) == 2


def test_shtml_family_skin():
    url = "http://epaper.example.cn/shtml/sxrb/20220819/123456.shtml"
    html = f"""<html><body><h2 class="detConTit">太原地铁二号线客流创新高</h2>
      <div class="detPic"><img src="/pic/1.jpg"><p>乘客在站台候车。</p></div><div class="details">{BODY}</div></body></html>"""
    article = FAMILIES["founder_pc"].parse_article(html, url)
    assert article.title == "太原地铁二号线客流创新高" and article.title_source == "selector"
    assert [(i.url, i.caption) for i in article.images] == [("http://epaper.example.cn/pic/1.jpg", "乘客在站台候车。")]


def test_a_skin_with_no_place_for_the_subtitle_takes_the_dashed_line_after_its_title():
    """孝感 "uniflows": ``h5.yinti_title`` and ``h2.content_title`` are known, the 副题 has no
    selector; the dashed line after the title is it, and the byline after that is found."""
    url = "http://epaper.example.cn/html/2023/02/11/01/01_64.htm"
    html = f"""<html><body><h5 class="yinti_title">聚焦两会</h5><h2 class="content_title">政府工作报告解读</h2>
      <h4 class="futi_title">——访市发改委主任</h4><div class="content_author">□记者 钱七</div>
      <div id="pgcontent">{BODY}</div></body></html>"""
    article = FAMILIES["founder_classic"].parse_article(html, url)
    assert (article.lead_title, article.title, article.subtitle) == ("聚焦两会", "政府工作报告解读", "访市发改委主任")
    assert (article.byline, article.authors, article.title_source) == ("□记者 钱七", ["钱七"], "selector")


XY = "https://ribao.xyxww.com.cn/html/2020-01/27/content_95316.htm"
XY_HEADER = ('<div class="article-header"><h3></h3><h1>先锋旗帜在一线飘扬</h1>'
             '<h2>———打赢疫情防控攻坚战我市党员干部冲在前</h2></div>')
LEAD = "<p>　　1月25日，浉河区金牛山街道飨堂社区党支部组织党员进社区。</p>"


def xinyang(body: str, hint: str = "", before: str = ""):
    return read(XY, f'{before}{XY_HEADER}<div id="ozoom"><founder-content>{body}</founder-content></div>', hint)


def test_a_page_list_that_prints_title_and_subtitle_keeps_the_header_as_the_skin_names_it():
    """A short 标题 with its 副题 listed as one ("标题——副题", or with a space): the 副题 must not
    become the 标题, in a known skin or one no selector knows."""
    want = ("", "先锋旗帜在一线飘扬", "打赢疫情防控攻坚战我市党员干部冲在前")
    for hint in ("先锋旗帜在一线飘扬——打赢疫情防控攻坚战我市党员干部冲在前", "先锋旗帜在一线飘扬 打赢疫情防控攻坚战我市党员干部冲在前"):
        article = xinyang("<p>　　□本报记者 王凌云</p>" + LEAD, hint)
        assert (article.lead_title, article.title, article.subtitle) == want
        assert (article.title_source, "page_list" in article.signals) == ("selector", True)
    unknown = read(CLASSIC, f'<div class="x1">高温“烤”验中原</div><div class="x2">——今明两天最高气温40℃</div>'
                            f'<div class="wz">{BODY}</div>', "高温“烤”验中原——今明两天最高气温40℃")
    assert (unknown.lead_title, unknown.title, unknown.subtitle) == ("", "高温“烤”验中原", "今明两天最高气温40℃")


def test_a_caption_after_a_line_break_in_the_pictures_own_paragraph():
    for caption in ("图为党员在社区值守。", "党员在社区值守"):
        article = xinyang(LEAD + f"<p style='text-align:center'><img src='../../../res/a.jpg'><br>{caption}</p>")
        assert [(i.url.rsplit("/", 1)[1], i.caption) for i in article.images] == [("a.jpg", caption)]
        assert article.paragraphs == ["1月25日，浉河区金牛山街道飨堂社区党支部组织党员进社区。"]


def test_captions_beside_a_picture_or_under_each_of_two_side_by_side():
    beside = xinyang(LEAD + '<table class="pic"><tr><td><img src="../../../res/a.jpg"></td>'
                            '<td>党员在社区值守。</td></tr></table>')
    assert [(i.url.rsplit("/", 1)[1], i.caption) for i in beside.images] == [("a.jpg", "党员在社区值守。")]
    pair = xinyang(LEAD + '<table><tr><td><img src="../../../res/a.jpg"></td><td><img src="../../../res/b.jpg">'
                          '</td></tr><tr><td>社区值守</td><td>入户排查</td></tr></table>')
    assert [(i.url.rsplit("/", 1)[1], i.caption) for i in pair.images] == [("a.jpg", "社区值守"), ("b.jpg", "入户排查")]
    assert beside.paragraphs == pair.paragraphs == ["1月25日，浉河区金牛山街道飨堂社区党支部组织党员进社区。"]


def test_editors_credits_under_the_body_are_not_text_and_do_not_hide_the_byline():
    article = xinyang(LEAD + "<p>　　（本报记者 王凌云）</p><p>　　（责任编辑：张三）</p>")
    assert (article.byline, article.authors) == ("（本报记者 王凌云）", ["王凌云"])
    assert article.paragraphs == ["1月25日，浉河区金牛山街道飨堂社区党支部组织党员进社区。"]
    desk = xinyang("<p>　　本报记者 王凌云 报道</p>" + LEAD + "<p>编辑：张三 校对：李四</p>")
    assert (desk.byline, desk.authors) == ("本报记者 王凌云 报道", ["王凌云"])
    assert desk.paragraphs == ["1月25日，浉河区金牛山街道飨堂社区党支部组织党员进社区。"]


def test_a_dated_page_label_gives_the_page_name_too():
    article = xinyang("<p>　　□本报记者 王凌云</p>" + LEAD, before='<div class="banci">2020年01月27日 第02版：综合要闻</div>')
    assert (article.page_no, article.page_name) == ("02", "综合要闻")


def test_a_page_list_that_names_the_article_by_its_lead_or_subtitle_keeps_the_skins_header():
    for hint in ("打赢疫情防控攻坚战我市党员干部冲在前", "先锋旗帜在一线飘扬"):
        article = read(XY, '<div class="article-header"><h3>打赢疫情防控攻坚战我市党员干部冲在前</h3><h1>先锋旗帜在一线飘扬</h1>'
                           f'<h2></h2></div><div id="ozoom"><founder-content>{LEAD}</founder-content></div>', hint)
        assert (article.lead_title, article.title, article.subtitle, article.title_source) == (
            "打赢疫情防控攻坚战我市党员干部冲在前", "先锋旗帜在一线飘扬", "", "selector")


def test_a_photo_story_whose_text_is_its_pictures_caption_keeps_its_text():
    """图片新闻: the picture box outside the body repeats the one paragraph; it stays text."""
    text = "冬日暖阳下，市民在公园里晒太阳。 本报记者 张三 摄"
    article = read(XY, f'{XY_HEADER}<div id="ozoom"><founder-content><p>　　{text}</p></founder-content></div>'
                       f'<div class="pic"><img src="../../../res/1/20200127/a.jpg"><p>{text}</p></div>')
    assert article.paragraphs == [text]
    assert [(i.url.rsplit("/", 1)[1], i.caption) for i in article.images] == [("a.jpg", text)]


def test_a_line_break_in_the_source_is_no_paragraph_break():
    article = xinyang("<p>　　1月26日，我市召开会议，\n对疫情防控工作进行再部署。</p><p>　　会议要求\n  各地 make it\nwork。</p>")
    assert article.paragraphs == ["1月26日，我市召开会议，对疫情防控工作进行再部署。", "会议要求各地 make it work。"]


def test_page_jump_marks_of_print_are_not_text():
    article = xinyang("<p>　　（上接第1版）会议指出，信阳与湖北接壤。</p>" + LEAD + "<p>　　这是最后一段。（下转第2版）</p><p>（下转A3版）</p>")
    assert article.paragraphs == ["会议指出，信阳与湖北接壤。", "1月25日，浉河区金牛山街道飨堂社区党支部组织党员进社区。",
                                  "这是最后一段。"]


def test_a_front_page_digest_pointing_to_another_page_keeps_only_its_text():
    for pointer in ("（详见第三版）", "（相关报道见第2版）", "▶详见A03版", "（下转第二版▲）", "（见A3、A4版）"):
        article = xinyang(f"<p>　　1月26日，我市召开疫情防控工作会议，对全市疫情防控工作进行再部署。{pointer}</p>" + LEAD)
        assert article.paragraphs == ["1月26日，我市召开疫情防控工作会议，对全市疫情防控工作进行再部署。",
                                      "1月25日，浉河区金牛山街道飨堂社区党支部组织党员进社区。"], pointer
    # a page number in the text is no pointer
    book = xinyang("<p>　　《防控手册（第3版）》已发放到各社区，具体名单详见第3版。</p>" + LEAD)
    assert book.paragraphs[0] == "《防控手册（第3版）》已发放到各社区，具体名单详见第3版。"


def test_lazy_loaded_pictures_are_read_from_where_the_real_address_waits():
    for img in ('<img src="../../../images/loading.gif" data-src="../../../res/a.jpg">',
                '<img src="data:image/gif;base64,R0lGOD" data-original="../../../res/a.jpg">',
                '<img data-src="../../../res/a.jpg">'):
        article = xinyang(LEAD + f'<p align="center">{img}</p><p align="center">会议现场。</p>')
        assert [(i.url, i.caption) for i in article.images] == [("https://ribao.xyxww.com.cn/res/a.jpg", "会议现场。")]
        assert article.paragraphs == ["1月25日，浉河区金牛山街道飨堂社区党支部组织党员进社区。"]


HB_PAD = "http://epaper.hubeidaily.net/pad/content/202302/11/content_211262.html"


def test_a_short_articles_picture_caption_is_its_own_paragraph_not_the_box_around_the_body():
    """湖北日报 pad: the picture and its caption stand in div#content, which holds the body too;
    with a short body the whole box's text was taken as the caption."""
    html = ('<html><body><div id="scroller"><div class="caption"><font id="main-title">中碳登喜迎首批“碳客”</font></div>'
            '<div class="content" id="content"><img src="../../../pic/202302/11/a.jpg">'
            '<p>2月7日，工作人员提供咨询服务。（湖北日报全媒记者 柯皓 摄）</p><founder-content><!--enpcontent-->'
            '<p>湖北日报全媒记者 左晨</p><p>新年伊始，中碳登大厦即将迎来一批企业入驻。</p><!--/enpcontent-->'
            '</founder-content></div></div></body></html>')
    article = detect(HB_PAD, html).parse_article(html, HB_PAD, hint="中碳登喜迎首批“碳客”")
    assert [i.caption for i in article.images] == ["2月7日，工作人员提供咨询服务。（湖北日报全媒记者 柯皓 摄）"]
    assert (article.byline, article.paragraphs) == ("湖北日报全媒记者 左晨", ["新年伊始，中碳登大厦即将迎来一批企业入驻。"])


def test_marked_list_items_interview_questions_and_the_header_again_are_text_or_gone_not_bylines():
    tail = "<p>　　2021年7月16日，全国碳市场正式开市。</p>"
    for first, last in (("", "<p>■ 相关链接</p>"), ("<p>● 全国碳市场累计成交额超百亿元</p>", ""),
                        ("<p>记者：请介绍一下全国碳市场的运行情况</p>", "")):
        article = xinyang(first + LEAD + tail + last)
        assert (article.byline, article.authors) == ("", [])
        assert len(article.paragraphs) == 3
    credits = xinyang("<p>文：张三 图：李四</p>" + LEAD + tail)
    assert (credits.byline, credits.authors, len(credits.paragraphs)) == ("文：张三 图：李四", ["张三", "李四"], 2)
    desk = xinyang(LEAD + tail + "<p>（本报记者 左晨）　编辑：张三　校对：李四</p>")
    assert (desk.byline, desk.authors, len(desk.paragraphs)) == ("（本报记者 左晨）", ["左晨"], 2)
    again = xinyang("<p>　　□本报记者 王凌云</p><p>先锋旗帜 在一线飘扬</p>" + LEAD)
    assert (again.byline, again.paragraphs) == ("□本报记者 王凌云", ["1月25日，浉河区金牛山街道飨堂社区党支部组织党员进社区。"])
    dated = xinyang("<p>信阳日报讯（记者 王凌云）</p>" + LEAD)
    assert (dated.byline, dated.paragraphs) == ("记者 王凌云", ["1月25日，浉河区金牛山街道飨堂社区党支部组织党员进社区。"])


def test_loudest_short_line_above_the_body_is_the_title():
    article = read(PC, f"""<div class="nav"><a href="#">首页</a> &gt; <a href="#">第02版</a></div>
      <div class="c1"><p style="font-size:14px">聚焦民生实事</p><p style="font-size:24pt">老旧小区改造惠及三万户</p>
      <p style="font-size:16px">今年计划改造一百二十个小区</p><p style="font-size:12px">2022-08-19 14:30</p></div>
      <div class="c2"><p>□ 本报评论员</p>{BODY}<p>记者手记</p><p>第三段正文，群众的获得感不断增强。</p></div>""")
    assert (article.lead_title, article.title, article.subtitle) == ("聚焦民生实事", "老旧小区改造惠及三万户", "今年计划改造一百二十个小区")
    assert (article.byline, article.authors, article.title_source) == ("□ 本报评论员", [], "structure")
    assert "记者手记" in article.paragraphs and article.paragraphs[-1].startswith("第三段")


def test_hint_spread_over_two_lines():
    one = "<div class=bt>中共中央召开党外人士座谈会<br>征求对中共十九大报告的意见</div><div class=ft>习近平主持并发表重要讲话</div>"
    two = "<div class=hd><span class=a>春耕时节看湖区</span><br><span class=b>湖区稻虾共作亩均增收两千元</span></div>"
    joined = read(PC, one + f"<div class=wz>{BODY}</div>", "中共中央召开党外人士座谈会 征求对中共十九大报告的意见")
    assert (joined.title, joined.subtitle) == ("中共中央召开党外人士座谈会 征求对中共十九大报告的意见", "习近平主持并发表重要讲话")
    lead = read(PC, two + f"<div class=wz>{BODY}</div>", "春耕时节看湖区 湖区稻虾共作亩均增收两千元")
    assert (lead.lead_title, lead.title) == ("春耕时节看湖区", "湖区稻虾共作亩均增收两千元") and "page_list" in lead.signals


def test_byline_as_last_paragraph_and_photo_credits_stay_captions():
    article = read(CLASSIC, f"""<div class="wz">{BODY}<p align="center"><img src="a.jpg"></p>
      <p align="center">群众在广场上观看演出。（本报记者 王 芳 摄）</p><p>（本报记者 王 芳）</p></div>""",
                   "群众文化活动丰富多彩")
    assert (article.title, article.title_source) == ("群众文化活动丰富多彩", "page_list")
    assert (article.byline, article.authors) == ("（本报记者 王 芳）", ["王芳"])
    assert [i.caption for i in article.images] == ["群众在广场上观看演出。（本报记者 王 芳 摄）"]
    assert len(article.paragraphs) == 2


def test_page_number_only_in_a_hidden_element():
    article = read(PC, f"""<span id="currentPage" style="display:none">B3</span><h1>夜市经济点亮城市</h1>
      <div id="ozoom">{BODY}</div>""")
    assert (article.title, article.page_no) == ("夜市经济点亮城市", "B03")


def test_page_titles_from_the_list_the_map_and_title_attributes():
    url = "http://epaper.example.cn/html/2022-08/19/node_2.htm"
    html = """<html><body><div class=list><a id=pageLink href=node_2.htm>第01版：要闻</a><a id=pageLink href=node_3.htm>第02版：综合</a></div>
      <div class=tools><span>当前版：01</span> <a href="#">放大</a> <a href="#">缩小</a> <a href="#">默认</a> <a href="#">打印</a> <a href=../../../page/2022-08/19/01/p1.pdf>本版PDF</a></div>
      <map name=m><area coords="1,1,2,2" href="content_1.htm" alt="只在版面图上的标题"><area coords="3,3,4,4" href="content_2.htm"></map>
      <img src="../../../page/2022-08/19/01/p1.jpg" usemap="#m">
      <ul><li><a href="content_2.htm" title="列表里截短了的标题其实很长很长的一个标题">列表里截短了的标题…</a></li>
      <li><a href="content_3.htm">（图）</a><a href="content_3.htm">更多</a></li>
      <li><a href="http://host:-1/">坏链接</a><a href="http://[">坏链接</a><a href="javascript:void(0)">收藏</a></li></ul></body></html>"""
    parsed = detect(url, html).parse_page(html, url)
    base = "http://epaper.example.cn/html/2022-08/19/"
    assert parsed.titles == {base + "content_1.htm": "只在版面图上的标题",
                             base + "content_2.htm": "列表里截短了的标题其实很长很长的一个标题"}
    assert parsed.bad_links == 2
    # the page list shows no PDFs; the page's own PDF fills its entry
    assert [(p.page_no, p.pdf_url.rsplit("/", 1)[-1]) for p in parsed.edition_pages] == [("01", "p1.pdf"), ("02", "")]


def test_title_that_links_to_itself():
    article = read(PC, f"""<div class="list"><a href="content_1.html">另一篇文章的标题</a></div>
      <h1><a href="content_107440.html">乡村振兴的“头雁”力量</a></h1><div class="zw">{BODY}</div>""", "乡村振兴的“头雁”力量")
    assert (article.title, article.title_source) == ("乡村振兴的“头雁”力量", "structure")
    bare = read(PC, f"""<div class="list"><a href="content_1.html">另一篇文章的标题</a></div>
      <p class="t"><b><a href="content_107440.html">乡村振兴的“头雁”力量</a></b></p><div class="zw">{BODY}</div>""",
                "乡村振兴的“头雁”力量")
    assert (bare.title, bare.title_source) == ("乡村振兴的“头雁”力量", "structure")
    other = read(PC, f"""<div class="list"><a href="content_9.html">乡村振兴的“头雁”力量</a></div><div class="zw">{BODY}</div>""",
                 "乡村振兴的“头雁”力量")
    assert (other.title, other.title_source) == ("乡村振兴的“头雁”力量", "page_list")  # a link elsewhere is no header


HNRB = """<div class="article-header"><h3></h3><h1>海口江东新区新设企业同比增长三成</h1><h2></h2></div>
  <founder-content>{}<p>　　记者从海口江东新区管理局获悉，今年前两个月，江东新区新设立企业2100余家。</p>
  <p>　　据介绍，江东新区持续优化营商环境。</p></founder-content>"""


def test_a_byline_continued_on_the_next_line_names_every_author():
    for first, byline in [
        ("<p>　　■ 海南日报全媒体记者 李艳玫</p><p>　　通讯员 王晓</p>", "■ 海南日报全媒体记者 李艳玫 通讯员 王晓"),
        ("<p>　　■ 海南日报全媒体记者 李艳玫</p><p>　　实习生 王晓</p>", "■ 海南日报全媒体记者 李艳玫 实习生 王晓"),
        ("<p>　　■ 海南日报全媒体记者 李艳玫</p><p>　　特约记者 王晓</p>", "■ 海南日报全媒体记者 李艳玫 特约记者 王晓"),
        ("<p>　　■ 海南日报全媒体记者 李艳玫</p><p>　　文/图 王晓</p>", "■ 海南日报全媒体记者 李艳玫 文/图 王晓"),
        ("<p>　　■ 海南日报全媒体记者 李艳玫<br>　　通讯员 王晓</p>", "■ 海南日报全媒体记者 李艳玫 通讯员 王晓"),
        ("<p>　　□本报记者 李艳玫</p><p>　　□通讯员 王 晓</p>", "□本报记者 李艳玫 □通讯员 王 晓"),
    ]:
        article = read(PC, HNRB.format(first))
        assert (article.byline, article.authors) == (byline, ["李艳玫", "王晓"]), first
        assert article.paragraphs[0].startswith("记者从海口江东新区管理局获悉")
    # a paragraph that opens with a role word is text, not the byline's next line
    article = read(PC, HNRB.format("<p>　　■ 海南日报全媒体记者 李艳玫</p><p>　　通讯员王晓介绍，园区企业数量稳步增长。</p>"))
    assert (article.byline, article.authors) == ("■ 海南日报全媒体记者 李艳玫", ["李艳玫"])
    assert article.paragraphs[0] == "通讯员王晓介绍，园区企业数量稳步增长。"


def test_a_header_byline_cell_on_two_lines_and_the_body_repeating_it():
    def dahe(byline: str, first: str = "") -> str:
        return f"""<table class="wz"><tr><td><table>
          <tr valign=top><td class=font02 align=center></td></tr>
          <tr valign=top><td class=font01 align=center>今明两天我省多地最高气温超过38℃</td></tr>
          <tr valign=top><td class=font02 align=center></td></tr>
          <tr valign=top><td align=center class=font03 height=28>{byline}</td></tr></table>
          <table><tr><td class=font6><div id=ozoom><!--enpcontent-->{first}<P>　　入伏以来，我省高温天气持续“在线”。</P>
          <!--/enpcontent--></div></td></tr></table></td></tr></table>"""
    article = read(CLASSIC, dahe("□记者 王一凡<br>通讯员 马 静"))
    assert (article.byline, article.authors) == ("□记者 王一凡 通讯员 马 静", ["王一凡", "马静"])
    # the body's first paragraph is the header's byline again, naming more people or marked otherwise
    longer = read(CLASSIC, dahe("□记者 王一凡", "<P>　　□记者 王一凡 通讯员 马 静</P>"))
    assert (longer.byline, longer.authors) == ("□记者 王一凡 通讯员 马 静", ["王一凡", "马静"])
    marked = read(CLASSIC, dahe("本报记者 王一凡", "<P>　　□本报记者 王一凡</P>"))
    assert (marked.byline, marked.paragraphs) == ("本报记者 王一凡", ["入伏以来，我省高温天气持续“在线”。"])
    assert longer.paragraphs == marked.paragraphs


def test_a_closing_source_note_is_no_author():
    for note in ("（据新华社）", "（据《人民日报》）", "（本报综合）", "（据央视新闻）"):
        article = read(PC, HNRB.format("").replace("</founder-content>", f"<p>　　{note}</p></founder-content>"))
        assert (article.byline, article.authors) == (note, []), note
        assert article.paragraphs[-1] == "据介绍，江东新区持续优化营商环境。"


def test_a_byline_of_a_paper_and_its_app():
    body = ("<P>　　入伏以来，我省高温天气持续“在线”，大部分地区仍将维持晴热天气。</P>"
            "<P>　　省气象台提醒，各地要做好防暑降温工作。</P>")
    first = read(CLASSIC, f"<h1>今明两天我省多地最高气温超过38℃</h1><div id=ozoom><P>　　大河报·大河客户端记者 王 平</P>{body}</div>")
    last = read(CLASSIC, f"<h1>今明两天我省多地最高气温超过38℃</h1><div id=ozoom>{body}<P>　　（大河报·豫视频记者 王平）</P></div>")
    assert (first.byline, first.authors) == ("大河报·大河客户端记者 王 平", ["王平"])
    assert (last.byline, last.authors) == ("（大河报·豫视频记者 王平）", ["王平"])
    assert first.paragraphs == last.paragraphs == ["入伏以来，我省高温天气持续“在线”，大部分地区仍将维持晴热天气。",
                                                  "省气象台提醒，各地要做好防暑降温工作。"]


def test_a_credit_closing_the_last_paragraph_is_the_byline():
    url = "https://ribao.xyxww.com.cn/html/2020-01/27/content_95399.htm"
    header = '<div class="article-header"><h3></h3><h1>我市启动秋季植树造林</h1><h2></h2></div>'
    for body, credit, authors in [
        ("<p>　　本报讯 近日，市林业局启动秋季植树造林工作，计划完成造林面积5万亩。（王明 张三）</p>", "（王明 张三）", ["王明", "张三"]),
        ("<p>　　本报讯 近日，市林业局启动秋季植树造林工作，计划完成造林面积5万亩。</p>"
         "<p>　　据了解，今年全市将重点推进国土绿化提速提质。（记者 张伟 通讯员 李明）</p>", "（记者 张伟 通讯员 李明）", ["张伟", "李明"]),
        ("<p>　　本报讯 近日，市林业局启动秋季植树造林工作，计划完成造林面积5万亩。（通讯员 李明）</p>", "（通讯员 李明）", ["李明"]),
    ]:
        article = read(url, f"{header}<founder-content>{body}</founder-content>")
        assert (article.byline, article.authors) == (credit, authors)
        assert not article.paragraphs[-1].endswith("）") and article.paragraphs[0].startswith("本报讯 近日")
    # notes are no credit; briefs that each end with their own credit share no byline
    note = read(url, f"{header}<founder-content><p>　　市林业局启动秋季植树造林工作，计划完成造林面积5万亩。（待续）</p></founder-content>")
    assert (note.byline, note.paragraphs) == ("", ["市林业局启动秋季植树造林工作，计划完成造林面积5万亩。（待续）"])
    briefs = read(url, f"""{header}<founder-content><p>我市启动防汛演练</p><p>　　8月18日，我市开展防汛应急演练。（记者 张伟）</p>
      <p>新一批人才公寓交付</p><p>　　8月18日，市人才公寓二期交付使用。（记者 李明）</p></founder-content>""")
    assert (briefs.byline, briefs.paragraphs[-1]) == ("", "8月18日，市人才公寓二期交付使用。（记者 李明）")


def test_a_picture_only_article_never_reads_the_copyright_footer():
    url = "http://paper.people.com.cn/rmrb/pc/content/202501/15/content_30065099.html"
    notice = ("<p>《人民日报》（电子版）的一切内容(包括但不限于文字、图片、PDF、图表、标志)仅供人民网读者阅读、学习研究使用，"
              "未经人民网股份有限公司及/或相关权利人书面授权，任何单位及个人不得将《人民日报》（电子版）所登载、发布的内容用于商业性目的。</p>"
              "<p>人 民 网 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用　Copyright © 1997-2025 by www.people.com.cn.</p>")
    page = """<div class="article"><h3></h3><h1>去年我国货物贸易进出口总值同比增长5%</h1><h2></h2>
      <table class="pci_c"><tr><td align="center"><img src="../../../pic/202501/15/p1.jpg" width="400"></td></tr>
      <tr><td class="pci_c_txt"><p>图①：货轮正在装卸货物。 张进刚摄（人民视觉）</p></td></tr></table>
      <div id="ozoom"><founder-content><p></p></founder-content></div></div>{}"""
    for footer in (f'<div class="copyright">{notice}</div>', f"<div>{notice}</div>"):
        article = read(url, page.format(footer))
        assert article.paragraphs == []
        assert [i.caption for i in article.images] == ["图①：货轮正在装卸货物。 张进刚摄（人民视觉）"]


def test_a_picture_cell_of_the_body_class_before_the_body():
    article = read(CLASSIC, """<table>
      <tr><td class=font02 align=middle>聚焦“三夏”生产</td></tr><tr><td class=font01 align=middle>全国夏粮收获进度过半</td></tr>
      <tr><td class=font02 align=middle></td></tr>
      <tr><td class=font6 align=middle><img src="../../../images/2022-08/19/01/a.jpg">
        <br>河南省滑县农民在收获小麦。 本报记者 张三 摄</td></tr>
      <tr><td class=font6><p>　　本报记者 张 三</p><p>　　农业农村部农情调度显示，截至6月10日，全国已收获冬小麦1.6亿亩，进度过半。</p>
        <p>　　今年麦收呈现进度快、质量好、机收率高的特点。</p></td></tr></table>""")
    assert (article.byline, article.paragraphs) == ("本报记者 张 三", [
        "农业农村部农情调度显示，截至6月10日，全国已收获冬小麦1.6亿亩，进度过半。", "今年麦收呈现进度快、质量好、机收率高的特点。"])
    assert [i.caption for i in article.images] == ["河南省滑县农民在收获小麦。 本报记者 张三 摄"]


def test_a_byline_under_an_opening_editors_note():
    body = ("<P>　　入伏以来，我省高温天气持续“在线”，大部分地区仍将维持晴热天气。</P>"
            "<P>　　省气象台提醒，各地要做好防暑降温工作。</P>")
    article = read(CLASSIC, f"""<h1>今明两天我省多地最高气温超过38℃</h1><div id=ozoom>
      <P><STRONG>　　【编者按】今年以来，我省持续推进乡村振兴。本报今起推出系列报道，敬请关注。</STRONG></P>
      <P>　　□本报记者 王一凡</P><P>　　通讯员 马 静</P>{body}</div>""")
    assert (article.byline, article.authors) == ("□本报记者 王一凡 通讯员 马 静", ["王一凡", "马静"])
    assert article.paragraphs == ["【编者按】今年以来，我省持续推进乡村振兴。本报今起推出系列报道，敬请关注。",
                                  "入伏以来，我省高温天气持续“在线”，大部分地区仍将维持晴热天气。", "省气象台提醒，各地要做好防暑降温工作。"]


def test_a_byline_of_names_then_roles_in_the_first_paragraph():
    body = ("<P>　　入伏以来，我省高温天气持续“在线”，大部分地区仍将维持晴热天气。</P>"
            "<P>　　省气象台提醒，各地要做好防暑降温工作。</P>")
    for first, authors in [("张三/文 李四/图", ["张三", "李四"]), ("本报记者 王凌云/文 李华/摄", ["王凌云", "李华"]),
                           ("文｜张三", ["张三"]), ("撰稿 张三", ["张三"]), ("口述 张三 整理 李四", ["张三", "李四"])]:
        article = read(CLASSIC, f"<h1>今明两天我省多地最高气温超过38℃</h1><div id=ozoom><P>　　{first}</P>{body}</div>")
        assert (article.byline, article.authors) == (first, authors), first
        assert article.paragraphs == ["入伏以来，我省高温天气持续“在线”，大部分地区仍将维持晴热天气。",
                                      "省气象台提醒，各地要做好防暑降温工作。"]
    # a first paragraph that opens with such a word is text
    text = read(CLASSIC, f"<h1>今明两天我省多地最高气温超过38℃</h1><div id=ozoom><P>　　整理好行装，我们再出发</P>{body}</div>")
    assert (text.byline, text.paragraphs[0]) == ("", "整理好行装，我们再出发")


def test_desk_and_picture_credits_under_the_closing_byline():
    url = "https://ribao.xyxww.com.cn/html/2020-01/27/content_95399.htm"
    page = """<div class="article-header"><h3></h3><h1>全力以赴做好疫情防控工作</h1><h2></h2></div><founder-content>
      <p style="text-align:center"><img src="../../../res/1/20200127/a.jpg"></p><p style="text-align:center">会议现场。</p>
      <p>　　1月26日，我市召开疫情防控工作会议，对全市疫情防控工作进行再研究、再部署。</p>
      <p>　　会议指出，信阳与湖北接壤，防控任务艰巨。</p>{}</founder-content>"""
    text = ["1月26日，我市召开疫情防控工作会议，对全市疫情防控工作进行再研究、再部署。", "会议指出，信阳与湖北接壤，防控任务艰巨。"]
    for tail in ("<p>　　（本报记者 王凌云）</p><p>　　本版图片由市文旅局提供</p>",
                 "<p>　　（本报记者 王凌云）</p><p>　　本版图片均由本报记者 张明 摄</p>",
                 "<p>　　（本报记者 王凌云）</p><p>　　本版编辑 张三　美编 李四</p><p>　　责任编辑/王五</p>",
                 "<p>　　（本报记者 王凌云）</p><p>　　责任校对：张三　版式设计：李四</p>"):
        article = read(url, page.format(tail))
        assert (article.byline, article.authors, article.paragraphs) == ("（本报记者 王凌云）", ["王凌云"], text), tail


def test_a_byline_with_the_authors_affiliation_in_brackets():
    body = ("<p>　　党的二十大报告指出，全面建设社会主义现代化国家，最艰巨最繁重的任务仍然在农村。</p>"
            "<p>　　推进乡村振兴，必须坚持农业农村优先发展。</p>")
    article = xinyang("<p>　　□ 张三（中共信阳市委党校）</p>" + body)
    assert (article.byline, article.authors) == ("□ 张三（中共信阳市委党校）", ["张三"])
    assert article.paragraphs == ["党的二十大报告指出，全面建设社会主义现代化国家，最艰巨最繁重的任务仍然在农村。",
                                  "推进乡村振兴，必须坚持农业农村优先发展。"]
