"""Extraction against recorded pages: every fixture file parses to its expected JSON.

Fundus style: ``tests/fixtures/sites/<host>/<path>`` is the page as served and
``tests/fixtures/expected/<host>/<path>.json`` is what a careful reader takes from it. The
expected files were written from the pages, not from our output.

Articles are read as the crawl reads them: with the title that a recorded page of the same
edition lists for them as the hint. The header must not depend on that evidence where the
document itself names it: without the hint, or with it cut short as lists cut titles, the
same header comes out.
"""

from __future__ import annotations

import gc
import json
from dataclasses import asdict
from functools import cache

import pytest

from conftest import EXPECTED, SITES, served_content_type
from crawler.encoding import decode_html
from crawler.layouts import detect

HTTPS_HOSTS = {"ribao.xyxww.com.cn", "wanbao.xyxww.com.cn"}
HEADER = ("lead_title", "title", "subtitle")


def _cases(kind: str) -> list[str]:
    found = []
    for path in sorted(EXPECTED.rglob("*.json")):
        if path.name == "MANIFEST.json" or path.name == "DUPLICATES.json":
            continue
        if json.loads(path.read_text(encoding="utf-8")).get("kind") == kind:
            found.append(str(path.relative_to(EXPECTED))[: -len(".json")])
    return found


def _load(rel: str) -> tuple[str, str, dict]:
    host = rel.split("/", 1)[0]
    url = ("https://" if host in HTTPS_HOSTS else "http://") + rel
    html, _ = decode_html((SITES / rel).read_bytes(), served_content_type(rel))
    return url, html, json.loads((EXPECTED / (rel + ".json")).read_text(encoding="utf-8"))


@cache
def listed_titles() -> dict[str, str]:
    """Article URL -> the title a recorded page lists for it (first page wins)."""
    titles: dict[str, str] = {}
    for rel in _cases("page"):
        url, html, _ = _load(rel)
        for article, title in detect(url, html).parse_page(html, url).titles.items():
            titles.setdefault(article, title)
    return titles


@pytest.mark.parametrize("rel", _cases("page"))
def test_page(rel):
    url, html, want = _load(rel)
    parsed = detect(url, html).parse_page(html, url)
    page = asdict(parsed.page)
    got = {
        "url": page["url"], "date": page["date"], "page_no": page["page_no"], "page_name": page["page_name"],
        "pdf_url": page["pdf_url"], "image_url": page["image_url"],
        "image_size": [page["image_width"], page["image_height"]], "hotspots": page["hotspots"],
        "article_urls": page["article_urls"], "issue_no": parsed.issue_no,
        "edition_pages": [asdict(p) for p in parsed.edition_pages],
        "titles": parsed.titles, "bad_links": parsed.bad_links,
    }
    assert got == {k: want.get(k, got[k]) for k in got}
    # every listed article with a title in the list has it in titles
    assert set(parsed.titles) <= set(page["article_urls"])


def _article(rel: str, hint: str | None = None) -> tuple[dict, dict]:
    url, html, want = _load(rel)
    hint = listed_titles().get(url, "") if hint is None else hint
    return asdict(detect(url, html).parse_article(html, url, hint=hint)), want


@pytest.mark.parametrize("rel", _cases("article"))
def test_article(rel):
    article, want = _article(rel)
    fields = ("url", "article_id", "lead_title", "title", "subtitle", "byline", "authors", "paragraphs", "images")
    got = {k: article[k] for k in fields}
    got["images"] = [{"url": i["url"], "caption": i["caption"]} for i in article["images"]]  # not the media fields
    assert got == {k: want[k] for k in fields}
    if "title_source" in want:
        assert article["title_source"] == want["title_source"]
    assert 0.0 <= article["confidence"] <= 1.0 and set(article["signals"]) <= {"selector", "metadata", "page_list", "structure"}
    # page_no/page_name come from the article page when it shows them; the spider fills the rest
    if article["page_no"]:
        assert (article["page_no"], article["page_name"] or want["page_name"]) == (want["page_no"], want["page_name"])


