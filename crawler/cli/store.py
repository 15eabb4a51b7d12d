"""`epaper store status|start|stop`: where the store is, and the shared embedded server's life."""

from __future__ import annotations

import os
import time
from datetime import datetime

import click

from .. import embedded
from ..store import data_home, database_name, embedded_path, redacted
from . import cli
from .common import Unavailable, json_line


def _size(count: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count:.1f} {unit}" if unit != "B" else f"{count} B"
        count /= 1024
    return ""


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return (f"{days} d " if days else "") + f"{hours}:{minutes:02d}:{secs:02d}"


@cli.group(short_help="Where the store is; start or stop the shared embedded server.")
def store() -> None:
    """The store every crawl and command uses: MONGO_URI, or the embedded server under EPAPER_HOME,
    which the first command starts and which stops itself after EPAPER_STORE_IDLE seconds unused."""


@store.command(short_help="Which store, where, how big, since when.")
@click.option("--json", "as_json", is_flag=True, help="As one JSON object.")
def status(as_json: bool) -> None:
    """Which store the commands and crawls use; for the embedded one: its data folder and size, and,
    when it runs, its URI, pid, uptime and idle period."""
    if os.environ.get("MONGO_URI"):
        found = {"store": "mongodb", "uri": redacted(os.environ["MONGO_URI"]), "database": database_name(),
                 "home": str(data_home())}
        if as_json:
            json_line(found)
            return
        click.echo(f"store: MongoDB at {found['uri']}, database {found['database']} (MONGO_URI; not managed by epaper)")
        click.echo(f"home:  {found['home']} (search index)")
        return
    found = {"store": "embedded", "database": database_name(), "home": str(data_home()),
             **embedded.status(embedded_path())}
    found["idle_setting"] = embedded.idle_seconds()
    if as_json:
        json_line(found)
        return
    click.echo(f"store:   embedded (SecantusDB), database {found['database']}")
    click.echo(f"data:    {found['storage']} ({_size(found['data_bytes'])})")
    click.echo(f"home:    {found['home']}" + ("" if os.environ.get("EPAPER_HOME") else " (set EPAPER_HOME to move it)"))
    if not found["running"]:
        click.echo("server:  not running (the next command or crawl starts it)")
        return
    started = datetime.fromtimestamp(found["started"]).strftime("%Y-%m-%d %H:%M:%S")
    click.echo(f"server:  running at {found['uri']}, pid {found['pid']}, since {started} "
               f"(up {_duration(found['uptime'])})")
    if found["watchdog_running"]:
        idle = found["idle"]
        click.echo(f"stops:   after {idle:g} s unused (EPAPER_STORE_IDLE), or `epaper store stop`" if idle else
                   "stops:   never by itself (EPAPER_STORE_IDLE=0); `epaper store stop` stops it")
    else:
        click.echo("stops:   only with `epaper store stop` (its watchdog is gone)")


@store.command(short_help="Start the shared embedded server (commands do it themselves).")
def start() -> None:
    """Start the shared embedded server now (any command that needs it starts it too)."""
    if os.environ.get("MONGO_URI"):
        raise Unavailable("MONGO_URI is set: that server is not managed by epaper")
    started = time.monotonic()
    try:
        uri = embedded.shared_uri(embedded_path())
    except embedded.EmbeddedError as exc:
        raise Unavailable(str(exc)) from None
    click.echo(f"embedded store at {uri} (data under {embedded_path()}, {time.monotonic() - started:.1f} s)")


@store.command(short_help="Stop the shared embedded server.")
def stop() -> None:
    """Stop the shared embedded server (running crawls lose their store: stop them first)."""
    path = embedded_path()
    if embedded.stop(path):
        click.echo(f"stopped the embedded store under {path}")
    else:
        click.echo(f"the embedded store under {path} is not running", err=True)
