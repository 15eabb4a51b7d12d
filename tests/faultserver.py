"""Faults on demand: a fault-injecting web server, a killable database server, a killable crawl.

* :class:`FaultServer` serves a generated site (:mod:`sitegen`) and optionally the recorded
  ``tests/fixtures/sites`` at ``http://127.0.0.1:PORT/<host>/<path>`` (the layout of the
  fixture server in ``conftest.py``, so ``EPAPER_MIRROR=http://127.0.0.1:PORT/{host}/`` works),
  and applies per-path, per-attempt :class:`Rule` s: HTTP 500, answers slower than the
  crawl's ``DOWNLOAD_TIMEOUT``, bodies cut in half with a Content-Length that matches the half,
  one invalid byte in a UTF-8 text, bad links injected into page documents, connection resets.
  :func:`pick` chooses the paths of a scenario with a seeded RNG. Every request is logged.
* :class:`Database` is a SecantusDB server process that a test can SIGKILL and start again on
  the same port and data folder (``--sync-on-commit``, so an acknowledged write survives).
  We talk to it with pymongo only.
* :class:`CrawlProcess` is one real ``scrapy crawl epaper`` subprocess, which can be waited
  for or killed.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pymongo
from pymongo.errors import PyMongoError

from crawler.sample import LocalHTTPServer

ROOT = Path(__file__).resolve().parent.parent
SITES = ROOT / "tests" / "fixtures" / "sites"

ALWAYS = 0  # Rule.attempts: every attempt is faulty
FAULTS = ("500", "slow", "truncate", "stray", "badlinks", "reset")
# Links that make naive URL code raise: an unclosed IPv6 bracket, negative and too-large ports,
# and a conditional comment misread as an href.
BAD_HREFS = ("http://[", "http://ribao.xyxww.com.cn:-1/html/x.htm", "http://ribao.xyxww.com.cn:99999/html/x.htm",
             "[if !IE]", "http://[::1/content_1.htm", "javascript:void(0)", "mailto:", "http://")


@dataclass
class Rule:
    """One fault for one path: ``fault`` (see FAULTS) on the first ``attempts`` requests (0 = all)."""

    fault: str
    attempts: int = 1

    def __post_init__(self) -> None:
        if self.fault not in FAULTS:
            raise ValueError(f"unknown fault {self.fault!r}; one of {FAULTS}")

    def active(self, attempt: int) -> bool:
        return self.attempts == ALWAYS or attempt <= self.attempts


@dataclass
class Hit:
    path: str  # host/path
    attempt: int  # 1 for the first request of this path
    fault: str  # the fault applied, "" for a normal answer
    status: int  # HTTP status sent (0 = connection reset)


def pick(paths: Iterable[str], share: float, rng: random.Random, at_least: int = 1) -> list[str]:
    """A seeded sample of ``share`` of ``paths`` (at least ``at_least``), in the paths' order."""
    paths = list(paths)
    k = min(len(paths), max(at_least, round(len(paths) * share)))
    chosen = set(rng.sample(paths, k))
    return [p for p in paths if p in chosen]


