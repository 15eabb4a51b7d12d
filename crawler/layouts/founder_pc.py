"""Founder "new" / pc (方正新版): ``pc/layout/YYYYMM/DD/node_NN.html`` pages.

Variants: ``col|column`` page folders with ``content|con`` article folders, ``colNN.html`` pages
with ``cNNNNNN.html`` articles (许昌), ``YYYYMM/DD/lNN.html`` pages (濮阳). Article headers are
``#PreTitle/#Title/#SubTitle``, ``div.article h3/h1/h2`` (人民日报) or ``p.introtitle`` /
``h2.art-title`` (濮阳); pictures sit in ``div.attachment`` or ``table.pci_c``.
"""

import re

from .base import Layout


class FounderPc(Layout):
    name = "founder_pc"
    version = "1"
    page_url = re.compile(r"/\d{6}/\d{2}/(?:node_\w+|col\d+|l\d+)\.html?$", re.I)
    article_url = re.compile(r"/\d{6}/\d{2}/(?:content_\d+|c\d+)\.html?$", re.I)
    markers = (r"layout-catalogue", r"swiper-slide", r"id\s*=\s*['\"]?PreTitle", r"<founder-content", r"class=['\"]?attachment")
    root_suffix = re.compile(r"(?:(?:pc|PC|wbpc)/(?:layout|col|column)/|html/)$")
    latest_paths = ("pc/layout/index.html", "pc/index.html", "PC/layout/index.html", "index.html", "html/index.html")
