"""Reading a page (版面) document: page list, PDF, page image, hotspots, the page's articles.

Structural rules, so that they hold on papers nobody wrote a fixture for:

* the page list is the set of links whose labels parse as "第NN版：名称" (or "NN版:名称",
  "(A01) 名称", "[01]:名称"), distinct by URL, with the PDF found in the same row or right
  after the link;
* hotspots come from the ``<map>`` that the page image names in ``usemap`` (any case); when
  several images use maps, the one whose map links articles wins over banners;
* a page's articles are its title list merged with its image map, order kept, ``?div=``
  variants collapsed; boxes that point at other pages' articles (导读, 今日关注) are left out.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..items import Hotspot, Page, PageRef
from ..urls import date_from_url, resolve
from .markup import block_lines, body_of, enpproperty, is_element, parse_html, tag, text_content, text_of
from .text import (
    clean,
    is_boilerplate,
    is_truncated,
    list_title,
    normalize_page_no,
    parse_page_label,
    same_title,
    tidy_name,
)

UrlTest = Callable[[str], bool]

_ISSUE_NO = re.compile(r"(?:总第|第)\s*(\d{3,6})\s*期")
_PDF = re.compile(r"\.pdf($|\?)", re.I)
_NOT_A_PAGE = re.compile(r"[上下]一[版期页篇]|往期|首页|返回")
_PRINTED_LABEL = re.compile(r"^(第\s*[A-Za-z]?\d{1,3}\s*版|[A-Za-z]?\d{1,3}\s*版\s*[:：])")
# The longest text _PRINTED_LABEL can match in cleaned text (one space where \s* is): "第 A123 版".
_LABEL_PREFIX = 8


@dataclass
class PageParse:
    """What one page document shows: the page itself and the edition's page list."""

    page: Page
    edition_pages: list[PageRef] = field(default_factory=list)
    issue_no: str = ""
    paper_name: str = ""
    # article URL -> its title as this page lists it (title list, map alt/title, hidden blocks):
    # the hint an article document's header is checked against.
    titles: dict[str, str] = field(default_factory=dict)
    # links whose href is no usable URL (``http://[``, a bad port, markup junk): skipped
    bad_links: int = 0


class Links:
    """The hrefs of one document resolved against its URL, each once; unusable ones counted.

    ``javascript:``, ``mailto:``, ``tel:``, ``data:`` and ``#…`` links are not pages and are
    skipped without being counted; a malformed href (``http://[``, ``http://host:-1/``,
    ``[if !IE]``) resolves to "" and counts as bad.
    """

    _NOT_PAGES = re.compile(r"^\s*(?:#|javascript:|mailto:|tel:|data:|about:|vbscript:|sms:)", re.I)

    def __init__(self, base: str):
        self.base = base
        self._known: dict[str, str] = {}
        self.bad: set[str] = set()

    def __call__(self, href: str | None) -> str:
        href = href or ""
        target = self._known.get(href)
        if target is None:
            target = resolve(self.base, href)
            self._known[href] = target
            if not target and href.strip() and not self._NOT_PAGES.match(href):
                self.bad.add(href)
        return target


def read_page(html: str, url: str, is_page_url: UrlTest, is_article_url: UrlTest) -> PageParse:
    """Everything a page document says about itself and its edition."""
    doc = parse_html(html)
    meta = enpproperty(html)
    links = Links(url)
    pages = page_list(doc, links, is_page_url, is_article_url)
    own = next((p for p in pages if p.url == url), None)
    page_no, page_name = (own.page_no, own.page_name) if own else (printed_label(doc) or meta_page(meta))
    image_url, hotspots, area_titles = image_map(doc, links, is_article_url)
    articles, list_titles = page_articles(doc, links, hotspots, is_article_url)
    pdf = own_pdf(doc, links, own, pages)
    if own is not None and not own.pdf_url and pdf:
        own.pdf_url = pdf  # the list showed no PDF for this page; the page itself does
    day = date_from_url(url)
    page = Page(
        paper="",
        date=day.isoformat() if day else meta.get("date", "")[:10],
        page_no=page_no,
        page_name=page_name,
        url=url,
        paper_name=meta.get("papername", ""),
        pdf_url=pdf,
        image_url=image_url,
        hotspots=hotspots,
        article_urls=articles,
    )
    titles = {}
    for target in articles:
        title = _better_title(list_titles.get(target, ""), area_titles.get(target, ""))
        if title:
            titles[target] = title
    body = body_of(doc)
    m = _ISSUE_NO.search(" ".join(block_lines(body if body is not None else doc)))
    return PageParse(page, pages, m.group(1) if m else "", meta.get("papername", ""), titles, len(links.bad))


