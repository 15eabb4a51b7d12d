"""``scrapy crawl`` that checks the epaper spider's arguments before anything starts.

A typo in ``-a paper=`` or a malformed date is reported as one line and exit status 2, before
a reactor, a database or a download is touched.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from ..papers import RegistryError
from ..spiders.epaper import ArgumentError, EpaperSpider


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args and args[0] == EpaperSpider.name:
            try:
                EpaperSpider(**opts.spargs).configure(self.settings)
            except (ArgumentError, RegistryError) as exc:
                raise UsageError(str(exc), print_help=False) from None
        super().run(args, opts)
