"""MongoDB storage: one module for the pipelines and the CLI.

Collections ``editions`` (``_id = paper:date``), ``pages`` (``paper:date:page_no``) and
``articles`` (``paper:date:article_id``). Writes are ``bulk_write(ordered=False)`` upserts keyed
by ``_id`` and guarded by a revision hash of the content: an unchanged document is not touched
at all (the guarded upsert collides on ``_id`` and that collision is the "unchanged" answer), a
changed one is replaced field by field, a new one records ``first_seen``. Rerunning a crawl
therefore leaves the documents exactly as they were and never makes a second copy.

``MONGO_URI`` selects a server; without it the embedded server (:mod:`crawler.embedded`) is used.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pymongo
from itemadapter import ItemAdapter
from pymongo import ASCENDING, DESCENDING, UpdateOne
from pymongo.errors import BulkWriteError

from . import dedup
from .embedded import embedded_uri
from .items import Article, Item
from .tokens import index_tokens

COLLECTIONS = {"edition": "editions", "page": "pages", "article": "articles"}
DUPLICATE_KEY = 11000
# Fields that say when, not what: they do not count as a change of the document.
VOLATILE = ("crawled_at", "rev", "first_seen")


class StoreError(RuntimeError):
    """A write the server refused for a reason other than 'unchanged'."""


@dataclass
class WriteResult:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def to_document(item: Item) -> dict[str, Any]:
    """The stored form of an item: its fields, ``_id``, search tokens, index keys and ``rev``."""
    doc = ItemAdapter(item).asdict()
    doc["_id"] = item.id
    if isinstance(item, Article):
        doc["tokens"] = index_tokens([item.lead_title, item.title, item.subtitle, item.body])
        doc["simhash_blocks"] = dedup.blocks(item.simhash) if item.simhash else []
        doc["title_key"] = dedup.title_key(item.title, item.date)
    doc["rev"] = revision(doc)
    return doc


def revision(doc: dict[str, Any]) -> str:
    content = {k: v for k, v in doc.items() if k not in VOLATILE}
    return hashlib.sha1(json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


class Store:
    """The three collections of one database, and every query the project makes of them."""

    def __init__(self, client: pymongo.MongoClient, database: str = "epaper"):
        self.client = client
        self.db = client[database]
        self.editions = self.db.editions
        self.pages = self.db.pages
        self.articles = self.db.articles

    @classmethod
    def connect(cls, uri: str = "", database: str = "", embedded_path: str = "") -> Store:
        """``uri`` (or ``MONGO_URI``); without one, the embedded server under ``embedded_path``."""
        uri = uri or os.environ.get("MONGO_URI", "")
        if not uri:
            uri = embedded_uri(embedded_path or os.environ.get("EPAPER_EMBEDDED_PATH", "data/mongo"))
        client = pymongo.MongoClient(uri, serverSelectionTimeoutMS=10_000, tz_aware=False)
        return cls(client, database or os.environ.get("MONGO_DATABASE", "epaper"))

    @classmethod
    def from_settings(cls, settings: Any) -> Store:
        return cls.connect(settings.get("MONGO_URI", ""), settings.get("MONGO_DATABASE", ""),
                           settings.get("EPAPER_EMBEDDED_PATH", ""))

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

    # ----- writes -----------------------------------------------------------------------------
    def write(self, kind: str, docs: list[dict[str, Any]]) -> WriteResult:
        """Upsert documents of one kind; report which were new, updated or unchanged."""
        result = WriteResult()
        if not docs:
            return result
        ops = [
            UpdateOne(
                {"_id": d["_id"], "rev": {"$ne": d["rev"]}},
                {"$set": {k: v for k, v in d.items() if k != "_id"}, "$setOnInsert": {"first_seen": d.get("crawled_at", "")}},
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

    def link_duplicates(self, ids: Iterable[str], max_distance: int = 3) -> int:
        """Mark exact re-publications (``duplicate_of``) and link near duplicates both ways.

        Exact: same paper, same normalized-body hash, another id; the first copy (earliest date,
        then id) is the original. Near: any paper or date, SimHash within ``max_distance`` bits
        (bodies of ``dedup.SHORT_BODY`` characters or more) or, for short bodies, the same
        normalized title on the same date. Returns the number of links made.
        """
        fields = {"paper": 1, "date": 1, "content_hash": 1, "simhash": 1, "simhash_blocks": 1,
                  "title_key": 1, "char_count": 1}
        links = 0
        for doc in self.articles.find({"_id": {"$in": list(ids)}}, fields):
            copies = list(self.articles.find({"paper": doc["paper"], "content_hash": doc["content_hash"]}, {"date": 1}))
            if len(copies) > 1:
                first = min(copies, key=lambda c: (c["date"], c["_id"]))["_id"]
                others = [c["_id"] for c in copies if c["_id"] != first]
                self.articles.update_one({"_id": first}, {"$unset": {"duplicate_of": ""}})
                self.articles.update_many({"_id": {"$in": others}}, {"$set": {"duplicate_of": first}})
            same_story = {c["_id"] for c in copies}
            if doc.get("char_count", 0) >= dedup.SHORT_BODY and doc.get("simhash"):
                candidates = self.articles.find(
                    {"simhash_blocks": {"$in": doc["simhash_blocks"]}, "char_count": {"$gte": dedup.SHORT_BODY}},
                    {"simhash": 1},
                )
                near = [c["_id"] for c in candidates if dedup.hamming(c["simhash"], doc["simhash"]) <= max_distance]
            else:
                near = [c["_id"] for c in self.articles.find(
                    {"title_key": doc["title_key"], "char_count": {"$lt": dedup.SHORT_BODY}}, {"_id": 1})]
            near = [n for n in near if n not in same_story]
            if near:
                self.articles.update_one({"_id": doc["_id"]}, {"$addToSet": {"near_duplicates": {"$each": near}}})
                self.articles.update_many({"_id": {"$in": near}}, {"$addToSet": {"near_duplicates": doc["_id"]}})
                links += len(near)
        return links

    # ----- what a crawl needs to know ---------------------------------------------------------
    def edition_statuses(self, paper: str, dates: Iterable[str]) -> dict[str, str]:
        """Recorded status per date of one paper (dates never crawled are absent)."""
        found = self.editions.find({"paper": paper, "date": {"$in": list(dates)}}, {"date": 1, "status": 1})
        return {d["date"]: d.get("status", "") for d in found}

    def stored_article_urls(self, paper: str, day: str) -> set[str]:
        return {d["url"] for d in self.articles.find({"paper": paper, "date": day}, {"url": 1})}