# ----- the page list --------------------------------------------------------------------------
def page_list(doc: etree._Element, links: Links, is_page_url: UrlTest, is_article_url: UrlTest) -> list[PageRef]:
    """Links whose label parses as a page label, in order, distinct by URL, PDFs attached."""
    anchors: list[tuple[etree._Element, str, tuple[str, str] | None]] = []
    for a in doc.iter("a"):
        href = a.get("href")
        if not href or href.startswith(("javascript:", "#")):
            continue
        target = links(href)
        if not target:
            continue
        if _PDF.search(target):
            anchors.append((a, target, None))
        elif not is_article_url(target):
            label = _link_label(a, target, links, is_page_url)
            if label:
                anchors.append((a, target, label))
    position = {el: i for i, el in enumerate(doc.iter())}
    listed = {target for _, target, label in anchors if label is not None}
    found: dict[str, PageRef] = {}
    for i, (a, target, label) in enumerate(anchors):
        if label is None:
            continue
        pdf = _row_pdf(a, target, links, listed) or _next_pdf(anchors, i, position)
        ref = found.get(target)
        if ref is None:
            found[target] = PageRef(label[0], label[1], target, pdf)
        elif not ref.pdf_url and pdf:
            ref.pdf_url = pdf
    if not found:  # some skins list the pages only in a jump menu: <option value="node_2.htm">
        for option in doc.iter("option"):
            label = parse_page_label(text_content(option))
            target = links(option.get("value")) if label else ""
            if label and label[1] and target and is_page_url(target):
                found.setdefault(target, PageRef(label[0], label[1], target))
    refs = list(found.values())
    mine = [r for r in refs if is_page_url(r.url)]
    return mine or (refs if len(refs) > 1 else [])


def _link_label(a: etree._Element, target: str, links: Links, is_page_url: UrlTest) -> tuple[str, str] | None:
    text = text_of(a)
    if _NOT_A_PAGE.search(text):
        return None
    label = parse_page_label(text)
    if label and label[1]:
        return label
    if not is_page_url(target):
        return None
    # The label may be split over the link and its row: "[01]:<a>头版</a>", "<span>01版</span><a>要闻</a>".
    row = a.getparent()
    for _ in range(2):
        if row is None:
            break
        found = {links(x.get("href")) for x in row.iter("a") if x.get("href")}
        if {x for x in found if x and not _PDF.search(x)} == {target}:
            label = parse_page_label(text_of(row))
            if label and label[1]:
                return label
        row = row.getparent()
    return None


def _row_pdf(a: etree._Element, target: str, links: Links, listed: set[str]) -> str:
    """The PDF link in the same row as a page link (climbing at most three levels). A level
    that also links another listed page is the list, not the row: its PDF is another page's."""
    node = a.getparent()
    for _ in range(3):
        if node is None:
            return ""
        hrefs = [x.get("href") for x in node.iter("a") if x.get("href")]
        pdfs = {h for h in hrefs if _PDF.search(h)}
        others = {links(h) for h in hrefs if not _PDF.search(h)} - {target}
        if others & listed or (others and not pdfs):
            return ""
        if pdfs:
            return links(pdfs.pop()) if len(pdfs) == 1 else ""
        node = node.getparent()
    return ""


def _next_pdf(anchors: list, i: int, position: dict) -> str:
    """The PDF link right after a page link in document order (lists without a row per page)."""
    a, target, _ = anchors[i]
    for b, other, label in anchors[i + 1:]:
        if other == target:
            continue
        if label is None and position[b] - position[a] <= 6:
            return other
        return ""
    return ""


_INLINE = frozenset(("strong", "b", "span", "font"))


