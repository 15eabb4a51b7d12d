"""Writes: guarded upserts that report what was new, updated or unchanged.

Writes are ``bulk_write(ordered=False)`` upserts keyed by ``_id`` and guarded by the revision
hash: an unchanged document is not touched at all (the guarded upsert collides on ``_id`` and
that collision is the "unchanged" answer), a changed one is replaced field by field, a new one
records ``first_seen``. Rerunning a crawl leaves the documents exactly as they were.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pymongo import UpdateOne
from pymongo.errors import BulkWriteError

from .base import StoreBase
from .documents import COLLECTIONS, VOLATILE

DUPLICATE_KEY = 11000


@dataclass
class WriteResult:
    """The store's answer to one batch, by ``_id``; ``refused`` = id -> the server's reason."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    # For updated documents, when asked (re-parse): how many changed each field.
    changed_fields: Counter[str] = field(default_factory=Counter)

    @property
    def stored(self) -> list[str]:
        """Every id the store now holds as written (new, updated or already identical)."""
        return self.new + self.updated + self.unchanged


# Derived fields: a change shows in the field it derives from.
_NOT_COMPARED = frozenset(VOLATILE) | {"_id", "tokens", "simhash_blocks", "title_key", "content_hash", "simhash",
                                      "char_count", "body"}


class Writes(StoreBase):
    def write(self, kind: str, docs: list[dict[str, Any]], diff: bool = False) -> WriteResult:
        """Store documents of one kind; report which were new, updated, unchanged or refused.

        Insert first (what a first crawl writes, and the cheapest write there is); the ids that
        already exist are then compared by revision, and only those whose revision differs are
        updated, guarded so that a concurrent identical write is not counted twice. ``diff``: also
        count, for updated documents, which fields changed (reads them first).
        """
        result = WriteResult()
        if not docs:
            return result
        collection = self.db[COLLECTIONS[kind]]
        existing = self._insert_new(collection, docs, result)
        if not existing:
            return result
        fields = None if diff else {"rev": 1}
        before = {d["_id"]: d for d in collection.find({"_id": {"$in": [d["_id"] for d in existing]}}, fields)}
        changed = [d for d in existing if before.get(d["_id"], {}).get("rev") != d["rev"]]
        result.unchanged.extend(d["_id"] for d in existing if before.get(d["_id"], {}).get("rev") == d["rev"])
        if not changed:
            return result
        ops = [UpdateOne({"_id": d["_id"], "rev": {"$ne": d["rev"]}},
                         {"$set": {k: v for k, v in d.items() if k not in ("_id", "first_seen")},
                          "$setOnInsert": {"first_seen": d.get("crawled_at", "")}}, upsert=True)
               for d in changed]
        try:
            details = collection.bulk_write(ops, ordered=False).bulk_api_result
        except BulkWriteError as exc:
            details = exc.details
        errors = {e["index"]: e for e in details.get("writeErrors", [])}
        for i, doc in enumerate(changed):
            error = errors.get(i)
            if error is None:
                result.updated.append(doc["_id"])
                if diff:
                    old = before.get(doc["_id"], {})
                    result.changed_fields.update(k for k in doc.keys() | old.keys()
                                                 if k not in _NOT_COMPARED and old.get(k) != doc.get(k))
            elif error.get("code") == DUPLICATE_KEY:  # written identically meanwhile by someone else
                result.unchanged.append(doc["_id"])
            else:
                result.refused[doc["_id"]] = str(error.get("errmsg", "refused"))[:200]
        return result

    def _insert_new(self, collection: Any, docs: list[dict[str, Any]], result: WriteResult) -> list[dict[str, Any]]:
        """Insert every document; the new ones go to ``result``, those whose id exists are returned."""
        fresh = [{**d, "first_seen": d.get("first_seen") or d.get("crawled_at", "")} for d in docs]
        try:
            collection.insert_many(fresh, ordered=False)
            errors: dict[int, dict[str, Any]] = {}
        except BulkWriteError as exc:
            errors = {e["index"]: e for e in exc.details.get("writeErrors", [])}
        existing = []
        for i, doc in enumerate(docs):
            error = errors.get(i)
            if error is None:
                result.new.append(doc["_id"])
            elif error.get("code") == DUPLICATE_KEY:
                existing.append(doc)
            else:
                result.refused[doc["_id"]] = str(error.get("errmsg", "refused"))[:200]
        return existing

    def stored_ids(self, kind: str, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` the store holds (an edition's verdict counts by ``_id``)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        return {d["_id"] for d in self.db[COLLECTIONS[kind]].find({"_id": {"$in": wanted}}, {"_id": 1})}

    def stored_page_urls(self, paper: str, day: str, urls: Iterable[str]) -> set[str]:
        """Which of an edition's page URLs the store holds pages for."""
        wanted = list(dict.fromkeys(urls))
        if not wanted:
            return set()
        return {d["url"] for d in self.pages.find({"paper": paper, "date": day, "url": {"$in": wanted}}, {"url": 1})}

    # ----- what a crawl needs to know ---------------------------------------------------------
    def edition_statuses(self, paper: str, dates: Iterable[str]) -> dict[str, str]:
        """Recorded status per date of one paper (dates never crawled are absent)."""
        found = self.editions.find({"paper": paper, "date": {"$in": list(dates)}}, {"date": 1, "status": 1})
        return {d["date"]: d.get("status", "") for d in found}

    def stored_article_urls(self, paper: str, days: Iterable[str]) -> dict[str, set[str]]:
        """Per date, the URLs of the articles of ``paper`` already stored (what a rerun skips)."""
        found: dict[str, set[str]] = {day: set() for day in days}
        for d in self.articles.find({"paper": paper, "date": {"$in": list(found)}}, {"url": 1, "date": 1}):
            found.setdefault(d["date"], set()).add(d["url"])
        return found
