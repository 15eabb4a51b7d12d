"""The embedded default store: a MongoDB-compatible server shared by every crawl and command.

When ``MONGO_URI`` is unset the crawler and the CLI use SecantusDB (a wire-protocol server on
WiredTiger, GPL, installed by the ``embedded`` extra), run as ``secantusd-py`` on a free loopback
port. We only ever talk to it through pymongo, as to MongoDB, and never import it.

The server outlives the command that needed it, so the next command does not pay its start-up:

* The first process that needs it (a crawl or an ``epaper`` command) starts a small **watchdog**
  of ours (``python -m crawler.embedded``), detached in its own session; the watchdog starts the
  server as its child and writes the **handshake** ``<data>.json`` (URI, server and watchdog pids,
  start time) once the server answers. Starting is serialized by a lock file ``<data>.lock``.
* Later processes **join** it through the handshake, after checking that it is not stale: the
  server's pid must be alive and the server answering at the URI must report that same pid (after
  a crash or a reboot the pid is gone or the port belongs to something else). A stale handshake
  is replaced, never joined, and no process is signalled on its word.
* The watchdog **stops** the server after ``EPAPER_STORE_IDLE`` seconds (default 600; 0 = never)
  with no client connected and nobody joining (every join touches the handshake), or when asked
  (``epaper store stop``, SIGTERM). It stops with the server when the server dies, and the
  server is told to end if the watchdog is killed (Linux).

``--sync-on-commit`` makes an acknowledged write survive a SIGKILL of the server. Tests and
benchmarks that want a private server own one with :class:`EmbeddedServer`.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pymongo
from pymongo.errors import PyMongoError

EXECUTABLE = "secantusd-py"
DEFAULT_IDLE = 600.0


class EmbeddedError(RuntimeError):
    """The embedded server could not be started (the message says why and what to do)."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _client(uri: str, timeout_ms: int = 1000) -> pymongo.MongoClient:
    """A one-connection client that does not keep extra monitoring connections open."""
    return pymongo.MongoClient(uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms,
                               directConnection=True, maxPoolSize=1, serverMonitoringMode="poll")


def _server_pid(uri: str, timeout_ms: int = 1000) -> int:
    """The pid the server answering at ``uri`` reports (0 when nothing answers)."""
    if not uri:
        return 0
    client = _client(uri, timeout_ms)
    try:
        return int(client.admin.command("serverStatus").get("pid") or 0)
    except (PyMongoError, ValueError, TypeError):
        return 0
    finally:
        client.close()


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, finished but not yet collected, does not)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _executable() -> str:
    found = shutil.which(EXECUTABLE) or str(Path(sys.executable).with_name(EXECUTABLE))
    if not os.path.exists(found):
        raise EmbeddedError(
            f"{EXECUTABLE} not found: install the embedded store (pip install 'epaper-crawler[embedded]') "
            "or set MONGO_URI to a MongoDB server"
        )
    return found


def _server_command(storage: Path, port: int) -> list[str]:
    # --sync-on-commit: an acknowledged write is on disk, so it survives a SIGKILL of the server
    # (without it, 0 of 20 acknowledged inserts survived one).
    return [_executable(), "--host", "127.0.0.1", "--port", str(port), "--storage-path", str(storage),
            "--sync-on-commit"]


def _die_with_parent() -> None:
    """In the server's child process: be sent SIGTERM when the watchdog dies (Linux; elsewhere a no-op)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _stop_process(process: subprocess.Popen, timeout: float = 15.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_answering(uri: str, process: subprocess.Popen, timeout: float, log_file: Path) -> None:
    deadline = time.monotonic() + timeout
    while _server_pid(uri, 500) != process.pid:
        if process.poll() is not None or time.monotonic() > deadline:
            _stop_process(process)
            raise EmbeddedError(f"embedded store did not start; see {log_file}")
        time.sleep(0.1)


class Paths:
    """The files of the embedded store whose data is in ``storage``."""

    def __init__(self, storage: str | Path):
        self.storage = Path(storage).resolve()
        self.handshake = self.storage.with_suffix(".json")
        self.log = self.storage.with_suffix(".log")
        self.lock = self.storage.with_suffix(".lock")


def read_handshake(storage: str | Path) -> dict[str, Any] | None:
    """The handshake of the running server of ``storage`` if it is sound (None when absent or stale)."""
    try:
        info = json.loads(Paths(storage).handshake.read_text())
        pid, uri = int(info["pid"]), str(info["uri"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _alive(pid) or _server_pid(uri) != pid:
        return None
    return info


def _write_handshake(paths: Paths, info: dict[str, Any]) -> None:
    temporary = paths.handshake.with_suffix(f".json.{os.getpid()}")
    temporary.write_text(json.dumps(info))
    os.replace(temporary, paths.handshake)


def _remove_handshake(paths: Paths, pid: int) -> None:
    """Remove the handshake if it still names server ``pid`` (a newer server's stays)."""
    try:
        if int(json.loads(paths.handshake.read_text()).get("pid", 0)) == pid:
            paths.handshake.unlink()
    except (OSError, ValueError, TypeError):
        pass


def _touch(paths: Paths) -> None:
    """Tell the watchdog someone uses the server (the handshake's mtime counts as activity)."""
    try:
        os.utime(paths.handshake)
    except OSError:
        pass


def _lock(paths: Paths, timeout: float = 90.0):
    from filelock import FileLock

    paths.lock.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(paths.lock), timeout=timeout)


