"""HTML helpers shared by the layouts: parsing, block text, redirects, Founder metadata.

Pure functions over lxml trees and strings; no Scrapy. Every function here accepts any string
without raising and in time linear in its length: documents are capped before lxml sees them
(size, attributes per tag), and the metadata scanners walk their text once instead of using
regexes that backtrack on unclosed tags.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector

from ..urls import canonical_url, resolve
from .text import clean, clean_lines, on_forget

# A page (版面) or article document is a few hundred kilobytes at most; beyond this it is junk
# or an attack, and lxml plus our walks would take seconds.
MAX_DOCUMENT_CHARS = 2_000_000
# libxml2 checks each attribute against the others of its tag: a tag with 50,000 attributes
# takes over 20 s. Real tags carry a handful.
MAX_ATTRIBUTES = 128

# lxml's plain HTML parser: lxml.html's element classes cost a Python call for every element
# proxy created (every node a walk visits), and we use none of their methods. Its table of ids
# (for XPath id()) goes unused as well: the reader keeps its own index (articles._Doc).
_PARSER = etree.HTMLParser(remove_comments=False, remove_pis=True, collect_ids=False)
_XML_DECL = re.compile(r"<\?xml[^<>]{0,500}\?>", re.I)
_LONG_TAG = re.compile(r"<([A-Za-z][\w:-]{0,40})(\s[^<>]{250,})(?:>|(?=<)|$)")
_ATTRIBUTE = re.compile(r"""[^\s=<>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s<>"']*))?""")
_EMPTY_DOC = "<html><head></head><body></body></html>"

BLOCK_TAGS = frozenset(
    "p div br tr td th li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table tbody thead tfoot section "
    "article blockquote center header footer pre form hr founder-content".split()
)
SKIP_TAGS = frozenset("script style noscript select option textarea button input map iframe head title".split())
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _cap_attributes(m: re.Match[str]) -> str:
    found = _ATTRIBUTE.findall(m.group(2))
    if len(found) <= MAX_ATTRIBUTES:
        return m.group(0)
    return f"<{m.group(1)} {' '.join(found[:MAX_ATTRIBUTES])}>"


def prepare(html: str | None) -> str:
    """The document as lxml may safely read it: capped in size, no XML declaration (lxml
    refuses one in a str), no tag with more than MAX_ATTRIBUTES attributes."""
    html = (html or "")[:MAX_DOCUMENT_CHARS]
    if "<?" in html:
        html = _XML_DECL.sub("", html)
    return _LONG_TAG.sub(_cap_attributes, html) if _may_have_long_tag(html) else html


def _may_have_long_tag(html: str) -> bool:
    """Whether some ``<`` is followed by over 250 characters before the next ``<`` or ``>``:
    what a tag ``_LONG_TAG`` matches needs. Splitting is C-fast; the regex scan is not (it
    steps through every character of a Chinese document), and almost no document has one."""
    for piece in html.split("<"):
        if len(piece) > 250:
            end = piece.find(">")
            if end == -1 or end > 250:
                return True
    return False


def parse_html(html: str | None) -> etree._Element:
    """A forgiving lxml tree of a whole document (uppercase tags and stray markup welcome).

    Empty, doctype-only and comment-only documents give an empty ``<html><body>`` tree rather
    than lxml's ParserError, so every reader sees a document with nothing in it.
    """
    text = prepare(html)
    try:
        doc = etree.fromstring(text, _PARSER) if text.strip() else None
    except (etree.ParserError, ValueError):
        doc = None
    if doc is None or not is_element(doc):
        doc = etree.fromstring(_EMPTY_DOC, _PARSER)
    return doc


def text_content(el: etree._Element) -> str:
    """Every text node inside ``el`` concatenated, as written (what lxml.html's ``text_content``
    gives; serialising as text costs half of its XPath ``string()``)."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def body_of(doc: etree._Element) -> etree._Element | None:
    """The document's ``<body>`` (lxml's parser always makes one, save for an empty document):
    a child of the root, looked for among the root's few children (``find`` goes through
    lxml's ElementPath machinery for it)."""
    return next((child for child in doc if child.tag == "body"), None)


