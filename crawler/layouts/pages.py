"""Reading a page (版面) document: page list, PDF, page image, hotspots, the page's articles.

Structural rules, so that they hold on papers nobody wrote a fixture for:

* the page list is the set of links whose labels parse as "第NN版：名称" (or "NN版:名称",
  "(A01) 名称", "[01]:名称", or a number only, "A1版", for a page URL of the family), distinct
  by URL, with the PDF found in the same row or right after the link in the same list; a label
  only the link's row prints yields to a link printing that page number itself (the row is the
  current page's label bar, the link an arrow to the next page);
* a list that does not link the current page (``href="#"``, plain text) gets it in the place
  its number goes: the edition is crawled from the list;
* hotspots come from the ``<map>`` that the page image names in ``usemap`` (any case); when
  several images use maps, the one whose map links articles wins over banners;
* a page's articles are its title list merged with its image map, order kept, ``?div=``
  variants collapsed; the box listing most of the map keeps all its links (briefs have no
  outline); boxes that point at other pages' articles (导读, 今日关注) are left out.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..items import Hotspot, Page, PageRef
from ..urls import date_from_url, resolve
from .markup import (
    block_lines,
    body_of,
    chrome_image,
    enpproperty,
    is_element,
    parse_html,
    tag,
    text_content,
    text_of,
)
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
    if own is None:
        page_no, page_name = printed_label(doc) or current_label(doc, pages) or meta_page(meta)
    else:
        page_no, page_name = own.page_no, own.page_name
        printed = printed_label(doc) if not page_name else None
        if printed and printed[0] == page_no:  # a list of numbers only ("A1版"); the page prints its name
            page_name = own.page_name = printed[1]
    image_url, (width, height), hotspots, area_titles = image_map(doc, links, is_article_url)
    articles, list_titles = page_articles(doc, links, hotspots, is_article_url, {p.url for p in pages}, url)
    pdf = own_pdf(doc, links, own, pages)
    if own is None:
        own = insert_current(pages, PageRef(page_no, page_name, url, pdf))
    elif not own.pdf_url and pdf:
        own.pdf_url = pdf  # the list showed no PDF for this page; the page itself does
    day = date_from_url(url)
    page = Page(
        paper="",
        date=day.isoformat() if day else meta.get("date", "")[:10],
        page_no=page_no,
        page_name=page_name,
        url=url,
        paper_name=meta.get("papername", "") or title_paper_name(doc),
        pdf_url=pdf,
        image_url=image_url,
        image_width=width,
        image_height=height,
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
    return PageParse(page, pages, m.group(1) if m else "", page.paper_name, titles, len(links.bad))


_EDITION_SUFFIX = re.compile(r"(?:数字报刊?|电子报|电子版|数字版|网)$")
_PAPER_TITLE = re.compile(r"^[\u3400-\u9fff]{2,12}报$")


def title_paper_name(doc: etree._Element) -> str:
    """The paper's name as the page's ``<title>`` gives it, first of its parts ("大众日报 - 第01版：头版",
    "信阳日报数字报" -> "信阳日报"), or after the page's label ("第01版：要闻 - 南方日报");
    "" when the title names no paper."""
    title = doc.find(".//title")
    parts = re.split(r"\s*[-_|—–－（(]\s*|\s+", clean(text_content(title)) if title is not None else "")
    for i, part in enumerate(parts):
        name = _EDITION_SUFFIX.sub("", part)
        if _PAPER_TITLE.match(name):
            return name
        if i or not parse_page_label(part):  # only a leading page label is passed over
            return ""
    return ""


# ----- the page list --------------------------------------------------------------------------
# How surely a link's label is its own: printed in the link ("第01版：要闻", "A1版"), split over
# the link and its row ("[01]:<a>头版</a>"), or only the row's, the link showing no text at all
# (an icon-only next/prev arrow beside the current page's label bar).
_OWN, _SHARED, _ROW = 2, 1, 0


@dataclass
class _Entry:
    """One page link of the document: its label, how surely it is the link's own, its PDF."""

    target: str
    label: tuple[str, str]
    level: int
    pdf: str