@pytest.mark.parametrize("rel", _cases("article"))
def test_header_does_not_hang_on_the_hint(rel):
    url = _load(rel)[0]
    listed = listed_titles().get(url, "")
    with_hint, want = _article(rel)
    if with_hint["title_source"] in ("selector", "metadata") or not listed:
        without, _ = _article(rel, hint="")
        assert {k: without[k] for k in HEADER} == {k: want[k] for k in HEADER}
    if len(listed) > 14:  # the list cut the title short, as 人民日报 lists 20 characters
        cut, _ = _article(rel, hint=listed[:12] + "…")
        assert {k: cut[k] for k in HEADER} == {k: want[k] for k in HEADER}


def test_reading_leaves_no_garbage_cycles():
    """Reading a page or an article frees its tree as soon as the result is returned: nothing
    it builds is a reference cycle that only the cyclic collector could free (a recursive
    closure is one; it kept every document's tree alive until a collection and cost a tenth
    of the reading time in collections)."""
    pages, articles = _cases("page")[:4], _cases("article")[:8]
    gc.collect()
    gc.disable()
    try:
        for rel in pages:
            url, html, _ = _load(rel)
            detect(url, html).parse_page(html, url)
        for rel in articles:
            url, html, _ = _load(rel)
            detect(url, html).parse_article(html, url, hint="")
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_index_selects_what_cssselect_selects():
    """The reader's id/class index answers every selector the skins use exactly as lxml's
    cssselect does (same elements, document order), on every recorded page and article."""
    from crawler.layouts import articles
    from crawler.layouts.markup import css

    selectors = {*articles.HEADER_BOXES, *articles.BODY_CANDIDATES, *articles.BYLINE_BOXES,
                 *(s for row in articles.HEADER_IDS for s in row[:3] if s),
                 ", ".join(articles.PICTURE_BOXES), "td.font01, .font01", "table.wz table, table.wz"}
    # Markup that tells the lookups apart: the tag must match, every class must be a whole
    # word (tab and newline separate words, a no-break space does not), the id exact.
    tricky = ('<html><body><p class="content">p</p><div class="content\tmain">d</div>'
              '<div class="content\u00a0x">nbsp</div><span id="title" class="title main">s</span>'
              '<div id="Title">case</div><td class="font01">t</td><div class="con"><h3>h</h3></div>'
              '<founder-content>f</founder-content><div class="newsdetatit"><h1>a</h1><h3>b</h3></div>'
              '<figure><img src="x.jpg"></figure><div class="pic">p</div></body></html>')
    selectors |= {"div.content", "div.content.main", ".content", "span#title.title.main", "#title.title",
                  "p.content, div.content, .content", "figure, div.pic", "div.con h3"}
    checked = 0
    for html in [tricky] + [_load(rel)[1] for rel in _cases("article") + _cases("page")]:
        doc = articles._Doc(html)
        for selector in selectors:
            assert doc.select(selector) == css(selector)(doc.root), (html[:80], selector)
            checked += bool(doc.select(selector))
    assert checked > 100  # the selectors do match things in the recorded documents


def test_forget_documents_empties_what_reading_cached():
    """After ``forget_documents`` the next read is a first read (what the bench times): every
    cache of document content is empty, whatever module keeps it."""
    from crawler.layouts import forget_documents, markup, text
    from crawler.urls import canonical_url

    rel = _cases("article")[0]
    url, html, _ = _load(rel)
    detect(url, html).parse_article(html, url, hint="")
    assert text.title_key.cache_info().currsize and markup._STYLES
    forget_documents()
    sizes = [f.cache_info().currsize for f in (text.title_key, text.is_byline, text.is_date_line,
                                               text.parse_page_label, text.is_photo_credit, canonical_url)]
    assert sizes == [0] * 6 and not markup._STYLES
