"""The fault suite: "complete" means complete, under any fault (issue 8).

Each test crawls a generated Founder-classic site (:mod:`sitegen`) served by a fault-injecting
server (:mod:`faultserver`) with the real ``scrapy crawl epaper``, then crawls it again with the
faults gone, and holds the crawler to its contract:

* every article of the site ends up stored exactly once with the right title and body;
* no edition is ever recorded ``complete`` while anything of it is missing or wrong (checked
  while the crawl runs, by :class:`faultserver.EditionWatcher`, and after it);
* a failed item is recorded in its edition's ``failures`` with the reason ("HTTP 500",
  "truncated", "encoding", "store: …");
* the exit code says what happened: 0 = every edition asked for is complete or no_issue,
  1 = some edition is partial/failed/unrecorded, 2 = bad arguments (one line, no traceback),
  3 = the store failed; the stats file says the same (``epaper/exit_code``);
* the rerun fetches again exactly what is not stored.
"""

from __future__ import annotations

import os
import random
import re
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pymongo
import pytest

from crawler.embedded import EmbeddedServer
from faultserver import (ALWAYS, CrawlProcess, Database, EditionWatcher, FaultServer, crawl_command, free_port, pick,
                         wait_for)
from sitegen import HOST, Audit, Site, audit, generate

pytestmark = pytest.mark.faults

ERROR_LINE = re.compile(r"\b(ERROR|CRITICAL)\b|\berror:")


# ----- the harness ---------------------------------------------------------------------------
@dataclass
class Scenario:
    """One generated site on the fault server, one database, and the crawls of a test."""

    site: Site
    server: FaultServer
    uri: str
    database: str
    tmp: Path

    def crawl(self, settings: dict | None = None, env: dict | None = None, args: list[str] | None = None) -> CrawlProcess:
        return CrawlProcess(args or self.site.crawl_args(), {"EPAPER_MIRROR": self.server.mirror, **(settings or {})},
                            {"MONGO_URI": self.uri, "MONGO_DATABASE": self.database, **(env or {})}, self.tmp)

    def watch(self) -> EditionWatcher:
        return EditionWatcher(self.uri, self.database, self.site)

    def audit(self) -> Audit:
        client = pymongo.MongoClient(self.uri, serverSelectionTimeoutMS=10_000, tz_aware=False)
        try:
            return audit(client[self.database], self.site)
        finally:
            client.close()

    def rerun(self, **settings: str) -> tuple[CrawlProcess, set[str]]:
        """The fault-free rerun, and the article documents it fetched."""
        self.server.heal()
        self.server.reset_log()
        again = self.crawl(settings).run()
        return again, {h.path for h in self.server.article_hits()}


@pytest.fixture
def scenario(tmp_path, fault_server, mongo_uri, database):
    """Build the scenario of a test: ``scenario(editions=…, seed=…)`` (the session database server)."""

    def make(editions: int = 3, seed: int = 0, uri: str = "") -> Scenario:
        site = generate(editions=editions, seed=seed)
        fault_server.files.update(site.files)
        return Scenario(site, fault_server, uri or mongo_uri, database, tmp_path)

    return make


def path_of(url: str) -> str:
    return url.split("://", 1)[1]


def assert_never_false_complete(watcher: EditionWatcher, found: Audit) -> None:
    assert watcher.violations == {}, f"recorded complete while lacking: {watcher.violations}"
    assert found.false_complete == {}, f"recorded complete while lacking: {found.false_complete}"


def assert_perfect(found: Audit) -> None:
    assert found.garbled == [], f"stored garbled: {found.garbled}"
    assert found.lost == [], f"lost: {found.lost}"
    assert found.duplicated == [] and found.extra == [], found.summary()
    assert found.pages_missing == [], found.pages_missing
    assert set(found.statuses.values()) == {"complete"}, found.statuses
    assert found.perfect


def assert_exit(crawl: CrawlProcess, code: int, stats: bool = True) -> None:
    """The exit code, and the same in the stats file (which a crawl that never opened may lack: ``stats=False``)."""
    assert crawl.returncode == code, f"exit {crawl.returncode}, expected {code}; log tail:\n{crawl.log[-2500:]}"
    if stats or crawl.stats:
        assert crawl.stats.get("epaper/exit_code") == code, "the stats file must say the exit code"


