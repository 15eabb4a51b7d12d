"""Test harness: the recorded sites over real HTTP, a real MongoDB-compatible server, real crawls.

* ``site_server`` serves ``tests/fixtures/sites/<host>/<path>`` at
  ``http://127.0.0.1:PORT/<host>/<path>`` (404 for anything not recorded), logs every request
  and can be told to answer 500 for chosen paths.
* ``mongo_uri`` is a SecantusDB server process for the session (never imported: we talk to it
  with pymongo only); ``store`` is a fresh database on it per test.
* ``crawl(...)`` runs ``scrapy crawl epaper`` as a subprocess against those two, exactly as a
  user or cron would, and returns the exported items and the final stats.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pymongo
import pytest

from crawler.sample import LocalHTTPServer

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SITES = FIXTURES / "sites"
EXPECTED = FIXTURES / "expected"


def pytest_configure(config) -> None:
    """The session's own EPAPER_HOME (store handshake, search indexes, archives), inherited by
    every crawl and command the tests start: nothing a test does lands in the checkout's data/."""
    os.environ["EPAPER_HOME"] = tempfile.mkdtemp(prefix="epaper-test-home-")


def pytest_unconfigure(config) -> None:
    home = os.environ.get("EPAPER_HOME", "")
    if Path(home).name.startswith("epaper-test-home-"):
        shutil.rmtree(home, ignore_errors=True)


# ----- the fixture web server --------------------------------------------------------------------
@dataclass
class SiteServer:
    port: int
    requests: list[str] = field(default_factory=list)
    fail: set[str] = field(default_factory=set)  # paths ("host/path") answered with 500
    override: dict[str, bytes] = field(default_factory=dict)  # paths answered with these bytes
    delay: float = 0.0  # seconds to wait before answering an article page

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def mirror(self) -> str:
        """The EPAPER_MIRROR template that maps every recorded host onto this server."""
        return self.base + "{host}/"

    def hits(self, fragment: str = "") -> list[str]:
        return [r for r in self.requests if fragment in r]


_SERVED_HEADERS = FIXTURES / "served_headers.json"
SERVED = json.loads(_SERVED_HEADERS.read_text()) if _SERVED_HEADERS.exists() else {}


def served_content_type(rel: str) -> str:
    """The Content-Type the fixture server sends for a recorded file (``host/path``)."""
    for pattern, value in SERVED.items():
        if fnmatch.fnmatch(rel, pattern):
            return value
    return "text/html" if rel.endswith((".htm", ".html")) else "application/octet-stream"


def _handler(state: SiteServer):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            rel = self.path.split("?", 1)[0].lstrip("/")
            state.requests.append(rel)
            if rel in state.fail:
                self.send_response(500)
                self.end_headers()
                return
            if state.delay and ("content" in rel.lower() or "articel" in rel.lower()):
                time.sleep(state.delay)
            target = (SITES / rel).resolve()
            if rel in state.override:
                body = state.override[rel]
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(body)
                return
            if SITES not in target.parents or not target.is_file():
                self.send_response(404)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<html><body>404 Not Found</body></html>")
                return
            body = target.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", served_content_type(rel))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture(scope="session")
def _site_server():
    state = SiteServer(port=0)
    server = LocalHTTPServer(("127.0.0.1", 0), _handler(state))
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()


@pytest.fixture
def site_server(_site_server):
    """The fixture web server with a clean request log and no injected failures."""
    _site_server.requests.clear()
    _site_server.fail.clear()
    _site_server.override.clear()
    _site_server.delay = 0.0
    yield _site_server
    _site_server.fail.clear()
    _site_server.override.clear()
    _site_server.delay = 0.0


# ----- the database server -----------------------------------------------------------------------
@pytest.fixture(scope="session")
def mongo_uri(tmp_path_factory):
    """A SecantusDB server process for the whole session (or $TEST_MONGO_URI if given)."""
    if os.environ.get("TEST_MONGO_URI"):
        yield os.environ["TEST_MONGO_URI"]
        return
    from crawler.embedded import EmbeddedServer

    server = EmbeddedServer(tmp_path_factory.mktemp("secantus") / "data")
    yield server.start()
    server.stop()


def _fresh_database(mongo_uri: str):
    name = f"t_{uuid.uuid4().hex[:12]}"
    # Not dropped afterwards: every test has its own database on a server whose data folder is
    # temporary, and the embedded server takes ~20 s to drop a few hundred indexed articles.
    yield name


def _store(mongo_uri: str, database: str):
    from crawler.store import Store

    s = Store(pymongo.MongoClient(mongo_uri), database)
    s.ensure_indexes()
    yield s
    s.close()


@pytest.fixture
def database(mongo_uri):
    """A fresh, uniquely named database for one test."""
    yield from _fresh_database(mongo_uri)


