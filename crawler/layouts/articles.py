"""Reading an article document: 引题/标题/副题, byline, paragraphs, pictures, page label.

Several independent signals name the header, and the record says which of them agreed:

* **selector** — known skins' header elements (``#PreTitle/#Title/#SubTitle``, ``font#main-title``,
  ``div.article h3/h1/h2``, the ``td.font01``/``td.font02`` table, a centred cell of
  span/strong …);
* **page_list** — the title the edition's page listed for the article (the ``hint``): the
  标题 is the line of the document whose text matches it, its neighbours are the 引题/副题;
* **metadata** — Founder's enpproperty comment (``<founder-title>`` or plain ``<title>``,
  ``<introtitle>``, ``<subtitle>``), also matched against the document's lines;
* **structure** — the loudest short line (heading level, font size, bold) just above the body.

When no line of the document matches the evidence, the metadata's or the page list's title is
kept as the title (an article the page listed is never left without one). The byline is the
short "本报记者 …" line between header and body, the body's first or last paragraph, or the
credit in the lead paragraph's dateline ("本报讯（记者 …）"). Pictures are those of the article
region (header, body and the block around it) or of known picture boxes, with the caption
beside or right after each; site chrome is left out.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from lxml import etree
from lxml.cssselect import CSSSelector

from ..items import Article, Image
from ..urls import article_id, date_from_url, resolve
from .markup import (
    Line,
    block_lines,
    body_of,
    chrome_image,
    classes,
    css,
    enpcontent,
    enpproperty,
    is_element,
    is_hidden,
    parse_html,
    tag,
    text_content,
    text_lines,
    text_of,
)
from .pages import meta_page, printed_label
from .text import (
    byline_authors,
    clean,
    closing_credit,
    continues_byline,
    dateline_credit,
    document_cache,
    has_letter,
    is_boilerplate,
    is_byline,
    is_date_line,
    is_dateline_only,
    is_editor_line,
    is_editors_note,
    is_photo_credit,
    list_title,
    normalize_page_no,
    parse_page_label,
    same_title,
    strip_dashes,
    strip_jump_marks,
    title_key,
    without_editors,
)

# An article whose signals score below this is low-confidence: counted in the crawl stats.
LOW_CONFIDENCE = 0.5
_SIGNAL_WEIGHTS = {"selector": 0.4, "metadata": 0.35, "page_list": 0.35, "structure": 0.25}

# (引题, 标题, 副题) selectors; with ``companion`` the title only counts when 引题 or 副题 exists too
# (``#title`` alone is too common a name).
HEADER_IDS: tuple[tuple[str, str, str, bool], ...] = (
    ("#PreTitle", "#Title", "#SubTitle", False),
    ("#intro-title", "#main-title", "#sub-title", False),
    ("div.newsdetatit .intro, div.intro", "div.newsdetatit h3, div.newsdetatit h1", "div.newsdetatit .sub, div.sub", False),
    (".bmnr_con_yinti", ".bmnr_con_biaoti", ".bmnr_con_futi", False),
    (".introtitle", ".art-title", ".subtitle", False),
    ("#yinti", "#biaoti", "#futi", False),
    ("#yinti", "#title", "#futi", True),
    (".yinti", ".biaoti", ".futi", False),
    ("#pretitle", "#title", "#subtitle", True),
    ("h5.yinti_title", "h2.content_title", "", False),
    ("", "#NewsArticleTitle", "", False),
    ("", "p.BSHARE_TEXT", "", False),
    ("", "h2.detConTit", "", False),
)
# Boxes whose headings make the header.
HEADER_BOXES = (
    "div.article-header", "div.article", "div.text_c", "#art_title", "div.art_title",
    "div.main-content", "div.detail-title", "div.news-title", "div.title", "div.article-title",
    "div.newsdetail", "#title",
)
BODY_CANDIDATES = (
    "founder-content", "#ozoom", "#articleContent", "div.newsdetatext", "#zoom", "cms-content",
    "div.article-content", "div.con", "span.font06", "#content", "div.content", "td.font6",
    "#news_content", "div.detail-content", "div.text", "#pgcontent", "div.details",
)
PICTURE_BOXES = (
    "table#newspic", "table.pci_c", "div.pic", "div.attachment", "td.font6", "td.px12c",
    "div.pic-box", "div.picture", "div.photo", "p.pic", "figure", "div.detPic", "div.dContents",
)
BYLINE_BOXES = (".author", "#author", ".bmnr_con_author", ".byline")
for _selector in (*HEADER_BOXES, *BODY_CANDIDATES, *BYLINE_BOXES, *(s for row in HEADER_IDS for s in row[:3] if s)):
    css(_selector)  # compiled once, at import
_CURRENT_PAGE_NAME = re.compile(r"(?:now|cur|current)[-_]?(?:layout|page|ban|bc|edition)|page[-_]?(?:num|no)\b|banci|layoutnum", re.I)
_BARE_PAGE_NO = re.compile(r"^[A-Za-z]{0,2}\s*\d{1,3}$")

_SOURCE_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日\s*(?:星期.\s*)?(?P<label>(?:第\s*)?([A-Za-z]?\d{1,3})\s*版)")
_BYLINE_TAIL = re.compile(r"\s*(《[^》]{1,20}》|\d{4}[年\-/.]\d{1,2}[月\-/.]\d{1,2}日?|来源[:：]).*$")
_CAPTION_HINTS = {"caption", "pic", "tuzhu", "imgdesc", "pictext", "img_title", "explain", "font05", "figcaption"}
_CAPTION_START = re.compile(r"^(?:图为|图[:：]|上图|下图|左图|右图|图\d|▲|△)")
# Chrome that sits next to a header: breadcrumbs, datelines with the page ("2023年05月10日
# 第01版：头版", "《人民日报》（2017年10月16日 01 版）"), app promotion, one-word labels.
_NOT_HEADER_ANYWHERE = re.compile(
    r"当前位置|您的位置|现在的位置|[>»]\s*\S+\s*[>»]"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2}|第\s*[A-Za-z]{0,2}\s*\d{1,3}\s*版|\d{1,3}\s*版\s*[）)]"
    r"|客户端|一端在手|扫一扫|二维码|返回本版|返回目录"
)
_NOT_HEADER_WHOLE = re.compile(  # matched at the start
    r"第\s*\d+\s*页|[A-Za-z0-9\W_]+$"
    r"|(?:正文|标题|导读|目录|返回|首页|打印|关闭|分享|收藏|字号|放大|缩小|上一篇|下一篇|上一版|下一版)$"
    r"|.{0,4}(?:导航|回顾|列表|目录|推荐|排行|链接|检索|搜索|导读)[:：]?$|分享到?[:：]?$"
)


@document_cache()
def _not_header(text: str) -> bool:
    return _NOT_HEADER_WHOLE.match(text) is not None or _NOT_HEADER_ANYWHERE.search(text) is not None


@dataclass
class Header:
    lead: str = ""
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    elements: list[etree._Element] = field(default_factory=list)
    last_line: int = -1  # index in the document's lines of the header's last line (-1: unknown)
    # The skin has a place for the 引题 / the 副题 (an empty one means "none"); where it has
    # none, the lines around the 标题 are the candidates.
    lead_slot: bool = True
    sub_slot: bool = True


@dataclass
class Rules:
    """The candidate selectors a family tries first (defaults: every family's)."""

    header_ids: tuple[tuple[str, str, str, bool], ...] = HEADER_IDS
    header_boxes: tuple[str, ...] = HEADER_BOXES
    body: tuple[str, ...] = BODY_CANDIDATES


_DIGIT = re.compile(r"\d")
_DASHED_TAGS = re.compile(r"<([A-Za-z]+-[\w-]+)")
_XML_SPACE = re.compile(r"[ \t\n\r]+")  # what CSS class matching splits on (XPath's normalize-space)
_SIMPLE = re.compile(r"([a-z][\w-]*)?(?:#([\w-]+))?((?:\.[\w-]+)*)")


def _class_words(value: str) -> list[str]:
    """The words of a class attribute as CSS sees them: split at XML whitespace only (a
    no-break space is part of a word). ``str.split`` does that for printable text."""
    return value.split() if value.isprintable() else [w for w in _XML_SPACE.split(value) if w]


class _Alternative(NamedTuple):
    """One comma-separated alternative of a selector: its text, the ids (``#x``), classes
    (``.x``) and custom tag names it needs the markup to contain, and, for a simple one
    (``tag#id.class``), its parts to look up in the document's index."""

    text: str
    needs: frozenset[str]
    simple: tuple[str, str, tuple[str, ...]] | None


@lru_cache(maxsize=512)
def _alternatives(selector: str) -> tuple[_Alternative, ...]:
    found = []
    for alternative in (a.strip() for a in selector.split(",")):
        needs = re.findall(r"[#.][\w-]+", alternative) + re.findall(r"(?:^|\s)([a-z]+-[\w-]+)", alternative)
        m = _SIMPLE.fullmatch(alternative)
        simple = None
        if m and alternative:
            name, ident, dotted = m.groups()
            simple = (name or "", ident or "", tuple(c for c in (dotted or "").split(".") if c))
        found.append(_Alternative(alternative, frozenset(needs), simple))
    return tuple(found)


@lru_cache(maxsize=2048)
def _compiled(alternatives: tuple[str, ...]) -> CSSSelector:
    return css(", ".join(alternatives))


class _Doc:
    """One parsed document with the lookups every rule needs, computed once."""

    def __init__(self, html: str):
        self.html = html or ""
        self.root = parse_html(html)
        self.order = dict(zip(self.root.iter(), itertools.count()))
        self.body = body_of(self.root)
        self._lines: dict[etree._Element, list[str]] = {}
        self._contents: dict[etree._Element, str] = {}
        self._index: dict[str, list[etree._Element]] | None = None
        self._named: list[etree._Element] = []

    def lines(self, el: etree._Element) -> list[str]:
        """``block_lines(el)``, read once per element (the body's are wanted to find it and to read it)."""
        found = self._lines.get(el)
        if found is None:
            found = self._lines[el] = block_lines(el)
        return found

    def text(self, el: etree._Element | None) -> str:
        """``text_of(el)``: its lines are clean, so joined with spaces they are its text."""
        return "" if el is None else " ".join(self.lines(el))

    def content(self, el: etree._Element) -> str:
        """``text_content(el)``, read once per element (the body and its box are measured twice)."""
        found = self._contents.get(el)
        if found is None:
            found = self._contents[el] = text_content(el)
        return found

    @property
    def index(self) -> dict[str, list[etree._Element]]:
        """Elements by ``#id`` and ``.class`` in document order, and each custom tag name the
        markup mentions: one walk instead of an XPath scan of the tree per selector (the
        documents are small; an XPath's fixed cost dominates)."""
        self._walk_names()
        return self._index

    @property
    def named(self) -> list[etree._Element]:
        """Every element with an id or a class, in document order."""
        self._walk_names()
        return self._named

    def _walk_names(self) -> None:
        """The one walk that fills ``index`` and ``named``, on first use."""
        if self._index is not None:
            return
        index: dict[str, list[etree._Element]] = {}
        for el in self.order:
            ident, names = el.get("id"), el.get("class")
            if ident or names:
                self._named.append(el)
            if ident:
                index.setdefault("#" + ident, []).append(el)
            if names:
                for name in _class_words(names):
                    index.setdefault("." + name, []).append(el)
        for name in _DASHED_TAGS.findall(self.html):
            index.setdefault(name.lower(), [])
        self._index = index

    def select(self, selector: str) -> list[etree._Element]:
        """Elements matching a CSS selector, in document order. Simple alternatives
        (``tag#id.class``) are looked up in the index; others are evaluated only when the
        ids, classes and custom tags they name occur in the markup (most skins' selectors miss)."""
        if not selector:
            return []
        index = self.index
        names = index.keys()  # set-like: ">=" tests membership (issubset would copy it into a set)
        live = [a for a in _alternatives(selector) if names >= a.needs]
        if not live:
            return []
        if not all(a.simple for a in live):
            return _compiled(tuple(a.text for a in live))(self.root)
        if len(live) == 1:
            return self._simple(*live[0].simple)
        found = {el for a in live for el in self._simple(*a.simple)}
        return sorted(found, key=self.order.__getitem__)

    def _simple(self, name: str, ident: str, names: tuple[str, ...]) -> list[etree._Element]:
        """What ``name#ident.names…`` matches (as cssselect would: exact id, whole class words)."""
        if not ident and not names:
            return list(self.root.iter(name))
        found = self.index.get(f"#{ident}" if ident else f".{names[0]}", [])
        more = set(names if ident else names[1:])  # the classes the index lookup did not check
        if not name and not more:
            return list(found)
        return [el for el in found if (not name or el.tag == name)
                and (not more or more.issubset(_class_words(el.get("class") or "")))]

    def first(self, selector: str) -> etree._Element | None:
        found = self.select(selector)
        if not found:
            return None
        return next((el for el in found if self.text(el)), found[0])

    def end(self, el: etree._Element) -> int:
        """Document position of the last node inside ``el``."""
        node = el
        while len(node):
            node = node[-1]
        return self.order.get(node, self.order.get(el, -1))


def read_article(html: str, url: str, rules: Rules, parser: str, hint: str = "") -> Article:
    """An Article from an article page (the spider fills paper, paper name and pages).

    ``hint`` is the title the edition's page listed for the article ("" when none).
    """
    doc = _Doc(html)
    meta = enpproperty(html)
    body, body_found = find_body(doc, html, rules)
    span = _body_span(doc, body)
    anchor = body if body in doc.order else _enpcontent_holder(doc)
    lines = text_lines(doc.body if doc.body is not None else doc.root, body)
    body_lines = doc.lines(body) if body is not None else []
    hint = list_title(hint)
    head, source, signals = find_header(doc, meta, body, lines, body_lines[:3], rules, hint, url)
    images, captions = find_images(doc, url, head, anchor, span)
    heading = {head.lead, head.title, head.subtitle} - {""}
    paragraphs: list[str] = []
    for line in body_lines:
        if is_boilerplate(line) or line in captions or (not paragraphs and line in heading):
            continue
        line = strip_jump_marks(line)
        if line:
            paragraphs.append(line)
    byline = _byline_box(doc) or _byline_after_header(lines, head) or head.byline
    at = 1 if len(paragraphs) > 2 and is_editors_note(paragraphs[0]) else 0  # the byline under an opening 编者按
    if len(paragraphs) > at and (paragraphs[at] == byline or (is_byline(paragraphs[at]) and not byline)):
        byline = byline or paragraphs[at]
        paragraphs.pop(at)
    while byline and len(paragraphs) > at + 1 and continues_byline(paragraphs[at]):
        byline = _with_line(byline, paragraphs.pop(at))
    _drop_editor_lines(paragraphs)
    if len(paragraphs) > 1:
        last = paragraphs[-1] = without_editors(paragraphs[-1])
        if last == byline or (is_byline(last) and not byline):
            byline = byline or last
            paragraphs.pop()
            _drop_editor_lines(paragraphs)
    heading_keys = {title_key(h) for h in heading}
    longest = max(map(len, heading), default=0) + 10  # a header line, however spaced; not a paragraph
    while len(paragraphs) > 1 and len(paragraphs[0]) <= longest and title_key(paragraphs[0]) in heading_keys:
        paragraphs.pop(0)  # the header printed again at the body's start, after its byline
    if not byline and paragraphs:
        byline = dateline_credit(paragraphs[0])
        if byline and len(paragraphs) > 1 and is_dateline_only(paragraphs[0]):
            paragraphs.pop(0)  # "湖北日报讯（记者左晨）" alone: the byline, not text
    credit = closing_credit(paragraphs[-1]) if not byline and paragraphs else ""
    if credit and not any(map(closing_credit, paragraphs[:-1])):  # briefs, each with its credit, share no byline
        byline = credit  # the byline, as a closing credit paragraph of its own would be, out of the text
        paragraphs[-1] = paragraphs[-1][:-len(credit)].rstrip()
    author = meta.get("author", "")
    byline = byline or (author if len(author) <= 40 else "")  # the metadata's author field, last
    page_no, page_name = article_page_label(doc, meta, lines)
    day = date_from_url(url)
    confidence = min(1.0, sum(_SIGNAL_WEIGHTS[s] for s in signals))
    if body_found == "structure":
        confidence *= 0.85
    if not paragraphs:
        confidence *= 0.5
    return Article(
        paper="",
        date=day.isoformat() if day else meta.get("date", "")[:10],
        url=url,
        article_id=article_id(url),
        title=head.title,
        paper_name=meta.get("papername", ""),
        page_no=page_no,
        page_name=page_name,
        lead_title=head.lead,
        subtitle=head.subtitle,
        byline=byline,
        authors=byline_authors(byline) if byline else [],
        paragraphs=paragraphs,
        images=images,
        parser=parser,
        title_source=source,
        signals=signals,
        confidence=round(confidence, 2),
    )


def _drop_editor_lines(paragraphs: list[str]) -> None:
    """The desk's credits at the end of the body ("（责任编辑：张三）") are not its text; below
    them may stand the article's own byline."""
    while len(paragraphs) > 1 and is_editor_line(paragraphs[-1]):
        paragraphs.pop()


# ----- body -----------------------------------------------------------------------------------
def find_body(doc: _Doc, html: str, rules: Rules) -> tuple[etree._Element | None, str]:
    """The element holding the article text, and how it was found ("selector" for known
    containers and the legacy enpcontent region, "structure" for the densest text block)."""
    for selector in rules.body:
        found = [el for el in doc.select(selector) if len(doc.text(el)) >= 10]
        if found:  # a picture with its caption in a cell of the body's class, before the body's
            return next((el for el in found if not _picture_with_caption(doc, el)), found[0]), "selector"
    legacy = enpcontent(html)
    if legacy is not None:
        return legacy, "selector"
    dense = _densest_block(doc.root)
    return (dense, "structure") if dense is not None else (None, "")


def _picture_with_caption(doc: _Doc, el: etree._Element) -> bool:
    """A box of a picture and a line or two of caption, not of text."""
    lines = doc.lines(el)
    return len(lines) <= 2 and sum(map(len, lines)) <= 200 and el.find(".//img") is not None


def _densest_block(root: etree._Element) -> etree._Element | None:
    """The element whose own paragraphs (child ``<p>``s, text and ``<br>`` runs) carry the most
    text that is not link text: the body of a skin no selector knows. Copyright notices and the
    boxes of the page's footer count for nothing (a picture-only article's body is empty)."""
    best, best_score = None, 0
    for el in root.iter():
        name = tag(el)
        if not name or name in ("html", "head", "a", "script", "style", "select", "option", "ul", "ol", "table"):
            continue
        own = (el.text or "").strip()
        score = len(own) if not _LEGAL.search(own) else 0
        for child in el:
            child_name = tag(child)
            if child_name == "p" or (child_name in ("span", "font", "div") and not len(child)):
                text = text_content(child)
                if _LEGAL.search(text):
                    continue
                links = sum(len(text_content(a)) for a in child.iter("a"))
                score += max(0, len(text.strip()) - links)
            if child.tail:
                score += len(child.tail.strip())
        if score > best_score and not is_hidden(el) and not _in_footer(el):
            best, best_score = el, score
    return best if best_score >= 30 else None


# Copyright and licence notices: long paragraphs of every page's footer, never an article.
_LEGAL = re.compile(r"版权所有|版 权 所 有|未经.{0,30}?授权|授权.{0,6}禁止|ICP备|Copyright|©", re.I)
_FOOTER_NAME = re.compile(r"copy|footer|\bfoot\b|\bbottom\b|banquan", re.I)


def _in_footer(el: etree._Element) -> bool:
    """Inside a box named for the page's footer (``div.copyright``, ``#footer``)."""
    return any(_FOOTER_NAME.search(f"{a.get('id')} {a.get('class')}") for a in (el, *el.iterancestors()))


def _enpcontent_holder(doc: _Doc) -> etree._Element | None:
    """The element of the document that holds the ``<!--enpcontent-->…<!--/enpcontent-->``
    pair (when the body was read from those markers apart from the tree)."""
    marks = [c for c in doc.root.iter(etree.Comment) if "enpcontent" in (c.text or "")]
    if len(marks) >= 2 and marks[0].getparent() is marks[-1].getparent():
        return marks[0].getparent()
    return None


def _body_span(doc: _Doc, body: etree._Element | None) -> tuple[int, int]:
    """First and last document positions of the body (the enpcontent markers for a fragment)."""
    if body is not None and body in doc.order:
        return doc.order[body], doc.end(body)
    marks = [doc.order[c] for c in doc.root.iter(etree.Comment) if "enpcontent" in (c.text or "")]
    if len(marks) >= 2:
        return marks[0], marks[-1]
    return len(doc.order), len(doc.order)


# ----- header ---------------------------------------------------------------------------------
def find_header(doc: _Doc, meta: dict[str, str], body: etree._Element | None, lines: list[Line],
                body_start: list[str], rules: Rules, hint: str, url: str = "") -> tuple[Header, str, list[str]]:
    """The header, how its title was found, and which signals agree with that title."""
    selected = selector_header(doc, body, rules)
    guess = structure_header(lines, meta)
    meta_title = meta.get("title", "")
    evidence = [t for t in (hint, meta_title) if title_key(t)]
    head, source = None, ""
    if selected is not None and ((not selected.lead_slot and not selected.lead)
                                 or (not selected.sub_slot and not selected.subtitle)):
        selected = _with_neighbours(selected, lines, meta)
    if selected is not None and (not hint or _agrees(selected, hint) or same_title(selected.lead, hint)
                                 or same_title(selected.subtitle, hint)):
        head, source = _with_metadata(selected, meta, structural=False), "selector"
    if head is None:
        for wanted in evidence:
            head = header_matching(lines, body_start, wanted, meta, url)
            if head is not None:
                source = "structure"
                break
    if head is None and selected is not None:
        head, source = _with_metadata(selected, meta, structural=False), "selector"
    if head is None and guess is not None and (not evidence or any(same_title(guess.title, e) for e in evidence)):
        head, source = guess, "structure"
    if head is None and meta_title:
        head, source = Header(meta.get("introtitle", ""), meta_title, strip_dashes(meta.get("subtitle", ""))), "metadata"
    if head is None and hint:
        head, source = Header(title=hint), "page_list"
    if head is None and guess is not None:
        head, source = guess, "structure"
    if head is None:
        title = _page_title(doc)
        head, source = Header(title=title), "metadata" if title else ""
    signals = []
    if selected is not None and same_title(selected.title, head.title):
        signals.append("selector")
    if meta_title and _agrees(head, meta_title):
        signals.append("metadata")
    if hint and _agrees(head, hint):
        signals.append("page_list")
    if guess is not None and same_title(guess.title, head.title):
        signals.append("structure")
    return head, source, signals


def _with_neighbours(head: Header, lines: list[Line], meta: dict[str, str]) -> Header:
    """A selector found the 标题 in a skin with no place for the 引题 or the 副题: the lines
    next to it are the candidates for what has none (the centred cell
    ``<font>引题</font><br><b>标题</b>…``, or ``h5.yinti_title`` + ``h2.content_title`` with a
    副题 line after it)."""
    at = next((i for i, line in enumerate(lines) if line.zone == 0 and not line.link and line.text == head.title), None)
    if at is None:
        return head
    around = header_around(lines, at, meta)
    if not head.lead_slot:
        head.lead = around.lead
    if not head.sub_slot:
        head.subtitle = around.subtitle
    head.byline = head.byline or around.byline
    head.last_line = around.last_line
    return head


def _agrees(head: Header, evidence: str) -> bool:
    """The evidence names this header's 标题 (alone, cut short, after its 引题 or before its 副题)."""
    if same_title(head.title, evidence):
        return True
    key, title = title_key(evidence), title_key(head.title)
    return bool(title) and key in (title_key(head.lead) + title if head.lead else "",
                                   title + title_key(head.subtitle) if head.subtitle else "")


def selector_header(doc: _Doc, body: etree._Element | None, rules: Rules) -> Header | None:
    """(引题, 标题, 副题) from the first known skin's selectors that yield a title."""
    for lead_sel, title_sel, sub_sel, companion in rules.header_ids:
        title_el = doc.first(title_sel)
        title = doc.text(title_el)
        if not title or len(title) > 120:
            continue
        lead_el, sub_el = doc.first(lead_sel), doc.first(sub_sel)
        if companion and lead_el is None and sub_el is None:
            continue
        return Header(doc.text(lead_el), title, strip_dashes(doc.text(sub_el)), "",
                      [e for e in (lead_el, title_el, sub_el) if e is not None], lead_slot=bool(lead_sel),
                      sub_slot=bool(sub_sel))
    for selector in rules.header_boxes:
        for box in doc.select(selector):
            found = _headings_in(doc, box)
            if found:
                return found
    return _table_header(doc) or _wz_header(doc) or _centred_header(doc, body)


def _with_metadata(head: Header, meta: dict[str, str], structural: bool) -> Header:
    """引题/副题 reconciled with Founder's metadata: its non-empty values fill what the document
    gave none of; for a header found by structure alone, the metadata also overrules (an empty
    ``<subtitle></subtitle>`` says there is no 副题)."""
    for key, attr in (("introtitle", "lead"), ("subtitle", "subtitle")):
        if key not in meta:
            continue
        value = strip_dashes(meta[key]) if attr == "subtitle" else meta[key]
        current = getattr(head, attr)
        if (not current and value) or (structural and not same_title(current, value)):
            setattr(head, attr, value)
    return head


def _header_like(line: Line) -> bool:
    """A line that can be a 引题, 标题 or 副题: short, not a date, label, byline, link or chrome."""
    text = line.text
    return (  # the tests that reject most lines, and cost least, first
        not line.link and 2 <= len(text) <= 100 and not text.endswith("。")
        and not _not_header(text) and not is_date_line(text) and parse_page_label(text) is None
        and not is_boilerplate(text) and not is_photo_credit(text) and not is_byline(text)
    )


def _near(a: etree._Element, b: etree._Element) -> bool:
    """Two elements of one header box: they share an ancestor at most three levels up."""
    up = set()
    node = a
    for _ in range(4):
        if node is None:
            break
        up.add(node)
        node = node.getparent()
    node = b
    for _ in range(4):
        if node is None:
            return False
        if node in up:
            return True
        node = node.getparent()
    return False


def header_around(lines: list[Line], i: int, meta: dict[str, str]) -> Header:
    """The header whose 标题 is line ``i``: the header-like line right before it is the 引题,
    the one right after it the 副题, and a byline line that follows is the byline."""
    title = lines[i]
    head = Header(title=title.text, elements=[title.el], last_line=i)
    before = lines[i - 1] if i > 0 else None
    if before is not None and before.zone == title.zone and _header_like(before) and _near(before.el, title.el):
        head.lead = before.text
        head.elements.append(before.el)
    k = i + 1
    after = lines[k] if k < len(lines) else None
    if (after is not None and after.zone == title.zone and _header_like(after)
            and (_near(after.el, title.el) or after.text.startswith(_DASH_START))):
        head.subtitle = strip_dashes(after.text)
        head.elements.append(after.el)
        head.last_line = k
        k += 1
    for at, line in enumerate(lines[k:k + 3], k):
        if line.zone != title.zone:
            break
        if not line.link and is_byline(line.text):
            head.byline = _byline_from(lines, at)
            break
    return _with_metadata(head, meta, structural=True)


def header_matching(lines: list[Line], body_start: list[str], wanted: str, meta: dict[str, str],
                    url: str = "") -> Header | None:
    """The header around the line that matches ``wanted`` (the page-listed or metadata title).

    A line equal to it wins over two lines that make it up, and those over a line it only
    begins (a list that cut the title short) or that begins it; among several, lines before
    the body first, the loudest, then the closest to the body. Then a title set as a link to
    the article itself (``url``), and last one of the body's first lines (``body_start``), when
    a skin prints its title inside the body."""
    key = title_key(wanted)
    usable = [i for i, line in enumerate(lines) if not line.link and line.text and len(line.text) <= 200]
    equal = [i for i in usable if lines[i].zone != 1 and title_key(lines[i].text) == key]
    if equal:
        return header_around(lines, _best(lines, equal), meta)
    found = _two_lines(lines, wanted, meta)
    if found is not None:
        return found
    matches = [i for i in usable if lines[i].zone != 1 and same_title(lines[i].text, wanted)]
    matches = matches or [i for i in usable if lines[i].zone == 1 and same_title(lines[i].text, wanted)][:1]
    if matches:
        return header_around(lines, _best(lines, matches), meta)
    own = [i for i, line in enumerate(lines) if line.link and line.zone == 0 and line.text
           and title_key(line.text) == key and _links_to(line.el, url)]
    if own:
        return header_around(lines, own[-1], meta)
    found_line = next((line for line in body_start if len(line) <= 200 and same_title(line, wanted)), None)
    return _with_metadata(Header(title=found_line), meta, structural=True) if found_line else None


def _links_to(el: etree._Element, url: str) -> bool:
    link = el if tag(el) == "a" else next(el.iterancestors("a"), None)
    return bool(url) and link is not None and resolve(url, link.get("href") or "") == url


def _best(lines: list[Line], candidates: list[int]) -> int:
    return max(candidates, key=lambda i: (lines[i].zone == 0, lines[i].weight, i if lines[i].zone == 0 else -i))


def _two_lines(lines: list[Line], wanted: str, meta: dict[str, str]) -> Header | None:
    """``wanted`` spread over two lines: one element broken by ``<br>`` is one 标题 on two
    lines; two elements are the 引题 and 标题 that the list printed as one (or the 标题 and
    its 副题, when the second opens with a dash)."""
    key = title_key(wanted)
    for i in range(len(lines) - 1):
        a, b = lines[i], lines[i + 1]
        if a.link or b.link or a.zone != 0 or b.zone != 0 or len(a.text) + len(b.text) > 200:
            continue
        first, second = title_key(a.text), title_key(b.text)
        if not first or not second or first + second != key:
            continue
        if a.el is b.el:
            merged = Line(f"{a.text} {b.text}", a.el, max(a.weight, b.weight), False, 0)
            return header_around([*lines[:i], merged, *lines[i + 2:]], i, meta)
        if b.text.startswith(_DASH_START):  # a 副题 is never the 标题: the list printed 标题 and 副题
            return header_around(lines, i, meta)
        return header_around(lines, i + 1, meta)
    return None


def structure_header(lines: list[Line], meta: dict[str, str]) -> Header | None:
    """The loudest header-like line among the few short lines right above the body. A line
    opening with a dash is a 副题 and a line right after a picture is its caption: neither is
    the 标题. Between equally loud lines the one closest to the body wins."""
    start = next((i for i, line in enumerate(lines) if line.zone == 1), None)
    if start is None:
        return None
    window: list[int] = []
    for i in range(start - 1, -1, -1):
        line = lines[i]
        if line.link:
            continue
        if len(line.text) > 150 or len(window) >= 8:
            break
        window.append(i)
    # Loudest (then closest) first: the first that qualifies is the best, the rest need no tests.
    for i in sorted(window, key=lambda i: (lines[i].weight, i), reverse=True):
        if (_header_like(lines[i]) and not lines[i].text.startswith(_DASH_START)
                and not (i > 0 and tag(lines[i - 1].el) == "img" and lines[i - 1].link)):
            return header_around(lines, i, meta)
    return None


_DASH_START = ("—", "--", "－－", "―")


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _headings_in(doc: _Doc, box: etree._Element) -> Header | None:
    """h1 is the title; a heading before it is the 引题, the next h2/h3 after it the 副题, an h4
    after it the byline."""
    heads = [h for h in box.iter(*_HEADINGS) if doc.text(h)]
    title_el = next((h for h in heads if tag(h) == "h1"), None)
    if title_el is None:
        return None
    idx = heads.index(title_el)
    before = [h for h in heads[:idx] if tag(h) in ("h2", "h3", "h4")]
    after = [h for h in heads[idx + 1:] if tag(h) in ("h2", "h3")]
    byline = next((doc.text(h) for h in heads[idx + 1:] if tag(h) in ("h4", "h5") and len(doc.text(h)) <= 60), "")
    slots = bool(before or after) or any(not doc.text(h) for h in box.iter(*_HEADINGS))
    return Header(
        doc.text(before[-1]) if before else "", doc.text(title_el),
        strip_dashes(doc.text(after[0])) if after else "", byline,
        [title_el, *before[-1:], *after[:1]], lead_slot=slots, sub_slot=slots,
    )


def _table_header(doc: _Doc) -> Header | None:
    """The classic table template: td.font01 = 标题, td.font02 in the rows above/below = 引题/副题."""
    for title_el in doc.select("td.font01, .font01"):
        title = doc.text(title_el)
        if not title or len(title) > 120:
            continue
        row = next((a for a in title_el.iterancestors() if tag(a) == "tr"), None)
        head = Header(title=title, elements=[title_el], lead_slot=False, sub_slot=False)
        if row is None:
            return head
        prev, nxt = row.getprevious(), row.getnext()
        for el in css(".font02")(prev) if prev is not None else []:
            head.lead = doc.text(el)
            head.elements.append(el)
            head.lead_slot = head.sub_slot = True
        for el in css(".font02")(nxt) if nxt is not None else []:
            head.subtitle = strip_dashes(doc.text(el))
            head.elements.append(el)
            head.lead_slot = head.sub_slot = True
        return head
    return None


def _wz_header(doc: _Doc) -> Header | None:
    """The classic ``table.wz`` template without classes: its first rows aligned to the top are
    引题, 标题, 副题 and the author line, in that order."""
    for table in doc.select("table.wz table, table.wz"):
        rows = [r for r in table.iter("tr") if (r.get("valign") or "").lower() == "top"][:4]
        texts = [doc.text(r) for r in rows] + ["", "", "", ""]
        if len(rows) >= 2 and texts[1] and len(texts[1]) <= 120:
            byline = texts[3] if is_byline(texts[3]) else ""
            return Header(texts[0], texts[1], strip_dashes(texts[2]), byline, rows[:3])
    return None


def _centred_header(doc: _Doc, body: etree._Element | None) -> Header | None:
    """A centred cell of <span>引题</span><strong>标题</strong><span>副题</span>; page chrome has
    centred bold cells too, so the cell closest before the body wins."""
    order = doc.order
    limit = order.get(body, len(order)) if body is not None else len(order)
    centred = [el for el in doc.root.iter("td", "div")
               if el.get("align") == "center" or (el.tag == "td" and el.get("align") == "middle")]
    for cell in reversed(centred):
        if order.get(cell, 0) >= limit:
            continue
        strong = next((s for s in cell.iter("strong", "b") if doc.text(s)), None)
        if strong is None or len(doc.text(cell)) > 200:
            continue
        spans = [s for s in cell.iter("span") if doc.text(s) and strong not in s.iterancestors()
                 and s not in strong.iterancestors()]
        before = [s for s in spans if order[s] < order[strong]]
        after = [s for s in spans if order[s] > order[strong]]
        spanned = cell.find(".//span") is not None  # the skin's places for 引题/副题
        return Header(doc.text(before[-1]) if before else "", doc.text(strong),
                      strip_dashes(doc.text(after[0])) if after else "", "",
                      [strong, *before[-1:], *after[:1]], lead_slot=spanned, sub_slot=spanned)
    return None


_SITE_NAME = re.compile(r"^.{0,10}(?:日报|晚报|时报|商报|早报|数字报|电子报|电子版|数字报刊|报社|新闻网)(?:数字报|电子版|电子报)?$")


def _page_title(doc: _Doc) -> str:
    """The document's ``<title>`` up to its site suffix, unless it names only the site."""
    title = doc.root.find(".//title")
    text = clean(text_content(title)) if title is not None else ""
    first = clean(re.split(r"\s*[-_|—]+\s*", text)[0]) if text else ""
    return "" if _SITE_NAME.match(first) else first


# ----- byline ---------------------------------------------------------------------------------
def _byline_box(doc: _Doc) -> str:
    """A byline element of a known skin (its text, without the paper's name and date)."""
    for selector in BYLINE_BOXES:
        for el in doc.select(selector):
            text = doc.text(el)
            if len(text) > 200:
                continue
            text = _trim_byline(text)
            if text and len(text) <= 60 and not is_boilerplate(text) and not is_date_line(text):
                return text
    return ""


def _byline_after_header(lines: list[Line], head: Header) -> str:
    """The first line between the header and the body, when it is a byline."""
    last = head.last_line
    if last < 0 and head.elements:
        inside = {d for e in head.elements for d in e.iter()}
        last = max((i for i, line in enumerate(lines) if line.el in inside), default=-1)
    if last < 0:
        return ""
    for at, line in enumerate(lines[last + 1:], last + 1):
        if line.zone != 0:
            break
        if line.link:
            continue
        return _byline_from(lines, at) if is_byline(_trim_byline(line.text)) else ""
    return ""


def _byline_from(lines: list[Line], at: int) -> str:
    """The byline on line ``at`` with the lines under it that continue it ("□记者 王一凡",
    then "通讯员 马 静")."""
    byline = _trim_byline(lines[at].text)
    for line in lines[at + 1:at + 4]:
        if line.zone != lines[at].zone or line.link or not continues_byline(line.text):
            break
        byline = _with_line(byline, line.text)
    return byline


def _with_line(byline: str, line: str) -> str:
    """A byline with the byline line under it: the co-authors it adds joined on, or the line
    itself when it is the same byline printed again naming more people."""
    have, names = byline_authors(byline), byline_authors(line)
    if set(names) <= set(have):
        return byline
    if have and set(have) <= set(names):
        return line
    return f"{byline} {line}"


def _trim_byline(text: str) -> str:
    """"本报记者 罗珊珊《人民日报》（2025年…）" -> "本报记者 罗珊珊"."""
    return clean(_BYLINE_TAIL.sub("", clean(text)))


# ----- pictures -------------------------------------------------------------------------------
def find_images(doc: _Doc, url: str, head: Header, body: etree._Element | None,
                span: tuple[int, int]) -> tuple[list[Image], set[str]]:
    """Article pictures with captions: those of the article region (header to the end of the
    body, widened to the body's own box), of the picture blocks right after it and of known
    picture boxes; icons, QR codes, logos and the page image left out. ``body`` is the body's
    element in the document (the holder of the enpcontent markers for a legacy body).

    Also the captions of the pictures in the body: those lines are the pictures', not the
    text's. A picture box outside the body may repeat a line of the body (a 图片新闻 whose text
    is its caption); that line stays text."""
    pictures = []  # what could be a picture at all, wherever it stands: most pages have none
    for seen, img in enumerate(doc.root.iter("img")):
        if seen >= _MAX_PICTURES:
            break
        src = picture_source(img)
        if src and not img.get("usemap") and not chrome_image(src) and not _tiny(img):
            pictures.append((img, src))
    if not pictures:
        return [], set()
    order = doc.order
    start = min((order[e] for e in head.elements if e in order), default=span[0])
    start, end = min(start, span[0]), span[1]
    box = _article_box(doc, body)
    if box is not None:
        start, end = min(start, order[box]), max(end, doc.end(box))
    boxes = {d for box_el in doc.select(", ".join(PICTURE_BOXES)) for d in box_el.iter("img")}
    boxes.update(_pictures_beside(doc, body))
    in_body = set(body.iter("img")) if body is not None else set()
    holders = {body, *body.iterancestors()} if body is not None else set()
    found: dict[str, Image] = {}
    body_captions: set[str] = set()
    rows: dict[etree._Element, int] = {}  # a table row's text length, read once for all its pictures
    for img, src in pictures:
        if len(found) >= _MAX_PICTURES // 4:
            break
        pos = order.get(img, -1)
        if not (start <= pos <= end or img in boxes or img in in_body):
            continue
        target = resolve(url, src)
        if not target or (target in found and found[target].caption):
            continue
        caption = picture_caption(img, img in in_body, holders, rows)
        if caption and img in in_body:
            body_captions.add(caption)
        if target not in found:
            found[target] = Image(target, caption)
        elif caption:
            found[target].caption = caption
    return list(found.values()), body_captions


# Where lazy-loading skins keep the real picture while ``src`` shows a placeholder.
_LAZY_SOURCES = ("data-src", "data-original", "data-url", "original")
_PLACEHOLDER = re.compile(r"^data:|(?:^|/)(?:loading|lazy|grey|gray|blank|placeholder|default)[\w-]*\.(?:gif|png|jpe?g|svg)$",
                          re.I)


def picture_source(img: etree._Element) -> str:
    """The address of a picture: ``src``, unless it is missing or a lazy loader's placeholder
    (a ``data:`` URI, loading.gif …) and the real one waits in ``data-src``/``data-original``."""
    src = (img.get("src") or "").strip()
    if src and not _PLACEHOLDER.search(src):
        return src
    lazy = next((v.strip() for v in (img.get(a) for a in _LAZY_SOURCES) if v and v.strip()), "")
    return lazy or ("" if src.startswith("data:") else src)


# An article shows a few pictures; a document with thousands of <img> is junk, read no further.
_MAX_PICTURES = 400


def _article_box(doc: _Doc, body: etree._Element | None) -> etree._Element | None:
    """The element right around the body when it holds little besides it (pictures and their
    captions, the header): pictures there belong to the article, before or after the body."""
    if body is None or body not in doc.order:
        return None
    box = body.getparent()
    if box is None or tag(box) in ("html", "body") or box is doc.body:
        return None
    extra = len(doc.content(box)) - len(doc.content(body))
    links = sum(1 for a in box.iter("a") if a.get("href")) - sum(1 for a in body.iter("a") if a.get("href"))
    return box if extra <= 1500 and links <= 8 else None


def _pictures_beside(doc: _Doc, body: etree._Element | None) -> list[etree._Element]:
    """Pictures in the blocks right after the body or after one of its first few enclosing
    boxes (as long as those hold little besides the body): a block of pictures and short
    captions, before anything with much text or many links, belongs to the article. Pictures
    that link to another page (banners) do not."""
    if body is None:
        return []
    found: list[etree._Element] = []
    size = len(doc.content(body))
    node = body
    for _ in range(5):
        sibling = node.getnext()
        for _ in range(3):
            if sibling is None:
                break
            if is_element(sibling):
                text = len(doc.content(sibling).strip())
                links = sum(1 for a in sibling.iter("a") if a.get("href"))
                if text > 400 or links > 2:
                    break
                found.extend(img for img in sibling.iter("img") if not _linked_elsewhere(img))
            sibling = sibling.getnext()
        node = node.getparent()
        if node is None or tag(node) in ("body", "html") or len(doc.content(node)) > size + 1500:
            break
    return found


_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|bmp|webp|tiff?)(?:$|\?)", re.I)


