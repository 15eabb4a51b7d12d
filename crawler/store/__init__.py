"""MongoDB storage: the one store package used by the pipelines, the CLI and the reader.

Collections ``editions`` (``_id = paper:date``), ``pages`` (``paper:date:page_no``) and
``articles`` (``paper:date:article_id``). One concern per module:

* :mod:`.base` — which server and database, the collections, their indexes;
* :mod:`.documents` — the stored form of an item and its revision hash;
* :mod:`.writes` — guarded upserts (and what a crawl asks before it fetches);
* :mod:`.links` — exact and near-duplicate linking;
* :mod:`.queries` and :mod:`.search` — reads for the CLI and the reader.

:class:`Store` is all of them over one connection.
"""

from __future__ import annotations

import threading
from typing import Any

from .base import (DEFAULT_DATABASE, DEFAULT_EMBEDDED_PATH, data_home, database_name, describe, embedded_path,
                   redacted, short_error)
from .documents import COLLECTIONS, VOLATILE, revision, to_document
from .links import Links
from .search import Search
from .writes import WriteResult, Writes


class Store(Writes, Links, Search):
    """The three collections of one database, and everything the project does with them."""


def for_crawl(crawler: Any) -> Store:
    """The one store of a crawl: the spider, the store writer and the health check share its
    connection pool (one connection, one authentication), closed when the engine stops."""
    with _FOR_CRAWL:  # the writer's thread and the spider's reads may ask at the same moment
        store = getattr(crawler, "epaper_store", None)
        if store is None:
            from scrapy import signals

            settings = crawler.settings
            store = Store.from_settings(settings, int(settings.getfloat("EPAPER_STORE_TIMEOUT", 3.0) * 1000))
            crawler.epaper_store = store
            crawler.signals.connect(store.close, signal=signals.engine_stopped, weak=False)
    return store


_FOR_CRAWL = threading.Lock()


__all__ = ["COLLECTIONS", "DEFAULT_DATABASE", "DEFAULT_EMBEDDED_PATH", "VOLATILE", "Store", "WriteResult",
           "data_home", "database_name", "describe", "embedded_path", "for_crawl", "redacted", "short_error",
           "revision", "to_document"]