@lru_cache(maxsize=512)
def css(selector: str) -> CSSSelector:
    """A compiled CSS selector (compiled once per process; lxml's ``cssselect()`` recompiles)."""
    return CSSSelector(selector)


_CHROME_IMG = re.compile(
    r"tplimg|/images?/(?:icon|logo|btn|button|bg)|erweima|qrcode|qr_?code|ewm|logo|banner|"
    r"spacer|blank|\.gif($|\?)|/static/|/skin/|/style/|_top\.",
)


def chrome_image(src: str) -> bool:
    """An icon, logo, QR code, spacer… by its address, in any letter case (matched on the lower
    case of an ASCII address: five times quicker than a case-insensitive pattern)."""
    return bool(_CHROME_IMG.search(src.lower() if src.isascii() else src.casefold()))


def is_element(node: object) -> bool:
    return isinstance(getattr(node, "tag", None), str)


def tag(node: etree._Element) -> str:
    name = getattr(node, "tag", None)
    return name.lower() if isinstance(name, str) else ""


_SEGMENT_BREAK = re.compile(r"[ \t\r]*\n[ \t\r\n]*")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "FWH"


def flow(text: str) -> str:
    """A source line break inside text as a browser shows it (CSS Text 3, segment break
    transformation): gone between two wide characters ("会议，\n对疫情" -> "会议，对疫情"), a
    space elsewhere. Only block boundaries and ``<br>`` break lines."""
    if text.isspace():  # the indentation between tags: most text with a line break
        return " "

    def collapse(m: re.Match[str]) -> str:
        start, end = m.start(), m.end()
        if 0 < start and end < len(text) and _wide(text[start - 1]) and _wide(text[end]):
            return ""
        return " "

    return _SEGMENT_BREAK.sub(collapse, text)


def block_lines(el: etree._Element) -> list[str]:
    """The text of an element cut into lines at block boundaries and ``<br>``, cleaned."""
    parts: list[str] = []
    _block_parts(el, parts)
    return clean_lines("".join(parts))


def _block_parts(node: etree._Element, parts: list[str]) -> None:
    """Append the text of ``node`` to ``parts``, a newline around each block. (A module
    function, not a closure: a recursive closure is a reference cycle, and every call would
    leave the tree it read for the cyclic garbage collector.)"""
    name = tag(node)
    if name and name not in SKIP_TAGS:
        block = name in BLOCK_TAGS
        if block:
            parts.append("\n")
        text = node.text  # lxml decodes .text and .tail anew on every access: read each once
        if text:
            parts.append(flow(text) if "\n" in text else text)
        for child in node:
            _block_parts(child, parts)
            tail = child.tail
            if tail:
                parts.append(flow(tail) if "\n" in tail else tail)
        if block:
            parts.append("\n")


def text_of(el: etree._Element | None) -> str:
    """All text of an element on one line."""
    if el is None:
        return ""
    return clean(" ".join(block_lines(el)))


def classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").lower().split())


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDDEN_CLASS = frozenset(("hide", "hidden", "none", "hid"))


def is_hidden(el: etree._Element) -> bool:
    """Hidden by its own style, class or ``hidden`` attribute (what the reader never sees)."""
    return _hidden(dict(el.items()))


# ----- the document as lines with their typographic weight ------------------------------------
@dataclass(slots=True)
class Line:
    """One visible line of text, the element that holds most of it, and how loud it is set."""

    text: str
    el: etree._Element
    weight: float
    link: bool  # all its text is link text (navigation, lists of other articles)
    zone: int = 0  # 0 before the article body, 1 inside it, 2 after it


