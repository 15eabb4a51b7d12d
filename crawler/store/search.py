"""Search: the best matches of a word query, ranked by the full-text index, read from the store.

:mod:`.fulltext` ranks (headline hits, then hits, then newest) without reading the matches; the
store is asked only for the articles shown. Those the store lacks are dropped from the index and
those it holds in another revision re-indexed, and the ranking is asked again, so a result is
always a stored article as it is stored.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from pymongo.errors import PyMongoError

from ..query import ArticleQuery, SearchHit
from .fulltext import FIELDS, FullText
from .queries import Queries

logger = logging.getLogger(__name__)


class Search(Queries):
    SEARCH_FIELDS = ("paper", "paper_name", "date", "page_no", "page_name", "lead_title", "title", "subtitle",
                     "authors", "url", "body", "rev")

    def fulltext(self) -> FullText:
        """This store's search index (see :mod:`.fulltext`)."""
        if getattr(self, "_fulltext", None) is None:
            self._fulltext = FullText.for_store(self)
        return self._fulltext

    def search(self, query: ArticleQuery, limit: int, offset: int = 0) -> tuple[list[SearchHit], int]:
        """The ``limit`` best matches of a word query (from ``offset``) and the number of matches.

        ``title_hits``: how many query words are words of the headline; ``hits``: how often the
        words occur (as words) in headline and body.
        """
        index = self._ready_index()
        for _ in range(5):
            ranked, total = index.search(query, limit, offset)
            ids = [ident for ident, _, _ in ranked]
            docs = {d["_id"]: d for d in self.articles.find({"_id": {"$in": ids}}, self.SEARCH_FIELDS)}
            known = index.revisions(ids)
            if not self._reconcile(index, {i: known.get(i) for i in ids}, docs):
                break
        hits = []
        for ident, title_hits, count in ranked:
            doc = docs[ident]
            doc.pop("rev", None)
            hits.append(SearchHit(doc, title_hits, count))
        return hits, total

    def find_articles(self, query: ArticleQuery, fields: Iterable[str] = (), limit: int = 0) -> Iterator[dict[str, Any]]:
        """The matching articles (only ``fields`` if given) in ``_id`` order; words through the
        search index, which is checked against the store: an article the store no longer holds is
        dropped from the index, one whose revision changed is re-indexed and checked again."""
        if not query.words:
            yield from super().find_articles(query, fields, limit)
            return
        index = self._ready_index()
        projection = {**dict.fromkeys(fields, 1), "rev": 1} if fields else None
        found = 0
        matching = index.matching(query)
        for start in range(0, len(matching), 500):
            chunk = matching[start:start + 500]
            docs = {d["_id"]: d for d in self.articles.find({"_id": {"$in": [i for i, _ in chunk]}}, projection)}
            stale = [i for i in self._reconcile(index, dict(chunk), docs) if i in docs]
            if stale:
                still = {i for i, _ in index.matching(query, among=stale)}
                docs = {i: d for i, d in docs.items() if i not in stale or i in still}
            for ident, _ in chunk:
                doc = docs.get(ident)
                if doc is None:
                    continue
                if fields and "rev" not in fields:
                    doc.pop("rev", None)
                yield doc
                found += 1
                if found == limit:
                    return

    def count_articles(self, query: ArticleQuery) -> int:
        """How many articles match (for the export's progress bar): by the search index for words."""
        if not query.words:
            return super().count_articles(query)
        return self._ready_index().count(query)

    def _ready_index(self) -> FullText:
        """The search index, caught up with the store."""
        index = self.fulltext()
        index.ensure(self)
        return index

    def _reconcile(self, index: FullText, revisions: dict[str, str | None],
                   docs: dict[str, dict[str, Any]]) -> list[str]:
        """Bring the index in step with the store for these ids (``revisions``: what the index
        holds, ``docs``: what the store holds): ids the store lacks are removed, ids stored in
        another revision re-indexed. Returns the ids that were out of step."""
        missing = [i for i in revisions if i not in docs]
        stale = [i for i, rev in revisions.items() if i in docs and docs[i].get("rev", "") != rev]
        index.remove(missing)
        if stale:
            index.add(self.articles.find({"_id": {"$in": stale}}))
        return missing + stale

    def index_stored_ids(self, ids: list[str]) -> int:
        """Keep this machine's search index in step with articles the store has just acknowledged.

        The store pipeline calls it (on the store thread) after each acknowledged write of new or
        changed articles. Only an index that exists is updated (the first search builds one); a
        failure is logged, not raised: the next search catches up from the store anyway. Returns
        how many articles were (re)indexed.
        """
        index = self.fulltext()
        if not ids or not index.exists():
            return 0
        try:
            return index.add(self.articles.find({"_id": {"$in": list(ids)}}, dict.fromkeys(FIELDS, 1)))
        except (sqlite3.Error, PyMongoError) as exc:
            logger.warning("search index %s not updated (the next search catches up): %s", index.path, exc)
            return 0

    def close(self) -> None:
        if getattr(self, "_fulltext", None) is not None:
            self._fulltext.close()
        super().close()
