"""EpaperSpider: walk editions (dates → edition entry → pages → articles). Navigation only.

Extraction is the layouts' job (:mod:`crawler.layouts`); this spider decides what to fetch,
hands each response to the paper's family, and keeps the books of each edition
(:mod:`.progress`) so that the Edition item it emits last says what was listed, fetched,
stored and what failed, and why.

    scrapy crawl epaper -a paper=xinyang                      latest edition
    scrapy crawl epaper -a paper=xinyang -a date=2020-01-27
    scrapy crawl epaper -a paper=xinyang -a start=2020-01-01 -a end=2020-01-31
    scrapy crawl epaper -a paper=all -a days=3                catch-up window ending today
    scrapy crawl epaper -a url=http://host/html/2017-10/13/node_1.htm   unregistered paper
    scrapy crawl epaper -a paper=xinyang -a date=… -a base_url=http://127.0.0.1:8000/   mirror
    scrapy crawl epaper … -a refresh=1                        fetch again what is stored
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

import scrapy
from pymongo.errors import PyMongoError
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import CloseSpider
from scrapy.spidermiddlewares.httperror import HttpError

from ..checks import garbled, server_error, truncation
from ..embedded import EmbeddedError
from ..encoding import decode_html
from ..items import Edition, PageRef, problems, utc_now
from ..layouts import LOW_CONFIDENCE, Layout, LayoutError, PageParse, detect, get
from ..layouts.markup import find_redirect
from ..ledger import Ledger, log_verdict
from ..papers import Paper, RegistryError, load_registry, lookup
from ..store.base import short_error
from ..urls import Mirror, canonical_url, date_from_url, site_key
from ..workers import Readers, cpu_seconds
from .progress import EditionProgress

T = TypeVar("T")

MAX_REDIRECTS = 5
LATEST_DAYS_BACK = 7  # a paper that announces no latest issue: its newest edition of the last week


class ArgumentError(ValueError):
    """A spider argument that makes no sense; reported in one line at start-up."""


def _check_url(name: str, value: str) -> None:
    """An http(s) URL with a host, or a file:// URL; ArgumentError otherwise."""
    parts = urlsplit(value.strip())
    try:
        parts.port  # noqa: B018 — raises for a port that is not a number in range
    except ValueError:
        raise ArgumentError(f"-a {name}={value!r} has no valid port") from None
    if not ((parts.scheme in ("http", "https") and parts.hostname) or (parts.scheme == "file" and parts.path)):
        raise ArgumentError(f"-a {name}={value!r} is not an http(s):// or file:// URL")