def page_list(doc: etree._Element, links: Links, is_page_url: UrlTest, is_article_url: UrlTest) -> list[PageRef]:
    """Links whose label parses as a page label, in order, distinct by URL, PDFs attached.

    A label read from the link's row is dropped when another URL claims its page number more
    surely: the row was the current page's label bar, the link an arrow to the next page."""
    anchors: list[tuple[etree._Element, str, tuple[tuple[str, str], int] | None]] = []
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
            labelled = _link_label(a, target, links, is_page_url)
            if labelled:
                anchors.append((a, target, labelled))
    position = {el: i for i, el in enumerate(doc.iter())}
    listed = {target for _, target, label in anchors if label is not None}
    entries = [_Entry(target, *labelled,
                      _row_pdf(a, target, links, listed) or _next_pdf(anchors, i, position, links, listed))
               for i, (a, target, labelled) in enumerate(anchors) if labelled is not None]
    surest: dict[str, int] = {}
    for e in entries:
        surest[e.label[0]] = max(surest.get(e.label[0], -1), e.level)
    claimed = {(e.label[0], e.target) for e in entries if e.level == surest[e.label[0]]}
    kept = [e for e in entries if (e.label[0], e.target) in claimed]
    # Equally sure claims (a thumbnail list, its labels beside icon links, and the bar's arrow):
    # a URL with a number no other URL claims gives up the numbers it shares.
    owners: dict[str, set[str]] = {}
    for e in kept:
        owners.setdefault(e.label[0], set()).add(e.target)
    alone = {e.target for e in kept if owners[e.label[0]] == {e.target}}
    kept = [e for e in kept if owners[e.label[0]] == {e.target} or e.target not in alone]
    by_target: dict[str, list[_Entry]] = {}
    for e in kept:
        by_target.setdefault(e.target, []).append(e)
    found: dict[str, PageRef] = {}
    for target, own in by_target.items():
        best = max(own, key=lambda e: (bool(e.label[1]), e.level))
        pdf = next((e.pdf for e in sorted(own, key=lambda e: -e.level) if e.pdf), "")
        found[target] = PageRef(best.label[0], best.label[1], target, pdf)
    if not found:  # some skins list the pages only in a jump menu: <option value="node_2.htm">
        for option in doc.iter("option"):
            label = parse_page_label(text_content(option))
            target = links(option.get("value")) if label else ""
            if label and label[1] and target and is_page_url(target):
                found.setdefault(target, PageRef(label[0], label[1], target))
    refs = list(found.values())
    mine = [r for r in refs if is_page_url(r.url)]
    return mine or (refs if len(refs) > 1 else [])


def current_label(doc: etree._Element, pages: list[PageRef]) -> tuple[str, str] | None:
    """The current page's entry in a list that links every page but this one: the one label of
    a link that goes nowhere (``href="#"``, ``javascript:``, no href) and names no listed page."""
    listed = {p.page_no for p in pages}
    found: set[tuple[str, str]] = set()
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if href and not href.startswith("#") and not href.lower().startswith("javascript:"):
            continue
        text = text_of(a)
        label = parse_page_label(text) if not _NOT_A_PAGE.search(text) else None
        if label and label[0] not in listed:
            found.add(label)
    return found.pop() if len(found) == 1 else None


def insert_current(pages: list[PageRef], ref: PageRef) -> PageRef | None:
    """Put the page being read into a page list that does not link it, where its number goes
    (the edition is crawled from the list: a page missing from it would not be read). Not when
    the list already has that number: then the page is the same page under another URL (an
    entry such as ``index.htm`` showing page 01)."""
    key = _number_key(ref.page_no)
    if not pages or key is None or any(p.page_no == ref.page_no for p in pages):
        return None
    keys = [_number_key(p.page_no) for p in pages]
    later = [i for i, k in enumerate(keys) if k and k[0] == key[0] and k[1] > key[1]]
    earlier = [i for i, k in enumerate(keys) if k and k[0] == key[0] and k[1] < key[1]]
    pages.insert(later[0] if later else earlier[-1] + 1 if earlier else len(pages), ref)
    return ref


_NUMBER = re.compile(r"^([A-Z]*)(\d+)$")


