"""Extraction against recorded pages: every fixture file parses to its expected JSON.

Fundus style: ``tests/fixtures/sites/<host>/<path>`` is the page as served and
``tests/fixtures/expected/<host>/<path>.json`` is what a careful reader takes from it. The
expected files were written from the pages, not from our output.
"""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from conftest import EXPECTED, SITES, served_content_type
from crawler.encoding import decode_html
from crawler.layouts import detect

HTTPS_HOSTS = {"ribao.xyxww.com.cn", "wanbao.xyxww.com.cn"}


def _cases(kind: str) -> list[str]:
    found = []
    for path in sorted(EXPECTED.rglob("*.json")):
        if path.name == "MANIFEST.json":
            continue
        if json.loads(path.read_text(encoding="utf-8")).get("kind") == kind:
            found.append(str(path.relative_to(EXPECTED))[: -len(".json")])
    return found


def _load(rel: str) -> tuple[str, str, dict]:
    host = rel.split("/", 1)[0]
    url = ("https://" if host in HTTPS_HOSTS else "http://") + rel
    html, _ = decode_html((SITES / rel).read_bytes(), served_content_type(rel))
    return url, html, json.loads((EXPECTED / (rel + ".json")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("rel", _cases("page"))
def test_page(rel):
    url, html, want = _load(rel)
    parsed = detect(url, html).parse_page(html, url)
    page = asdict(parsed.page)
    got = {
        "url": page["url"], "date": page["date"], "page_no": page["page_no"], "page_name": page["page_name"],
        "pdf_url": page["pdf_url"], "image_url": page["image_url"], "hotspots": page["hotspots"],
        "article_urls": page["article_urls"], "issue_no": parsed.issue_no,
        "edition_pages": [asdict(p) for p in parsed.edition_pages],
    }
    assert got == {k: want[k] for k in got}


@pytest.mark.parametrize("rel", _cases("article"))
def test_article(rel):
    url, html, want = _load(rel)
    article = asdict(detect(url, html).parse_article(html, url))
    fields = ("url", "article_id", "lead_title", "title", "subtitle", "byline", "authors", "paragraphs", "images")
    got = {k: article[k] for k in fields}
    got["images"] = [{"url": i["url"], "caption": i["caption"]} for i in article["images"]]  # not the media fields
    assert got == {k: want[k] for k in fields}
    # page_no/page_name come from the article page when it shows them; the spider fills the rest
    if article["page_no"]:
        assert (article["page_no"], article["page_name"] or want["page_name"]) == (want["page_no"], want["page_name"])
