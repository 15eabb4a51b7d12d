"""Writes: guarded upserts that report what was new, updated or unchanged.

Writes are ``bulk_write(ordered=False)`` upserts keyed by ``_id`` and guarded by the revision
hash: an unchanged document is not touched at all (the guarded upsert collides on ``_id`` and
that collision is the "unchanged" answer), a changed one is replaced field by field, a new one
records ``first_seen``. Rerunning a crawl leaves the documents exactly as they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pymongo import UpdateOne
from pymongo.errors import BulkWriteError

from .base import StoreBase
from .documents import COLLECTIONS

DUPLICATE_KEY = 11000


class StoreError(RuntimeError):
    """A write the server refused for a reason other than 'unchanged'."""


@dataclass
class WriteResult:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


class Writes(StoreBase):
    def write(self, kind: str, docs: list[dict[str, Any]]) -> WriteResult:
        """Upsert documents of one kind; report which were new, updated or unchanged."""
        result = WriteResult()
        if not docs:
            return result
        ops = [
            UpdateOne(
                {"_id": d["_id"], "rev": {"$ne": d["rev"]}},
                {"$set": {k: v for k, v in d.items() if k not in ("_id", "first_seen")},
                 "$setOnInsert": {"first_seen": d.get("crawled_at", "")}},
                upsert=True,
            )
            for d in docs
        ]
        try:
            details = self.db[COLLECTIONS[kind]].bulk_write(ops, ordered=False).bulk_api_result
        except BulkWriteError as exc:
            details = exc.details
            fatal = [e for e in details.get("writeErrors", []) if e.get("code") != DUPLICATE_KEY]
            if fatal:
                raise StoreError(f"{kind} write refused: {fatal[0].get('errmsg')}") from exc
        upserted = {u["index"] for u in details.get("upserted", [])}
        collided = {e["index"] for e in details.get("writeErrors", [])}
        for i, doc in enumerate(docs):
            bucket = result.new if i in upserted else result.unchanged if i in collided else result.updated
            bucket.append(doc["_id"])
        return result

    # ----- what a crawl needs to know ---------------------------------------------------------
    def edition_statuses(self, paper: str, dates: Iterable[str]) -> dict[str, str]:
        """Recorded status per date of one paper (dates never crawled are absent)."""
        found = self.editions.find({"paper": paper, "date": {"$in": list(dates)}}, {"date": 1, "status": 1})
        return {d["date"]: d.get("status", "") for d in found}

    def stored_article_urls(self, paper: str, day: str) -> set[str]:
        return {d["url"] for d in self.articles.find({"paper": paper, "date": day}, {"url": 1})}
