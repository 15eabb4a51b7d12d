"""nmrb (农民日报 / 检察日报): ``YYYY/YYYYMMDD/YYYYMMDD_001/YYYYMMDD_001.html`` pages → ``YYYYMMDD_001_N.htm``.

Each page has a folder named by the date and its three-digit number under a year and a date
folder; the page document, its articles (``YYYYMMDD_001_3.htm``), its image and its PDF sit in
it. Article headers are the classic table rows: ``td.font01`` (标题) with ``td.font02`` above
(引题) and below (副题); the body is the ``<p>``s of ``td.font6``, whose picture sits in a
``td.font6`` cell of its own before it. Users: 农民日报 (szb.farmer.com.cn), 检察日报
(newspaper.jcrb.com). Source: ../shared/research/epaper-families.md (Family G, after newscrapy
``1nmrb.py`` and ``1jcrb.py``). No latest-issue path is known, so none is stated.
"""

import re

from .articles import BODY_CANDIDATES, Rules
from .base import Layout


class Nmrb(Layout):
    name = "nmrb"
    version = "1"
    # the date is written three times: /2022/20221202/20221202_001/20221202_001.html
    page_url = re.compile(r"/\d{4}/(\d{8})/\1_\d{3}/\1_\d{3}\.html?$", re.I)
    article_url = re.compile(r"/\d{4}/(\d{8})/\1_\d{3}/\1_\d{3}_\d+\.html?$", re.I)
    markers = (r"class\s*=\s*['\"]?font01", r"class\s*=\s*['\"]?font6", r"\d{8}_\d{3}_\d+\.htm")
    root_suffix = re.compile(r"$^")
    latest_paths = ()
    rules = Rules(body=("td.font6", *(s for s in BODY_CANDIDATES if s != "td.font6")))
