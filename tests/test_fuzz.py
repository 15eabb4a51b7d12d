"""Extraction never raises on any input but the layout's deliberate LayoutError, and no single
document stalls it.

A few thousand documents built from the recorded fixtures by seeded mutations (truncations,
byte flips, tag and attribute floods, nested junk, unclosed comments and metadata, bad links)
go through every entry point the spider calls: ``detect``, ``parse_page``, ``parse_article``
(with and without a page-list hint) and ``find_redirect``. The time bound is a robustness
bound (a parse must never take seconds, as a regex backtracking or lxml's quadratic attribute
check would), not a benchmark: it is generous on purpose.
"""

from __future__ import annotations

import random
import time

import pytest

from conftest import SITES
from crawler.encoding import decode_html
from crawler.layouts import FAMILIES, LayoutError, detect
from crawler.layouts.markup import MAX_ATTRIBUTES, enpcontent, enpproperty, find_redirect, parse_html
from crawler.urls import _PLAIN, _canonical_by_w3lib, article_id, canonical_url, date_from_url, host, resolve, site_key

SEED = 20230211
DOCUMENTS = 2400
SLOWEST_ALLOWED = 1.5  # seconds for one document through every entry point

BAD_HREFS = [
    "http://[", "http://host:-1/", "http://host:99999/x", "[if !IE]", "//[if !IE]", "javascript:void(0)",
    "mailto:a@b.cn", "data:image/png;base64,AAAA", "http://]/", "http://a b/", "\x00", "http://%zz/", "  ",
    "https://[::1:80/", "content_1.htm?div=-1#top", "../../../../../../../../x", "http://例子.中国/x", "\ud800",
    "tel:12345", "ftp://x/y", "<%=url%>", "{{ url }}", "http:/\\\\x", "#", "?v=1", "file:///etc/passwd",
]
JUNK = [
    "<div>" * 3000, "</div>" * 3000, "<p>" * 5000, "<table><tr><td>" * 800, "<a><b><i><font>" * 1500,
    "<!--", "<!-- unclosed " * 200, "<![CDATA[", "<?xml version='1.0' encoding='utf-8'?>", "<!DOCTYPE html>",
    "<!--enpproperty " + "<founder-x>" * 3000, "<!--enpproperty " + "<title>" * 3000 + "/enpproperty-->",
    "<!--enpcontent-->" * 500, "<!--/enpcontent-->", "<founder-content>" * 1000, "<" * 20000, ">" * 20000,
    "<script>location.href='" + "a" * 50000, "<meta http-equiv=refresh content='0;url=" + "x" * 20000,
    "&#x110000;&#0;&#xD800;&amp" * 500, "\x00\x01\x02\x0b\x0c\x1f" * 200, "\ufeff\u200b\u3000" * 500,
    "<img src=a.jpg>" * 3000, "<area href=content_9.htm coords=" + "1," * 20000 + ">",
    "<div " + " ".join(f"a{i}=x" for i in range(50000)) + ">", "<div class='" + "x " * 50000 + "'>",
    "第01版：要闻" * 2000, "本报记者 张三 " * 2000, "<h1>" + "标题" * 20000 + "</h1>",
    "<script>document.write(view(\"" + "字" * 30000, "<a href=content_1.htm><script>document.write(view('" * 500,
]


def _fixtures() -> list[tuple[str, str]]:
    found = []
    for path in sorted(SITES.rglob("*.htm*")):
        rel = path.relative_to(SITES).as_posix()
        html, _ = decode_html(path.read_bytes())
        found.append(("http://" + rel, html))
    return found