@pytest.fixture
def store(mongo_uri, database):
    yield from _store(mongo_uri, database)


@pytest.fixture(scope="module")
def module_database(mongo_uri):
    """A fresh database shared by the tests of one module (for crawls worth doing once)."""
    yield from _fresh_database(mongo_uri)


@pytest.fixture(scope="module")
def module_store(mongo_uri, module_database):
    yield from _store(mongo_uri, module_database)


# ----- crawls ------------------------------------------------------------------------------------
@dataclass
class CrawlResult:
    returncode: int
    log: str
    items: list[dict]
    stats: dict

    def of(self, kind: str) -> list[dict]:
        return [i for i in self.items if i["kind"] == kind]

    @property
    def edition(self) -> dict:
        (edition,) = self.of("edition")
        return edition

    def article(self, article_id: str) -> dict:
        (found,) = [a for a in self.of("article") if a["article_id"] == article_id]
        return found


class CrawlRunner:
    """Runs ``scrapy crawl epaper`` as a subprocess against the fixture server and one database."""

    def __init__(self, server: SiteServer, mongo_uri: str, database: str, workdir: Path):
        self.server, self.mongo_uri, self.database, self.workdir = server, mongo_uri, database, workdir

    @property
    def archive(self) -> Path:
        """The WARC archive folder of this runner's crawls."""
        return self.workdir / "archive"

    def command(self, *args: str, mirror: bool = True, settings: dict | None = None) -> tuple[list[str], Path, Path]:
        out = self.workdir / f"items-{uuid.uuid4().hex[:6]}.jsonl"
        stats = self.workdir / f"stats-{uuid.uuid4().hex[:6]}.json"
        cmd = [sys.executable, "-m", "scrapy", "crawl", "epaper", "-O", str(out)]
        merged = {
            "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "ROBOTSTXT_OBEY": "0", "RETRY_TIMES": "0",
            "EPAPER_STATS_FILE": str(stats), "LOG_LEVEL": "INFO",
            "EPAPER_ARCHIVE": str(self.archive),  # each test's own archive, never the checkout's data/
        }
        if mirror:
            merged["EPAPER_MIRROR"] = self.server.mirror
        merged.update(settings or {})
        for key, value in merged.items():
            cmd += ["-s", f"{key}={value}"]
        for arg in args:
            cmd += ["-a", arg]
        return cmd, out, stats

    def environment(self, env: dict | None = None) -> dict:
        return dict(os.environ, MONGO_URI=self.mongo_uri, MONGO_DATABASE=self.database, **(env or {}))

    def __call__(self, *args: str, mirror: bool = True, settings: dict | None = None, env: dict | None = None,
                 timeout: float = 120) -> CrawlResult:
        cmd, out, stats = self.command(*args, mirror=mirror, settings=settings)
        proc = subprocess.run(cmd, cwd=ROOT, env=self.environment(env), capture_output=True, text=True, timeout=timeout)
        return read_result(proc.returncode, proc.stderr, out, stats)


def read_result(returncode: int, log: str, out: Path, stats: Path) -> CrawlResult:
    items = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return CrawlResult(returncode, log, items, json.loads(stats.read_text()) if stats.exists() else {})


@pytest.fixture
def crawl(tmp_path, site_server, mongo_uri, database) -> CrawlRunner:
    """Run ``scrapy crawl epaper`` against the fixture server and this test's database."""
    return CrawlRunner(site_server, mongo_uri, database, tmp_path)


@pytest.fixture(scope="module")
def module_crawl(tmp_path_factory, _site_server, mongo_uri, module_database) -> CrawlRunner:
    """Like ``crawl``, into the module's shared database."""
    return CrawlRunner(_site_server, mongo_uri, module_database, tmp_path_factory.mktemp("crawl"))


def expected(url_path: str) -> dict:
    """The expected JSON of a recorded file, by its ``host/path``."""
    return json.loads((EXPECTED / (url_path + ".json")).read_text(encoding="utf-8"))


def manifest(host: str) -> dict:
    return json.loads((EXPECTED / host / "MANIFEST.json").read_text(encoding="utf-8"))


# ----- the fault suite (tests/test_faults.py, bench/faults.py) -------------------------------------
@pytest.fixture
def killable_db(tmp_path):
    """A SecantusDB server of this test alone (``tests/faultserver.Database``), which the test may
    SIGKILL (``.kill()``) and start again (``.start()``) on the same port and data folder."""
    from faultserver import Database

    db = Database(tmp_path / "killable-db")
    db.start()
    yield db
    db.stop()


@pytest.fixture
def fault_server():
    """A fault-injecting web server (``tests/faultserver.FaultServer``) that also serves the
    recorded sites; put a generated site in ``.files`` and faults in ``.rules``."""
    from faultserver import FaultServer

    with FaultServer(fixtures=True) as server:
        yield server