def _number_key(page_no: str) -> tuple[str, int] | None:
    """"A03" -> ("A", 3): the letters say the section, the number the order within it."""
    m = _NUMBER.match(page_no)
    return (m.group(1), int(m.group(2))) if m else None


# "A01 头版", "A1-要闻", "01·要闻", "<span>A01</span><span>头版</span>": a number and a name with
# neither 版 nor a colon, taken only from a link to a page of the family.
_LOOSE_LABEL = re.compile(r"^(?:第\s*)?([A-Za-z]{0,2}\d{1,3})\s*(?:[-—·・|｜]\s*)?([\u3400-\u9fff][^\d]{0,15})$")


def _link_label(a: etree._Element, target: str, links: Links,
                is_page_url: UrlTest) -> tuple[tuple[str, str], int] | None:
    """A page link's label and how surely it is the link's own (``_OWN``, ``_SHARED``, ``_ROW``).
    A label without a name ("A1版", "第02版：") or without 版 ("A01 头版") counts only for a link
    to a page of the family."""
    text = text_of(a)
    if _NOT_A_PAGE.search(text):
        return None
    label = parse_page_label(text)
    if label and label[1]:
        return label, _OWN
    if not is_page_url(target):
        return None
    if not label:
        loose = _LOOSE_LABEL.match(text)
        label_of = parse_page_label(f"{loose.group(1)}版：{loose.group(2)}") if loose else None
        if label_of and label_of[1]:
            return label_of, _OWN
    # The label may be split over the link and its row: "[01]:<a>头版</a>", "<span>01版</span><a>要闻</a>".
    row = a.getparent()
    for _ in range(2):
        if row is None:
            break
        found = {links(x.get("href")) for x in row.iter("a") if x.get("href")}
        if {x for x in found if x and not _PDF.search(x)} == {target}:
            shared = parse_page_label(text_of(row))
            if shared and shared[1]:
                if label:  # "<a>第01版</a>：<a>要闻</a>": the number is the link's own
                    return (shared, _OWN) if shared[0] == label[0] else (label, _OWN)
                return shared, _SHARED if text else _ROW
        row = row.getparent()
    return (label, _OWN) if label else None


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


def _next_pdf(anchors: list, i: int, position: dict, links: Links, listed: set[str]) -> str:
    """The PDF link right after a page link in document order, in the same list (lists without
    a row per page): a sibling of the link, or a cousin when each sits in a wrapper of its own.
    A PDF in a box after the list (the current page's tools bar) is no listed page's."""
    a, target, _ = anchors[i]
    for b, other, label in anchors[i + 1:]:
        if other == target:
            continue
        if label is None and position[b] - position[a] <= 6 and _same_list(a, b, target, links, listed):
            return other
        return ""
    return ""


def _same_list(a: etree._Element, b: etree._Element, target: str, links: Links, listed: set[str]) -> bool:
    """Whether ``b`` sits beside page link ``a`` in its list: the same parent, or parents that
    share theirs and link no other listed page (``<span><a>01版</a></span><span><a>PDF</a></span>``)."""
    pa, pb = a.getparent(), b.getparent()
    if pa is None or pb is None:
        return False
    if pa is pb:
        return True
    if pa.getparent() is not pb.getparent():
        return False
    others = listed - {target}
    return not any(links(x.get("href")) in others for node in (pa, pb) for x in node.iter("a") if x.get("href"))


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
_SHAPES = {"poly": "polygon", "circ": "circle", "rectangle": "rect"}  # HTML's names and browsers' synonyms
_PIXELS = re.compile(r"^\s*(\d{2,5})(?:\.\d+)?\s*(?:px)?\s*$", re.I)


def _area(area: etree._Element, target: str) -> Hotspot:
    """One ``<area>``: its coords as comma-separated numbers (browsers take spaces too) and its
    shape by one name (rect when it names none, as in HTML)."""
    coords = ",".join(part for part in re.split(r"[\s,]+", area.get("coords") or "") if part)
    kind = (area.get("shape") or "rect").strip().lower()
    return Hotspot(target, coords, _SHAPES.get(kind, kind))


