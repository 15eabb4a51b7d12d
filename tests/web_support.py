"""What the reader's tests share: the app served over real HTTP on 127.0.0.1, and a database snapshot.

``live_reader`` runs :func:`crawler.web.app.create_app` with uvicorn in a thread, on a socket of
its own bound to a free loopback port, over a store on the test's SecantusDB server, exactly as
``epaper serve`` runs it (that command itself is tested as a subprocess in test_web.py).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pymongo
import uvicorn

from crawler.store import Store
from crawler.web.app import create_app


@contextmanager
def live_reader(mongo_uri: str, database: str, media: Path | None = None) -> Iterator[str]:
    """The reader over ``database``, served until the block ends; yields its base URL (no slash)."""
    store = Store(pymongo.MongoClient(mongo_uri), database)
    app = create_app(store, media=media)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # TCP_NODELAY, as serve
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the reader did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()
        store.close()


def snapshot(db: Any) -> dict[str, Any]:
    """Every document and index of every collection, to show that nothing changed."""
    return {name: {"docs": sorted(db[name].find(), key=lambda d: str(d["_id"])),
                   "indexes": sorted(str(i) for i in db[name].list_indexes())}
            for name in sorted(db.list_collection_names())}
