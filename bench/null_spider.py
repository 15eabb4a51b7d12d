"""The framework's ceiling: a spider that fetches a list of URLs and does nothing with them.

``bench/speed.py`` runs it with the same Scrapy, the same concurrency and politeness settings
and over the same URLs as the epaper crawl it is compared with:

    scrapy runspider bench/null_spider.py -a urls=FILE -s EPAPER_STORE=0 -s EPAPER_ARCHIVE=
"""

from __future__ import annotations

from pathlib import Path

import scrapy


class NullSpider(scrapy.Spider):
    name = "null"

    def __init__(self, urls: str = "", **kwargs):
        super().__init__(**kwargs)
        self.url_file = urls

    async def start(self):
        for url in Path(self.url_file).read_text().split():
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response):
        return None
