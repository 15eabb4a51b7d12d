"""The extraction engine every CMS family shares.

A family module subclasses :class:`Layout` and states what is particular to it: the shape of
its page and article URLs, where its latest issue is announced, and which selectors to try
first. The rules below are structural so that they hold on papers nobody wrote a fixture for:

* the page list is the set of links whose labels parse as "第NN版：名称" (or "NN版:名称",
  "(A01) 名称", "[01]:名称"), with the PDF found in the same row;
* hotspots come from the ``<map>`` that the page image names in ``usemap`` (any case);
* a page's articles are its title list merged with its image map, order kept, ``?div=``
  variants collapsed; boxes that point at other pages' articles are left out;
* article fields come from a list of candidate selectors per field, then structural fallbacks
  (Founder's enpproperty comment, the ``<title>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urljoin

from lxml import etree

from ..items import Article, Hotspot, Image, Page, PageRef
from ..urls import article_id, date_from_url, resolve
from . import markup
from .markup import block_lines, classes, enpcontent, enpproperty, parse_html, tag, text_of
from .text import (
    byline_authors,
    clean,
    is_boilerplate,
    is_byline,
    normalize_page_no,
    parse_page_label,
    strip_dashes,
)


class LayoutError(ValueError):
    """A page that this layout cannot read (the message says which page and why)."""


@dataclass
class PageParse:
    """What one page (版面) document shows: the page itself and the edition's page list."""

    page: Page
    edition_pages: list[PageRef] = field(default_factory=list)
    issue_no: str = ""
    paper_name: str = ""


_ISSUE_NO = re.compile(r"(?:总第|第)\s*(\d{3,6})\s*期")
_PDF = re.compile(r"\.pdf($|\?)", re.I)
_CHROME_IMG = re.compile(
    r"tplimg|/images?/(?:icon|logo|btn|button|bg)|erweima|qrcode|qr_?code|ewm|logo|banner|"
    r"spacer|blank|\.gif($|\?)|/static/|/skin/|/style/",
    re.I,
)

# Header candidates: (lead, title, subtitle) selectors tried in order, first hit with a title wins.
HEADER_IDS: tuple[tuple[str, str, str], ...] = (
    ("#PreTitle", "#Title", "#SubTitle"),
    (".bmnr_con_yinti", ".bmnr_con_biaoti", ".bmnr_con_futi"),
    (".introtitle", ".art-title", ".subtitle"),
    ("#yinti", "#biaoti", "#futi"),
    (".yinti", ".biaoti", ".futi"),
)
# Containers whose headings (h1 = 标题, headings before = 引题, after = 副题) make the header.
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
IMAGE_BOXES = (
    "table#newspic", "table.pci_c", "div.pic", "div.attachment", "td.font6", "td.px12c",
    "div.pic-box", "div.picture", "div.img", "div.photo", "p.pic", "figure",
)
BYLINE_CANDIDATES = (".author", "#author", ".bmnr_con_author", "div.text_c h4", "div.article h4", ".byline")