def displayed_size(img: etree._Element | None) -> tuple[int, int]:
    """The width and height a page image is shown at (its attributes, else its inline style), the
    space its map's coords are in; (0, 0) when the page does not say."""
    if img is None:
        return 0, 0
    style = {key.strip(): value for key, _, value in
             (part.partition(":") for part in (img.get("style") or "").lower().split(";") if ":" in part)}
    size = []
    for name in ("width", "height"):
        m = _PIXELS.match(img.get(name) or "") or _PIXELS.match(style.get(name, ""))
        size.append(int(m.group(1)) if m else 0)
    return (size[0], size[1]) if all(size) else (0, 0)


def image_map(doc: etree._Element, links: Links,
              is_article_url: UrlTest) -> tuple[str, tuple[int, int], list[Hotspot], dict[str, str]]:
    """The page image, the size it is shown at, the hotspots of the map it uses, and the titles
    its areas give (``alt``/``title``) per article URL."""
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
        return "", (0, 0), [], {}

    def rank(pair: tuple[etree._Element, etree._Element | None]) -> tuple[int, bool, int]:
        """Articles outlined first; then a page image over a logo or banner, and a map of few
        links elsewhere (an ad page's empty map over the banner's link to the portal)."""
        targets = [links(area.get("href")) for area in pair[0].iter("area") if area.get("href")]
        articles = sum(1 for t in targets if t and is_article_url(t))
        banner = pair[1] is not None and chrome_image(pair[1].get("src") or "")
        return articles, not banner, articles - len(targets)

    best_map, best_img = max(used, key=rank)
    if rank((best_map, best_img))[:2] == (0, False):  # only a logo's or banner's map: no page image
        return "", (0, 0), [], {}
    spots = []
    titles: dict[str, str] = {}
    for area in best_map.iter("area"):
        href = area.get("href")
        if not href or href.startswith(("javascript:", "#")):
            continue
        target = links(href)
        if not target:
            continue
        spots.append(_area(area, target))
        title = _usable_title(area.get("title") or "") or _usable_title(area.get("alt") or "")
        if title and is_article_url(target):
            titles[target] = _better_title(titles.get(target, ""), title)
    image = links(best_img.get("src")) if best_img is not None and best_img.get("src") else ""
    return image, displayed_size(best_img) if image else (0, 0), spots, titles


_SCRIPTED_LINK = re.compile(r"""['"]([^'"\s]+\.s?html?(?:\?[^'"\s]*)?)['"]""", re.I)


def article_href(a: etree._Element) -> str:
    """Where a title link goes: its ``href``; or, for a link that only runs a script
    (``javascript:openwin('content_1.htm')``, an ``onclick``), the document the script opens;
    or the ``daoxiang`` attribute 新华每日电讯's lists keep it in."""
    href = (a.get("href") or "").strip()
    if href and not href.lower().startswith("javascript:") and href != "#":
        return href
    m = _SCRIPTED_LINK.search(href[:2000]) or _SCRIPTED_LINK.search((a.get("onclick") or "")[:2000])
    return m.group(1) if m else (a.get("daoxiang") or "").strip()


def page_articles(doc: etree._Element, links: Links, hotspots: list[Hotspot], is_article_url: UrlTest,
                  page_urls: set[str] | None = None, own: str = "") -> tuple[list[str], dict[str, str]]:
    """Title list merged with the image map (other pages' boxes left out when a map exists, other
    pages' parts of a whole-issue list always), and the title each article's links give it."""
    in_map = [h.article_url for h in hotspots if is_article_url(h.article_url)]
    map_set = set(in_map)
    page_urls = page_urls or set()
    order: list[tuple[etree._Element, str]] = []
    anchors: list[etree._Element] = []  # the link of each entry of ``order``
    headings: list[tuple[etree._Element, str, int]] = []  # a page's link, its URL, how many article links preceded it
    titles: dict[str, str] = {}
    for a in doc.iter("a"):
        href = article_href(a)
        if not href:
            continue
        text = text_of(a)
        if is_navigation(text):
            continue
        target = links(href)
        if target in page_urls:
            headings.append((a, target, len(order)))
            continue
        if not target or not is_article_url(target):
            continue
        order.append((_list_box(a), target))
        anchors.append(a)
        title = _link_title(a, text)
        if title:
            titles[target] = _better_title(titles.get(target, ""), title)
    others = _other_pages_parts(headings, anchors, len(page_urls), own)
    if others:
        order = [entry for i, entry in enumerate(order) if i not in others]
    groups: dict[etree._Element, list[str]] = {}
    for box, target in order:
        groups.setdefault(box, []).append(target)
    if not map_set:
        return list(dict.fromkeys(target for _, target in order)), titles
    # A box whose links are mostly hotspots lists this page; 导读 boxes link other pages. A box
    # that lists most of the map is the page's title list: all its links are the page's, the
    # briefs and 图片新闻 the map draws no outline for too.
    title_boxes: set[etree._Element] = set()
    for box, members in groups.items():
        shown = len(set(members) & map_set) * 2
        if shown > len(set(members)) or shown > len(map_set):
            title_boxes.add(box)
    result = list(dict.fromkeys(target for box, target in order if box in title_boxes))
    result.extend(u for u in in_map if u not in result)
    return result, titles