_FONT_SIZE = re.compile(r"font-size\s*:\s*(\d+(?:\.\d+)?)\s*(px|pt|em|rem)?", re.I)
_BOLD = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
_TITLE_NAME = re.compile(r"title|biaoti|^bt$|headline|tit$", re.I)
_HEADING_WEIGHT = {"h1": 36.0, "h2": 30.0, "h3": 26.0, "h4": 22.0, "h5": 19.0, "h6": 17.0}
_NO_ATTRIBUTES: dict[str, str] = {}
_WEIGHTED_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "font"))
_FONT_TAG_SIZE = {1: 10.0, 2: 13.0, 3: 16.0, 4: 18.0, 5: 24.0, 6: 32.0, 7: 48.0}


def element_weight(el: etree._Element | None, name: str, attrs: dict[str, str] | None = None) -> float:
    """A rough font size in px (16 = body text) that the element asks for, plus emphasis
    (``el`` is read only when ``attrs`` are not given)."""
    attrs = dict(el.items()) if attrs is None else attrs
    weight = _HEADING_WEIGHT.get(name, 0.0)
    style = attrs.get("style")
    if style:
        m = _FONT_SIZE.search(style)
        if m:
            value, unit = float(m.group(1)), (m.group(2) or "px").lower()
            weight = max(weight, value * (1.33 if unit == "pt" else 16 if unit in ("em", "rem") else 1))
        if _BOLD.search(style):
            weight += 2
    if name == "font":
        size = (attrs.get("size") or "").strip()
        if size.isdigit():
            weight = max(weight, _FONT_TAG_SIZE.get(int(size), 16.0))
    elif name in ("strong", "b"):
        weight += 2
    ident = attrs.get("id") or attrs.get("class")
    if ident and _TITLE_NAME.search(ident):
        weight += 3
    return weight


def _hidden(attrs: dict[str, str]) -> bool:
    style, cls = attrs.get("style"), attrs.get("class")
    return bool((style and _HIDDEN_STYLE.search(style)) or (cls and _HIDDEN_CLASS & set(cls.lower().split()))
                or "hidden" in attrs)


_BARE_WEIGHT = {name: element_weight(None, name, _NO_ATTRIBUTES) for name in _WEIGHTED_TAGS}
# The same few tag+attribute combinations recur on every page of a skin: what they mean for the
# reader (hidden, weight, named) is worked out once, keyed by the only attributes that decide it
# (a link's href or a picture's src would make every element new). Bounded: cleared when full.
_STYLE_ATTRIBUTES = frozenset(("style", "class", "id", "size", "hidden"))
_STYLES: dict[tuple, tuple[bool, float, bool]] = {}
_MAX_STYLES = 4096
on_forget(_STYLES.clear)
on_forget(canonical_url.cache_clear)  # the links and pictures of the documents read


def _attribute_style(name: str, items: list[tuple[str, str]]) -> tuple[bool, float, bool]:
    """Whether an element of this tag and attributes is hidden, the weight it asks for, and
    whether it has an id or class of its own."""
    key = (name, *[item for item in items if item[0] in _STYLE_ATTRIBUTES])
    found = _STYLES.get(key)
    if found is None:
        if len(_STYLES) >= _MAX_STYLES:
            _STYLES.clear()
        attrs = dict(items)
        found = _STYLES[key] = (_hidden(attrs), element_weight(None, name, attrs),
                                bool(attrs.get("id") or attrs.get("class")))
    return found


def text_lines(root: etree._Element, body: etree._Element | None = None) -> list[Line]:
    """The visible text of ``root`` up to the end of the article ``body``, as lines (block
    boundaries and ``<br>``, except inside a heading), each with the loudest typographic weight
    of its text.

    The body itself is one marker line (zone 1, no text): its text is the paragraphs, read
    apart. When ``body`` is a fragment parsed apart, the ``<!--enpcontent-->`` markers bound
    zone 1 instead. Lines before the body are zone 0; the walk stops after the body.
    """
    walk = _LineWalk(body)
    walk.walk(root, 16.0, False, False)
    walk.flush()
    return walk.lines