class Layout:
    """One CMS family: URL shapes plus the shared extraction engine."""

    name: ClassVar[str] = "generic"
    version: ClassVar[str] = "1"
    title: ClassVar[str] = ""
    page_url: ClassVar[re.Pattern[str]] = re.compile(r"$^")
    article_url: ClassVar[re.Pattern[str]] = re.compile(r"$^")
    # Markup that identifies the family when the URL does not (regexes over the raw HTML).
    markers: ClassVar[tuple[str, ...]] = ()
    # Paths, relative to a paper's root, that announce the latest issue; the root is the dated
    # URL template up to its date, less ``root_suffix`` (e.g. "html/").
    latest_paths: ClassVar[tuple[str, ...]] = ()
    root_suffix: ClassVar[re.Pattern[str]] = re.compile(r"$^")
    header_ids: ClassVar[tuple[tuple[str, str, str], ...]] = HEADER_IDS
    header_boxes: ClassVar[tuple[str, ...]] = HEADER_BOXES
    body_candidates: ClassVar[tuple[str, ...]] = BODY_CANDIDATES

    # ----- URLs ---------------------------------------------------------------------------
    @classmethod
    def is_page_url(cls, url: str) -> bool:
        return bool(cls.page_url.search(url))

    @classmethod
    def is_article_url(cls, url: str) -> bool:
        return bool(cls.article_url.search(url))

    @classmethod
    def latest_urls(cls, template: str) -> list[str]:
        """Where a paper whose dated URLs follow ``template`` announces its latest issue."""
        prefix = template.split("{", 1)[0]
        root = cls.root_suffix.sub("", prefix[: prefix.rfind("/") + 1])
        return [urljoin(root, path) for path in cls.latest_paths]

    @classmethod
    def parser_id(cls) -> str:
        return f"{cls.name}/{cls.version}"

    @classmethod
    def score(cls, url: str, html: str = "") -> int:
        """How strongly ``url`` and ``html`` look like this family (0 = not at all)."""
        points = 0
        if cls.is_page_url(url) or cls.is_article_url(url):
            points += 10
        if html:
            hrefs = re.findall(r"""href\s*=\s*["']?([^"'\s>]+)""", html, re.I)
            if any(cls.is_page_url(resolve(url, h)) for h in hrefs[:400]):
                points += 3
            if any(cls.is_article_url(resolve(url, h)) for h in hrefs[:400]):
                points += 3
            points += sum(2 for m in cls.markers if re.search(m, html, re.I))
        return points

    # ----- page (版面) ----------------------------------------------------------------------
    def parse_page(self, html: str, url: str) -> PageParse:
        """Read a page document: its own label, PDF, image map and articles, and the page list."""
        doc = parse_html(html)
        meta = enpproperty(html)
        pages = self.page_list(doc, url)
        own = next((p for p in pages if p.url == url), None)
        page_no, page_name = (own.page_no, own.page_name) if own else self.page_label(doc, meta)
        image_url, hotspots = self.image_map(doc, url)
        pdf_url = own.pdf_url if own and own.pdf_url else self.page_pdf(doc, url)
        day = date_from_url(url)
        page = Page(
            paper="",
            date=day.isoformat() if day else meta.get("date", "")[:10],
            page_no=page_no,
            page_name=page_name,
            url=url,
            paper_name=meta.get("papername", ""),
            pdf_url=pdf_url,
            image_url=image_url,
            hotspots=hotspots,
            article_urls=self.page_articles(doc, url, hotspots),
        )
        m = _ISSUE_NO.search(" ".join(block_lines(doc.body if doc.body is not None else doc)))
        return PageParse(page, pages, m.group(1) if m else "", meta.get("papername", ""))

    def page_list(self, doc: etree._Element, url: str) -> list[PageRef]:
        """Links whose label parses as a page label, in order, distinct by URL, PDFs attached."""
        found: dict[str, PageRef] = {}
        for a in doc.iter("a"):
            href = a.get("href")
            if not href or href.startswith(("javascript:", "#")):
                continue
            target = resolve(url, href)
            if _PDF.search(target) or self.is_article_url(target):
                continue
            label = self._page_link_label(a, target, url)
            if not label:
                continue
            ref = found.get(target)
            pdf = self._row_pdf(a, url)
            if ref is None:
                found[target] = PageRef(label[0], label[1], target, pdf)
            elif not ref.pdf_url and pdf:
                ref.pdf_url = pdf
        refs = list(found.values())
        mine = [r for r in refs if self.is_page_url(r.url)]
        return mine or (refs if len(refs) > 1 else [])

    def _page_link_label(self, a: etree._Element, target: str, url: str) -> tuple[str, str] | None:
        text = text_of(a)
        if re.search(r"[上下]一[版期页]|往期|首页|返回", text):
            return None
        label = parse_page_label(text)
        if label and label[1]:
            return label
        if not self.is_page_url(target):
            return None
        # The label may be split over the link and its row: "[01]:<a>头版</a>", "<span>01版</span><a>要闻</a>".
        row = a.getparent()
        for _ in range(2):
            if row is None:
                break
            links = {resolve(url, x.get("href")) for x in row.iter("a") if x.get("href")}
            links = {x for x in links if not _PDF.search(x)}
            if links == {target}:
                label = parse_page_label(text_of(row))
                if label and label[1]:
                    return label
            row = row.getparent()
        return None

    def _row_pdf(self, a: etree._Element, url: str) -> str:
        """The PDF link in the same row as a page link (climbing at most three levels)."""
        node = a.getparent()
        for _ in range(3):
            if node is None:
                return ""
            pdfs = [x.get("href") for x in node.iter("a") if x.get("href") and _PDF.search(x.get("href"))]
            pages = {x.get("href") for x in node.iter("a") if x.get("href") and not _PDF.search(x.get("href"))}
            if len(pages) > 1 and not pdfs:
                return ""
            if pdfs:
                return resolve(url, pdfs[0]) if len(set(pdfs)) == 1 else ""
            node = node.getparent()
        return ""

    def page_label(self, doc: etree._Element, meta: dict[str, str]) -> tuple[str, str]:
        """This page's number and name when the page list does not name it."""
        return printed_label(doc) or _meta_page(meta)

    def page_pdf(self, doc: etree._Element, url: str) -> str:
        for a in doc.iter("a"):
            href = a.get("href") or ""
            if _PDF.search(href):
                return resolve(url, href)
        return ""

    def image_map(self, doc: etree._Element, url: str) -> tuple[str, list[Hotspot]]:
        """The page image and the hotspots of the map it uses."""
        maps = {}
        for m in doc.iter("map"):
            for key in (m.get("name"), m.get("id")):
                if key:
                    maps.setdefault(key.lower(), m)
        chosen, image = None, ""
        for img in doc.iter("img"):
            name = (img.get("usemap") or "").lstrip("#").lower()
            if name and name in maps:
                chosen, image = maps[name], resolve(url, img.get("src") or "")
                break
        if chosen is None and len(maps) == 1:
            chosen = next(iter(maps.values()))
        if chosen is None:
            return image, []
        spots = []
        for area in chosen.iter("area"):
            href = area.get("href")
            if not href or href.startswith(("javascript:", "#")):
                continue
            coords = re.sub(r"\s+", "", area.get("coords") or "")
            spots.append(Hotspot(resolve(url, href), coords, (area.get("shape") or "polygon").lower()))
        return image, spots

    def page_articles(self, doc: etree._Element, url: str, hotspots: list[Hotspot]) -> list[str]:
        """Title list merged with the image map; other pages' boxes left out when a map exists."""
        in_map = [h.article_url for h in hotspots if self.is_article_url(h.article_url)]
        map_set = set(in_map)
        groups: dict[etree._Element, list[str]] = {}
        order: list[tuple[etree._Element, str]] = []
        for a in doc.iter("a"):
            if a.getparent() is not None and tag(a.getparent()) == "map":
                continue
            href = a.get("href")
            if not href:
                continue
            target = resolve(url, href)
            if not self.is_article_url(target):
                continue
            box = self._list_box(a)
            groups.setdefault(box, []).append(target)
            order.append((box, target))
        result: list[str] = []
        for box, target in order:
            if target in result:
                continue
            members = set(groups[box])
            if not map_set or target in map_set or len(members & map_set) * 2 > len(members) > 1:
                result.append(target)
        result.extend(u for u in in_map if u not in result)
        return result

    @staticmethod
    def _list_box(a: etree._Element) -> etree._Element:
        node = a.getparent()
        while node is not None and tag(node) not in ("ul", "ol", "tbody", "table", "div", "dl", "body"):
            node = node.getparent()
        return node if node is not None else a

    # ----- article --------------------------------------------------------------------------
    def parse_article(self, html: str, url: str) -> Article:
        """Read an article document into an Article (paper fields are the spider's to fill)."""
        doc = parse_html(html)
        meta = enpproperty(html)
        body = self.body(doc, html)
        lead, title, sub, header_els = self.header(doc, meta, body)
        images = self.images(doc, body, url)
        captions = {i.caption for i in images if i.caption}
        heading = {lead, title, sub} - {""}
        lines = block_lines(body) if body is not None else []
        paragraphs = []
        for line in lines:
            if is_boilerplate(line) or line in captions:
                continue
            if not paragraphs and line in heading:
                continue
            paragraphs.append(line)
        byline = self.byline(doc, meta, header_els)
        if paragraphs and is_byline(paragraphs[0]):
            first = paragraphs.pop(0)
            byline = byline or first
        if byline and paragraphs and clean(paragraphs[0]) == byline:
            paragraphs.pop(0)
        page_no, page_name = self.article_page_label(doc, meta)
        day = date_from_url(url)
        return Article(
            paper="",
            date=day.isoformat() if day else meta.get("date", "")[:10],
            url=url,
            article_id=article_id(url),
            title=title,
            paper_name=meta.get("papername", ""),
            page_no=page_no,
            page_name=page_name,
            lead_title=lead,
            subtitle=sub,
            byline=byline,
            authors=byline_authors(byline) if byline else [],
            paragraphs=paragraphs,
            images=images,
            parser=self.parser_id(),
        )

    def header(self, doc: etree._Element, meta: dict[str, str], body=None) -> tuple[str, str, str, list]:
        """(引题, 标题, 副题, elements used) from the first candidate that yields a title."""
        for lead_sel, title_sel, sub_sel in self.header_ids:
            title_el = _first(doc, title_sel)
            title = _heading_text(title_el)
            if title and title_el is not None and len(title) <= 120:
                lead_el, sub_el = _first(doc, lead_sel), _first(doc, sub_sel)
                return (_heading_text(lead_el), title, strip_dashes(_heading_text(sub_el)),
                        [e for e in (lead_el, title_el, sub_el) if e is not None])
        for box_sel in self.header_boxes:
            for box in doc.cssselect(box_sel):
                found = _headings_in(box)
                if found:
                    return found
        found = _table_header(doc) or _centred_header(doc, body)
        if found:
            return found
        title = meta.get("title", "") or _page_title(doc)
        return "", title, "", []

    def body(self, doc: etree._Element, html: str) -> etree._Element | None:
        """The element holding the article text."""
        for sel in self.body_candidates:
            for el in doc.cssselect(sel):
                if len(text_of(el)) >= 10:
                    return el
        return enpcontent(html)

    def byline(self, doc: etree._Element, meta: dict[str, str], header_els: list) -> str:
        for sel in BYLINE_CANDIDATES:
            for el in doc.cssselect(sel):
                text = text_of(el)
                if text and len(text) <= 60 and el not in header_els:
                    return text
        author = meta.get("author", "")
        return author if author and len(author) <= 60 else ""

    def images(self, doc: etree._Element, body: etree._Element | None, url: str) -> list[Image]:
        """Article pictures with captions; chrome (icons, QR codes, the page image) left out."""
        seen: dict[str, Image] = {}
        scopes = [body] if body is not None else []
        for sel in IMAGE_BOXES:
            scopes.extend(doc.cssselect(sel))
        for scope in scopes:
            for img in scope.iter("img"):
                src = img.get("src") or img.get("data-src") or ""
                if not src or img.get("usemap") or _CHROME_IMG.search(src) or _tiny(img):
                    continue
                target = resolve(url, src)
                caption = _caption(img)
                if target not in seen:
                    seen[target] = Image(target, caption)
                elif caption and not seen[target].caption:
                    seen[target].caption = caption
        return list(seen.values())

    def article_page_label(self, doc: etree._Element, meta: dict[str, str]) -> tuple[str, str]:
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
        return _meta_page(meta)


