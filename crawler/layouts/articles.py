"""Reading an article document: 引题/标题/副题, byline, paragraphs, pictures, page label.

Each field has candidate selectors tried in order, then structural fallbacks: the heading
elements of a header box (h1 = 标题, the heading before it = 引题, after it = 副题), the classic
table template (td.font01 with td.font02 rows around it), a centred cell of span/strong, and at
last Founder's enpproperty comment or the ``<title>``. The byline is the short "本报记者 …" line
printed between the header and the body, or the body's first paragraph. Pictures are those in
the article's region (header to end of body) or in a known picture box, site chrome excluded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..items import Article, Image
from ..urls import article_id, date_from_url, resolve
from .markup import block_lines, classes, enpcontent, enpproperty, is_element, parse_html, tag, text_of
from .pages import meta_page, printed_label
from .text import byline_authors, clean, is_boilerplate, is_byline, normalize_page_no, parse_page_label, strip_dashes

# (引题, 标题, 副题) selectors; with ``companion`` the title only counts when 引题 or 副题 exists too
# (``#title`` alone is too common a name).
HEADER_IDS: tuple[tuple[str, str, str, bool], ...] = (
    ("#PreTitle", "#Title", "#SubTitle", False),
    ("div.newsdetatit .intro, div.intro", "div.newsdetatit h3, div.newsdetatit h1", "div.newsdetatit .sub, div.sub", False),
    (".bmnr_con_yinti", ".bmnr_con_biaoti", ".bmnr_con_futi", False),
    (".introtitle", ".art-title", ".subtitle", False),
    ("#yinti", "#biaoti", "#futi", False),
    ("#yinti", "#title", "#futi", True),
    (".yinti", ".biaoti", ".futi", False),
    ("#pretitle", "#title", "#subtitle", True),
    ("", "#NewsArticleTitle", "", False),
    ("", "p.BSHARE_TEXT", "", False),
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
    "#news_content", "div.detail-content", "div.text",
)
PICTURE_BOXES = (
    "table#newspic", "table.pci_c", "div.pic", "div.attachment", "td.font6", "td.px12c",
    "div.pic-box", "div.picture", "div.photo", "p.pic", "figure",
)
BYLINE_BOXES = (".author", "#author", ".bmnr_con_author", ".byline")

_CHROME_IMG = re.compile(
    r"tplimg|/images?/(?:icon|logo|btn|button|bg)|erweima|qrcode|qr_?code|ewm|logo|banner|"
    r"spacer|blank|\.gif($|\?)|/static/|/skin/|/style/|_top\.",
    re.I,
)
_SOURCE_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日\s*(?:星期.\s*)?(?:第\s*)?([A-Za-z]?\d{1,3})\s*版")
_BYLINE_TAIL = re.compile(r"\s*(《[^》]{1,20}》|\d{4}[年\-/.]\d{1,2}[月\-/.]\d{1,2}日?|来源[:：]).*$")
_CAPTION_HINTS = {"caption", "pic", "tuzhu", "imgdesc", "pictext", "img_title", "explain", "font05"}


@dataclass
class Header:
    lead: str = ""
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    elements: list[etree._Element] = field(default_factory=list)


@dataclass
class Rules:
    """The candidate selectors a family tries first (defaults: every family's)."""

    header_ids: tuple[tuple[str, str, str, bool], ...] = HEADER_IDS
    header_boxes: tuple[str, ...] = HEADER_BOXES
    body: tuple[str, ...] = BODY_CANDIDATES


def read_article(html: str, url: str, rules: Rules, parser: str) -> Article:
    """An Article from an article page (the spider fills paper, paper name and pages)."""
    doc = parse_html(html)
    order = {el: i for i, el in enumerate(doc.iter())}
    meta = enpproperty(html)
    body = find_body(doc, html, rules)
    head = find_header(doc, meta, body, order, rules)
    span = _body_span(doc, body, order)
    images = find_images(doc, url, head, span, order)
    captions = {i.caption for i in images if i.caption}
    heading = {head.lead, head.title, head.subtitle} - {""}
    paragraphs: list[str] = []
    for line in block_lines(body) if body is not None else []:
        if is_boilerplate(line) or line in captions or (not paragraphs and line in heading):
            continue
        paragraphs.append(line)
    byline = _byline_near_header(doc, head, span, order) or head.byline
    if paragraphs and (is_byline(paragraphs[0]) or paragraphs[0] == byline):
        byline = byline or paragraphs[0]
        paragraphs.pop(0)
    byline = byline or meta.get("author", "")
    page_no, page_name = article_page_label(doc, meta)
    day = date_from_url(url)
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
    )


# ----- body -----------------------------------------------------------------------------------
def find_body(doc: etree._Element, html: str, rules: Rules) -> etree._Element | None:
    """The element holding the article text (or the legacy enpcontent region)."""
    for selector in rules.body:
        for el in doc.cssselect(selector):
            if len(text_of(el)) >= 10:
                return el
    return enpcontent(html)