class _LineWalk:
    """The state of one ``text_lines`` walk. (An object, not closures: a recursive closure is a
    reference cycle, and every call would leave the tree it read for the cyclic collector.)"""

    __slots__ = ("body", "lines", "pieces", "zone")

    def __init__(self, body: etree._Element | None):
        self.body = body
        self.lines: list[Line] = []
        self.pieces: list[tuple[str, etree._Element, float, bool]] = []
        self.zone = 0

    def flush(self) -> None:
        """The text gathered since the last block boundary, as one line."""
        pieces = self.pieces
        if not pieces:
            return
        if len(pieces) == 1:  # most lines are one text node
            piece = pieces.pop()
            text = clean(piece[0])
            if text:
                self.lines.append(Line(text, piece[1], piece[2], piece[3], self.zone))
            return
        text = clean("".join([p[0] for p in pieces]))
        if text:
            shown = [p for p in pieces if not p[0].isspace()]
            main = max(shown, key=lambda p: len(p[0].strip()))
            self.lines.append(Line(text, main[1], max(p[2] for p in shown), all(p[3] for p in shown), self.zone))
        pieces.clear()

    def walk(self, node: etree._Element, weight: float, link: bool, heading: bool) -> None:
        """Gather ``node``'s text into lines; once past the body (zone 2) its callers stop."""
        name = node.tag
        if not isinstance(name, str):
            if name is etree.Comment and "enpcontent" in (node.text or ""):
                self.flush()
                self.zone = 2 if "/enpcontent" in node.text else 1
            return
        name = name.lower()
        if name in SKIP_TAGS:
            return
        items = node.items()
        if items:
            hidden, own, named = _attribute_style(name, items)
            if hidden:
                return
        else:
            own, named = _BARE_WEIGHT.get(name, 0.0), False
        if node is self.body:
            self.flush()
            self.lines.append(Line("", node, 0.0, True, 1))
            self.zone = 2
            return
        if name == "img":  # a picture breaks the text: what follows it is no 副题 of what precedes
            self.flush()
            self.lines.append(Line("", node, 0.0, True, self.zone))
            return
        if name == "br":
            if heading:
                self.pieces.append((" ", node, weight, link))
            else:
                self.flush()
            return
        if own > weight:
            weight = own
        link = link or (name == "a" and not heading)  # <h1><a href=…>标题</a></h1> is a heading
        heading = heading or name in _HEADING_WEIGHT
        # An inline element a skin names on its own (<font id="main-title">, <span class="yt">)
        # is set as a line of its own (引题, 标题, 日期 one under the other), outside headings.
        block = name in BLOCK_TAGS or (not heading and named)
        if block:
            self.flush()
        pieces = self.pieces
        text = node.text
        if text:
            pieces.append((text, node, weight, link))
        for child in node:
            self.walk(child, weight, link, heading)
            if self.zone == 2:
                break
            tail = child.tail
            if tail:
                pieces.append((tail, node, weight, link))
        if block:
            self.flush()


# ----- redirects ------------------------------------------------------------------------------
_REFRESH = re.compile(r"url\s*=\s*['\"]?([^'\";>\s]+)", re.I)
_JS_LOCATION = re.compile(
    r"(?:window\.|document\.|self\.|top\.)?location(?:\.href)?\s*(?:=|\.replace\(|\.assign\()\s*['\"]([^'\"\n]{1,2000})['\"]",
    re.I,
)
_NOT_A_TARGET = re.compile(r"^\s*(?:javascript|mailto|tel|data|about|vbscript):|[<>{}\\^`\s]", re.I)
_SCRIPT_CHARS = 50_000  # of each script; a redirect is in the first lines


