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

from .base import (DEFAULT_DATABASE, DEFAULT_EMBEDDED_PATH, data_home, database_name, describe, embedded_path,
                   redacted, short_error)
from .documents import COLLECTIONS, VOLATILE, revision, to_document
from .links import Links
from .search import Search
from .writes import WriteResult, Writes


class Store(Writes, Links, Search):
    """The three collections of one database, and everything the project does with them."""


__all__ = ["COLLECTIONS", "DEFAULT_DATABASE", "DEFAULT_EMBEDDED_PATH", "VOLATILE", "Store", "WriteResult",
           "data_home", "database_name", "describe", "embedded_path", "redacted", "short_error", "revision",
           "to_document"]