def _other_pages_parts(headings: list[tuple[etree._Element, str, int]], anchors: list[etree._Element],
                       listed: int, own: str) -> set[int]:
    """Which article links (indexes into ``anchors``) a whole-issue list gives to other pages.

    南方日报's ``h3 > a`` + ``ul`` per page, 新华每日电讯's ``listdaohang`` and 证券时报's
    ``#webtree`` list every page's articles under that page's link: inside the element holding
    those links, an article belongs to the page whose link last preceded it. It is such a list
    only when at least three pages, and half the edition's, head articles there, and the element
    links each page once, this one too (an ad page heads nothing). A 导读 box that links a page
    after each title, below the page list, links pages twice: no whole-issue list.
    """
    headed = []
    for i, (a, url, start) in enumerate(headings):
        end = headings[i + 1][2] if i + 1 < len(headings) else len(anchors)
        if end > start:
            headed.append((a, url, start, end))
    if len({url for _, url, _, _ in headed}) < max(3, (listed + 1) // 2):
        return set()
    holders = set(headed[0][0].iterancestors())
    for a, *_ in headed[1:]:
        holders &= set(a.iterancestors())
    holder = next(el for el in headed[0][0].iterancestors() if el in holders)
    inside = [url for a, url, _ in headings if holder in a.iterancestors()]
    if own not in inside or len(inside) != len(set(inside)):
        return set()
    return {i for _, url, start, end in headed if url != own for i in range(start, end)
            if holder in anchors[i].iterancestors()}


# ----- the titles a page lists ----------------------------------------------------------------
_WRITTEN = re.compile(r"""document\.write(?:ln)?\s*\(\s*(?:[\w.$]{1,40}\s*\(\s*)?(["'])((?:\\.|(?!\1)[^\\\n]){1,600})\1""")
_NAVIGATION = re.compile(r"[上下]一[版期页篇张]|往期|首页|返回|详细|详情|全文|更多|阅读|查看|点击|进入|打开|下载|PDF", re.I)
_NAVIGATION_START = re.compile(r"^[\s【\[<«《>»》]*(?:>>|》》|<<|(?:" + _NAVIGATION.pattern + "))", re.I)
_TAGS = re.compile(r"<[^<>]*>")


def is_navigation(text: str) -> bool:
    """A link text that moves about the paper ("返回目录", "下一篇：…", "点击进入PDF版", "更多>>"),
    not a headline that happens to start with such a word ("进入冬季供暖保障关键期",
    "神舟十四号载人飞船返回舱成功着陆")."""
    text = text.strip()
    m = _NAVIGATION_START.match(text)
    if not m:
        return False
    rest = text[m.end():]
    return len(text) <= 8 or rest[:1] in (":", "：", ">", "》") or bool(_NAVIGATION.search(rest))


def _usable_title(text: str) -> str:
    """A list or area text that can name an article ("" for "更多", page labels, numbers)."""
    title = list_title(text)
    if (len(title) < 2 or len(title) > 200 or title.isdigit() or is_navigation(title)
            or is_boilerplate(title) or parse_page_label(title)):
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