def _holding_page_text(nodes: Iterable[etree._Element]) -> Iterator[etree._Element]:
    """The elements holding a text node that mentions 版 (an element's own text, or the tail
    after a node, which its parent holds). A walk over the nodes: on these small trees one
    pass in Python costs less than an XPath over the text nodes."""
    for node in nodes:
        if isinstance(node.tag, str):
            text = node.text
            if text and "版" in text:
                yield node
        tail = node.tail
        if tail and "版" in tail:
            parent = node.getparent()
            if parent is not None:
                yield parent


def mentions_page(doc: etree._Element, order: dict[etree._Element, int] | None = None) -> list[etree._Element]:
    """Elements whose own text, or the text inside one of their inline children (strong, b,
    span, font), mentions 版, in document order (``order``: the document's positions, when
    the caller has them): the only ones a printed label can be in."""
    found: set[etree._Element] = set()
    climbed: set[etree._Element] = set()  # ancestors already walked up from: the rest is the same
    for node in _holding_page_text(order if order is not None else doc.iter()):
        found.add(node)
        while node is not None and node not in climbed:
            climbed.add(node)
            parent = node.getparent()
            if parent is not None and tag(node) in _INLINE:
                found.add(parent)
            node = parent
    if not found:
        return []
    if order is not None:
        return sorted(found, key=order.__getitem__)
    return [el for el in doc.getroottree().iter() if el in found]


def printed_label(doc: etree._Element, order: dict[etree._Element, int] | None = None) -> tuple[str, str] | None:
    """A page label printed in the chrome: "第A01版：<strong>头版</strong>", "01版:要闻"."""
    fallback = None
    for el in mentions_page(doc, order):
        if not is_element(el) or tag(el) in ("script", "style", "title", "a", "option"):
            continue
        lead = clean(el.text)
        if len(lead) >= _LABEL_PREFIX and not _PRINTED_LABEL.match(lead):
            continue  # the label would have to start within the element's own first characters
        inline = [text_of(c) for c in el if tag(c) in _INLINE and next(c.iter("a"), None) is None]
        own = clean(" ".join([el.text or "", *inline]))
        if not _PRINTED_LABEL.match(own):
            continue
        label = parse_page_label(own)
        if label and label[1]:
            return label
        fallback = fallback or label
    return fallback


def meta_page(meta: dict[str, str]) -> tuple[str, str]:
    """The page Founder's enpproperty comment gives: ``pagenum``, and ``nodename`` as its name
    (which may itself be a whole label, "第01版：要闻")."""
    label = parse_page_label(meta.get("nodename", ""))
    number = meta.get("pagenum", "")
    if label and (not number or normalize_page_no(number) == label[0]):
        return label
    if not number:
        return ("", "")
    name = tidy_name(meta.get("nodename", ""))
    return normalize_page_no(number), name if len(name) <= 30 else ""


def own_pdf(doc: etree._Element, links: Links, own: PageRef | None, pages: list[PageRef]) -> str:
    """This page's PDF: from the page list, else the one PDF link that is no other page's."""
    if own is not None and (own.pdf_url or any(p.pdf_url for p in pages)):
        return own.pdf_url
    others = {p.pdf_url for p in pages}
    for a in doc.iter("a"):
        href = a.get("href") or ""
        target = links(href) if _PDF.search(href) else ""
        if target and target not in others:
            return target
    return ""


# ----- the page image and its articles --------------------------------------------------------
def image_map(doc: etree._Element, links: Links, is_article_url: UrlTest) -> tuple[str, list[Hotspot], dict[str, str]]:
    """The page image, the hotspots of the map it uses, and the titles its areas give
    (``alt``/``title``) per article URL."""
    maps: dict[str, etree._Element] = {}
    for m in doc.iter("map"):
        for key in (m.get("name"), m.get("id")):
            if key:
                maps.setdefault(key.lower(), m)
    used = [(maps[name], img) for img in doc.iter("img")
            if (name := (img.get("usemap") or "").lstrip("#").lower()) in maps]
    if not used and len(maps) == 1:
        used = [(next(iter(maps.values())), None)]
    if not used:
        return "", [], {}
    best_map, best_img = max(used, key=lambda pair: sum(
        1 for area in pair[0].iter("area") if area.get("href") and is_article_url(links(area.get("href")))
    ))
    spots = []
    titles: dict[str, str] = {}
    for area in best_map.iter("area"):
        href = area.get("href")
        if not href or href.startswith(("javascript:", "#")):
            continue
        target = links(href)
        if not target:
            continue
        coords = re.sub(r"\s+", "", area.get("coords") or "")
        spots.append(Hotspot(target, coords, (area.get("shape") or "polygon").lower()))
        title = _usable_title(area.get("title") or "") or _usable_title(area.get("alt") or "")
        if title and is_article_url(target):
            titles[target] = _better_title(titles.get(target, ""), title)
    image = links(best_img.get("src")) if best_img is not None and best_img.get("src") else ""
    return image, spots, titles


