"""Qpaper (FangBao, 今日女报 / 永州 style): ``Html/YYYY-MM-DD/Qpaper.html`` → ``Qpaper_N.html`` → ``NNNNN.html``.

The first page of an edition is ``Qpaper.html``, every other page ``Qpaper_N.html`` with N the
page's record id (not its number); articles are numeric ids in the same date folder. The page
list is ``div#bancilist``, the page's name ``span.banming2``, its image ``img#mappaper`` in
``div.paper_rect`` with the map. Article headers are ``td.title``, the body ``div#content``.
Users: 今日女报 (www.hnwomen.com.cn/new/), 永州日报, 怒江日报. Source:
../shared/research/epaper-families.md (Family G, from newscrapy), the FangBao generator's
paths (``qpaper.html`` / ``qpaper_{RectID}.html``) and a public per-site XPath config for
怒江日报. No latest-issue path is known, so none is stated.
"""

import re

from .articles import BODY_CANDIDATES, HEADER_IDS, Rules
from .base import Layout


class Qpaper(Layout):
    name = "qpaper"
    version = "1"
    page_url = re.compile(r"/html/\d{4}-\d{2}-\d{2}/qpaper(?:_\d+)?\.html$", re.I)
    article_url = re.compile(r"/html/\d{4}-\d{2}-\d{2}/\d{3,}\.html$", re.I)
    markers = (r"id\s*=\s*['\"]?bancilist", r"class\s*=\s*['\"]?banming", r"id\s*=\s*['\"]?mappaper",
               r"qpaper(?:_\d+)?\.html")
    root_suffix = re.compile(r"$^")
    latest_paths = ()
    rules = Rules(
        header_ids=(("", "td.title", "", False), *HEADER_IDS),
        body=("#content", *(s for s in BODY_CANDIDATES if s != "#content")),
    )
