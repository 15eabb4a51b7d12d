""".shtml (山西日报 group): ``shtml/sxrb/YYYYMMDD/v01.shtml`` pages → ``…/YYYYMMDD/NNNNNN.shtml`` articles.

Pages are numbered (``v01.shtml``) or lettered (``vA1.shtml`` 国际商报, ``vA01.shtml`` 半岛晨报);
articles are numeric ids in the same date folder. Headers are ``h2.detConTit``, the body the
``<p>``s of ``div.details`` and pictures ``div.detPic img`` (the shared reader's picture boxes
hold ``div.detPic``), all inside ``div.detailsWrap``. Page images are
``paperdata/sxrb/YYYYMMDD/b_page_NN.jpg``. Users: 山西日报 and 山西晚报 (epaper.sxrb.com), 日照,
茂名, 半岛晨报, 国际商报. Source: ../shared/research/epaper-families.md (Family E, after newscrapy
``1sxrb.py``; ``vA01`` after its ``bandaochenbao.py``). No latest-issue path is known, so none is
stated: a paper gives its ``latest`` or is crawled by date.
"""

import re

from .articles import BODY_CANDIDATES, HEADER_IDS, Rules
from .base import Layout


class Shtml(Layout):
    name = "shtml"
    version = "1"
    page_url = re.compile(r"/\d{8}/v[A-Z]?\d{1,3}\.shtml$", re.I)
    article_url = re.compile(r"/\d{8}/\d{4,}\.shtml$", re.I)
    markers = (r"class\s*=\s*['\"]?detConTit", r"class\s*=\s*['\"]?detPic", r"class\s*=\s*['\"]?detailsWrap",
               r"/v[A-Z]?\d{1,3}\.shtml")
    root_suffix = re.compile(r"$^")
    latest_paths = ()
    rules = Rules(
        header_ids=(("", "h2.detConTit", "", False), *(row for row in HEADER_IDS if row[1] != "h2.detConTit")),
        body=("div.details", *(s for s in BODY_CANDIDATES if s != "div.details")),
    )