def _mutate(rng: random.Random, html: str) -> str:
    """One document of trouble made from a real one."""
    kind = rng.randrange(9)
    if kind == 0:  # cut anywhere
        return html[: rng.randrange(len(html) + 1)]
    if kind == 1:  # flipped bytes, decoded as a crawler would
        raw = bytearray(html.encode("utf-8", errors="surrogatepass"))
        for _ in range(rng.randrange(1, 60)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return raw.decode("utf-8", errors=rng.choice(["replace", "ignore", "surrogateescape"]))
    if kind == 2:  # junk spliced in somewhere
        at = rng.randrange(len(html) + 1)
        return html[:at] + rng.choice(JUNK) + html[at:]
    if kind == 3:  # every link broken
        return _replace_links(rng, html)
    if kind == 4:  # markup characters flipped
        chars = list(html)
        for _ in range(rng.randrange(1, 200)):
            chars[rng.randrange(len(chars))] = rng.choice("<>\"'=/&;!-[]")
        return "".join(chars)
    if kind == 5:  # a region repeated or dropped
        a, b = sorted(rng.randrange(len(html) + 1) for _ in range(2))
        return html[:a] + html[a:b] * rng.randrange(0, 20) + html[b:]
    if kind == 6:  # several mutations at once
        for _ in range(3):
            html = _mutate(rng, html) or html
        return html
    if kind == 7:  # nearly empty documents
        return rng.choice(["", " ", "<!DOCTYPE html>", "<!-- only a comment -->", "<?php ?>", "<html></html>",
                           "\x00", "<html><head><title>x</title></head></html>", "<body>", "</html>", "text only"])
    return rng.choice(JUNK) * rng.randrange(1, 4)


def _replace_links(rng: random.Random, html: str) -> str:
    parts = html.split("href=")
    return "href=".join(p if i == 0 else rng.choice(["", '"' + rng.choice(BAD_HREFS) + '" ']) + p
                        for i, p in enumerate(parts))


def _run(url: str, html: str, hint: str) -> list[str]:
    """Every entry point on one document; what each returned (for the assertions)."""
    done = []
    try:
        layout = detect(url, html)
    except LayoutError:
        layout = FAMILIES["founder_classic"]
    for call in (lambda: layout.parse_page(html, url), lambda: layout.parse_article(html, url),
                 lambda: layout.parse_article(html, url, hint=hint)):
        try:
            done.append(type(call()).__name__)
        except LayoutError:
            done.append("LayoutError")
    target = find_redirect(html)
    assert target is None or isinstance(target, str)
    assert isinstance(enpproperty(html), dict)
    enpcontent(html)
    return done


def test_mutated_documents_never_raise_nor_stall():
    rng = random.Random(SEED)
    fixtures = _fixtures()
    hints = ["", "标题", "湖北文旅产业迎来“小阳春”", "…", "x" * 500, "\ud800", "第01版：要闻"]
    slowest, worst = 0.0, ""
    results = set()
    for i in range(DOCUMENTS):
        url, html = fixtures[i % len(fixtures)]
        doc = _mutate(rng, html)
        start = time.perf_counter()
        results.update(_run(url, doc, rng.choice(hints)))
        took = time.perf_counter() - start
        if took > slowest:
            slowest, worst = took, f"document {i} (from {url}, {len(doc)} chars)"
    print(f"\n{DOCUMENTS} mutated documents; slowest {slowest:.3f} s: {worst}")
    assert results <= {"PageParse", "Article", "LayoutError"} and {"PageParse", "Article"} <= results
    assert slowest < SLOWEST_ALLOWED, f"{worst} took {slowest:.2f} s"


@pytest.mark.parametrize("html", ["", "   ", "<!DOCTYPE html>", "<!-- a comment -->", "<?xml version='1.0'?>",
                                  "<html></html>", "\ufeff<?xml version='1.0' encoding='utf-8'?><p>x</p>"])
def test_empty_documents_parse_to_nothing(html):
    url = "http://epaper.example.cn/html/2020-01/27/node_2.htm"
    layout = FAMILIES["founder_classic"]
    page = layout.parse_page(html, url)
    assert (page.page.article_urls, page.edition_pages, page.page.page_no, page.titles, page.bad_links) == ([], [], "", {}, 0)
    article = layout.parse_article(html, url.replace("node_2", "content_1"))
    assert (article.title, article.paragraphs, article.images) == ("", [], [])
    assert find_redirect(html) is None


def test_an_article_the_page_listed_keeps_its_title_however_broken():
    url = "http://epaper.example.cn/html/2020-01/27/content_1.htm"
    for html in ("", "<!DOCTYPE html>", "<p>" * 5000, "<div>正文第一段。</div>"):
        article = FAMILIES["founder_classic"].parse_article(html, url, hint="先锋旗帜在一线飘扬")
        assert (article.title, article.title_source) == ("先锋旗帜在一线飘扬", "page_list")


@pytest.mark.parametrize("href", ["http://[", "http://host:-1/", "http://host:65536/", "[if !IE]", "//[if !IE]",
                                  "javascript:void(0)", "mailto:a@b.cn", "data:image/png;base64,AA", "http://a b/",
                                  "ftp://x/y", "", "   ", "\ud800", "<%=url%>"])
def test_unusable_links_resolve_to_nothing(href):
    assert resolve("http://epaper.example.cn/html/2020-01/27/node_2.htm", href) == ""
    assert canonical_url(href) == ""
    assert (date_from_url(href), host(href) if href.startswith("http://[") else "") == (None, "")
    assert isinstance(article_id(href), str) and isinstance(site_key(href), str)


def test_usable_links_still_resolve():
    base = "http://epaper.example.cn/html/2020-01/27/node_2.htm"
    assert resolve(base, "content_1.htm?div=-1#top") == "http://epaper.example.cn/html/2020-01/27/content_1.htm"
    assert resolve(base, "https://epaper.example.cn/x.htm") == "http://epaper.example.cn/x.htm"
    assert resolve(base, "http://[::1]:8080/a") == "http://[::1]:8080/a"
    assert resolve("file:///srv/copy/html/2020-01/27/node_2.htm", "content_1.htm") == \
        "file:///srv/copy/html/2020-01/27/content_1.htm"


def test_the_plain_url_shortcut_spells_urls_as_w3lib_does():
    """canonical_url answers a plain http(s) URL itself; on seeded URLs near and inside the
    shortcut's pattern (dot segments, long and malformed host labels, a port, a query,
    percent escapes, uppercase) it must give exactly what the w3lib way gives."""
    rng = random.Random(SEED)
    tricky = ["/.", "/..", "//", "%7e", "%2F", ":80", "?a=1", "#x", "A", "中", "_", " ", ";", "@"]
    shortcut = 0
    for n in range(20000):
        host_name = "".join(rng.choice("abz09.-") for _ in range(rng.randint(1, 70 if n % 40 == 0 else 14)))
        path = "".join(rng.choice(["a", "Z", "0", ".", "_", "~", "/", "-", "/a", ".htm"]) for _ in range(rng.randint(0, 12)))
        if n % 3 == 0:
            path += rng.choice(tricky)
        url = f"{rng.choice(['http', 'https', 'HTTP'])}://{host_name}{path}"
        shortcut += _PLAIN.fullmatch(url) is not None
        assert canonical_url.__wrapped__(url) == _canonical_by_w3lib(url), url
    assert shortcut > 2000  # the comparison exercised the shortcut, not only the long way


def test_metadata_in_both_forms_and_unclosed():
    classic = enpproperty("<!--enpproperty <founder-title>A<br>B</founder-title><founder-author><!--<npm:article-author>-->"
                          "</founder-author><founder-pagenum>A01</founder-pagenum> /enpproperty-->")
    assert classic == {"title": "A B", "author": "", "pagenum": "A01"}
    plain = enpproperty("<!--enpproperty <date>2023-02-11 00:00:00:0</date><subtitle></subtitle>"
                        "<introtitle>引题</introtitle><title>标题</title>/enpproperty-->")
    assert plain == {"date": "2023-02-11 00:00:00:0", "subtitle": "", "introtitle": "引题", "title": "标题"}
    flood = enpproperty("<!--enpproperty " + "<founder-x>" * 3000 + "<founder-title>T</founder-title>/enpproperty-->")
    assert flood["title"] == "T"
    assert enpproperty("<!--enpproperty <title>cut off") == {}


def test_attribute_flood_is_capped_before_lxml():
    html = "<div " + " ".join(f"a{i}=x" for i in range(50_000)) + ">正文</div><p>第二段</p>"
    doc = parse_html(html)
    div = doc.find(".//div")
    assert len(div.attrib) == MAX_ATTRIBUTES and div.text == "正文" and doc.find(".//p").text == "第二段"
    unclosed = parse_html("<div " + " ".join(f"a{i}=x" for i in range(20_000)) + "<p>后文</p>")
    assert unclosed.find(".//p").text == "后文"


def test_redirects_that_lead_nowhere():
    base = "http://epaper.example.cn/paperindex.htm"
    assert find_redirect('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">') is None
    assert find_redirect('<meta http-equiv="refresh" content="0;url=http://[">', base) is None
    assert find_redirect('<meta http-equiv="refresh" content="0;url=http://[">'
                         '<script>location.href="html/2020-01/27/node_2.htm"</script>', base) == \
        "http://epaper.example.cn/html/2020-01/27/node_2.htm"
    assert find_redirect("<!-- nothing -->") is None
