"""szbz (黑龙江 dbw.cn papers, 数字报纸): ``Html/szbz/YYYYMMDD/szbzA1.Html`` pages → ``szbzNNNNN.Html`` articles.

Pages are lettered and numbered (``szbzA1.Html``, ``szbzA2.Html``; the folder is spelled
``Html/`` or ``html/``), articles are numeric ids with the same ``szbz`` prefix in the same date
folder. Headers are ``div.title``, the body the ``<p>``s of ``div.content`` (pictures sit in a
centred table at its start). Users: 黑河日报 (hhrb.dbw.cn), 佳木斯日报 (szb.jmsxww.com) and other
黑龙江 papers on the dbw.cn system. Source: ../shared/research/epaper-families.md (Family G, after
newscrapy ``heihedaily.py`` and ``jiamusidaily.py``). No latest-issue path is known, so none is
stated: a paper gives its ``latest`` or its newest dated edition of the last week is taken.
"""

import re

from .articles import BODY_CANDIDATES, HEADER_IDS, Rules
from .base import Layout


class Szbz(Layout):
    name = "szbz"
    version = "1"
    page_url = re.compile(r"/html/szbz/\d{8}/szbz[A-Z]\d{1,3}\.html$", re.I)
    article_url = re.compile(r"/html/szbz/\d{8}/szbz\d{3,}\.html$", re.I)
    markers = (r"/szbz/\d{8}/", r"href\s*=\s*['\"]?szbz[A-Z]\d{1,3}\.html")
    root_suffix = re.compile(r"$^")
    latest_paths = ()
    rules = Rules(
        header_ids=(("", "div.title", "", False), *HEADER_IDS),
        body=("div.content", *(s for s in BODY_CANDIDATES if s != "div.content")),
    )
