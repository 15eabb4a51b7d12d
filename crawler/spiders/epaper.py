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

from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from typing import Any

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.spidermiddlewares.httperror import HttpError

from ..encoding import decode_html
from ..items import Edition, PageRef, problems, utc_now
from ..layouts import Layout, LayoutError, PageParse, detect, get
from ..layouts.markup import find_redirect
from ..papers import Paper, RegistryError, load_registry, lookup
from ..urls import Mirror, canonical_url, date_from_url, resolve, site_key
from .progress import EditionProgress

MAX_REDIRECTS = 5


class ArgumentError(ValueError):
    """A spider argument that makes no sense; reported in one line at start-up."""


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
        self.history = None
        self.argument_error = ""

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> EpaperSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        try:
            spider.configure(crawler.settings)
        except (ArgumentError, RegistryError) as exc:
            spider.argument_error = str(exc)  # reported in one line by start()
        return spider

    # ----- arguments --------------------------------------------------------------------------
    def configure(self, settings: Any) -> None:
        """Turn the ``-a`` arguments into papers and days; ArgumentError on nonsense."""
        self.today = _parse_day("EPAPER_TODAY", settings.get("EPAPER_TODAY")) if settings.get("EPAPER_TODAY") else date.today()
        if self.arg_url and self.arg_paper:
            raise ArgumentError("give either -a paper=… or -a url=…, not both")
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
        if self.arg_url:
            url = canonical_url(self.arg_url)
            yield self._request(url, self.parse_entry, self.entry_failed, paper_key="", day="", mode="adhoc")
            return
        if self.incremental:
            from ..store import Store  # the store is only needed when the crawl is incremental

            self.history = Store.from_settings(self.crawler.settings)
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
                    self.crawler.stats.inc_value("epaper/editions/skipped")
                    self.logger.info("%s %s: stored complete, skipped (-a refresh=1 fetches it again; "
                                     "`epaper export --kind article|page|edition --paper %s --date %s` exports "
                                     "what is stored)", paper.key, day, paper.key, day)
                    continue
                try:
                    entry = paper.entry_url(day)
                except RegistryError as exc:
                    self.logger.warning("%s", exc)
                    continue
                yield self._request(entry, self.parse_entry, self.entry_failed, paper_key=paper.key, day=day.isoformat(), mode="date")

    def closed(self, reason: str) -> None:
        if self.history is not None:
            self.history.close()

    def _complete_editions(self, paper: Paper) -> set[str]:
        if self.history is None:
            return set()
        statuses = self.history.edition_statuses(paper.key, [d.isoformat() for d in self.days])
        return {day for day, status in statuses.items() if status == "complete"}

    def _latest_requests(self, paper: Paper, tried: int) -> Iterator[scrapy.Request]:
        candidates = paper.latest_urls()
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
            return canonical_url(response.url)
        if mirror.fetch_url(requested) == response.url:
            return requested
        return canonical_url(mirror.real_url(response.url, requested.split(":", 1)[0]))

    def _decode(self, response: Any, paper: Paper | None) -> str:
        text, _ = decode_html(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"),
                              paper.encoding if paper else None)
        return text

    def _layout(self, paper: Paper | None, day: str, url: str, text: str) -> Layout:
        if paper is not None:
            return paper.layout(date.fromisoformat(day)) if day else get(paper.family)
        return detect(url, text)

    def parse_entry(self, response: Any, paper_key: str, day: str, mode: str, hops: int = 0, tried: int = 0):
        """An edition's entry: a redirect to follow, a page of the edition, or no edition."""
        paper = self._paper(paper_key)
        url = self._real_url(response, paper_key)
        text = self._decode(response, paper)
        try:
            layout = self._layout(paper, day, url, text)
            parsed = layout.parse_page(text, url)
        except LayoutError as exc:
            self.crawler.stats.inc_value("epaper/editions/unknown_layout")
            self.logger.error("%s", exc)
            return
        except Exception as exc:  # a broken page must not end the crawl
            yield from self._entry_error(paper, paper_key, day, url, f"unreadable page: {exc!r}")
            return
        if not parsed.edition_pages and not parsed.page.article_urls:
            target = find_redirect(text)
            if target and hops < MAX_REDIRECTS:
                target = resolve(url, target)
                if mode == "date" and date_from_url(target) not in (None, date.fromisoformat(day)):
                    yield from self._no_issue(paper, day, url, f"redirects to another date ({target})")
                    return
                yield self._request(target, self.parse_entry, self.entry_failed, paper_key=paper_key,
                                    day=day, mode=mode, hops=hops + 1, tried=tried)
                return
            if mode == "latest":
                yield from self._latest_requests(paper, tried + 1)
                return
            yield from self._no_issue(paper, day, url, "no page list on the entry page")
            return
        landing = date_from_url(url) or (date.fromisoformat(parsed.page.date) if parsed.page.date else None)
        if mode == "date" and landing and landing.isoformat() != day:
            yield from self._no_issue(paper, day, url, f"entry shows another date ({landing})")
            return
        if mode != "date":
            if landing is None:
                self.logger.error("%s: cannot tell the date of the edition at %s", paper_key or url, url)
                return
            day = landing.isoformat()
            if mode == "latest" and landing != self.today:
                self.logger.info("%s: latest edition is %s, not today (%s)", paper_key, day, self.today)
        if mode == "adhoc":
            paper_key = site_key(url)
        yield from self._start_edition(paper, paper_key, day, url, layout, parsed)

    def _start_edition(self, paper: Paper | None, key: str, day: str, url: str, layout: Layout, parsed: PageParse):
        pages = parsed.edition_pages or [PageRef(parsed.page.page_no, parsed.page.page_name, url, parsed.page.pdf_url)]
        progress = EditionProgress(
            paper=key, paper_name=paper.name if paper else parsed.paper_name or key, date=day, url=url,
            layout=layout.name, pages=pages, issue_no=parsed.issue_no,
        )
        self._editions[progress.key] = progress
        self.crawler.stats.inc_value("epaper/editions/fetched")
        self.logger.info("%s %s: %d pages listed", key, day, len(pages))
        if url in progress.pages_pending:
            yield from self._page_parsed(progress, parsed)
        for ref in pages:
            if ref.url != url:
                yield self._request(ref.url, self.parse_page, self.page_failed, paper_key=key, edition=progress.key)

    @property
    def _editions(self) -> dict[str, EditionProgress]:
        """Editions in progress, kept in ``self.state`` so a JOBDIR pause keeps them."""
        return self.state.setdefault("editions", {}) if hasattr(self, "state") else self.__dict__.setdefault("_local_editions", {})

    def parse_page(self, response: Any, paper_key: str, edition: str):
        progress = self._editions.get(edition)
        if progress is None:
            return
        url = response.meta["real_url"]
        try:
            parsed = get(progress.layout).parse_page(self._decode(response, self._paper(paper_key)), url)
        except Exception as exc:
            yield from self._page_problem(progress, url, f"unreadable page: {exc!r}")
            return
        yield from self._page_parsed(progress, parsed)

    def _page_parsed(self, progress: EditionProgress, parsed: PageParse):
        page = parsed.page
        listed = next((p for p in progress.pages if p.url == page.url), None)
        if listed is not None:
            page.page_no = page.page_no or listed.page_no
            page.page_name = page.page_name or listed.page_name
            page.pdf_url = page.pdf_url or listed.pdf_url
        page.paper, page.paper_name, page.date = progress.paper, progress.paper_name, progress.date
        progress.page_done(page.url, page.page_no, page.page_name, page.article_urls)
        self.crawler.stats.inc_value("epaper/pages/fetched")
        yield page
        if progress.pages_finished:
            yield from self._fetch_articles(progress)

    def page_failed(self, failure: Any):
        request = failure.request
        progress = self._editions.get(request.cb_kwargs["edition"])
        if progress is not None:
            yield from self._page_problem(progress, request.meta["real_url"], _reason(failure))

    def _page_problem(self, progress: EditionProgress, url: str, reason: str):
        self.crawler.stats.inc_value("epaper/pages/failed")
        self.logger.error("page %s failed: %s", url, reason)
        progress.page_failed(url, reason)
        if progress.pages_finished:
            yield from self._fetch_articles(progress)

    def _fetch_articles(self, progress: EditionProgress):
        stored = self.history.stored_article_urls(progress.paper, progress.date) if self.history else set()
        todo = progress.start_articles(stored)
        if progress.articles_skipped:
            self.crawler.stats.inc_value("epaper/articles/skipped", progress.articles_skipped)
        for url in todo:
            yield self._request(url, self.parse_article, self.article_failed,
                                paper_key=progress.paper, edition=progress.key)
        if progress.finished:
            yield self._finish(progress)

    def parse_article(self, response: Any, paper_key: str, edition: str):
        progress = self._editions.get(edition)
        url = response.meta["real_url"]
        layout = get(progress.layout) if progress else self._layout(self._paper(paper_key), "", url, "")
        try:
            article = layout.parse_article(self._decode(response, self._paper(paper_key)), url)
        except Exception as exc:
            yield from self._article_problem(progress, url, f"unreadable page: {exc!r}")
            return
        page_no, page_name = progress.page_of(url) if progress else ("", "")
        article.paper = paper_key
        article.paper_name = progress.paper_name if progress else ""
        article.date = progress.date if progress else article.date
        article.page_no = article.page_no or page_no
        article.page_name = article.page_name or page_name
        article.pages = progress.pages_of(url) if progress else [article.page_no]
        self.crawler.stats.inc_value("epaper/articles/fetched")
        found = problems(article)
        yield article  # an invalid article is still handed on: the validate pipeline logs and counts the drop
        if progress is None:
            return
        if found:
            progress.article_failed(url, ", ".join(found))
        else:
            progress.article_done(url)
        if progress.finished:
            yield self._finish(progress)

    def article_failed(self, failure: Any):
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
        self._editions.pop(progress.key, None)
        edition = progress.edition(utc_now())
        self.crawler.stats.inc_value(f"epaper/editions/{edition.status}")
        c = edition.counts
        self.logger.info(
            "%s %s: %s — pages %d/%d, articles %d listed, %d stored (%d already), %d failed",
            edition.paper, edition.date, edition.status, c["pages_fetched"], c["pages_listed"],
            c["articles_listed"], c["articles_stored"], c["articles_skipped"], c["articles_failed"],
        )
        return edition

    # ----- entries that are not editions ------------------------------------------------------
    def entry_failed(self, failure: Any):
        request = failure.request
        kw = request.cb_kwargs
        paper = self._paper(kw["paper_key"])
        url = request.meta["real_url"]
        if kw["mode"] == "latest":
            self.logger.info("%s: no latest issue at %s (%s)", kw["paper_key"], url, _reason(failure))
            yield from self._latest_requests(paper, kw.get("tried", 0) + 1)
            return
        if kw["mode"] == "adhoc":
            self.crawler.stats.inc_value("epaper/editions/failed")
            self.logger.error("%s: %s", url, _reason(failure))
            return
        if _is_missing(failure):
            yield from self._no_issue(paper, kw["day"], url, _reason(failure))
        else:
            yield from self._entry_error(paper, kw["paper_key"], kw["day"], url, _reason(failure))

    def _no_issue(self, paper: Paper | None, day: str, url: str, reason: str):
        self.crawler.stats.inc_value("epaper/editions/no_issue")
        self.logger.info("%s %s: no issue (%s)", paper.key if paper else url, day, reason)
        if paper is not None and day:
            yield Edition(paper=paper.key, paper_name=paper.name, date=day, url=url, status="no_issue",
                          crawled_at=utc_now())

    def _entry_error(self, paper: Paper | None, key: str, day: str, url: str, reason: str):
        self.crawler.stats.inc_value("epaper/editions/failed")
        self.logger.error("%s %s: edition failed at %s: %s", key, day, url, reason)
        if paper is not None and day:
            yield Edition(paper=key, paper_name=paper.name, date=day, url=url, status="failed",
                          failures=[{"url": url, "kind": "edition", "reason": reason}], crawled_at=utc_now())


def _is_missing(failure: Any) -> bool:
    """404/410 or a missing file of a file:// mirror: there is no such edition."""
    if failure.check(HttpError):
        return failure.value.response.status in (404, 410)
    return bool(failure.check(FileNotFoundError))


def _reason(failure: Any) -> str:
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    return f"{failure.type.__name__}: {failure.value}"
