"""The embedded default store: a MongoDB-compatible server run as a child process.

When ``MONGO_URI`` is unset the crawler and the CLI use SecantusDB (a wire-protocol server on
WiredTiger, GPL, installed by the ``embedded`` extra) started with ``secantusd-py`` on a free
loopback port, its data under ``./data/mongo``. We only ever talk to it through pymongo, as to
MongoDB, and never import it. A second process of ours finds the running server through
``<data>.json`` and shares it; the process that started it stops it at exit.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pymongo
from pymongo.errors import PyMongoError

EXECUTABLE = "secantusd-py"


class EmbeddedError(RuntimeError):
    """The embedded server could not be started (the message says why and what to do)."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(uri: str, timeout_ms: int = 500) -> bool:
    client = pymongo.MongoClient(uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms)
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


def _executable() -> str:
    found = shutil.which(EXECUTABLE) or str(Path(sys.executable).with_name(EXECUTABLE))
    if not os.path.exists(found):
        raise EmbeddedError(
            f"{EXECUTABLE} not found: install the embedded store (pip install 'epaper-crawler[embedded]') "
            "or set MONGO_URI to a MongoDB server"
        )
    return found


class EmbeddedServer:
    """One SecantusDB server process with its data in ``storage``."""

    def __init__(self, storage: str | Path):
        self.storage = Path(storage).resolve()
        self.info_file = self.storage.with_suffix(".json")
        self.log_file = self.storage.with_suffix(".log")
        self.process: subprocess.Popen | None = None
        self.uri = ""

    def start(self, timeout: float = 60.0) -> str:
        """Start (or join) the server and return its mongodb:// URI once it answers."""
        shared = self._running_uri()
        if shared:
            self.uri = shared
            return shared
        self.storage.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        self.uri = f"mongodb://127.0.0.1:{port}/"
        with open(self.log_file, "ab") as log:
            self.process = subprocess.Popen(
                # --sync-on-commit: an acknowledged write is on disk, so it survives a SIGKILL of the
                # server (without it, 0 of 20 acknowledged inserts survived one).
                [_executable(), "--host", "127.0.0.1", "--port", str(port), "--storage-path", str(self.storage),
                 "--sync-on-commit"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while not _answers(self.uri):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise EmbeddedError(f"embedded store did not start; see {self.log_file}")
            time.sleep(0.1)
        self.info_file.write_text(json.dumps({"pid": self.process.pid, "uri": self.uri}))
        atexit.register(self.stop)
        return self.uri

    def _running_uri(self) -> str:
        try:
            info = json.loads(self.info_file.read_text())
        except (OSError, ValueError):
            return ""
        return info["uri"] if _answers(info.get("uri", "")) else ""

    def stop(self) -> None:
        """Stop the server if this process started it."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self.info_file.unlink(missing_ok=True)


_servers: dict[Path, EmbeddedServer] = {}


def embedded_uri(storage: str | Path) -> str:
    """The URI of the embedded server for ``storage``, starting it once per process."""
    key = Path(storage).resolve()
    if key not in _servers:
        server = EmbeddedServer(key)
        server.start()
        _servers[key] = server
    return _servers[key].uri
