"""Scrapy settings for the drift test's crawls "after the fix": the project's settings plus the fix.

When 临河日报 moved its headlines into ``span.hd-main`` (2021-03-07, see
``fixtures/make_linhe.py``), the fix a developer makes is one header selector in the Founder
classic family's rules and a new family version, so re-parsed records say ``founder_classic/2``.
The test applies exactly that through ``SCRAPY_SETTINGS_MODULE`` (Scrapy's own way to select a
settings module), so the project's parser is not changed for a fictional paper.
"""

from crawler.layouts import FAMILIES
from crawler.layouts.articles import HEADER_IDS, Rules
from crawler.layouts.founder_classic import FounderClassic
from crawler.settings import *  # noqa: F403  (the project's settings, unchanged)


class FounderClassicFixed(FounderClassic):
    version = "2"
    rules = Rules(header_ids=(("span.hd-pre", "span.hd-main", "span.hd-sub", False), *HEADER_IDS))


FAMILIES[FounderClassic.name] = FounderClassicFixed()
