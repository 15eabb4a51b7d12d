"""uniflows (孝感 style): ``html/YYYY/MM/DD/01/default.htm`` pages → ``…/01/01_64.htm`` articles.

Each page has a folder named by its number under the slashed date folder; its articles sit in
it, named page number, underscore, the article's number in the edition (``01_64.htm``). Headers
are ``h5.yinti_title`` (引题, often empty) and ``h2.content_title``; the body is ``div#pgcontent``
and pictures ``table#pictable4`` before it. Users: 孝感日报 (szb.xgrb.cn:9999/epaper/xgrb).
Source: ../shared/research/epaper-families.md (Family G, after newscrapy ``xiaogandaily.py``).
No latest-issue path is known, so none is stated.
"""

from __future__ import annotations

import re

from .articles import BODY_CANDIDATES, HEADER_IDS, Rules
from .base import Layout


class Uniflows(Layout):
    name = "uniflows"
    version = "1"
    page_url = re.compile(r"/html/\d{4}/\d{2}/\d{2}/[A-Za-z]?\d{1,3}/default\.htm$", re.I)
    article_url = re.compile(r"/html/\d{4}/\d{2}/\d{2}/[A-Za-z]?\d{1,3}/[A-Za-z]?\d{1,3}_\d+\.htm$", re.I)
    markers = (r"class\s*=\s*['\"]?yinti_title", r"class\s*=\s*['\"]?content_title", r"id\s*=\s*['\"]?pgcontent",
               r"id\s*=\s*['\"]?pictable4")
    root_suffix = re.compile(r"$^")
    latest_paths = ()
    rules = Rules(
        header_ids=(("h5.yinti_title", "h2.content_title", "", False),
                    *(row for row in HEADER_IDS if row[1] != "h2.content_title")),
        body=("#pgcontent", *(s for s in BODY_CANDIDATES if s != "#pgcontent")),
    )