# ----- document mutations --------------------------------------------------------------------
def truncate(body: bytes) -> bytes:
    """The first half of the bytes (the server then promises exactly that many)."""
    return body[: len(body) // 2]


_LEAD = re.compile(rb"[\xc2-\xf4]")  # a UTF-8 lead byte: always at a character boundary


def _text_span(body: bytes) -> tuple[int, int]:
    """Where the reader-visible text of a document is: the article's headline to the end of its
    body, else a page's title list, else the whole ``<body>``."""
    for start, end in ((rb"<h1", rb"</founder-content>"), (rb"<TBODY>", rb"</TBODY>"), (rb"<body", rb"</body>")):
        i, j = body.find(start), body.find(end)
        if 0 <= i < j:
            return i, j
    return 0, len(body)


def stray_byte(body: bytes, path: str) -> bytes:
    """``body`` with one 0xFF byte put between two characters of its visible text (the place is
    chosen by the path, so it is the same on every attempt)."""
    start, end = _text_span(body)
    spots = [m.start() + start for m in _LEAD.finditer(body[start:end])]
    if not spots:
        return body + b"\xff"
    at = spots[zlib.crc32(path.encode()) % len(spots)]
    return body[:at] + b"\xff" + body[at:]


def bad_links(body: bytes) -> bytes:
    """``body`` with links no URL parser accepts: hotspots in the page map and a list of links."""
    areas = b"".join(b'<Area coords="1,1,2,2" shape="polygon" href="%s">' % h.encode() for h in BAD_HREFS)
    rows = b"".join(b'<tr><td class=default><a href="%s">%s</a></td></tr>' % (h.encode(), "坏链接".encode())
                    for h in BAD_HREFS)
    m = re.search(rb"<map[^>]*>", body, re.I)
    if m:
        body = body[: m.end()] + areas + body[m.end():]
    m = re.search(rb"<tbody>", body, re.I)
    if m:
        return body[: m.end()] + rows + body[m.end():]
    i = body.lower().rfind(b"</body>")
    return body[:i] + b"<table>" + rows + b"</table>" + body[i:] if i >= 0 else body + rows


# ----- the web server ------------------------------------------------------------------------
class FaultServer:
    """A threading HTTP server on 127.0.0.1 serving ``files`` (``host/path`` → bytes), then the
    recorded sites if ``fixtures``, applying ``rules`` per path and attempt."""

    def __init__(self, files: dict[str, bytes] | None = None, fixtures: bool = False, slow: float = 3.0,
                 delay: float = 0.0):
        self.files = dict(files or {})
        self.fixtures = fixtures
        self.slow = slow  # seconds a "slow" answer waits (make it longer than DOWNLOAD_TIMEOUT)
        self.delay = delay  # seconds every article document waits (to make a crawl last)
        self.rules: dict[str, Rule] = {}
        self.override: dict[str, bytes] = {}  # paths answered with these bytes instead
        self.redirects: dict[str, str] = {}  # paths answered with a 302 to this other path
        self.log: list[Hit] = []
        self.attempts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server: LocalHTTPServer | None = None
        self.port = 0

    # life cycle
    def start(self) -> FaultServer:
        self._server = LocalHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def mirror(self) -> str:
        """The EPAPER_MIRROR template that maps every host onto this server."""
        return self.base + "{host}/"

    # rules and the log
    def add(self, paths: Iterable[str], fault: str, attempts: int = 1) -> list[str]:
        paths = list(paths)
        for path in paths:
            self.rules[path] = Rule(fault, attempts)
        return paths

    def heal(self) -> None:
        """No more faults from now on (the log is kept)."""
        self.rules.clear()
        self.override.clear()
        self.redirects.clear()
        self.delay = 0.0

    def reset_log(self) -> None:
        with self._lock:
            self.log.clear()
            self.attempts.clear()

    def hits(self, predicate: Callable[[str], bool] = lambda p: True) -> list[Hit]:
        with self._lock:
            return [h for h in self.log if predicate(h.path)]

    def article_hits(self) -> list[Hit]:
        return self.hits(lambda p: "/content_" in p)

    def faults_applied(self) -> Counter[str]:
        return Counter(h.fault for h in self.hits() if h.fault)

    # serving
    def _document(self, path: str) -> tuple[int, bytes, str]:
        if path in self.override:
            return 200, self.override[path], "text/html"
        if path in self.files:
            return 200, self.files[path], "text/html"
        if self.fixtures:
            target = (SITES / path).resolve()
            if SITES in target.parents and target.is_file():
                kind = "text/html" if path.endswith((".htm", ".html")) else "application/octet-stream"
                return 200, target.read_bytes(), kind
        return 404, b"<html><body>404 Not Found</body></html>", "text/html"

    def _handler(self):
        state = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                path = self.path.split("?", 1)[0].lstrip("/")
                with state._lock:
                    state.attempts[path] += 1
                    attempt = state.attempts[path]
                if path in state.redirects:
                    state._record(path, attempt, "redirect", 302)
                    self.send_response(302)
                    self.send_header("Location", "/" + state.redirects[path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                rule = state.rules.get(path)
                fault = rule.fault if rule and rule.active(attempt) else ""
                status, body, kind = state._document(path)
                if fault == "500":
                    status, body = 500, b"<html><body>500 Internal Server Error</body></html>"
                elif status == 200 and fault == "truncate":
                    body = truncate(body)
                elif status == 200 and fault == "stray":
                    body = stray_byte(body, path)
                elif status == 200 and fault == "badlinks":
                    body = bad_links(body)
                # Logged on arrival, so that a log reset between two crawls never sees a late answer.
                state._record(path, attempt, fault, 0 if fault == "reset" else status)
                if state.delay and "/content_" in path:
                    time.sleep(state.delay)
                if fault == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                    return
                if fault == "slow":
                    time.sleep(state.slow)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout): nothing to answer

            def finish(self):
                try:
                    super().finish()
                except OSError:
                    pass  # the socket was reset on purpose

            def log_message(self, *args):
                pass

        return Handler

    def _record(self, path: str, attempt: int, fault: str, status: int) -> None:
        with self._lock:
            self.log.append(Hit(path, attempt, fault, status))


# ----- the database server -------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(uri: str, timeout_ms: int = 500) -> bool:
    client = pymongo.MongoClient(uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms)
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


class Database:
    """A SecantusDB server on a fixed port and data folder that can be killed and started again.

    With ``user``/``password`` the server is first started open to create that user, then
    restarted with ``--auth`` (so a wrong password is refused as by MongoDB).
    """

    def __init__(self, data: str | Path, port: int = 0, user: str = "", password: str = ""):
        self.data = Path(data).resolve()
        self.port = port or free_port()
        self.user, self.password = user, password
        self.process: subprocess.Popen | None = None
        self.log_file = self.data.with_suffix(".log")

    @property
    def uri(self) -> str:
        """The URI to give the crawler (with the credentials, if any)."""
        auth = f"{self.user}:{self.password}@" if self.user else ""
        return f"mongodb://{auth}127.0.0.1:{self.port}/"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _launch(self, auth: bool) -> None:
        from crawler.embedded import _executable  # the crawler's own lookup of secantusd-py

        self.data.mkdir(parents=True, exist_ok=True)
        cmd = [_executable(), "--host", "127.0.0.1", "--port", str(self.port), "--storage-path", str(self.data),
               "--sync-on-commit"] + (["--auth"] if auth else [])
        with open(self.log_file, "ab") as log:
            self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        deadline = time.monotonic() + 60
        probe = self.uri if auth else f"mongodb://127.0.0.1:{self.port}/"
        while not answers(probe):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"secantusd-py did not start on port {self.port}; see {self.log_file}")
            time.sleep(0.1)

    def start(self) -> str:
        """Start the server (again, after a kill) and return its URI once it answers."""
        if self.running:
            return self.uri
        if self.user and not (self.data / ".users-created").exists():
            self._launch(auth=False)
            client = pymongo.MongoClient(f"mongodb://127.0.0.1:{self.port}/")
            client.admin.command("createUser", self.user, pwd=self.password, roles=["root"])
            client.close()
            self.stop()
            (self.data / ".users-created").touch()
        self._launch(auth=bool(self.user))
        return self.uri

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the server: no shutdown, no flush; what it acknowledged must survive."""
        if self.process is not None:
            if self.process.poll() is None:
                os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None

    def client(self, timeout_ms: int = 5000) -> pymongo.MongoClient:
        return pymongo.MongoClient(self.uri, serverSelectionTimeoutMS=timeout_ms, tz_aware=False)


# ----- the crawl -----------------------------------------------------------------------------
def crawl_command(args: Iterable[str], settings: dict[str, str], out: Path | None = None) -> list[str]:
    """``scrapy crawl epaper`` with ``-a`` arguments and ``-s`` settings (and an item feed)."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "epaper"]
    if out is not None:
        cmd += ["-O", str(out)]
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    for arg in args:
        cmd += ["-a", arg]
    return cmd


FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "ROBOTSTXT_OBEY": "0", "LOG_LEVEL": "INFO",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "16"}


