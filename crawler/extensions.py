"""Crawl extensions: the final stats (and the exit status) as a JSON file, for cron jobs and monitoring."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from .outcome import exit_code


class StatsFile:
    """Write the crawl stats to ``EPAPER_STATS_FILE`` when the spider closes."""

    def __init__(self, path: str, stats: StatsCollector):
        self.path = Path(path)
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFile:
        path = crawler.settings.get("EPAPER_STATS_FILE")
        if not path:
            raise NotConfigured
        ext = cls(path, crawler.stats)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Spider, reason: str) -> None:
        data = dict(self.stats.get_stats())
        data["finish_reason"] = reason
        data["epaper/exit_code"] = exit_code(data, reason)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v),
                                        ensure_ascii=False, indent=1, sort_keys=True))
