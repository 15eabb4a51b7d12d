"""HTML helpers shared by the layouts: parsing, block text, redirects, Founder metadata.

Pure functions over lxml trees and strings; no Scrapy.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .text import clean

_PARSER = lxml.html.HTMLParser(remove_comments=False, remove_pis=True)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)

BLOCK_TAGS = frozenset(
    "p div br tr td th li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table tbody thead tfoot section "
    "article blockquote center header footer pre form hr founder-content".split()
)
SKIP_TAGS = frozenset("script style noscript select option textarea button input map iframe head title".split())


def parse_html(html: str) -> lxml.html.HtmlElement:
    """A forgiving lxml tree of a whole document (uppercase tags and stray markup welcome)."""
    html = _XML_DECL.sub("", html or "")
    if not html.strip():
        html = "<html></html>"
    return lxml.html.document_fromstring(html, parser=_PARSER)


def is_element(node: object) -> bool:
    return isinstance(getattr(node, "tag", None), str)


def tag(node: etree._Element) -> str:
    return node.tag.lower() if is_element(node) else ""


def block_lines(el: etree._Element) -> list[str]:
    """The text of an element cut into lines at block boundaries and ``<br>``, cleaned."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        name = tag(node)
        if name and name not in SKIP_TAGS:
            block = name in BLOCK_TAGS
            if block:
                parts.append("\n")
            if node.text:
                parts.append(node.text)
            for child in node:
                walk(child)
                if child.tail:
                    parts.append(child.tail)
            if block:
                parts.append("\n")

    walk(el)
    return [line for line in (clean(x) for x in "".join(parts).split("\n")) if line]


def text_of(el: etree._Element | None) -> str:
    """All text of an element on one line."""
    if el is None:
        return ""
    return clean(" ".join(block_lines(el)))


def classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").lower().split())


_REFRESH = re.compile(r"url\s*=\s*['\"]?([^'\";>\s]+)", re.I)
_JS_LOCATION = re.compile(
    r"(?:window\.|document\.|self\.|top\.)?location(?:\.href)?\s*(?:=|\.replace\(|\.assign\()\s*['\"]([^'\"]+)['\"]",
    re.I,
)


def find_redirect(html: str) -> str | None:
    """The target of a meta refresh or a JavaScript ``location`` redirect, as written."""
    doc = parse_html(html)
    for meta in doc.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            m = _REFRESH.search(meta.get("content") or "")
            if m:
                return m.group(1)
    for script in doc.iter("script"):
        m = _JS_LOCATION.search(script.text or "")
        if m:
            return m.group(1)
    return None


_ENP = re.compile(r"<!--\s*enpproperty(.*?)/enpproperty\s*-->", re.S | re.I)
_ENP_FIELD = re.compile(r"<founder-([\w-]+)>(.*?)</founder-\1>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def enpproperty(html: str) -> dict[str, str]:
    """Founder's trailing metadata comment: founder-title, -author, -date, -pagenum, …"""
    m = _ENP.search(html or "")
    if not m:
        return {}
    fields = {}
    for name, value in _ENP_FIELD.findall(m.group(1)):
        value = clean(re.sub(r"<[^>]+>", " ", _COMMENT.sub("", value)))
        fields.setdefault(name.lower(), value)
    return fields


_ENPCONTENT = re.compile(r"<!--\s*enpcontent\s*-->(.*?)<!--\s*/enpcontent\s*-->", re.S | re.I)


def enpcontent(html: str) -> etree._Element | None:
    """The legacy ``<!--enpcontent-->…<!--/enpcontent-->`` body region as a tree."""
    m = _ENPCONTENT.search(html or "")
    if not m or not m.group(1).strip():
        return None
    return lxml.html.fragment_fromstring(m.group(1), create_parent="div", parser=_PARSER)