def _body_span(doc: etree._Element, body: etree._Element | None, order: dict) -> tuple[int, int]:
    """First and last document positions of the body (the enpcontent markers for a fragment)."""
    if body is not None and body in order:
        last = max((order[d] for d in body.iter() if d in order), default=order[body])
        return order[body], last
    marks = [order[c] for c in doc.iter(etree.Comment) if "enpcontent" in (c.text or "")]
    if len(marks) >= 2:
        return marks[0], marks[-1]
    return len(order), len(order)


# ----- header ---------------------------------------------------------------------------------
def find_header(doc: etree._Element, meta: dict[str, str], body: etree._Element | None, order: dict,
                rules: Rules) -> Header:
    """(引题, 标题, 副题) from the first candidate that yields a title."""
    for lead_sel, title_sel, sub_sel, companion in rules.header_ids:
        title_el = _first(doc, title_sel)
        title = text_of(title_el)
        if not title or len(title) > 120:
            continue
        lead_el, sub_el = _first(doc, lead_sel), _first(doc, sub_sel)
        if companion and lead_el is None and sub_el is None:
            continue
        return Header(text_of(lead_el), title, strip_dashes(text_of(sub_el)), "",
                      [e for e in (lead_el, title_el, sub_el) if e is not None])
    for selector in rules.header_boxes:
        for box in doc.cssselect(selector):
            found = _headings_in(box)
            if found:
                return found
    found = _table_header(doc) or _wz_header(doc) or _centred_header(doc, body, order)
    if found:
        return found
    return Header(title=meta.get("title", "") or _page_title(doc))


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _headings_in(box: etree._Element) -> Header | None:
    """h1 is the title; a heading before it is the 引题, the next h2/h3 after it the 副题, an h4
    after it the byline."""
    heads = [h for h in box.iter(*_HEADINGS) if text_of(h)]
    title_el = next((h for h in heads if tag(h) == "h1"), None)
    if title_el is None:
        return None
    idx = heads.index(title_el)
    before = [h for h in heads[:idx] if tag(h) in ("h2", "h3", "h4")]
    after = [h for h in heads[idx + 1:] if tag(h) in ("h2", "h3")]
    byline = next((text_of(h) for h in heads[idx + 1:] if tag(h) in ("h4", "h5") and len(text_of(h)) <= 60), "")
    return Header(
        text_of(before[-1]) if before else "", text_of(title_el),
        strip_dashes(text_of(after[0])) if after else "", byline,
        [title_el, *before[-1:], *after[:1]],
    )


def _table_header(doc: etree._Element) -> Header | None:
    """The classic table template: td.font01 = 标题, td.font02 in the rows above/below = 引题/副题."""
    for title_el in doc.cssselect("td.font01, .font01"):
        title = text_of(title_el)
        if not title or len(title) > 120:
            continue
        row = next((a for a in title_el.iterancestors() if tag(a) == "tr"), None)
        head = Header(title=title, elements=[title_el])
        if row is None:
            return head
        prev, nxt = row.getprevious(), row.getnext()
        for el in prev.cssselect(".font02") if prev is not None else []:
            head.lead = text_of(el)
            head.elements.append(el)
        for el in nxt.cssselect(".font02") if nxt is not None else []:
            head.subtitle = strip_dashes(text_of(el))
            head.elements.append(el)
        return head
    return None


def _wz_header(doc: etree._Element) -> Header | None:
    """The classic ``table.wz`` template without classes: its first rows aligned to the top are
    引题, 标题, 副题 and the author line, in that order."""
    for table in doc.cssselect("table.wz table, table.wz"):
        rows = [r for r in table.iter("tr") if (r.get("valign") or "").lower() == "top"][:4]
        texts = [text_of(r) for r in rows] + ["", "", "", ""]
        if len(rows) >= 2 and texts[1] and len(texts[1]) <= 120:
            byline = texts[3] if is_byline(texts[3]) else ""
            return Header(texts[0], texts[1], strip_dashes(texts[2]), byline, rows[:3])
    return None


def _centred_header(doc: etree._Element, body: etree._Element | None, order: dict) -> Header | None:
    """A centred cell of <span>引题</span><strong>标题</strong><span>副题</span>; page chrome has
    centred bold cells too, so the cell closest before the body wins."""
    limit = order.get(body, len(order)) if body is not None else len(order)
    for cell in reversed(doc.xpath("//td[@align='center' or @align='middle'] | //div[@align='center']")):
        if order.get(cell, 0) >= limit:
            continue
        strong = next((s for s in cell.iter("strong", "b") if text_of(s)), None)
        if strong is None or len(text_of(cell)) > 200:
            continue
        spans = [s for s in cell.iter("span") if text_of(s) and strong not in s.iterancestors()
                 and s not in strong.iterancestors()]
        before = [s for s in spans if order[s] < order[strong]]
        after = [s for s in spans if order[s] > order[strong]]
        return Header(text_of(before[-1]) if before else "", text_of(strong),
                      strip_dashes(text_of(after[0])) if after else "", "",
                      [strong, *before[-1:], *after[:1]])
    return None


