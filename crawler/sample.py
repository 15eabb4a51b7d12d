"""The bundled sample edition (信阳日报 2020-01-27 in the source checkout) and a folder server.

The demo serves the sample over HTTP on 127.0.0.1 and crawls it; the benchmark serves its
generated site the same way.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

SAMPLE_SITE = REPO / "tests" / "fixtures" / "sites" / "ribao.xyxww.com.cn"

SAMPLE_PAPER, SAMPLE_DATE, SAMPLE_SEED = "xinyang", "2020-01-27", "先锋旗帜在一线飘扬"


class LocalHTTPServer(ThreadingHTTPServer):
    """A threaded HTTP server for recorded sites on 127.0.0.1, with a listen backlog like a real
    web server's: ``http.server``'s default of 5 overflows as soon as a crawler opens more
    connections at once than that, and every dropped SYN then costs the client a 1 s retransmit."""

    request_queue_size = 128
    daemon_threads = True


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A threaded HTTP server of ``folder`` on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = LocalHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
