"""`epaper serve`: the reader (crawler.web) over the store, on 127.0.0.1 by default."""

from __future__ import annotations

import ipaddress
import signal
import socket
import sys

import click

from . import cli
from .common import Unavailable, describe_store, load_papers, open_store


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@cli.command(short_help="The reader: browse, read and search the archive in a web browser.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8750, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
def serve(host: str, port: int) -> None:
    """Serve the reader: papers, a calendar of editions, each page as printed with clickable
    articles, the articles, search, and the JSON API under /api/ (description at /openapi.json).

    Read-only: it reads the store as the other commands do (MONGO_URI, or ./data/mongo), and the
    media archive's PDFs and images when they were downloaded. Ctrl+C stops it.
    """
    import uvicorn

    from ..web.app import LOOPBACK_NAMES, create_app, media_root

    registry = load_papers()
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        # IPPROTO_TCP named, so asyncio sets TCP_NODELAY on accepted connections (with proto 0 it
        # does not, and every answer on a kept-alive connection waits 40 ms for a delayed ACK).
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        raise Unavailable(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    with open_store() as store:
        media = media_root()
        app = create_app(store, registry, media, hosts=LOOPBACK_NAMES if host in LOOPBACK_NAMES else None)
        bound = sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"reader: http://{shown}:{bound}/  ({describe_store()}"
                   f"{f'; media from {media}' if media else ''}); Ctrl+C stops it", err=True)
        if not _loopback(host):
            click.echo(f"epaper: the reader has no login; anyone who can reach {host}:{bound} can read the archive",
                       err=True)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, server_header=False))
        # uvicorn re-raises the signal that stopped it; SIGTERM's default action would end the
        # process without the exit handlers that stop an embedded server this command started.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        server.run(sockets=[sock])