def _first(doc: etree._Element, selector: str) -> etree._Element | None:
    if not selector:
        return None
    found = doc.cssselect(selector)
    return next((el for el in found if text_of(el)), found[0] if found else None)


def _page_title(doc: etree._Element) -> str:
    title = doc.find(".//title")
    text = clean(title.text_content()) if title is not None else ""
    return clean(re.split(r"\s*[-_|—]+\s*", text)[0]) if text else ""


# ----- byline ---------------------------------------------------------------------------------
def _byline_near_header(doc: etree._Element, head: Header, span: tuple[int, int], order: dict) -> str:
    """A byline box, or the first short text between the header and the body if it is a byline."""
    for selector in BYLINE_BOXES:
        for el in doc.cssselect(selector):
            text = _trim_byline(text_of(el))
            if text and len(text) <= 60 and not is_boilerplate(text):
                return text
    if not head.elements:
        return ""
    inside = {d for e in head.elements for d in e.iter()}
    start = max(order.get(d, -1) for d in inside)
    for el in doc.iter():
        pos = order.get(el, -1)
        if pos <= start or el in inside or not is_element(el) or tag(el) in ("script", "style"):
            continue
        if pos >= span[0]:
            break
        if any(tag(c) in ("p", "div", "td", "tr", "table", "li") for c in el):
            continue
        text = text_of(el)
        if text:
            trimmed = _trim_byline(text)
            return trimmed if is_byline(trimmed) else ""
    return ""


def _trim_byline(text: str) -> str:
    """"本报记者 罗珊珊《人民日报》（2025年…）" -> "本报记者 罗珊珊"."""
    return clean(_BYLINE_TAIL.sub("", clean(text)))


# ----- pictures -------------------------------------------------------------------------------
def find_images(doc: etree._Element, url: str, head: Header, span: tuple[int, int], order: dict) -> list[Image]:
    """Article pictures with captions: those between the header and the end of the body, and
    those in known picture boxes; icons, QR codes, logos and the page image left out."""
    start = min((order[e] for e in head.elements if e in order), default=span[0])
    boxes = {d for selector in PICTURE_BOXES for box in doc.cssselect(selector) for d in box.iter("img")}
    found: dict[str, Image] = {}
    for img in doc.iter("img"):
        pos = order.get(img, -1)
        if not (start <= pos <= span[1] or img in boxes):
            continue
        src = img.get("src") or img.get("data-src") or ""
        if not src or img.get("usemap") or _CHROME_IMG.search(src) or _tiny(img):
            continue
        target = resolve(url, src)
        caption = picture_caption(img)
        if target not in found:
            found[target] = Image(target, caption)
        elif caption and not found[target].caption:
            found[target].caption = caption
    return list(found.values())


def _tiny(img: etree._Element) -> bool:
    for attr in ("width", "height"):
        value = re.match(r"\d+", img.get(attr) or "")
        if value and int(value.group()) < 60:
            return True
    return False


def picture_caption(img: etree._Element) -> str:
    """The caption of a picture: the text beside it in its box, a centred or caption-classed
    paragraph right after it, or the next row of its (small) table."""
    box = img.getparent()
    while box is not None and tag(box) in ("a", "span", "center", "strong", "font"):
        box = box.getparent()
    if box is None:
        return ""
    if tag(box) in ("div", "figure", "li", "dd", "td") and len(box.findall(".//img")) == 1:
        text = text_of(box)
        if 0 < len(text) <= 300:
            return text
    nxt = box.getnext()
    if nxt is not None and tag(nxt) in ("p", "div") and not nxt.findall(".//img"):
        style = (nxt.get("style") or "").replace(" ", "").lower()
        centred = "text-align:center" in style or (nxt.get("align") or "").lower() == "center"
        text = text_of(nxt)
        if (centred or classes(nxt) & _CAPTION_HINTS) and 0 < len(text) <= 300:
            return text
    row = next((a for a in img.iterancestors() if tag(a) == "tr"), None)
    if row is None or len(text_of(row)) > 300:
        return ""
    nxt = row.getnext()
    while nxt is not None and not text_of(nxt) and not nxt.findall(".//img"):
        nxt = nxt.getnext()
    if nxt is not None and not nxt.findall(".//img"):
        text = text_of(nxt)
        return text if len(text) <= 300 else ""
    return ""


# ----- page label -----------------------------------------------------------------------------
def article_page_label(doc: etree._Element, meta: dict[str, str]) -> tuple[str, str]:
    """The page an article page says it is on ("第02版:综合要闻", "（2017年10月16日 01 版）")."""
    label = printed_label(doc)
    if label:
        return label
    linked = {parse_page_label(text_of(a)) for a in doc.iter("a")} - {None}
    if len(linked) == 1:  # a link back to its page; several would be the edition's page list
        return linked.pop()
    m = _SOURCE_LINE.search(text_of(doc.body) if doc.body is not None else "")
    if m:
        return normalize_page_no(m.group(1)), ""
    return meta_page(meta)