def find_redirect(html: str, base: str = "") -> str | None:
    """The target of a meta refresh or a JavaScript ``location`` redirect; None when there is
    none or the target is no URL (``javascript:``, markup, whitespace).

    As written, or, given the page's URL as ``base``, resolved to an absolute canonical URL
    (None when it resolves to nothing usable, e.g. ``http://[``). Never raises.
    """
    doc = parse_html(html)
    found = []
    for meta in doc.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            m = _REFRESH.search((meta.get("content") or "")[:2000])
            if m:
                found.append(m.group(1))
    for i, script in enumerate(doc.iter("script")):
        if i >= 50:
            break
        m = _JS_LOCATION.search((script.text or "")[:_SCRIPT_CHARS])
        if m:
            found.append(m.group(1))
    for target in found:
        if _NOT_A_TARGET.search(target):
            continue
        if not base:
            return target
        resolved = resolve(base, target)
        if resolved:
            return resolved
    return None


# ----- Founder metadata -----------------------------------------------------------------------
_ENP_OPEN = re.compile(r"<!--\s*enpproperty", re.I)
_ENP_CLOSE = re.compile(r"/enpproperty\s*-->", re.I)
_FIELD_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]{0,40})\s*>")
_ANY_TAG = re.compile(r"<[^<>]*>")
_MAX_METADATA = 200_000


def strip_comments(text: str) -> str:
    """Text without ``<!-- … -->`` comments (an unclosed one runs to the end), in one pass."""
    out, i = [], 0
    while True:
        start = text.find("<!--", i)
        if start < 0:
            out.append(text[i:])
            break
        out.append(text[i:start])
        end = text.find("-->", start + 4)
        if end < 0:
            break
        i = end + 3
    return "".join(out)


def enpproperty(html: str) -> dict[str, str]:
    """Founder's metadata comment, field name -> text, in either of its forms.

    ``<!--enpproperty <founder-title>…</founder-title><founder-pagenum>…/enpproperty-->``
    (classic) and ``<!--enpproperty <title>…</title><introtitle>…<pagenum>…/enpproperty-->``
    (pc/pad) both give ``{"title": …, "pagenum": …}``: the ``founder-`` prefix is dropped.
    Fields present but empty are kept as "" (evidence that, say, there is no 副题).
    """
    html = html or ""
    m = _ENP_OPEN.search(html)
    if not m:
        return {}
    close = _ENP_CLOSE.search(html, m.end(), m.end() + _MAX_METADATA)
    body = html[m.end(): close.start() if close else m.end() + _MAX_METADATA]
    fields: dict[str, str] = {}
    opened: dict[str, int] = {}
    for t in _FIELD_TAG.finditer(body):
        name = t.group(2).lower()
        if not t.group(1):
            opened.setdefault(name, t.end())
            continue
        start = opened.pop(name, None)
        if start is None:
            continue
        key = name[len("founder-"):] if name.startswith("founder-") else name
        if key not in fields:
            value = body[start:t.start()]
            if "<" in value:  # most fields are plain text
                value = _ANY_TAG.sub(" ", strip_comments(value))
            fields[key] = clean(value)
    return fields


_ENPCONTENT_OPEN = re.compile(r"<!--\s*enpcontent\s*-->", re.I)
_ENPCONTENT_CLOSE = re.compile(r"<!--\s*/enpcontent\s*-->", re.I)


def enpcontent(html: str) -> etree._Element | None:
    """The legacy ``<!--enpcontent-->…<!--/enpcontent-->`` body region as a tree."""
    html = prepare(html)
    m = _ENPCONTENT_OPEN.search(html)
    if not m:
        return None
    close = _ENPCONTENT_CLOSE.search(html, m.end())
    region = html[m.end(): close.start()] if close else ""
    if not region.strip():
        return None
    try:
        doc = etree.fromstring(f"<html><body>{region}</body></html>", _PARSER)
    except (etree.ParserError, ValueError):
        return None
    body = body_of(doc) if doc is not None else None
    if body is None:
        return None
    body.tag = "div"  # the region's nodes, in a <div> of their own
    return body
