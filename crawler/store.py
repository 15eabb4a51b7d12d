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
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pymongo
from itemadapter import ItemAdapter
from pymongo import ASCENDING, DESCENDING, UpdateMany, UpdateOne
from pymongo.errors import BulkWriteError

from . import dedup
from .embedded import embedded_uri
from .items import Article, Item
from .query import ArticleQuery, SearchHit, date_range, rank
from .tokens import index_tokens

COLLECTIONS = {"edition": "editions", "page": "pages", "article": "articles"}
DEFAULT_DATABASE = "epaper"
DEFAULT_EMBEDDED_PATH = "data/mongo"


def database_name() -> str:
    """The database the environment selects (``MONGO_DATABASE``)."""
    return os.environ.get("MONGO_DATABASE") or DEFAULT_DATABASE


def embedded_path() -> str:
    """Where the embedded server keeps its data (``EPAPER_EMBEDDED_PATH``)."""
    return os.environ.get("EPAPER_EMBEDDED_PATH") or DEFAULT_EMBEDDED_PATH
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

    def __init__(self, client: pymongo.MongoClient, database: str = DEFAULT_DATABASE):
        self.client = client
        self.db = client[database]
        self.editions = self.db.editions
        self.pages = self.db.pages
        self.articles = self.db.articles

    @classmethod
    def connect(cls, uri: str = "", database: str = "", data: str = "") -> Store:
        """``uri`` (or ``MONGO_URI``); without one, the embedded server with its data under ``data``."""
        uri = uri or os.environ.get("MONGO_URI", "")
        if not uri:
            uri = embedded_uri(data or embedded_path())
        client = pymongo.MongoClient(uri, serverSelectionTimeoutMS=10_000, tz_aware=False)
        return cls(client, database or database_name())

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

    def link_duplicates(self, ids: Iterable[str], max_distance: int = 3) -> int:
        """Mark exact re-publications (``duplicate_of``) and link near duplicates both ways.

        Exact: same paper, same normalized-body hash, another id; the first copy (earliest date,
        then id) is the original. Near: any paper or date, SimHash within ``max_distance`` bits
        (bodies of ``dedup.SHORT_BODY`` characters or more) or, for short bodies, the same
        normalized title on the same date. One query per kind of match for the whole batch.
        Returns the number of links made.
        """
        fields = {"paper": 1, "date": 1, "content_hash": 1, "simhash": 1, "simhash_blocks": 1,
                  "title_key": 1, "char_count": 1}
        docs = list(self.articles.find({"_id": {"$in": list(ids)}}, fields))
        if not docs:
            return 0
        is_long = {d["_id"]: d.get("char_count", 0) >= dedup.SHORT_BODY and bool(d.get("simhash")) for d in docs}
        long = [d for d in docs if is_long[d["_id"]]]
        short = [d for d in docs if not is_long[d["_id"]]]
        copies: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for c in self.articles.find({"content_hash": {"$in": [d["content_hash"] for d in docs]}},
                                    {"paper": 1, "date": 1, "content_hash": 1}):
            copies[(c["paper"], c["content_hash"])].append(c)
        similar = list(self.articles.find(
            {"simhash_blocks": {"$in": sorted({b for d in long for b in d["simhash_blocks"]})},
             "char_count": {"$gte": dedup.SHORT_BODY}}, {"simhash": 1})) if long else []
        titled = list(self.articles.find(
            {"title_key": {"$in": [d["title_key"] for d in short]}, "char_count": {"$lt": dedup.SHORT_BODY}},
            {"title_key": 1})) if short else []
        ops: list[Any] = []
        for group in copies.values():
            if len(group) > 1:
                first = min(group, key=lambda c: (c["date"], c["_id"]))["_id"]
                ops.append(UpdateOne({"_id": first}, {"$unset": {"duplicate_of": ""}}))
                ops.append(UpdateMany({"_id": {"$in": [c["_id"] for c in group if c["_id"] != first]}},
                                      {"$set": {"duplicate_of": first}}))
        links = 0
        for doc in docs:
            if is_long[doc["_id"]]:
                near = [c["_id"] for c in similar if dedup.hamming(c["simhash"], doc["simhash"]) <= max_distance]
            else:
                near = [c["_id"] for c in titled if c["title_key"] == doc["title_key"]]
            same_story = {c["_id"] for c in copies[(doc["paper"], doc["content_hash"])]} | {doc["_id"]}
            near = [n for n in near if n not in same_story]
            if near:
                ops.append(UpdateOne({"_id": doc["_id"]}, {"$addToSet": {"near_duplicates": {"$each": near}}}))
                ops.append(UpdateMany({"_id": {"$in": near}}, {"$addToSet": {"near_duplicates": doc["_id"]}}))
                links += len(near)
        if ops:
            self.articles.bulk_write(ops, ordered=True)
        return links

    # ----- what a crawl needs to know ---------------------------------------------------------
    def edition_statuses(self, paper: str, dates: Iterable[str]) -> dict[str, str]:
        """Recorded status per date of one paper (dates never crawled are absent)."""
        found = self.editions.find({"paper": paper, "date": {"$in": list(dates)}}, {"date": 1, "status": 1})
        return {d["date"]: d.get("status", "") for d in found}

    def stored_article_urls(self, paper: str, day: str) -> set[str]:
        return {d["url"] for d in self.articles.find({"paper": paper, "date": day}, {"url": 1})}

    # ----- queries for the CLI ---------------------------------------------------------------
    # Article filters come only from crawler.query.ArticleQuery (validated, typed values).
    SEARCH_FIELDS = ("paper", "paper_name", "date", "page_no", "page_name", "lead_title", "title", "subtitle",
                     "authors", "url", "body")

    def is_empty(self) -> bool:
        """Nothing stored yet: no edition and no article."""
        return self.editions.find_one({}, {"_id": 1}) is None and self.articles.find_one({}, {"_id": 1}) is None

    def has_paper(self, paper: str) -> bool:
        """Whether anything of ``paper`` is stored (papers crawled by URL are stored under their host and folder)."""
        if not isinstance(paper, str) or not paper:
            return False
        return any(c.find_one({"paper": paper}, {"_id": 1}) is not None for c in (self.editions, self.articles))

    def stored_papers(self) -> dict[str, str]:
        """Key → name of every paper with editions or articles stored, by key."""
        names: dict[str, str] = {}
        for collection in (self.editions, self.articles):
            for row in collection.aggregate([{"$group": {"_id": "$paper", "name": {"$first": "$paper_name"}}}]):
                if row["_id"] and not names.get(row["_id"]):
                    names[row["_id"]] = row.get("name") or ""
        return dict(sorted(names.items()))

    def article(self, ident: str) -> dict[str, Any] | None:
        """One article by ``_id`` ("paper:date:article_id") or by its URL."""
        if not isinstance(ident, str):
            return None
        if ident.startswith(("http://", "https://")):
            return self.articles.find_one({"url": ident})
        return self.articles.find_one({"_id": ident})

    def titles(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Paper, date and title of the given articles, by ``_id`` (for duplicate links)."""
        wanted = [i for i in ids if isinstance(i, str)]
        return {d["_id"]: d for d in self.articles.find({"_id": {"$in": wanted}}, {"paper": 1, "date": 1, "title": 1})}

    def _matching(self, query: ArticleQuery, fields: Iterable[str] = (), in_order: bool = False,
                  limit: int = 0) -> Iterator[dict[str, Any]]:
        """The articles matching ``query``, as documents with ``fields`` (all if none).

        Several words go through the tokens index as one equality on the rarest word, the others
        checked on each document: the embedded server uses a multikey index only for an equality
        (``$all`` scans the collection), and MongoDB uses it for ``$all``'s first word alone.
        """
        found, words = self._indexed_filter(query)
        projection = dict.fromkeys(fields, 1) or None
        if len(words) > 1 and projection:
            projection["tokens"] = 1
        cursor = self.articles.find(found, projection).batch_size(500)
        if in_order:
            cursor = cursor.sort("_id", ASCENDING)
        matching = (doc for doc in cursor if len(words) < 2 or words <= set(doc.get("tokens", ())))
        for n, doc in enumerate(matching, 1):
            if projection and "tokens" not in fields:
                doc.pop("tokens", None)
            yield doc
            if n == limit:
                return

    def _indexed_filter(self, query: ArticleQuery) -> tuple[dict[str, Any], set[str]]:
        """The query's filter with its words as one equality on the rarest word, and the words."""
        found, words = query.to_filter(), set(query.words)
        if len(words) == 1:
            found["tokens"] = next(iter(words))
        elif words:
            found["tokens"] = min(sorted(words), key=lambda w: self.articles.count_documents({"tokens": w}))
        return found, words

    def count_articles(self, query: ArticleQuery) -> int:
        """How many articles match (for the export's progress bar)."""
        if len(query.words) < 2:
            return self.articles.count_documents(self._indexed_filter(query)[0])
        return sum(1 for _ in self._matching(query, ["_id"]))

    def find_articles(self, query: ArticleQuery, fields: Iterable[str] = (), limit: int = 0) -> Iterator[dict[str, Any]]:
        """The matching articles (only ``fields`` if given) in ``_id`` order, i.e. by paper, date,
        article: an order the ``_id`` index gives without sorting in memory."""
        return self._matching(query, tuple(fields), in_order=True, limit=limit)

    def search(self, query: ArticleQuery, limit: int) -> tuple[list[SearchHit], int]:
        """The ``limit`` best matches of a word query (see :func:`crawler.query.rank`) and the number of matches."""
        return rank(self._matching(query, self.SEARCH_FIELDS), query.words, limit)

    def _day_range(self, paper: str, start: str, end: str) -> dict[str, Any]:
        if not all(isinstance(v, str) for v in (paper, start, end)):
            raise TypeError("paper and dates must be strings")
        found: dict[str, Any] = {"paper": paper}
        if start or end:
            found["date"] = date_range(start, end)
        return found

    def editions_between(self, paper: str, start: str = "", end: str = "") -> list[dict[str, Any]]:
        """The edition records of one paper between two dates (inclusive; "" = open), by date,
        with status, counts and page list."""
        fields = {"date": 1, "status": 1, "counts": 1, "issue_no": 1, "paper_name": 1, "pages": 1}
        return list(self.editions.find(self._day_range(paper, start, end), fields).sort("date", ASCENDING))

    def stored_per_day(self, kind: str, paper: str, start: str = "", end: str = "") -> dict[str, int]:
        """How many pages or articles (``kind``) of one paper are stored per date."""
        pipeline = [{"$match": self._day_range(paper, start, end)}, {"$group": {"_id": "$date", "n": {"$sum": 1}}}]
        return {row["_id"]: row["n"] for row in self.db[COLLECTIONS[kind]].aggregate(pipeline)}

    def paper_stats(self) -> list[dict[str, Any]]:
        """Per paper: editions by status, pages, articles, first/last article date, duplicates."""
        rows: dict[str, dict[str, Any]] = {}

        def row(paper: str) -> dict[str, Any]:
            return rows.setdefault(paper, {"paper": paper, "paper_name": "", "editions": {}, "pages": 0, "articles": 0,
                                           "first": "", "last": "", "duplicates": 0, "near_duplicates": 0})

        by_status = {"$group": {"_id": {"paper": "$paper", "status": "$status"}, "n": {"$sum": 1},
                                "name": {"$first": "$paper_name"}}}
        for found in self.editions.aggregate([by_status]):
            r = row(found["_id"]["paper"])
            r["editions"][found["_id"]["status"]] = found["n"]
            r["paper_name"] = r["paper_name"] or found.get("name") or ""
        for found in self.pages.aggregate([{"$group": {"_id": "$paper", "n": {"$sum": 1}}}]):
            row(found["_id"])["pages"] = found["n"]
        per_paper = {"$group": {
            "_id": "$paper", "n": {"$sum": 1}, "first": {"$min": "$date"}, "last": {"$max": "$date"},
            "name": {"$first": "$paper_name"},
            "duplicates": {"$sum": {"$cond": [{"$ifNull": ["$duplicate_of", False]}, 1, 0]}},
            "near": {"$sum": {"$cond": [{"$gt": [{"$size": {"$ifNull": ["$near_duplicates", []]}}, 0]}, 1, 0]}},
        }}
        for found in self.articles.aggregate([per_paper]):
            r = row(found["_id"])
            r.update(articles=found["n"], first=found["first"], last=found["last"], duplicates=found["duplicates"],
                     near_duplicates=found["near"])
            r["paper_name"] = r["paper_name"] or found.get("name") or ""
        return [rows[key] for key in sorted(rows)]