# ----- helpers ------------------------------------------------------------------------------
_SOURCE_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日\s*(?:星期.\s*)?([A-Za-z]?\d{1,3})\s*版")
_PRINTED_LABEL = re.compile(r"^(第\s*[A-Za-z]?\d{1,3}\s*版|[A-Za-z]?\d{1,3}\s*版\s*[:：])")


def printed_label(doc: etree._Element) -> tuple[str, str] | None:
    """A page label printed in the page chrome: "第A01版：<strong>头版</strong>", "01版:要闻"."""
    fallback = None
    for el in doc.iter():
        if not markup.is_element(el) or tag(el) in ("script", "style", "title", "a", "option"):
            continue
        own = clean(" ".join([el.text or ""] + [text_of(c) for c in el if tag(c) in ("strong", "b", "span", "font")]))
        if not _PRINTED_LABEL.match(own):
            continue
        label = parse_page_label(own)
        if label and label[1]:
            return label
        fallback = fallback or label
    return fallback


def _meta_page(meta: dict[str, str]) -> tuple[str, str]:
    number = meta.get("pagenum", "")
    return (normalize_page_no(number), "") if number else ("", "")


def _first(doc: etree._Element, selector: str) -> etree._Element | None:
    try:
        found = doc.cssselect(selector)
    except Exception:  # an unsupported selector in a family table must not break parsing
        return None
    return next((el for el in found if text_of(el)), found[0] if found else None)