def assert_stats_match_store(crawl: CrawlProcess, found: Audit) -> None:
    """``epaper/editions/<status>`` count what the store acknowledged, not what the spider meant."""
    for status in ("complete", "partial", "failed"):
        recorded = sum(1 for s in found.statuses.values() if s == status)
        assert crawl.stats.get(f"epaper/editions/{status}", 0) == recorded, (status, found.statuses)


def reasons_for(found: Audit, paths: list[str]) -> dict[str, str]:
    reasons = {path_of(url): reason for url, reason in found.failure_reasons().items()}
    return {p: reasons.get(p, "<no failure recorded>") for p in paths}


def edition_of(site: Site, path: str) -> str:
    return next(e.date for e in site.editions if any(p.path == path for p in e.pages)
                or any(a.path == path for a in e.articles))


def no_traceback(log: str) -> None:
    assert "Traceback" not in log and "Task exception was never retrieved" not in log, log[-3000:]


# ----- truncated bodies ----------------------------------------------------------------------
def test_truncated_bodies_are_retried(scenario):
    """Half a document with a Content-Length to match, on the first attempt only: retried, all stored."""
    sc = scenario(editions=4, seed=1)
    rng = random.Random(1)
    cut = pick(sc.site.article_paths(), 0.10, rng) + [rng.choice(sc.site.editions).entry.path]
    sc.server.add(cut, "truncate", attempts=1)
    with sc.watch() as watcher:
        first = sc.crawl({"RETRY_TIMES": "2"}).run()
    found = sc.audit()
    assert_never_false_complete(watcher, found)
    assert_perfect(found)
    assert_exit(first, 0)
    assert_stats_match_store(first, found)
    assert sc.server.faults_applied()["truncate"] == len(cut)
    again, refetched = sc.rerun()
    assert_exit(again, 0)
    assert refetched == set()


def test_truncated_bodies_that_stay_truncated_are_recorded(scenario):
    """Always truncated: never stored as good, recorded failed "truncated", exit 1; the rerun repairs it."""
    sc = scenario(editions=4, seed=2)
    rng = random.Random(2)
    broken_entry = rng.choice(sc.site.editions)
    cut = pick([a.path for a in sc.site.articles if a.date != broken_entry.date], 0.10, rng)
    sc.server.add(cut + [broken_entry.entry.path], "truncate", attempts=ALWAYS)
    with sc.watch() as watcher:
        first = sc.crawl({"RETRY_TIMES": "1"}).run()
    found = sc.audit()
    assert_never_false_complete(watcher, found)
    assert found.garbled == [], f"truncated documents stored as good: {found.garbled}"
    stored_paths = {a.path for a in sc.site.articles if a.id in found.stored}
    assert stored_paths.isdisjoint(cut)
    assert all("truncated" in r for r in reasons_for(found, cut).values()), reasons_for(found, cut)
    assert "truncated" in reasons_for(found, [broken_entry.entry.path])[broken_entry.entry.path]
    assert found.statuses.get(broken_entry.date) in ("partial", "failed"), found.statuses
    hit = {edition_of(sc.site, p) for p in cut}
    for edition in sc.site.editions:
        if edition.date != broken_entry.date:
            assert found.statuses[edition.date] == ("partial" if edition.date in hit else "complete"), found.statuses
    assert_exit(first, 1)
    assert_stats_match_store(first, found)
    lost = {a.path for a in sc.site.articles if a.id in found.lost}
    again, refetched = sc.rerun()
    assert_perfect(sc.audit())
    assert_exit(again, 0)
    assert refetched == lost


