"""Article and page skins known from public crawlers' selectors, beyond the recorded papers.

Each document is the smallest page with the structure those selectors expect (pc
``div.newsdetatit``/``div.newsdetatext``, classic ``table.wz`` rows without classes,
``h2#Title``, ``div.Therestlist`` page lists); the parser has no rule written for one paper.
"""

from crawler.layouts import detect

PC = "http://epaper.example.cn/pc/con/202208/19/content_107440.html"
CLASSIC = "http://epaper.example.cn/html/2022-08/19/content_5521.htm"


def read(url: str, body: str):
    html = f"<html><head><title>数字报</title></head><body>{body}</body></html>"
    return detect(url, html).parse_article(html, url)


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


def test_page_list_only_in_a_jump_menu():
    url = "http://epaper.example.cn/html/2022-08/19/node_2.htm"
    html = """<html><body><select onchange="location=this.value">
      <option value="node_2.htm">第01版：要闻</option><option value="node_3.htm">第02版：综合</option></select>
      <a href="content_11.htm">标题一</a></body></html>"""
    parsed = detect(url, html).parse_page(html, url)
    assert [(p.page_no, p.page_name, p.url.rsplit("/", 1)[1]) for p in parsed.edition_pages] == [
        ("01", "要闻", "node_2.htm"), ("02", "综合", "node_3.htm")]
    assert (parsed.page.page_no, parsed.page.page_name) == ("01", "要闻")