def _linked_elsewhere(img: etree._Element) -> bool:
    link = next((a for a in img.iterancestors("a")), None)
    href = link.get("href") if link is not None else None
    return bool(href) and not _IMAGE_FILE.search(href) and not href.startswith(("#", "javascript:"))


_LEADING_NUMBER = re.compile(r"\d+")


def _tiny(img: etree._Element) -> bool:
    for attr in ("width", "height"):
        value = _LEADING_NUMBER.match(img.get(attr) or "")
        if value and int(value.group()) < 60:
            return True
    return False


def _text_after_break(unit: etree._Element) -> str:
    """The text after a picture and the line breaks right behind it, to the end of its box:
    ``<p align=center><img><br>图为…</p>`` ("" when anything else follows)."""
    parts = []
    node = unit.getnext()
    while node is not None and tag(node) == "br":
        parts.append(node.tail or "")
        node = node.getnext()
    return clean(" ".join(parts)) if node is None and parts else ""


def _captionish(el: etree._Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return ("text-align:center" in style or (el.get("align") or "").lower() == "center"
            or tag(el) in ("figcaption", "center") or bool(classes(el) & _CAPTION_HINTS))


def _next_block(node: etree._Element) -> etree._Element | None:
    """The next sibling that shows something (empty elements and ``<br>`` skipped; a picture
    is something), looking a few siblings ahead at most."""
    nxt = node.getnext()
    for _ in range(6):
        if nxt is None:
            return None
        if is_element(nxt) and tag(nxt) != "br" and (tag(nxt) == "img" or _has_picture(nxt) or text_of(nxt)):
            return nxt
        if (nxt.tail or "").strip():
            return None
        nxt = nxt.getnext()
    return None


def _has_picture(el: etree._Element) -> bool:
    return tag(el) == "img" or el.find(".//img") is not None


def _pictures_in(el: etree._Element) -> int:
    """0, 1 or 2 (= several): how many pictures an element holds, without counting them all."""
    return sum(1 for _ in itertools.islice(el.iter("img"), 2))


def picture_caption(img: etree._Element, in_body: bool = True, holders: set | frozenset = frozenset(),
                    rows: dict[etree._Element, int] | None = None) -> str:
    """The caption of a picture: the text beside it in its box, the block right after it when
    that is set as a caption (centred, caption class, "图为…", a photo credit) or when the
    picture stands outside the body, or the cell beside it or the next row of its (small)
    table. ``holders`` are the body and its ancestors, never a caption; ``rows`` keeps the text
    length of the rows seen, so that many pictures in one big row read it once, not each."""
    unit = img
    while unit.getparent() is not None and tag(unit.getparent()) in ("a", "span", "center", "strong", "font", "b"):
        unit = unit.getparent()
    box = unit.getparent()
    if box is None:
        return ""
    if tag(box) in ("div", "figure", "li", "dd", "td") and _pictures_in(box) == 1 and box not in holders:
        text = text_of(box)  # a picture's own box (not the one that holds the body too)
        if 0 < len(text) <= 300:
            return text
    tail = clean(unit.tail) or _text_after_break(unit)
    if tail and len(tail) <= 300 and (not in_body or is_photo_credit(tail) or _CAPTION_START.match(tail)
                                      or (_captionish(box) and _pictures_in(box) == 1)):
        return tail
    steps = [unit]
    if tag(box) in ("p", "div", "center", "span") and _pictures_in(box) == 1 and not text_of(box):
        steps.append(box)
    for node in steps:
        nxt = _next_block(node)
        if nxt is None or nxt in holders or tag(nxt) not in ("p", "div", "span", "font", "center", "figcaption", "strong"):
            continue
        if _has_picture(nxt):
            continue
        text = text_of(nxt)
        if 0 < len(text) <= 300 and (_captionish(nxt) or not in_body or is_photo_credit(text)
                                     or bool(_CAPTION_START.match(text))):
            return text
    row = next((a for a in img.iterancestors() if tag(a) == "tr"), None)
    if row is None:
        return ""
    if rows is None:
        rows = {}
    if row not in rows:
        rows[row] = len(text_of(row))
    if rows[row] > 300:
        return ""
    cell = box if tag(box) == "td" else next((a for a in img.iterancestors() if tag(a) == "td"), None)
    beside = cell.getnext() if cell is not None and cell.getparent() is row else None
    if beside is not None and tag(beside) == "td" and not _has_picture(beside):
        text = text_of(beside)
        if text:
            return text  # the caption in the cell beside the picture's
    nxt = _next_block(row)
    if nxt is not None and not _has_picture(nxt):
        cells = [c for c in row if tag(c) == "td"]
        under = [c for c in nxt if tag(c) == "td"]
        if cell in cells and len(cells) > 1 and len(under) == len(cells):
            nxt = under[cells.index(cell)]  # pictures side by side, each caption under its own
        text = text_of(nxt)
        return text if len(text) <= 300 else ""
    return ""


# ----- page label -----------------------------------------------------------------------------
def article_page_label(doc: _Doc, meta: dict[str, str], lines: list[Line]) -> tuple[str, str]:
    """The page an article page says it is on: a printed label ("第02版:综合要闻"), a link back
    to its page, a source line ("（2017年10月16日 01 版）"), then what only hidden elements
    (``p#nowLayout``) or the metadata (pagenum, nodename) say."""
    label = printed_label(doc.root, doc.order)
    if label:
        return label
    # Every page label has a digit: links without one need not be read as lines.
    linked = {parse_page_label(doc.text(a)) for a in doc.root.iter("a") if _DIGIT.search(text_content(a))} - {None}
    if len(linked) == 1:  # a link back to its page; several would be the edition's page list
        return linked.pop()
    m = _SOURCE_LINE.search(clean(doc.content(doc.body)) if doc.body is not None else "")
    if m:
        return normalize_page_no(m.group(2)), _dated_page_name(lines, normalize_page_no(m.group(2)))
    hidden = _current_page_element(doc)
    if hidden:
        return hidden, meta_page(meta)[1] if meta_page(meta)[0] in ("", hidden) else ""
    return meta_page(meta)


def _dated_page_name(lines: list[Line], page_no: str) -> str:
    """The page name after a dated label on one line of the page's chrome ("2020年01月27日
    第02版：综合要闻 返回本版" -> "综合要闻": its first word, the rest of the line being links),
    "" if none."""
    for line in lines:
        m = _SOURCE_LINE.search(line.text) if "版" in line.text else None
        label = parse_page_label(line.text[m.start("label"):]) if m else None
        if label and label[0] == page_no and has_letter(label[1]):
            return label[1].split()[0]
    return ""


def _current_page_element(doc: _Doc) -> str:
    """The page number an element named for the current page holds (often hidden)."""
    for el in doc.named:
        name = f"{el.get('id') or ''} {el.get('class') or ''}"
        if not _CURRENT_PAGE_NAME.search(name):
            continue
        text = clean(text_content(el))
        if _BARE_PAGE_NO.match(text):
            return normalize_page_no(text)
        label = parse_page_label(text)
        if label:
            return label[0]
    return ""