def page_articles(doc: etree._Element, links: Links, hotspots: list[Hotspot],
                  is_article_url: UrlTest) -> tuple[list[str], dict[str, str]]:
    """Title list merged with the image map (other pages' boxes left out when a map exists),
    and the title each article's links give it."""
    in_map = [h.article_url for h in hotspots if is_article_url(h.article_url)]
    map_set = set(in_map)
    groups: dict[etree._Element, list[str]] = {}
    order: list[tuple[etree._Element, str]] = []
    titles: dict[str, str] = {}
    for a in doc.iter("a"):
        href = a.get("href")
        if not href:
            continue
        text = text_of(a)
        if _NOT_A_PAGE.search(text):
            continue
        target = links(href)
        if not target or not is_article_url(target):
            continue
        box = _list_box(a)
        groups.setdefault(box, []).append(target)
        order.append((box, target))
        title = _link_title(a, text)
        if title:
            titles[target] = _better_title(titles.get(target, ""), title)
    if not map_set:
        return list(dict.fromkeys(target for _, target in order)), titles
    # The title list is a box whose links are mostly hotspots; 导读 boxes link other pages.
    title_boxes = {box for box, members in groups.items() if len(set(members) & map_set) * 2 > len(set(members))}
    result = list(dict.fromkeys(target for box, target in order if box in title_boxes))
    result.extend(u for u in in_map if u not in result)
    return result, titles


# ----- the titles a page lists ----------------------------------------------------------------
_WRITTEN = re.compile(r"""document\.write(?:ln)?\s*\(\s*(?:[\w.$]{1,40}\s*\(\s*)?(["'])((?:\\.|(?!\1)[^\\\n]){1,600})\1""")
_NOT_TITLES = re.compile(r"^(?:详细|详情|全文|更多|阅读全文|查看全文|点击|进入|打开|下载|PDF|>>|》》|<<)", re.I)
_TAGS = re.compile(r"<[^<>]*>")


def _usable_title(text: str) -> str:
    """A list or area text that can name an article ("" for "更多", page labels, numbers)."""
    title = list_title(text)
    if (len(title) < 2 or len(title) > 200 or title.isdigit() or _NOT_TITLES.match(title)
            or _NOT_A_PAGE.search(title) or is_boilerplate(title) or parse_page_label(title)):
        return ""
    return title


def _link_title(a: etree._Element, text: str) -> str:
    """The title a title-list link shows: its text, the full title in a ``title`` attribute
    when the text is cut short, or the string a ``document.write(view("…"))`` script writes."""
    shown = _usable_title(text)
    if not shown:
        for script in a.iter("script"):
            m = _WRITTEN.search((script.text or "")[:2000])
            if m:
                literal = re.sub(r"\\(.)", r"\1", m.group(2))
                shown = _usable_title(htmllib.unescape(_TAGS.sub(" ", re.sub(r"(?i)<br\s*/?>", " ", literal))))
                if shown:
                    break
    full = next((_usable_title(el.get("title") or "") for el in a.iter() if el.get("title")), "")
    if full and (not shown or (is_truncated(shown) and same_title(full, shown))):
        return full
    return shown


def _better_title(old: str, new: str) -> str:
    """Keep the first title found for an article unless it was cut short and ``new`` is the
    same title in full."""
    if not old:
        return new
    if new and is_truncated(old) and not is_truncated(new) and same_title(new, old):
        return new
    return old


def _list_box(a: etree._Element) -> etree._Element:
    node = a.getparent()
    while node is not None and tag(node) not in ("ul", "ol", "tbody", "table", "div", "dl", "body"):
        node = node.getparent()
    return node if node is not None else a