# ----- stray bytes ---------------------------------------------------------------------------
def test_a_stray_byte_never_garbles_a_page(scenario):
    """One 0xFF in a UTF-8 text: decoded as UTF-8 (not GB18030), and a text with U+FFFD is a
    recorded "encoding" failure, never a stored article."""
    sc = scenario(editions=3, seed=3)
    rng = random.Random(3)
    stray = pick(sc.site.article_paths(), 0.10, rng)
    pages = pick([p.path for e in sc.site.editions for p in e.pages[1:]], 0.10, rng)
    sc.server.add(stray + pages, "stray", attempts=ALWAYS)
    with sc.watch() as watcher:
        first = sc.crawl().run()
    found = sc.audit()
    assert_never_false_complete(watcher, found)
    assert found.garbled == [], f"stored garbled: {found.garbled}"
    by_path = {a.path: a for a in sc.site.articles}
    failed = [p for p in stray if by_path[p].id not in found.stored]
    assert all("encoding" in r for r in reasons_for(found, failed).values()), reasons_for(found, failed)
    page_reasons = reasons_for(found, pages)
    unread = [p for p in pages if "encoding" in page_reasons[p]]  # a page may be refused too, with its reason
    excused = set(stray) | {a.path for e in sc.site.editions for p in e.pages if p.path in unread for a in p.articles}
    assert [a.id for a in sc.site.articles if a.path not in excused and a.id not in found.stored] == [], \
        "a page with a stray byte lost its articles without an encoding failure"
    lost = {a.path for a in sc.site.articles if a.id in found.lost}
    broken = {edition_of(sc.site, p) for p in [*lost, *unread]}
    assert {d for d, s in found.statuses.items() if s != "complete"} == broken, found.statuses
    assert_exit(first, 1 if broken else 0)
    again, refetched = sc.rerun()
    assert_perfect(sc.audit())
    assert_exit(again, 0)
    assert refetched == lost


# ----- HTTP errors, resets, timeouts ---------------------------------------------------------
def test_http_500s_and_connection_resets(scenario):
    """Passing 500s and resets are retried; lasting 500s are recorded "HTTP 500", the edition partial, exit 1."""
    sc = scenario(editions=4, seed=4)
    rng = random.Random(4)
    x, y = sc.site.editions[1], sc.site.editions[2]
    lasting_articles = sc.server.add([x.pages[2].articles[0].path, x.pages[5].articles[3].path], "500", attempts=ALWAYS)
    lasting_page = sc.server.add([y.pages[4].path], "500", attempts=ALWAYS)
    expected_lost = set(lasting_articles) | {a.path for a in y.pages[4].articles}
    others = [p for p in sc.site.article_paths() if p not in expected_lost]
    passing = sc.server.add(pick(others, 0.10, rng), "500", attempts=2)
    resets = sc.server.add(pick([p for p in others if p not in passing], 0.05, rng), "reset", attempts=1)
    sc.server.add([sc.site.editions[3].pages[3].path], "500", attempts=2)
    with sc.watch() as watcher:
        first = sc.crawl({"RETRY_TIMES": "2"}).run()
    assert sc.server.faults_applied()["reset"] == len(resets)
    found = sc.audit()
    assert_never_false_complete(watcher, found)
    assert found.garbled == []
    assert set(reasons_for(found, lasting_articles + lasting_page).values()) == {"HTTP 500"}
    assert {a.path for a in sc.site.articles if a.id in found.lost} == expected_lost
    assert found.statuses == {e.date: "partial" if e in (x, y) else "complete" for e in sc.site.editions}
    assert_exit(first, 1)
    assert_stats_match_store(first, found)
    again, refetched = sc.rerun()
    assert_perfect(sc.audit())
    assert_exit(again, 0)
    assert refetched == expected_lost


def test_timeouts(scenario):
    """An answer slower than DOWNLOAD_TIMEOUT once is retried; one that is always slow is a recorded failure."""
    sc = scenario(editions=2, seed=5)
    sc.server.slow = 3.0
    rng = random.Random(5)
    articles = sc.site.article_paths()
    once = sc.server.add(pick(articles, 0.04, rng), "slow", attempts=1)
    always = sc.server.add([p for p in pick(articles, 0.02, rng) if p not in once][:1], "slow", attempts=ALWAYS)
    with sc.watch() as watcher:
        first = sc.crawl({"RETRY_TIMES": "1", "DOWNLOAD_TIMEOUT": "2"}).run()
    found = sc.audit()
    assert_never_false_complete(watcher, found)
    reason = reasons_for(found, always)[always[0]]
    assert "time" in reason.lower(), reason
    assert [a.path for a in sc.site.articles if a.id in found.lost] == always
    assert found.statuses[edition_of(sc.site, always[0])] == "partial"
    assert sum(s == "complete" for s in found.statuses.values()) == 1
    assert_exit(first, 1)
    again, refetched = sc.rerun()
    assert_perfect(sc.audit())
    assert_exit(again, 0)
    assert refetched == set(always)


