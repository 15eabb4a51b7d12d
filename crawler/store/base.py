"""The connection: which server and database, the three collections, their indexes.

``MONGO_URI`` selects a server; without it the embedded server (:mod:`crawler.embedded`) is used,
its data under ``EPAPER_HOME`` — one place per installation, whatever the working directory:
the checkout's ``data/`` for a source checkout, the per-user data folder for an installed
package (``~/.local/share/epaper`` on Linux).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit, urlunsplit

import pymongo
from pymongo import ASCENDING, DESCENDING

from ..embedded import embedded_uri

DEFAULT_DATABASE = "epaper"
DEFAULT_EMBEDDED_PATH = "mongo"  # under EPAPER_HOME
_CHECKOUT = Path(__file__).resolve().parents[2]


def database_name(value: str = "") -> str:
    """The database: ``value`` (a setting) or ``MONGO_DATABASE``, default "epaper"."""
    return value or os.environ.get("MONGO_DATABASE") or DEFAULT_DATABASE


def data_home(value: str = "") -> Path:
    """Where epaper keeps its data (embedded store, search index): ``value`` (a setting) or
    ``EPAPER_HOME``; else the checkout's ``data/`` when running from a source checkout, else the
    per-user data folder (platformdirs)."""
    given = value or os.environ.get("EPAPER_HOME", "")
    if given:
        return Path(given).expanduser().resolve()
    if (_CHECKOUT / "scrapy.cfg").is_file() and (_CHECKOUT / "pyproject.toml").is_file():
        return _CHECKOUT / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir("epaper", appauthor=False))


def embedded_path(value: str = "", home: str = "") -> str:
    """Where the embedded server keeps its data: ``value`` (a setting) or ``EPAPER_EMBEDDED_PATH``
    (a relative path is taken from the working directory), else ``mongo`` under :func:`data_home`."""
    given = value or os.environ.get("EPAPER_EMBEDDED_PATH", "")
    return str(Path(given).expanduser().resolve() if given else data_home(home) / DEFAULT_EMBEDDED_PATH)


def redacted(uri: str) -> str:
    """A MongoDB URI without credentials or options, for messages and as a name."""
    parts = urlsplit(uri)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def describe(uri: str = "", database: str = "", data: str = "") -> str:
    """Which store these settings select, in words (credentials left out)."""
    database = database or database_name()
    if uri:
        return f"database {database} at {redacted(uri)}"
    return f"database {database} in the embedded store under {embedded_path(data)}"


def short_error(exc: BaseException) -> str:
    """A driver error in one short line (pymongo appends timeouts and topology descriptions)."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return re.split(r" \(configured timeouts|, Timeout: |, full error: ", text)[0][:200]


class StoreBase:
    """The three collections of one database."""

    def __init__(self, client: pymongo.MongoClient, database: str = DEFAULT_DATABASE, location: str = "",
                 home: str = ""):
        self.client = client
        self.db = client[database]
        # Which store this is, as a stable name (the embedded store's data folder, or the server's
        # URI without credentials): what the derived search index is kept for.
        self.location = location or _location_of(client)
        self.home = home
        self.editions = self.db.editions
        self.pages = self.db.pages
        self.articles = self.db.articles

    @classmethod
    def connect(cls, uri: str = "", database: str = "", data: str = "", home: str = "",
                idle: str | float | None = None, timeout_ms: int = 10_000) -> Self:
        """``uri`` (or ``MONGO_URI``); without one, the shared embedded server with its data under
        ``data`` (or :func:`embedded_path`), stopped after ``idle`` seconds unused (``EPAPER_STORE_IDLE``).

        ``timeout_ms`` bounds how long one operation waits for an unreachable server.
        """
        uri = uri or os.environ.get("MONGO_URI", "")
        location = redacted(uri)
        if not uri:
            location = embedded_path(data, home)
            uri = embedded_uri(location, idle)
        client = pymongo.MongoClient(uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms,
                                     tz_aware=False)
        return cls(client, database_name(database), location, home)

    @classmethod
    def from_settings(cls, settings: Any, timeout_ms: int = 10_000) -> Self:
        return cls.connect(settings.get("MONGO_URI", ""), settings.get("MONGO_DATABASE", ""),
                           settings.get("EPAPER_EMBEDDED_PATH", ""), settings.get("EPAPER_HOME", ""),
                           settings.get("EPAPER_STORE_IDLE", ""), timeout_ms)

    def close(self) -> None:
        self.client.close()

    def describe(self) -> str:
        """Which store this is, for messages: "database epaper in the embedded store under …" or "… at mongodb://host/"."""
        if self.location.startswith("mongodb"):
            return f"database {self.db.name} at {self.location}"
        return f"database {self.db.name} in the embedded store under {self.location}"

    def ensure_indexes(self) -> None:
        self.editions.create_index([("paper", ASCENDING), ("date", ASCENDING)])
        self.pages.create_index([("paper", ASCENDING), ("date", ASCENDING), ("page_no", ASCENDING)])
        self.articles.create_index([("paper", ASCENDING), ("date", ASCENDING), ("page_no", ASCENDING)])
        self.articles.create_index([("date", DESCENDING)])
        self.articles.create_index("content_hash")
        self.articles.create_index("simhash_blocks")
        self.articles.create_index("title_key")
        # Words are found through the search index (fulltext.py). A multikey index of every word
        # made each article write ~10x slower on the embedded server; stores made before drop it.
        if "tokens_1" in self.articles.index_information():
            self.articles.drop_index("tokens_1")
        self.articles.create_index("authors")
        self.articles.create_index("crawled_at")  # the search index catches up from its last look


def _location_of(client: pymongo.MongoClient) -> str:
    """A name for the store of a client made elsewhere: the servers it was given (no network call)."""
    seeds = sorted(client.topology_description.server_descriptions())
    return "mongodb://" + ",".join(f"{host}:{port}" for host, port in seeds) + "/"
