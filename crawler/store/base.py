"""The connection: which server and database, the three collections, their indexes.

``MONGO_URI`` selects a server; without it the embedded server (:mod:`crawler.embedded`) is used.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit, urlunsplit
from typing import Any, Self

import pymongo
from pymongo import ASCENDING, DESCENDING

from ..embedded import embedded_uri

DEFAULT_DATABASE = "epaper"
DEFAULT_EMBEDDED_PATH = "data/mongo"


def database_name() -> str:
    """The database the environment selects (``MONGO_DATABASE``)."""
    return os.environ.get("MONGO_DATABASE") or DEFAULT_DATABASE


def embedded_path() -> str:
    """Where the embedded server keeps its data (``EPAPER_EMBEDDED_PATH``)."""
    return os.environ.get("EPAPER_EMBEDDED_PATH") or DEFAULT_EMBEDDED_PATH


def redacted(uri: str) -> str:
    """A MongoDB URI without credentials or options, for messages and logs."""
    parts = urlsplit(uri)
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path, "", ""))


def describe(uri: str = "", database: str = "", data: str = "") -> str:
    """Which store these settings select, in words (credentials left out)."""
    database = database or database_name()
    if uri:
        return f"database {database} at {redacted(uri)}"
    return f"database {database} in the embedded store under {data or embedded_path()}"


def short_error(exc: BaseException) -> str:
    """A driver error in one short line (pymongo appends timeouts and topology descriptions)."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return re.split(r" \(configured timeouts|, Timeout: |, full error: ", text)[0][:200]


class StoreBase:
    """The three collections of one database."""

    def __init__(self, client: pymongo.MongoClient, database: str = DEFAULT_DATABASE):
        self.client = client
        self.db = client[database]
        self.editions = self.db.editions
        self.pages = self.db.pages
        self.articles = self.db.articles

    @classmethod
    def connect(cls, uri: str = "", database: str = "", data: str = "", timeout_ms: int = 10_000) -> Self:
        """``uri`` (or ``MONGO_URI``); without one, the embedded server with its data under ``data``.

        ``timeout_ms`` bounds how long one operation waits for an unreachable server.
        """
        uri = uri or os.environ.get("MONGO_URI", "")
        if not uri:
            uri = embedded_uri(data or embedded_path())
        client = pymongo.MongoClient(uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms,
                                     tz_aware=False)
        return cls(client, database or database_name())

    @classmethod
    def from_settings(cls, settings: Any, timeout_ms: int = 10_000) -> Self:
        return cls.connect(settings.get("MONGO_URI", ""), settings.get("MONGO_DATABASE", ""),
                           settings.get("EPAPER_EMBEDDED_PATH", ""), timeout_ms)

    def close(self) -> None:
        self.client.close()

    def ensure_indexes(self) -> None:
        self.editions.create_index([("paper", ASCENDING), ("date", ASCENDING)])
        self.pages.create_index([("paper", ASCENDING), ("date", ASCENDING), ("page_no", ASCENDING)])
        self.articles.create_index([("paper", ASCENDING), ("date", ASCENDING), ("page_no", ASCENDING)])
        self.articles.create_index([("date", DESCENDING)])
        self.articles.create_index("content_hash")
        self.articles.create_index("simhash_blocks")
        self.articles.create_index("title_key")
        self.articles.create_index("tokens")
        self.articles.create_index("authors")