@dataclass
class CrawlProcess:
    """One ``scrapy crawl epaper`` subprocess (cwd = the checkout, so this worktree's code runs)."""

    args: list[str]
    settings: dict[str, str]
    env: dict[str, str]
    workdir: Path
    returncode: int | None = None
    seconds: float = 0.0
    process: subprocess.Popen | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        tag = uuid.uuid4().hex[:6]
        self.stats_file = self.workdir / f"stats-{tag}.json"
        self.log_file = self.workdir / f"crawl-{tag}.log"
        self.settings = {**FAST, "EPAPER_STATS_FILE": str(self.stats_file), **self.settings}

    def start(self) -> CrawlProcess:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._t0 = time.monotonic()
        with open(self.log_file, "wb") as log:
            self.process = subprocess.Popen(crawl_command(self.args, self.settings), cwd=ROOT,
                                            env=dict(os.environ, **self.env), stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
        return self

    def wait(self, timeout: float = 120) -> int:
        """The exit code; a crawl still running after ``timeout`` seconds is killed (and fails the test)."""
        assert self.process is not None
        try:
            self.returncode = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"crawl still running after {timeout} s; log: {self.log_file}") from None
        self.seconds = time.monotonic() - self._t0
        return self.returncode

    def kill(self) -> None:
        """SIGKILL the crawl (its own pid only)."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        if self.process is not None:
            self.returncode = self.process.wait()
            self.seconds = time.monotonic() - self._t0

    def run(self, timeout: float = 120) -> CrawlProcess:
        self.start()
        self.wait(timeout)
        return self

    @property
    def log(self) -> str:
        return self.log_file.read_text(encoding="utf-8", errors="replace") if self.log_file.exists() else ""

    @property
    def stats(self) -> dict:
        return json.loads(self.stats_file.read_text()) if self.stats_file.exists() else {}


def wait_for(predicate: Callable[[], bool], timeout: float = 60.0, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
    return True


class EditionWatcher:
    """Polls the editions collection while a crawl runs and checks every edition the moment it
    is first seen ``complete`` against the truth: "never recorded complete while missing
    anything" must hold at every instant, not just at the end. Database errors (the server is
    down) are ignored; the next poll tries again."""

    def __init__(self, uri: str, database: str, site, every: float = 0.25):
        from sitegen import audit_edition

        self._audit_edition = audit_edition
        self.uri, self.database, self.site, self.every = uri, database, site, every
        self.violations: dict[str, list[str]] = {}
        self.checked: set[str] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> EditionWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        self.poll()  # one last look

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.poll()

    def poll(self) -> None:
        client = pymongo.MongoClient(self.uri, serverSelectionTimeoutMS=300, connectTimeoutMS=300,
                                     socketTimeoutMS=2000)
        try:
            db = client[self.database]
            by_date = {e.date: e for e in self.site.editions}
            for record in db.editions.find({"status": "complete"}, {"date": 1}):
                day = record.get("date")
                if day in by_date and day not in self.checked:
                    lacking, _ = self._audit_edition(db, by_date[day])
                    self.checked.add(day)
                    if lacking:
                        self.violations[day] = lacking
        except PyMongoError:
            pass
        finally:
            client.close()
