"""Founder "classic" (方正经典): ``html/YYYY-MM/DD/node_N.htm`` pages, ``content_N.htm`` articles.

Covers the ``html2/`` root, ``content_{page}_{id}.htm`` articles (河南日报, 海南日报) and the
人民日报 spelling ``nbs.D110000renmrb_NN.htm`` / ``nw.D110000renmrb_YYYYMMDD_K-NN.htm``. Article
skins vary by paper (div.article-header, the td.font01/td.font02 table, div.text_c, #art_title);
the shared engine in :mod:`.base` tries them all.
"""

import re

from .base import Layout


class FounderClassic(Layout):
    name = "founder_classic"
    version = "1"
    # The date folder is what identifies the family; the root before it is usually html/ or
    # html2/ but not always (学习时报 cntheory/YYYY-MM/DD/node_1.html).
    page_url = re.compile(r"/\d{4}-\d{2}/\d{2}/(?:node_\w+|nbs\.[\w.]+)\.html?$", re.I)
    article_url = re.compile(r"/\d{4}-\d{2}/\d{2}/(?:content_\w+|nw\.[\w.\-]+)\.html?$", re.I)
    markers = (r"id\s*=\s*['\"]?pageLink", r"<founder-content", r"enpproperty", r"usemap\s*=\s*['\"]?#pagepicmap")
    root_suffix = re.compile(r"html2?/$")
    latest_paths = ("paperindex.htm", "index.htm", "index.html")