# ----- bad markup ----------------------------------------------------------------------------
def test_bad_links_skip_only_themselves(scenario):
    """``http://[``, ``:-1``, a port over 65535, ``[if !IE]`` in a page: the other links of the page still count."""
    sc = scenario(editions=3, seed=6)
    rng = random.Random(6)
    pages = [e.entry.path for e in sc.site.editions] + pick([p.path for e in sc.site.editions for p in e.pages[1:]], 0.3, rng)
    sc.server.add(pages, "badlinks", attempts=ALWAYS)
    with sc.watch() as watcher:
        first = sc.crawl().run()
    found = sc.audit()
    assert_never_false_complete(watcher, found)
    assert_perfect(found)
    assert_exit(first, 0)
    no_traceback(first.log)


def test_entry_documents_that_are_not_editions(scenario):
    """A redirect to a bad URL, a doctype-only and a comment-only entry page: each edition gets a
    record (no_issue or failed with a reason), the crawl goes on, no traceback."""
    sc = scenario(editions=4, seed=7)
    odd = {
        sc.site.editions[0].entry.path: b'<html><head><meta http-equiv="refresh" content="0; url=http://["></head><body></body></html>',
        sc.site.editions[1].entry.path: b"<!DOCTYPE html>",
        sc.site.editions[2].entry.path: b"<!-- nothing here -->",
    }
    sc.server.override.update(odd)
    with sc.watch() as watcher:
        first = sc.crawl().run()
    found = sc.audit()
    assert_never_false_complete(watcher, found)
    no_traceback(first.log)
    dates = [e.date for e in sc.site.editions]
    assert set(found.statuses) == set(dates), f"editions without a record: {set(dates) - set(found.statuses)}"
    for day in dates[:3]:
        assert found.statuses[day] in ("no_issue", "failed"), found.statuses
        if found.statuses[day] == "failed":
            assert found.failures[day] and found.failures[day][0]["reason"], found.failures[day]
    assert found.statuses[dates[3]] == "complete"
    assert_exit(first, 1 if "failed" in found.statuses.values() else 0)


def test_documents_that_are_not_the_ones_listed_are_failures(scenario):
    """A listed page redirected to the front page, an article answered with the front page's
    bytes, an article redirected to another day's article or answered with one, an entry answered
    with nothing: each
    is a recorded failure of its edition, never a complete edition holding the wrong document
    under the listed address; the fault-free rerun stores every one right."""
    sc = scenario(editions=4, seed=11)
    one, two, three, four = sc.site.editions
    page = one.pages[1]
    sc.server.redirects[page.path] = one.entry.path
    served_index = one.entry.articles[0]
    sc.server.override[served_index.path] = sc.site.files[one.entry.path]
    moved = two.entry.articles[1]
    sc.server.redirects[moved.path] = one.entry.articles[1].path
    sc.server.override[three.entry.path] = b""
    swapped = four.entry.articles[0]  # answered with the bytes of another day's article
    sc.server.override[swapped.path] = sc.site.files[two.entry.articles[0].path]
    twin, original = four.pages[1].articles[:2]  # answered with the bytes of an article of its own edition
    sc.server.override[twin.path] = sc.site.files[original.path]
    with sc.watch() as watcher:
        first = sc.crawl().run()
    found = sc.audit()
    assert_never_false_complete(watcher, found)
    no_traceback(first.log)
    assert found.statuses == {one.date: "partial", two.date: "partial", three.date: "failed", four.date: "partial"}
    # whichever of the two answers first, the twin fails and the original is stored right
    assert reasons_for(found, [twin.path])[twin.path] in (
        f"served the same document as {original.url}", f"reads as the article listed as {original.url}: another article's document")
    reasons = reasons_for(found, [page.path, served_index.path, moved.path, three.entry.path, swapped.path])
    assert reasons == {
        page.path: f"redirected to {one.entry.url}, not the document listed",
        served_index.path: f"served the same document as {one.entry.url}",
        moved.path: f"redirected to {one.entry.articles[1].url}, not the document listed",
        three.entry.path: "entry page is an empty page",
        swapped.path: f"the document is dated {two.date}, its address {four.date}: another day's document"}
    stored = {a["_id"] for a in pymongo.MongoClient(sc.uri)[sc.database].articles.find({}, {"_id": 1})}
    assert not {served_index.id, moved.id, swapped.id, twin.id} & stored and original.id in stored
    assert_exit(first, 1)
    with sc.watch() as watcher:  # the same faults again: nothing is stored wrong, nothing called complete
        still = sc.crawl().run()
    assert_never_false_complete(watcher, sc.audit())
    assert_exit(still, 1)
    again, _ = sc.rerun()
    assert_perfect(sc.audit())
    assert_exit(again, 0)


