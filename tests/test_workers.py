"""Reading documents in worker processes (crawler/workers.py): same results as in the crawl's
thread, errors come back as errors, and a pool that dies loses nothing."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import signal

import pytest
from conftest import SITES

from crawler.encoding import decode_html
from crawler.layouts import LayoutError, get
from crawler.layouts.founder_classic import FounderClassic
from crawler.workers import Readers, read_article

EDITION = SITES / "ribao.xyxww.com.cn" / "html" / "2020-01" / "27"
BASE = "https://ribao.xyxww.com.cn/html/2020-01/27/"
CLASSIC = get("founder_classic")


class Unreadable(FounderClassic):
    """A layout that cannot read any article (pickled to the worker by reference to this module)."""

    def parse_article(self, html: str, url: str, hint: str = ""):
        raise LayoutError(f"{url}: no article here")


def documents(kind: str) -> list[tuple[str, str]]:
    return [(BASE + p.name, decode_html(p.read_bytes())[0]) for p in sorted(EDITION.glob(f"{kind}_*.htm"))]


def read_all(readers: Readers, docs: list[tuple[str, str]], pages: list[tuple[str, str]]) -> list:
    async def run():
        articles = await asyncio.gather(*(readers.article(CLASSIC, html, url) for url, html in docs))
        pages_read = await asyncio.gather(*(readers.page(CLASSIC, html, url) for url, html in pages))
        return articles, pages_read
    try:
        return asyncio.run(run())
    finally:
        readers.close()


def test_workers_read_exactly_what_the_crawl_thread_reads():
    docs, pages = documents("content"), documents("node")
    assert len(docs) >= 20 and len(pages) == 8
    inline_articles, inline_pages = read_all(Readers(0), docs, pages)
    pooled_articles, pooled_pages = read_all(Readers(2), docs, pages)
    assert [dataclasses.asdict(a) for a, _ in pooled_articles] == [dataclasses.asdict(a) for a, _ in inline_articles]
    assert [p for _, p in pooled_pages] == [p for _, p in inline_pages]
    assert sum(len(p.page.article_urls) for p, _ in inline_pages) >= 20
    article, problem = inline_articles[0]
    assert problem == "" and article.title and article.body == "\n\n".join(article.paragraphs)
    assert len(article.simhash) == 16 and len(article.content_hash) == 40
    assert article.char_count == sum(len(p) for p in article.paragraphs)


def test_a_read_that_fails_in_a_worker_fails_in_the_caller_and_the_pool_stays():
    readers = Readers(1)
    url, html = documents("content")[0]

    async def run():
        with pytest.raises(LayoutError, match="no article here"):
            await readers.article(Unreadable(), html, url)
        return await readers.article(CLASSIC, html, url)
    try:
        article, _ = asyncio.run(run())
        assert readers.pool is not None  # still the pool: a bad document is not a broken worker
    finally:
        readers.close()
    assert article.title == read_article(CLASSIC, html, url)[0].title


def test_a_killed_worker_falls_back_to_reading_in_the_crawl_thread(caplog):
    readers = Readers(1)
    docs = documents("content")[:6]

    async def run():
        first = await readers.article(CLASSIC, docs[0][1], docs[0][0])
        for pid in list(readers.pool._processes):  # the worker dies (OOM killer, a segfault in a parser)
            os.kill(pid, signal.SIGKILL)
        rest = await asyncio.gather(*(readers.article(CLASSIC, html, url) for url, html in docs[1:]))
        return [first, *rest]
    with caplog.at_level(logging.WARNING, logger="crawler.workers"):
        read = asyncio.run(run())
    assert readers.pool is None
    assert [a.url for a, _ in read] == [url for url, _ in docs]
    assert [a.title for a, _ in read] == [read_article(CLASSIC, html, url)[0].title for url, html in docs]
    assert "parse workers stopped" in caplog.text and "reading in the crawl's thread" in caplog.text


def test_worker_count_comes_from_the_setting():
    from scrapy.settings import Settings

    assert Readers.from_settings(Settings({"EPAPER_PARSE_WORKERS": 0})).pool is None
    readers = Readers.from_settings(Settings({"EPAPER_PARSE_WORKERS": 2}))
    try:
        assert readers.workers == 2 and readers.pool is not None
    finally:
        readers.close()
    auto = Readers.from_settings(Settings({"EPAPER_PARSE_WORKERS": -1}))
    try:
        assert auto.workers == max(0, min(4, (os.cpu_count() or 1) - 1))
    finally:
        auto.close()