class EmbeddedServer:
    """A private SecantusDB server with its data in ``storage``, owned by this process (tests, benchmarks).

    ``start()`` joins a sound running server of that data instead of starting a second one;
    ``stop()`` ends the server if this process started it.
    """

    def __init__(self, storage: str | Path):
        self.paths = Paths(storage)
        self.storage = self.paths.storage
        self.info_file = self.paths.handshake
        self.log_file = self.paths.log
        self.process: subprocess.Popen | None = None
        self.uri = ""

    def start(self, timeout: float = 60.0) -> str:
        """Start (or join) the server and return its mongodb:// URI once it answers."""
        with _lock(self.paths):
            shared = read_handshake(self.storage)
            if shared:
                self.uri = shared["uri"]
                return self.uri
            self.storage.mkdir(parents=True, exist_ok=True)
            port = _free_port()
            self.uri = f"mongodb://127.0.0.1:{port}/"
            with open(self.log_file, "ab") as log:
                self.process = subprocess.Popen(_server_command(self.storage, port), stdout=log,
                                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                                start_new_session=True)
            _wait_until_answering(self.uri, self.process, timeout, self.log_file)
            _write_handshake(self.paths, {"pid": self.process.pid, "uri": self.uri, "watchdog": 0,
                                          "started": time.time(), "storage": str(self.storage), "idle": 0})
        atexit.register(self.stop)
        return self.uri

    def stop(self) -> None:
        """Stop the server if this process started it."""
        if self.process is None:
            return
        _stop_process(self.process)
        _remove_handshake(self.paths, self.process.pid)
        self.process = None


# ----- the shared server ----------------------------------------------------------------------------
def idle_seconds(value: str | float | None = None) -> float:
    """The idle period: ``value`` (a setting) or ``EPAPER_STORE_IDLE``, in seconds (0 = never stop)."""
    raw = value if value not in (None, "") else os.environ.get("EPAPER_STORE_IDLE", "")
    try:
        seconds = float(raw) if raw not in (None, "") else DEFAULT_IDLE
    except (TypeError, ValueError):
        raise EmbeddedError(f"EPAPER_STORE_IDLE {raw!r} is not a number of seconds") from None
    return max(seconds, 0.0)


def shared_uri(storage: str | Path, idle: float | None = None, timeout: float = 60.0) -> str:
    """The URI of the shared server of ``storage``: joined when it runs, started (detached, with its
    watchdog) when it does not or its handshake is stale.

    Under the start lock, so that a watchdog never stops the server between our check and our join.
    """
    paths = Paths(storage)
    with _lock(paths):
        _touch(paths)
        info = read_handshake(paths.storage)
        if info is None:
            info = _start_watchdog(paths, idle_seconds(idle), timeout)
    atexit.register(_touch, paths)  # the idle period counts from the end of the last use
    return info["uri"]


def _start_watchdog(paths: Paths, idle: float, timeout: float) -> dict[str, Any]:
    """Start the watchdog (which starts the server) and return its handshake; the caller holds the lock."""
    paths.handshake.unlink(missing_ok=True)  # stale: replaced, never joined
    paths.storage.mkdir(parents=True, exist_ok=True)
    _executable()
    token = os.urandom(8).hex()
    with open(paths.log, "ab") as log:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "crawler.embedded", "--storage", str(paths.storage), "--idle", str(idle),
             "--token", token, "--timeout", str(timeout)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            cwd=paths.storage.parent, env={**os.environ, "PYTHONPATH": _package_root()})
    try:
        launcher.wait(timeout + 5)
    except subprocess.TimeoutExpired:
        launcher.kill()
        launcher.wait()
    info = read_handshake(paths.storage)
    if launcher.returncode != 0 or not info or info.get("token") != token:
        raise EmbeddedError(f"embedded store did not start; see {paths.log}")
    return info


def _package_root() -> str:
    """Where the ``crawler`` package is, so the watchdog imports this very copy of it."""
    root = str(Path(__file__).resolve().parent.parent)
    return os.pathsep.join([root, *filter(None, [os.environ.get("PYTHONPATH", "")])])