# ----- the database fails --------------------------------------------------------------------
def _kill_when(sc: Scenario, share: float, action) -> threading.Thread:
    """Run ``action`` in the background once ``share`` of the site's articles were requested."""
    wanted = int(len(sc.site.articles) * share)

    def run():
        if wait_for(lambda: len(sc.server.article_hits()) >= wanted, timeout=120):
            action()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_database_outage_of_15_seconds(scenario, killable_db):
    """SIGKILL the database a third into the crawl, start it again 15 s later on the same port and
    data: writes are retried and kept, nothing is lost, nothing is recorded complete too early, exit 0."""
    sc = scenario(editions=6, seed=8, uri=killable_db.uri)
    sc.server.delay = 0.05
    outage: list[float] = []

    def outage_of_15s():
        killable_db.kill()
        outage.append(time.monotonic())
        time.sleep(15)
        killable_db.start()
        outage.append(time.monotonic())

    with sc.watch() as watcher:
        crawl = sc.crawl({"EPAPER_STORE_RETRY_SECONDS": "60"}).start()
        thread = _kill_when(sc, 1 / 3, outage_of_15s)
        crawl.wait(timeout=180)
        thread.join(timeout=60)
    assert len(outage) == 2, "the database was not killed mid-crawl"
    found = sc.audit()
    assert_never_false_complete(watcher, found)
    assert_perfect(found)
    assert_exit(crawl, 0)
    assert crawl.stats.get("epaper/store/failed", 0) == 0
    assert_stats_match_store(crawl, found)
    again, refetched = sc.rerun()
    assert_exit(again, 0)
    assert refetched == set()


def test_database_that_stays_down(tmp_path, scenario):
    """SIGKILL the database mid-crawl for good: the crawl stops within about
    EPAPER_STORE_RETRY_SECONDS, exit 3, one line naming the store (no password), nothing
    recorded complete that is not; with the database back, a rerun completes."""
    db = Database(tmp_path / "down-db", user="crawler", password="s3cret-pw")
    db.start()
    try:
        sc = scenario(editions=6, seed=9, uri=db.uri)
        sc.server.delay = 0.05
        with sc.watch() as watcher:
            crawl = sc.crawl({"EPAPER_STORE_RETRY_SECONDS": "10"}).start()
            thread = _kill_when(sc, 1 / 3, db.kill)
            crawl.wait(timeout=10 + 80)
            thread.join(timeout=10)
            assert not db.running, "the database was not killed mid-crawl"
            log = crawl.log
            db.start()
        assert crawl.stats.get("finish_reason") == "store_unavailable", crawl.stats.get("finish_reason")
        assert crawl.stats.get("epaper/store/failed", 0) > 0
        assert_exit(crawl, 3)
        no_traceback(log)
        assert "s3cret-pw" not in log
        assert any(db.address in line for line in log.splitlines() if ERROR_LINE.search(line)), log[-3000:]
        found = sc.audit()
        assert_never_false_complete(watcher, found)
        assert found.garbled == []
        assert_stats_match_store(crawl, found)
        again, _ = sc.rerun()
        assert_perfect(sc.audit())
        assert_exit(again, 0)
    finally:
        db.stop()


def test_embedded_server_keeps_acknowledged_writes_after_sigkill(tmp_path):
    """The crawler's own embedded server: what it acknowledged survives a SIGKILL."""
    server = EmbeddedServer(tmp_path / "embedded")
    uri = server.start()
    client = pymongo.MongoClient(uri)
    for i in range(20):
        client.t.docs.insert_one({"_id": i})
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait()
    server.process = None
    client.close()
    again = EmbeddedServer(tmp_path / "embedded")
    try:
        client = pymongo.MongoClient(again.start())
        assert client.t.docs.count_documents({}) == 20
        client.close()
    finally:
        again.stop()