def _parse_day(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ArgumentError(f"-a {name}={value!r} is not a date (use YYYY-MM-DD)") from None


class EpaperSpider(scrapy.Spider):
    name = "epaper"

    def __init__(
        self,
        paper: str | None = None,
        date: str | None = None,
        start: str | None = None,
        end: str | None = None,
        days: str | None = None,
        url: str | None = None,
        base_url: str | None = None,
        refresh: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        # Stored under names that cannot shadow Spider attributes (``start`` is a method).
        self.arg_paper, self.arg_date, self.arg_start, self.arg_end = paper, date, start, end
        self.arg_days, self.arg_url, self.arg_base_url = days, url, base_url
        self.refresh = str(refresh or "").lower() in ("1", "true", "yes")
        self.papers: list[Paper] = []
        self.days: list[date] = []
        self.mirrors: dict[str, Mirror] = {}
        self.stored_urls: dict[tuple[str, str], set[str]] = {}
        self.argument_error = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> EpaperSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.ledger = Ledger.of(crawler)
        try:
            spider.configure(crawler.settings)
        except (ArgumentError, RegistryError) as exc:
            spider.argument_error = str(exc)  # reported in one line by start()
        return spider

    def closed(self, reason: str) -> None:
        readers = getattr(self, "readers", None)
        if readers is not None:
            readers.close(wait=True)  # reaped, so that their CPU is counted below
        crawl, workers = cpu_seconds()
        self.crawler.stats.set_value("epaper/cpu/crawl_seconds", round(crawl, 2))
        self.crawler.stats.set_value("epaper/cpu/parse_workers_seconds", round(workers, 2))

    # ----- arguments --------------------------------------------------------------------------
    def configure(self, settings: Any) -> None:
        """Turn the ``-a`` arguments into papers and days; ArgumentError on nonsense."""
        self.today = _parse_day("EPAPER_TODAY", settings.get("EPAPER_TODAY")) if settings.get("EPAPER_TODAY") else date.today()
        if self.arg_url and self.arg_paper:
            raise ArgumentError("give either -a paper=… or -a url=…, not both")
        if self.arg_url:
            _check_url("url", self.arg_url)
        if self.arg_base_url:
            _check_url("base_url", self.arg_base_url)
        if self.arg_url:
            dated = [n for n, v in (("date", self.arg_date), ("start", self.arg_start), ("end", self.arg_end),
                                    ("days", self.arg_days)) if v]
            if dated:
                raise ArgumentError(f"-a url= crawls the edition of that page; -a {dated[0]}= picks editions of a "
                                    "registered paper (-a paper=); give the page URL of the date you want")
            if self.arg_base_url:
                raise ArgumentError("-a base_url= mirrors a registered paper (-a paper=); with -a url= give the "
                                    "mirror's own URL, or -s EPAPER_MIRROR=http://mirror/ to store the real URLs")
        if not self.arg_url:
            registry = load_registry(settings.get("EPAPER_PAPERS") or None)
            if not self.arg_paper:
                raise ArgumentError("-a paper=KEY (or KEY,KEY or all) or -a url=PAGE_URL is required")
            self.papers = lookup(registry, self.arg_paper)
        self.days = self._window()
        mirror = settings.get("EPAPER_MIRROR")
        if self.arg_base_url:
            if len(self.papers) != 1:
                raise ArgumentError("-a base_url= mirrors one paper; give exactly one -a paper=")
            self.mirrors[self.papers[0].key] = Mirror(self.arg_base_url, origin=self.papers[0].origin)
        elif mirror:
            shared = Mirror(mirror)
            self.mirrors = {p.key: shared for p in self.papers} | {"": shared}
        self.store_enabled = settings.getbool("EPAPER_STORE", True)
        self.incremental = self.store_enabled and settings.getbool("EPAPER_INCREMENTAL", True) and not self.refresh

    def _window(self) -> list[date]:
        """The dates asked for; [] means the latest edition."""
        given = [n for n, v in (("date", self.arg_date), ("start", self.arg_start), ("days", self.arg_days)) if v]
        if len(given) > 1:
            raise ArgumentError(f"give only one of -a date=, -a start=/end=, -a days= (got {', '.join(given)})")
        if self.arg_end and not self.arg_start:
            raise ArgumentError("-a end= needs -a start=")
        if self.arg_date:
            return [_parse_day("date", self.arg_date)]
        if self.arg_start:
            first = _parse_day("start", self.arg_start)
            last = _parse_day("end", self.arg_end) if self.arg_end else self.today
            if first > last:
                raise ArgumentError(f"-a start={first} is after -a end={last}")
            return [first + timedelta(days=i) for i in range((last - first).days + 1)]
        if self.arg_days:
            if not self.arg_days.isdigit() or int(self.arg_days) < 1:
                raise ArgumentError(f"-a days={self.arg_days!r} must be a whole number of days, 1 or more")
            return [self.today - timedelta(days=i) for i in reversed(range(int(self.arg_days)))]
        return []

    # ----- start ------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        if self.argument_error:
            self.logger.error("bad arguments: %s", self.argument_error)
            self.crawler.stats.set_value("epaper/argument_error", self.argument_error)
            raise CloseSpider("bad_arguments")
        self.readers = Readers.from_settings(self.crawler.settings)
        stats = self.crawler.stats
        if self.arg_url:
            stats.inc_value("epaper/editions/asked")
            url = canonical_url(self.arg_url) or self.arg_url.strip()
            yield self._request(url, self.parse_entry, self.entry_failed, paper_key="", day="", mode="adhoc")
            return
        stats.inc_value("epaper/editions/asked", len(self.papers) * (len(self.days) or 1))
        if self.incremental:
            await self._load_history()
        for paper in self.papers:
            if not self.days:
                for request in self._latest_requests(paper, tried=0):
                    yield request
                continue
            done = self._complete_editions(paper)
            for day in self.days:
                if f"{paper.key}:{day.isoformat()}" in self._editions:
                    self.logger.info("%s %s: resuming the paused crawl of this edition", paper.key, day)
                    continue
                if day.isoformat() in done:
                    stats.inc_value("epaper/editions/skipped")
                    self.logger.info("%s %s: stored complete, skipped (-a refresh=1 fetches it again; "
                                     "`epaper export --kind article|page|edition --paper %s --date %s` exports "
                                     "what is stored)", paper.key, day, paper.key, day)
                    continue
                try:
                    entry = paper.entry_url(day)
                except RegistryError as exc:
                    stats.inc_value("epaper/editions/unrecorded")
                    self.logger.error("%s", exc)
                    continue
                yield self._request(entry, self.parse_entry, self.entry_failed, paper_key=paper.key, day=day.isoformat(), mode="date")

    async def _load_history(self) -> None:
        """What the store already holds of the window: complete editions and stored articles.

        Read off the reactor thread. A store that cannot be read is not a reason to skip
        anything: the crawl then fetches everything (the store pipeline stops it if writes fail).
        """
        days = [d.isoformat() for d in self.days]

        def read(store: Any) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], set[str]]]:
            statuses = {p.key: store.edition_statuses(p.key, days) for p in self.papers} if days else {}
            urls = {(p.key, day): found for p in self.papers if days
                    for day, found in store.stored_article_urls(p.key, days).items()}
            return statuses, urls

        self._statuses, self.stored_urls = await self._read_store(
            read, ({}, {}), "", "what the store holds", "fetching everything")

    async def _read_store(self, read: Callable[[Any], T], fallback: T, about: str, what: str, instead: str) -> T:
        """``read(store)`` off the reactor thread; ``fallback`` when the store cannot be read,
        logged as "{about}: cannot read {what} (reason); {instead}": nothing is skipped then."""
        from ..store import for_crawl  # the store is only needed when the crawl is incremental

        try:
            return await asyncio.to_thread(lambda: read(for_crawl(self.crawler)))
        except (PyMongoError, EmbeddedError) as exc:
            self.logger.warning("%scannot read %s (%s); %s", f"{about}: " if about else "", what, short_error(exc),
                                instead)
            return fallback

    def _complete_editions(self, paper: Paper) -> set[str]:
        statuses = getattr(self, "_statuses", {}).get(paper.key, {})
        return {day for day, status in statuses.items() if status == "complete"}

    def _latest_requests(self, paper: Paper, tried: int) -> Iterator[scrapy.Request]:
        """The next place the paper's latest issue may be: its announced latest-issue paths, or,
        for a paper that announces none (山西日报), its dated entry of today and the days before."""
        week = (self.today - timedelta(days=back) for back in range(LATEST_DAYS_BACK))
        candidates = paper.latest_urls() or [paper.entry_url(day) for day in week if paper.covers(day)]
        if tried < len(candidates):
            yield self._request(candidates[tried], self.parse_entry, self.entry_failed,
                                paper_key=paper.key, day="", mode="latest", tried=tried)
        else:
            self.crawler.stats.inc_value("epaper/editions/latest_not_found")
            self.logger.error("%s: no latest edition found (tried %s)", paper.key, ", ".join(candidates))

    # ----- requests and responses -------------------------------------------------------------
    def _paper(self, key: str) -> Paper | None:
        return next((p for p in self.papers if p.key == key), None)

    def _mirror(self, key: str) -> Mirror | None:
        return self.mirrors.get(key) or self.mirrors.get("")

    def _request(self, url: str, callback, errback, **cb_kwargs: Any) -> scrapy.Request:
        """A request for the page whose real address is ``url`` (fetched from a mirror if any)."""
        mirror = self._mirror(cb_kwargs.get("paper_key", ""))
        fetch = mirror.fetch_url(url) if mirror else url
        return scrapy.Request(fetch, callback=callback, errback=errback, cb_kwargs=cb_kwargs,
                              meta={"real_url": url}, dont_filter=True)

    def _real_url(self, response: Any, key: str) -> str:
        """The real address of a response, following HTTP redirects back through the mirror."""
        requested = response.meta["real_url"]
        mirror = self._mirror(key)
        if mirror is None:
            return canonical_url(response.url) or requested
        if mirror.fetch_url(requested) == response.url:
            return requested
        return canonical_url(mirror.real_url(response.url, requested.split(":", 1)[0])) or requested

    def _elsewhere(self, response: Any, key: str, progress: EditionProgress, digest: str, page: bool = False) -> str:
        """Why a page's or article's response is not the document asked for ("" when it is): an
        HTTP redirect to another document (a missing page sent to the front page, an article to
        the index or to another day's article), or the bytes of another page or article of the
        edition served at this address. Stored, either would make the edition complete with a
        page or article that is not the one listed. (An entry the page list does not name, such
        as 驻马店's ``index.htm``, may be a copy of the first page.)"""
        requested = response.meta["real_url"]
        landed = self._real_url(response, key)
        if landed != requested and not _same_document(requested, landed):
            return f"redirected to {landed}, not the document listed"
        other = progress.document_owner(digest, requested)
        if page and other == progress.url and all(p.url != other for p in progress.pages):
            return ""
        return f"served the same document as {other}" if other else ""

    def _read(self, response: Any, paper: Paper | None) -> str | scrapy.Request | Problem:
        """The decoded text of a response, a retry of it if it came truncated, or why it is unusable."""
        cut = truncation(response.body)
        if cut:
            retry = get_retry_request(response.request, spider=self, reason="truncated")
            return retry if retry is not None else Problem(cut)
        text, _ = decode_html(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"),
                              paper.encoding if paper else None)
        return text

    def _layout(self, paper: Paper | None, day: str, url: str, text: str) -> Layout:
        if paper is not None:
            return paper.layout(date.fromisoformat(day)) if day else get(paper.family)
        return detect(url, text)

    def _count_bad_links(self, parsed: PageParse) -> None:
        bad = getattr(parsed, "bad_links", 0)
        if bad:
            self.crawler.stats.inc_value("epaper/links/bad", bad)

    async def parse_entry(self, response: Any, paper_key: str, day: str, mode: str, hops: int = 0, tried: int = 0) -> AsyncIterator[Any]:
        """An edition's entry: a redirect to follow, a page of the edition, or no edition."""
        paper = self._paper(paper_key)
        url = self._real_url(response, paper_key)
        read = self._read(response, paper)
        if isinstance(read, scrapy.Request):
            yield read
            return
        if isinstance(read, Problem):
            for item in self._entry_error(paper, paper_key, day, url, read.reason):
                yield item
            return
        try:
            layout = self._layout(paper, day, url, read)
            parsed = layout.parse_page(read, url)
            self._count_bad_links(parsed)
            no_list = not parsed.edition_pages and not parsed.page.article_urls
            target = (find_redirect(read, base=url) or "") if no_list else ""
            garbled_text = garbled(parsed.page.page_name, *(p.page_name for p in parsed.edition_pages),
                                   *parsed.titles.values())
        except LayoutError as exc:
            target = find_redirect(read, base=url) or ""
            if target and hops < MAX_REDIRECTS:  # an entry that only redirects (window.location.href = …)
                yield self._request(target, self.parse_entry, self.entry_failed, paper_key=paper_key,
                                    day=day, mode=mode, hops=hops + 1, tried=tried)
                return
            self.crawler.stats.inc_value("epaper/editions/unknown_layout")
            self.logger.error("%s", exc)
            for item in self._entry_error(paper, paper_key, day, url, str(exc), count=False):
                yield item
            return
        except Exception as exc:  # noqa: BLE001 — a broken page must not end the crawl
            for item in self._entry_error(paper, paper_key, day, url, f"unreadable page: {exc!r}"):
                yield item
            return
        if garbled_text:
            for item in self._entry_error(paper, paper_key, day, url, garbled_text):
                yield item
            return
        if not parsed.edition_pages and not parsed.page.article_urls:
            # An empty answer or a server's error page sent as 200 is a failure to read the entry,
            # not a day without an issue: the edition may exist, and a rerun must try it again.
            broken = server_error(read) if not target else ""
            stream = (self._entry_error(paper, paper_key, day, url, f"entry page is {broken}") if broken else
                      self._no_page_list(paper, paper_key, day, mode, url, target, hops, tried))
            for item in stream:
                yield item
            return
        landing = date_from_url(url) or (date.fromisoformat(parsed.page.date) if _is_day(parsed.page.date) else None)
        if mode == "date" and landing and landing.isoformat() != day:
            for item in self._no_issue(paper, day, url, f"entry shows another date ({landing})"):
                yield item
            return
        if mode != "date":
            if landing is None:
                self.logger.error("%s: cannot tell the date of the edition at %s", paper_key or url, url)
                for item in self._entry_error(paper, paper_key, day, url, "cannot tell the edition's date"):
                    yield item
                return
            day = landing.isoformat()
            if mode == "latest" and landing != self.today:
                self.logger.info("%s: latest edition is %s, not today (%s)", paper_key, day, self.today)
        if mode == "adhoc":
            paper_key = site_key(url)
        if mode != "date" and await self._stored_complete(paper_key, day):
            self.crawler.stats.inc_value("epaper/editions/skipped")
            self.logger.info("%s %s: stored complete, skipped (-a refresh=1 fetches it again)", paper_key, day)
            return
        async for item in self._start_edition(paper, paper_key, day, url, layout, parsed,
                                              _digest(response)):
            yield item

    async def _stored_complete(self, key: str, day: str) -> bool:
        """Whether the store holds this edition complete (for an edition whose date only its
        entry page told: the latest issue, an -a url= page). Unreadable store: not skipped."""
        if not self.incremental:
            return False
        statuses = await self._read_store(lambda store: store.edition_statuses(key, [day]), {},
                                          f"{key} {day}", "the stored edition", "fetching it")
        return statuses.get(day) == "complete"

    def _no_page_list(self, paper: Paper | None, key: str, day: str, mode: str, url: str, target: str,
                      hops: int, tried: int) -> Iterator[Any]:
        """An entry without a page list: follow its redirect, try the next latest-issue path, or no issue."""
        if target and hops < MAX_REDIRECTS:
            if mode == "date" and date_from_url(target) not in (None, date.fromisoformat(day)):
                yield from self._no_issue(paper, day, url, f"redirects to another date ({target})")
                return
            yield self._request(target, self.parse_entry, self.entry_failed, paper_key=key,
                                day=day, mode=mode, hops=hops + 1, tried=tried)
            return
        if mode == "latest":
            yield from self._latest_requests(paper, tried + 1)
            return
        if mode == "adhoc":
            yield from self._entry_error(paper, key, day, url, "no page list on the page")
            return
        yield from self._no_issue(paper, day, url, "no page list on the entry page")

    async def _start_edition(self, paper: Paper | None, key: str, day: str, url: str, layout: Layout,
                             parsed: PageParse, digest: str) -> AsyncIterator[Any]:
        pages = parsed.edition_pages or [PageRef(parsed.page.page_no, parsed.page.page_name, url, parsed.page.pdf_url)]
        progress = EditionProgress(
            paper=key, paper_name=paper.name if paper else parsed.paper_name or key, date=day, url=url,
            layout=layout.name, pages=pages, issue_no=parsed.issue_no,
        )
        progress.claim_document(digest, url)  # the entry's bytes, which no other page may serve again
        self._editions[progress.key] = progress
        self.crawler.stats.inc_value("epaper/editions/fetched")
        self.logger.info("%s %s: %d pages listed", key, day, len(pages))
        if url in progress.pages_pending:
            async for item in self._page_parsed(progress, parsed):
                yield item
        for ref in pages:
            if ref.url != url:
                yield self._request(ref.url, self.parse_page, self.page_failed, paper_key=key, edition=progress.key)

    @property
    def _editions(self) -> dict[str, EditionProgress]:
        """Editions in progress, kept in ``self.state`` so a JOBDIR pause keeps them."""
        return self.state.setdefault("editions", {}) if hasattr(self, "state") else self.__dict__.setdefault("_local_editions", {})

    async def parse_page(self, response: Any, paper_key: str, edition: str) -> AsyncIterator[Any]:
        progress = self._editions.get(edition)
        if progress is None:
            return
        url = response.meta["real_url"]
        read = self._read(response, self._paper(paper_key))
        if isinstance(read, scrapy.Request):
            yield read
            return
        digest = _digest(response)
        problem = read.reason if isinstance(read, Problem) else self._elsewhere(response, paper_key, progress, digest,
                                                                                page=True)
        if not problem:
            try:
                parsed, problem = await self.readers.page(get(progress.layout), read, url)
                self._count_bad_links(parsed)
                page = parsed.page
                if not (problem or parsed.edition_pages or page.article_urls or page.image_url or page.pdf_url):
                    # An error page served as 200 ("页面不存在"): no page list, article, image or PDF.
                    # Stored as an empty page it would make the edition complete without its articles.
                    problem = "not a page of the edition: no page list, articles, page image or PDF"
            except Exception as exc:  # noqa: BLE001 — one broken page must not end the crawl
                problem = f"unreadable page: {exc!r}"
        if not problem:
            progress.claim_document(digest, url)
        stream = self._page_problem(progress, url, problem) if problem else self._page_parsed(progress, parsed)
        async for item in stream:
            yield item

    async def _page_parsed(self, progress: EditionProgress, parsed: PageParse) -> AsyncIterator[Any]:
        page = parsed.page
        listed = next((p for p in progress.pages if p.url == page.url), None)
        if listed is not None:
            page.page_no = page.page_no or listed.page_no
            page.page_name = page.page_name or listed.page_name
            page.pdf_url = page.pdf_url or listed.pdf_url
        page.paper, page.paper_name, page.date = progress.paper, progress.paper_name, progress.date
        progress.page_done(page.url, page.page_no, page.page_name, page.article_urls, parsed.titles)
        self.crawler.stats.inc_value("epaper/pages/fetched")
        self.ledger.handed(progress.key, page)
        yield page
        if progress.pages_finished:
            async for item in self._fetch_articles(progress):
                yield item

    async def page_failed(self, failure: Any) -> AsyncIterator[Any]:
        request = failure.request
        progress = self._editions.get(request.cb_kwargs["edition"])
        if progress is not None:
            async for item in self._page_problem(progress, request.meta["real_url"], _reason(failure)):
                yield item

    async def _page_problem(self, progress: EditionProgress, url: str, reason: str) -> AsyncIterator[Any]:
        self.crawler.stats.inc_value("epaper/pages/failed")
        self.logger.error("page %s failed: %s", url, reason)
        progress.page_failed(url, reason)
        if progress.pages_finished:
            async for item in self._fetch_articles(progress):
                yield item

    async def _stored_article_urls(self, progress: EditionProgress) -> set[str]:
        """Articles of the edition the store already holds (read at start for dated windows)."""
        if not self.incremental:
            return set()
        known = self.stored_urls.get((progress.paper, progress.date))
        if known is not None:
            return known
        return await self._read_store(
            lambda store: store.stored_article_urls(progress.paper, [progress.date]).get(progress.date, set()),
            set(), progress.key, "the stored articles", "fetching all")

    async def _fetch_articles(self, progress: EditionProgress) -> AsyncIterator[Any]:
        todo = progress.start_articles(await self._stored_article_urls(progress))
        if progress.articles_skipped:
            self.crawler.stats.inc_value("epaper/articles/skipped", progress.articles_skipped)
        for url in todo:
            yield self._request(url, self.parse_article, self.article_failed,
                                paper_key=progress.paper, edition=progress.key)
        if progress.finished:
            yield self._finish(progress)

    async def parse_article(self, response: Any, paper_key: str, edition: str) -> AsyncIterator[Any]:
        progress = self._editions.get(edition)
        url = response.meta["real_url"]
        if progress is None:  # a request left over from a paused crawl whose edition is gone
            return
        read = self._read(response, self._paper(paper_key))
        if isinstance(read, scrapy.Request):
            yield read
            return
        digest = _digest(response)
        problem = read.reason if isinstance(read, Problem) else self._elsewhere(response, paper_key, progress, digest)
        if problem:
            for item in self._article_problem(progress, url, problem):
                yield item
            return
        try:
            article, problem = await self.readers.article(get(progress.layout), read, url,
                                                              progress.titles.get(url, ""))
        except Exception as exc:  # noqa: BLE001 — one broken article must not end the crawl
            for item in self._article_problem(progress, url, f"unreadable page: {exc!r}"):
                yield item
            return
        page_no, page_name = progress.page_of(url)
        article.paper = paper_key
        article.paper_name = progress.paper_name
        article.date = progress.date
        article.page_no = article.page_no or page_no
        article.page_name = article.page_name or page_name
        article.pages = progress.pages_of(url)
        self.crawler.stats.inc_value("epaper/articles/fetched")
        if article.confidence < LOW_CONFIDENCE:
            self.crawler.stats.inc_value("epaper/articles/low_confidence")
        other = "" if problem else progress.listed_as_other(
            url, (article.title, article.lead_title, article.subtitle, article.title + article.subtitle))
        if other:
            problem = f"reads as the article listed as {other}: another article's document"
        if problem:  # another day's or article's document, or mis-decoded text
            for item in self._article_problem(progress, url, problem):
                yield item
            return
        progress.claim_document(digest, url)
        found = problems(article)
        self.ledger.handed(progress.key, article)
        yield article  # an invalid article is still handed on: the validate pipeline logs and counts the drop
        if found:
            progress.article_failed(url, ", ".join(found))
        else:
            progress.article_done(url)
        if progress.finished:
            yield self._finish(progress)

    def article_failed(self, failure: Any) -> Iterator[Any]:
        request = failure.request
        progress = self._editions.get(request.cb_kwargs["edition"])
        yield from self._article_problem(progress, request.meta["real_url"], _reason(failure))

    def _article_problem(self, progress: EditionProgress | None, url: str, reason: str):
        self.crawler.stats.inc_value("epaper/articles/failed")
        self.logger.error("article %s failed: %s", url, reason)
        if progress is not None:
            progress.article_failed(url, reason)
            if progress.finished:
                yield self._finish(progress)

    def _finish(self, progress: EditionProgress) -> Edition:
        """The edition's item, emitted once all of it was read. With a store, its status and counts
        are the store pipeline's to settle from what was acknowledged; without, they are ours."""
        self._editions.pop(progress.key, None)
        edition = progress.edition(utc_now())
        if not self.store_enabled:
            self.crawler.stats.inc_value(f"epaper/editions/{edition.status}")
            log_verdict(self.logger, edition)
        return edition

    # ----- entries that are not editions ------------------------------------------------------
    def entry_failed(self, failure: Any) -> Iterator[Any]:
        request = failure.request
        kw = request.cb_kwargs
        paper = self._paper(kw["paper_key"])
        url = request.meta["real_url"]
        if kw["mode"] == "latest":
            self.logger.info("%s: no latest issue at %s (%s)", kw["paper_key"], url, _reason(failure))
            yield from self._latest_requests(paper, kw.get("tried", 0) + 1)
            return
        if kw["mode"] == "date" and _is_missing(failure):
            yield from self._no_issue(paper, kw["day"], url, _reason(failure))
        elif kw["mode"] == "adhoc" and _is_missing(failure) and (day := date_from_url(url)):
            yield from self._no_issue(None, day.isoformat(), url, _reason(failure), key=site_key(url))
        else:
            yield from self._entry_error(paper, kw["paper_key"], kw["day"], url, _reason(failure))

    def _no_issue(self, paper: Paper | None, day: str, url: str, reason: str, key: str = ""):
        """No edition that day: recorded as ``no_issue`` (a paper not in the registry by ``key``)."""
        key = paper.key if paper else key
        self.logger.info("%s %s: no issue (%s)", key or url, day, reason)
        if key and day:
            edition = Edition(paper=key, paper_name=paper.name if paper else key, date=day, url=url,
                              status="no_issue", crawled_at=utc_now())
            if not self.store_enabled:
                self.crawler.stats.inc_value("epaper/editions/no_issue")
            yield edition

    def _entry_error(self, paper: Paper | None, key: str, day: str, url: str, reason: str, count: bool = True):
        """An edition whose entry could not be read: a failed record (when its date is known)."""
        self.logger.error("%s %s: edition failed at %s: %s", key or url, day, url, reason)
        if paper is not None and day:
            edition = Edition(paper=key, paper_name=paper.name, date=day, url=url, status="failed",
                              failures=[{"url": url, "kind": "edition", "reason": reason}], crawled_at=utc_now())
            if not self.store_enabled:
                self.crawler.stats.inc_value("epaper/editions/failed")
            yield edition
        else:  # no date, so no record: still a failed edition for the exit status
            self.crawler.stats.inc_value("epaper/editions/failed")


@dataclass
class Problem:
    """Why a response cannot be read (truncated even after retries, …)."""

    reason: str


def _digest(response: Any) -> str:
    return hashlib.sha1(response.body).hexdigest()


def _same_document(requested: str, landed: str) -> bool:
    """Whether a redirect stayed on the document asked for: the same path on another scheme or
    host (http to https, a host alias), also with a trailing slash or another extension
    (``content_1.htm`` → ``content_1.html``), or the same file name in the same dated folder."""
    want, got = (_document_path(u) for u in (requested, landed))
    if want == got:
        return True
    return want.rsplit("/", 1)[-1] == got.rsplit("/", 1)[-1] and date_from_url(requested) == date_from_url(landed)


def _document_path(url: str) -> str:
    path = urlsplit(url).path.rstrip("/").lower()
    return re.sub(r"\.(?:s?html?|php|aspx?|jsp)$", "", path)


def _is_day(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _is_missing(failure: Any) -> bool:
    """404/410 or a missing file of a file:// mirror: there is no such edition."""
    if failure.check(HttpError):
        return failure.value.response.status in (404, 410)
    return bool(failure.check(FileNotFoundError))


def _reason(failure: Any) -> str:
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    return f"{failure.type.__name__}: {failure.value}"


