"""Date folder (驻马店 style): ``YYYYMMDD/html/index.htm`` → ``page_NN.htm`` → ``content_N.htm``.

Article headers are ``div.bmnr_con_yinti/biaoti/futi``; the body is ``div#zoom`` with captions
as centred paragraphs after their pictures.
"""

import re

from .base import Layout


class DateFolder(Layout):
    name = "datefolder"
    version = "1"
    page_url = re.compile(r"/\d{8}/html/(?:page_\w+|index)\.html?$", re.I)
    article_url = re.compile(r"/\d{8}/html/content_\w+\.html?$", re.I)
    markers = (r"bmnr_con", r"page_\d+\.htm")
    root_suffix = re.compile(r"$^")
    latest_paths = ("index.html", "index.htm")