# ----- the crawler is killed -----------------------------------------------------------------
def test_crawler_sigkill_then_rerun(scenario):
    """SIGKILL the crawl 40 % in: nothing false recorded; the rerun fetches exactly what is not stored."""
    sc = scenario(editions=6, seed=10)
    sc.server.delay = 0.02
    with sc.watch() as watcher:
        crawl = sc.crawl().start()
        assert wait_for(lambda: len(sc.server.article_hits()) >= 0.4 * len(sc.site.articles), timeout=120)
        crawl.kill()
    # A batch sent just before the kill may still be committing on the server: audit once the
    # store has stopped changing, so "lost" is what the rerun really finds missing.
    found = sc.audit()
    settled = time.monotonic() + 30
    while time.monotonic() < settled:
        time.sleep(0.5)
        again_found = sc.audit()
        if again_found.lost == found.lost:
            break
        found = again_found
    assert_never_false_complete(watcher, found)
    assert found.garbled == []
    lost = {a.path for a in sc.site.articles if a.id in found.lost}
    assert lost, "the crawl was killed after it had stored everything"
    again, refetched = sc.rerun()
    assert_perfect(sc.audit())
    assert_exit(again, 0)
    assert refetched == lost


# ----- bad arguments and unreachable things --------------------------------------------------
def _one_error_line(log: str) -> str:
    errors = [line for line in log.splitlines() if ERROR_LINE.search(line)]
    assert len(errors) == 1, "expected one error line:\n" + "\n".join(errors)
    return errors[0]


def test_url_that_is_not_a_url_is_a_bad_argument(tmp_path, mongo_uri, database):
    crawl = CrawlProcess(["url=not-a-url"], {}, {"MONGO_URI": mongo_uri, "MONGO_DATABASE": database}, tmp_path).run()
    no_traceback(crawl.log)
    assert crawl.returncode == 2, crawl.log[-2000:]
    assert "not-a-url" in _one_error_line(crawl.log)


def test_unreachable_edition_url_is_not_done(tmp_path, mongo_uri, database):
    """Connection refused for the edition asked for: the work is not done, exit 1."""
    url = f"http://127.0.0.1:{free_port()}/html/2021-03/01/node_2.htm"
    crawl = CrawlProcess([f"url={url}"], {"RETRY_TIMES": "0"}, {"MONGO_URI": mongo_uri, "MONGO_DATABASE": database},
                         tmp_path).run()
    no_traceback(crawl.log)
    assert_exit(crawl, 1)


def test_unreachable_store_is_one_line_and_exit_3(scenario):
    port = free_port()
    sc = scenario(editions=1, seed=12, uri=f"mongodb://crawler:s3cret-pw@127.0.0.1:{port}/")
    crawl = sc.crawl().run()
    no_traceback(crawl.log)
    assert "s3cret-pw" not in crawl.log
    assert f"127.0.0.1:{port}" in _one_error_line(crawl.log)
    assert_exit(crawl, 3, stats=False)


def test_wrong_credentials_are_one_line_and_exit_3(tmp_path, scenario):
    db = Database(tmp_path / "auth-db", user="crawler", password="right-pw")
    db.start()
    try:
        sc = scenario(editions=1, seed=13, uri=f"mongodb://crawler:wrong-pw@{db.address}/")
        crawl = sc.crawl().run()
        no_traceback(crawl.log)
        assert "wrong-pw" not in crawl.log
        assert db.address in _one_error_line(crawl.log)
        assert_exit(crawl, 3, stats=False)
    finally:
        db.stop()


def test_generated_site_is_read_exactly(scenario):
    """The harness itself: with no fault, one crawl stores the whole site and the audit agrees."""
    sc = scenario(editions=2, seed=14)
    with sc.watch() as watcher:
        first = sc.crawl().run()
    found = sc.audit()
    assert_never_false_complete(watcher, found)
    assert_perfect(found)
    assert first.returncode == 0
    assert len(watcher.checked) == 2
    assert sc.server.faults_applied() == {}
    assert len(sc.server.hits()) == 2 * (8 + 48)
    assert all(h.path.startswith(HOST + "/html/2021-03/") for h in sc.server.hits())
    assert crawl_command(["paper=xinyang"], {"A": "1"})[-4:] == ["-s", "A=1", "-a", "paper=xinyang"]
