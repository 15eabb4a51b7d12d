"""The shared embedded store: started by the first command, joined by the next ones and by crawls,
stopped when idle or by `epaper store stop`; a stale handshake is replaced, never joined.

Every test uses its own data folder and stops what it started (the fixture checks that no
server or watchdog of it is left running).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pymongo
import pytest

from conftest import ROOT, CrawlRunner
from crawler import embedded

EPAPER = Path(sys.executable).with_name("epaper")


def _alive(pid: int) -> bool:
    return embedded._alive(pid)


@pytest.fixture
def home(tmp_path):
    """An EPAPER_HOME whose embedded store is stopped (and checked gone) after the test."""
    storage = tmp_path / "mongo"
    started: list[dict] = []
    yield {"path": tmp_path, "storage": storage, "started": started}
    info = _handshake(storage)
    if info:
        started.append(info)
    embedded.stop(storage)
    for info in started:
        deadline = time.monotonic() + 30
        while (_alive(info["pid"]) or _alive(info.get("watchdog", 0))) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(info["pid"]) and not _alive(info.get("watchdog", 0)), "a server was left running"


def _handshake(storage: Path) -> dict | None:
    try:
        return json.loads(storage.with_suffix(".json").read_text())
    except (OSError, ValueError):
        return None


def environment(home: dict, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("MONGO_URI", "MONGO_DATABASE", "EPAPER_EMBEDDED_PATH")}
    return {**env, "EPAPER_HOME": str(home["path"]), "COLUMNS": "80", **extra}


def epaper(home: dict, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(EPAPER), *args], env=environment(home, **extra), capture_output=True, text=True,
                          timeout=120)


def wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_the_first_command_starts_the_store_the_next_ones_and_a_crawl_join_it(home, site_server, tmp_path):
    assert "server:  not running" in epaper(home, "store", "status").stdout
    first = epaper(home, "stats")
    assert first.returncode == 1 and "the store is empty" in first.stderr  # the store was started all the same
    info = _handshake(home["storage"])
    home["started"].append(info)
    assert info and _alive(info["pid"]) and _alive(info["watchdog"]) and info["storage"] == str(home["storage"])
    assert epaper(home, "stats").returncode == 1
    assert _handshake(home["storage"])["pid"] == info["pid"]  # joined
    # a crawl joins it too, and what it stores is what the commands read
    runner = CrawlRunner(site_server, "", "epaper", tmp_path)
    cmd, out, _ = runner.command("paper=xinyang", "date=2020-01-27")
    crawl = subprocess.run(cmd, cwd=ROOT, env=environment(home), capture_output=True, text=True, timeout=120)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert _handshake(home["storage"])["pid"] == info["pid"]
    listed = epaper(home, "list", "--paper", "xinyang", "--date", "2020-01-27", "--json")
    assert len(listed.stdout.splitlines()) == 26
    status = json.loads(epaper(home, "store", "status", "--json").stdout)
    assert (status["running"], status["pid"], status["uri"], status["storage"]) == (
        True, info["pid"], info["uri"], str(home["storage"]))
    assert status["data_bytes"] > 0 and status["uptime"] >= 0 and status["home"] == str(home["path"])
    text = epaper(home, "store", "status").stdout
    assert f"data:    {home['storage']} (" in text and f"pid {info['pid']}" in text and "(up 0:0" in text
    assert "after 600 s unused" in text
    said = epaper(home, "-v", "stats")
    assert said.stderr.startswith(f"epaper: using database epaper in the embedded store under {home['storage']}\n")


def test_it_stops_after_the_idle_period_but_not_while_a_client_is_connected(home):
    started = epaper(home, "store", "start", EPAPER_STORE_IDLE="1")
    assert started.returncode == 0, started.stderr
    info = _handshake(home["storage"])
    home["started"].append(info)
    assert info["idle"] == 1.0
    client = pymongo.MongoClient(info["uri"])
    client.epaper.articles.find_one()
    time.sleep(3)  # three idle periods with a client connected
    assert _alive(info["pid"]) and _handshake(home["storage"])["pid"] == info["pid"]
    client.close()
    assert wait_for(lambda: not _alive(info["pid"]) and not _alive(info["watchdog"]))
    assert _handshake(home["storage"]) is None
    assert "server:  not running" in epaper(home, "store", "status").stdout


def test_store_stop(home):
    assert epaper(home, "store", "start").returncode == 0
    info = _handshake(home["storage"])
    home["started"].append(info)
    stopped = epaper(home, "store", "stop")
    assert (stopped.returncode, stopped.stdout) == (0, f"stopped the embedded store under {home['storage']}\n")
    assert not _alive(info["pid"]) and not _alive(info["watchdog"]) and _handshake(home["storage"]) is None
    again = epaper(home, "store", "stop")
    assert again.returncode == 0 and "is not running" in again.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_handshake_of_a_dead_server_is_replaced(home):
    gone = subprocess.Popen(["true"])
    gone.wait()
    home["storage"].mkdir(parents=True)
    stale = {"pid": gone.pid, "uri": f"mongodb://127.0.0.1:{_free_port()}/", "watchdog": gone.pid, "started": 0}
    home["storage"].with_suffix(".json").write_text(json.dumps(stale))
    assert embedded.read_handshake(home["storage"]) is None
    assert epaper(home, "store", "start").returncode == 0
    info = _handshake(home["storage"])
    home["started"].append(info)
    assert info["pid"] != gone.pid and info["uri"] != stale["uri"] and _alive(info["pid"])


def test_a_handshake_naming_another_server_is_never_joined(home, mongo_uri, database):
    """After a reboot the pid may belong to some other process and the port to another server."""
    home["storage"].mkdir(parents=True)
    stale = {"pid": os.getpid(), "uri": mongo_uri, "watchdog": os.getpid(), "started": 0}
    home["storage"].with_suffix(".json").write_text(json.dumps(stale))
    assert epaper(home, "store", "start").returncode == 0  # this process is not signalled: we are still here
    info = _handshake(home["storage"])
    home["started"].append(info)
    assert info["uri"] != mongo_uri and info["pid"] != os.getpid()
    client = pymongo.MongoClient(info["uri"])
    assert client.admin.command("serverStatus")["pid"] == info["pid"]
    client.close()
    stop = epaper(home, "store", "stop")
    assert stop.returncode == 0 and _alive(os.getpid())


def test_commands_starting_at_once_share_one_server(home):
    procs = [subprocess.Popen([str(EPAPER), "store", "start"], env=environment(home), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    info = _handshake(home["storage"])
    home["started"].append(info)
    uris = {out.split(" ")[3] for out, _ in outputs}
    assert uris == {info["uri"]}


def test_the_data_location_does_not_depend_on_the_working_directory(home, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = environment(home)
    where = subprocess.run([str(EPAPER), "store", "status", "--json"], env=env, cwd=elsewhere, capture_output=True,
                           text=True, timeout=60)
    assert json.loads(where.stdout)["storage"] == str(home["storage"])
    unset = {k: v for k, v in env.items() if k != "EPAPER_HOME"}
    default = subprocess.run([str(EPAPER), "store", "status", "--json"], env=unset, cwd=elsewhere,
                             capture_output=True, text=True, timeout=60)
    assert json.loads(default.stdout)["storage"] == str(ROOT / "data" / "mongo")  # a source checkout: its data/