def _heading_text(el: etree._Element | None) -> str:
    return text_of(el) if el is not None else ""


_HEADING = ("h1", "h2", "h3", "h4", "h5", "h6")


def _headings_in(box: etree._Element):
    """h1 is the title; a heading before it is the 引题, the next h2/h3 after it the 副题."""
    heads = [h for h in box.iter(*_HEADING) if text_of(h)]
    title_el = next((h for h in heads if tag(h) == "h1"), None)
    if title_el is None:
        return None
    idx = heads.index(title_el)
    before = [h for h in heads[:idx] if tag(h) in ("h2", "h3", "h4")]
    after = [h for h in heads[idx + 1:] if tag(h) in ("h2", "h3")]
    lead = _heading_text(before[-1]) if before else ""
    sub = strip_dashes(_heading_text(after[0])) if after else ""
    used = [title_el] + before[-1:] + after[:1]
    return lead, _heading_text(title_el), sub, used


def _table_header(doc: etree._Element):
    """The classic table template: td.font01 = 标题, td.font02 in the rows above/below = 引题/副题."""
    for title_el in doc.cssselect("td.font01"):
        title = _heading_text(title_el)
        if not title:
            continue
        row = title_el.getparent()
        lead = sub = ""
        used = [title_el]
        prev = row.getprevious() if row is not None else None
        nxt = row.getnext() if row is not None else None
        for el in prev.cssselect("td.font02") if prev is not None else []:
            lead = _heading_text(el)
            used.append(el)
        for el in nxt.cssselect("td.font02") if nxt is not None else []:
            sub = strip_dashes(_heading_text(el))
            used.append(el)
        return lead, title, sub, used
    return None


