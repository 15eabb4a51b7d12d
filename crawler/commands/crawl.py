"""``scrapy crawl`` for the epaper spider: checks before anything starts, an exit status after.

Before a reactor, a download or a write: the spider's arguments are checked (a typo in
``-a paper=`` or a malformed date is one line and exit status 2) and the store is asked whether
it answers (an unreachable server or refused credentials is one line and exit status 3, not a
traceback). After the crawl the exit status says whether the work asked for is done
(:mod:`crawler.outcome`).
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from pymongo.errors import PyMongoError
from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.settings import Settings

from ..embedded import EmbeddedError
from ..outcome import STORE_FAILED, USAGE, exit_code
from ..papers import RegistryError
from ..spiders.epaper import ArgumentError, EpaperSpider
from ..store import Store, describe, short_error


def store_problem(settings: Settings) -> str:
    """Why the configured store cannot be used ("" when it answers)."""
    where = describe(settings.get("MONGO_URI", ""), settings.get("MONGO_DATABASE", ""),
                     settings.get("EPAPER_EMBEDDED_PATH", ""))
    timeout_ms = int(settings.getfloat("EPAPER_STORE_TIMEOUT", 3.0) * 1000)
    try:
        store = Store.from_settings(settings, timeout_ms)
    except EmbeddedError as exc:
        return str(exc)
    except PyMongoError as exc:  # a malformed URI
        return f"cannot use the store ({where}): {short_error(exc)}"
    try:
        store.client.admin.command("ping")
    except PyMongoError as exc:
        text = short_error(exc)
        if getattr(exc, "code", None) in (18, 13):
            return f"the store refused the credentials ({where}): {text}"
        return f"cannot reach the store ({where}): {text}"
    finally:
        store.close()
    return ""


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Check the arguments and the store before the crawler process exists (so before any
        banner or traceback): a problem is one line on stderr and the exit status says which."""
        super().process_options(args, opts)
        if len(args) != 1 or args[0] != EpaperSpider.name:
            return
        try:
            EpaperSpider(**opts.spargs).configure(self.settings)
        except (ArgumentError, RegistryError) as exc:
            _stop(USAGE, str(exc))
        if self.settings.getbool("EPAPER_STORE", True):
            problem = store_problem(self.settings)
            if problem:
                _stop(STORE_FAILED, problem)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or args[0] != EpaperSpider.name:
            super().run(args, opts)
            return
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        self.exitcode = exit_code(crawler.stats.get_stats())


def _stop(code: int, message: str) -> NoReturn:
    print(f"scrapy: error: {message}", file=sys.stderr)
    sys.exit(code)