def status(storage: str | Path) -> dict[str, Any]:
    """What is known about the shared server of ``storage``: running or not, pids, URI, uptime, data size."""
    paths = Paths(storage)
    info = read_handshake(paths.storage)
    size = sum(f.stat().st_size for f in paths.storage.rglob("*") if f.is_file()) if paths.storage.is_dir() else 0
    found: dict[str, Any] = {"storage": str(paths.storage), "running": info is not None, "data_bytes": size,
                             "handshake": str(paths.handshake), "log": str(paths.log)}
    if info:
        found.update(uri=info["uri"], pid=info["pid"], watchdog=info.get("watchdog", 0),
                     watchdog_running=_alive(int(info.get("watchdog") or 0)), started=info.get("started", 0),
                     uptime=max(time.time() - float(info.get("started") or time.time()), 0.0),
                     idle=info.get("idle", 0))
    return found


def stop(storage: str | Path, timeout: float = 30.0) -> bool:
    """Stop the shared server of ``storage`` (through its watchdog when there is one); False when none ran."""
    paths = Paths(storage)
    info = read_handshake(paths.storage)
    if info is None:
        return False
    pid, watchdog = int(info["pid"]), int(info.get("watchdog") or 0)
    os.kill(watchdog if _alive(watchdog) else pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while (_alive(pid) or _alive(watchdog)) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    _remove_handshake(paths, pid)
    return True


def embedded_uri(storage: str | Path, idle: float | None = None) -> str:
    """The URI of the embedded server for ``storage`` (shared, see :func:`shared_uri`), once per process."""
    key = Path(storage).resolve()
    if key not in _joined:
        _joined[key] = shared_uri(key, idle)
    return _joined[key]


_joined: dict[Path, str] = {}


# ----- the watchdog process ---------------------------------------------------------------------------
def watch(paths: Paths, idle: float, token: str) -> None:
    """Run the server of ``paths`` until it has been idle for ``idle`` seconds (0 = never), or SIGTERM."""
    port = _free_port()
    uri = f"mongodb://127.0.0.1:{port}/"
    with open(paths.log, "ab") as log:
        server = subprocess.Popen(_server_command(paths.storage, port), stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _wait_until_answering(uri, server, 60.0, paths.log)
    except EmbeddedError:
        return
    monitor = _client(uri)
    own = _connections(monitor)  # this watchdog's own connections: nobody else knows the port yet
    busy = time.monotonic()
    poll = min(max(idle / 4, 0.2), 5.0) if idle else 5.0
    signal.signal(signal.SIGTERM, _asked_to_stop)
    try:
        _write_handshake(paths, {"pid": server.pid, "uri": uri, "watchdog": os.getpid(), "started": time.time(),
                                 "storage": str(paths.storage), "idle": idle, "token": token})
        while server.poll() is None:
            time.sleep(poll)
            if _connections(monitor) > own or _recently_joined(paths, idle):
                busy = time.monotonic()
            elif idle and time.monotonic() - busy >= idle and _stop_if_idle(paths, monitor, own, server, idle):
                return
    except _Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        monitor.close()
        with _lock(paths):
            _remove_handshake(paths, server.pid)
            _stop_process(server)


class _Stop(Exception):
    """SIGTERM reached the watchdog: stop the server now."""


def _asked_to_stop(*_: Any) -> None:
    raise _Stop


def _stop_if_idle(paths: Paths, monitor: pymongo.MongoClient, own: int, server: subprocess.Popen,
                  idle: float) -> bool:
    """Under the start lock (no client is between its check and its join): stop the server if it is still idle."""
    with _lock(paths):
        if _recently_joined(paths, idle) or _connections(monitor) > own:
            return False
        _remove_handshake(paths, server.pid)
        _stop_process(server)
        return True


def _connections(monitor: pymongo.MongoClient) -> int:
    try:
        return int(monitor.admin.command("serverStatus")["connections"]["current"])
    except (PyMongoError, KeyError, TypeError, ValueError):
        return 1 << 30  # cannot tell: count it as busy


def _recently_joined(paths: Paths, idle: float) -> bool:
    try:
        return time.time() - paths.handshake.stat().st_mtime < idle
    except OSError:
        return False


def _launch(paths: Paths, idle: float, token: str, timeout: float) -> int:
    """Fork the watchdog off into its own session and wait until its server answers (exit status 0)
    or it gives up (1); the watchdog then lives on, adopted by init, whoever started it."""
    if not hasattr(os, "fork"):
        watch(paths, idle, token)
        return 0
    child = os.fork()
    if child == 0:
        os.setsid()
        try:
            watch(paths, idle, token)
        finally:
            os._exit(0)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if json.loads(paths.handshake.read_text()).get("token") == token:
                return 0
        except (OSError, ValueError):
            pass
        if os.waitpid(child, os.WNOHANG) != (0, 0):
            return 1
        time.sleep(0.05)
    return 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m crawler.embedded",
                                     description="Start the shared embedded store with its watchdog, detached.")
    parser.add_argument("--storage", required=True, type=Path)
    parser.add_argument("--idle", type=float, default=DEFAULT_IDLE)
    parser.add_argument("--token", default="")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    sys.exit(_launch(Paths(args.storage), args.idle, args.token, args.timeout))


if __name__ == "__main__":
    main()