def _centred_header(doc: etree._Element, body: etree._Element | None):
    """A centred cell holding <span>引题</span><strong>标题</strong><span>副题</span>.

    Page chrome has centred bold cells too, so the cell closest before the body wins.
    """
    cells = []
    for cell in doc.xpath("//td[@align='center' or @align='middle'] | //div[@align='center']"):
        strong = next((s for s in cell.iter("strong", "b") if text_of(s)), None)
        if strong is not None and len(text_of(cell)) <= 200 and (body is None or _precedes(cell, body)):
            cells.append((cell, strong))
    for cell, strong in reversed(cells):
        spans = [s for s in cell.iter("span") if text_of(s) and strong not in s.iterancestors()
                 and s not in strong.iterancestors()]
        before = [s for s in spans if _precedes(s, strong)]
        after = [s for s in spans if not _precedes(s, strong)]
        lead = _heading_text(before[-1]) if before else ""
        sub = strip_dashes(_heading_text(after[0])) if after else ""
        return lead, _heading_text(strong), sub, [strong] + before[-1:] + after[:1]
    return None


def _precedes(a: etree._Element, b: etree._Element) -> bool:
    for el in a.getroottree().iter():
        if el is a:
            return True
        if el is b:
            return False
    return False


def _page_title(doc: etree._Element) -> str:
    title = doc.find(".//title")
    text = clean(title.text_content()) if title is not None else ""
    return clean(re.split(r"\s*[-_|—]+\s*", text)[0]) if text else ""


def _tiny(img: etree._Element) -> bool:
    for attr in ("width", "height"):
        value = re.match(r"\d+", img.get(attr) or "")
        if value and int(value.group()) < 60:
            return True
    return False


def _caption(img: etree._Element) -> str:
    """The caption of a picture: the next table row, or the text beside it in its box."""
    row = next((a for a in img.iterancestors() if tag(a) == "tr"), None)
    if row is not None:
        nxt = row.getnext()
        while nxt is not None and not text_of(nxt) and not nxt.findall(".//img"):
            nxt = nxt.getnext()
        if nxt is not None and not nxt.findall(".//img"):
            text = text_of(nxt)
            if 0 < len(text) <= 300:
                return text
        own = text_of(row)
        return own if 0 < len(own) <= 300 else ""
    box = img.getparent()
    while box is not None and tag(box) in ("a", "span", "center", "strong", "font"):
        box = box.getparent()
    if box is None:
        return ""
    if tag(box) in ("div", "figure", "li", "td") or classes(box) & {"pic", "attachment", "photo"}:
        if len(box.findall(".//img")) == 1:
            text = text_of(box)
            if 0 < len(text) <= 300:
                return text
    nxt = box.getnext()
    if nxt is not None and tag(nxt) == "p" and not nxt.findall(".//img"):
        style = (nxt.get("style") or "").replace(" ", "").lower()
        hint = classes(nxt) & {"caption", "pic", "tuzhu", "imgdesc", "pictext", "img_title", "explain"}
        text = text_of(nxt)
        if (hint or "text-align:center" in style or (nxt.get("align") or "").lower() == "center") and 0 < len(text) <= 300:
            return text
    return ""
