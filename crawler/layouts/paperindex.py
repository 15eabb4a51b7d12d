"""PaperIndex (大众报业 style): ``PaperIndex.htm`` → ``YYYYMMDD/IssueIndex.htm`` → ``PageNNXX.htm``.

Articles are ``ArticelNNNNNXX.htm`` (sic). The page list is ``li.banci`` rows whose label is
split over two links ("[01]:头版"); the 下一版 link points at a page but is not one.
"""

import re

from .base import Layout


class PaperIndex(Layout):
    name = "paperindex"
    version = "1"
    page_url = re.compile(r"/\d{8}/(?:Page\w+|IssueIndex)\.html?$", re.I)
    article_url = re.compile(r"/\d{8}/Articel\w+\.html?$", re.I)
    markers = (r"class\s*=\s*['\"]?banci", r"Articel\w+\.htm", r"IssueIndex", r"id\s*=\s*['\"]?newslist")
    root_suffix = re.compile(r"$^")
    latest_paths = ("PaperIndex.htm", "paperindex.htm")
