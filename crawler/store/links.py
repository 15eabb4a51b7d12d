"""Duplicate linking: exact re-publications and near-duplicate reprints of stored articles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from pymongo import UpdateMany, UpdateOne

from .. import dedup
from .base import StoreBase

# New articles whose SimHash candidates are asked in one query. The server checks each indexed
# candidate against every value of the ``$in``, so one query for a whole batch costs batch x
# candidates (and candidates grow with the store); a few articles per query keep each article's
# cost to its own candidates while sharing the round trip.
SIMHASH_QUERY_ARTICLES = 4
# What linking reads of an article.
_LINK_FIELDS = {"paper": 1, "date": 1, "content_hash": 1, "simhash": 1, "simhash_blocks": 1, "title_key": 1,
                "char_count": 1}


class Links(StoreBase):
    def link_duplicates(self, ids: Iterable[str], max_distance: int = 3) -> int:
        """Mark exact re-publications and link near duplicates of the stored articles ``ids``
        (see :meth:`link_documents`). Returns the number of links made."""
        docs = list(self.articles.find({"_id": {"$in": list(ids)}}, _LINK_FIELDS))
        return self.link_documents(docs, max_distance)

    def link_documents(self, docs: list[dict[str, Any]], max_distance: int = 3) -> int:
        """Mark exact re-publications (``duplicate_of``) and link near duplicates both ways, for
        articles just written (``docs``: their stored documents, or at least ``_LINK_FIELDS``).

        Exact: same paper, same normalized-body hash, another id; the first copy (earliest date,
        then id) is the original. Near: any paper or date, SimHash within ``max_distance`` bits
        (bodies of ``dedup.SHORT_BODY`` characters or more) or, for short bodies, the same
        normalized title on the same date. A SimHash is compared only with the stored ones that
        share one of its blocks: every pair within ``dedup.BLOCKS - 1`` bits does, so up to that
        distance no pair is missed, and the cost per article follows its own candidates, not the
        batch's. Returns the number of links made.
        """
        if not docs:
            return 0
        is_long = {d["_id"]: d.get("char_count", 0) >= dedup.SHORT_BODY and bool(d.get("simhash")) for d in docs}
        long = [d for d in docs if is_long[d["_id"]]]
        short = [d for d in docs if not is_long[d["_id"]]]
        copies: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for c in self.articles.find({"content_hash": {"$in": [d["content_hash"] for d in docs]}},
                                    {"paper": 1, "date": 1, "content_hash": 1}):
            copies[(c["paper"], c["content_hash"])].append(c)
        near_of = self._near_by_simhash(long, max_distance)
        titled: dict[str, list[str]] = defaultdict(list)
        if short:
            for c in self.articles.find({"title_key": {"$in": [d["title_key"] for d in short]},
                                         "char_count": {"$lt": dedup.SHORT_BODY}}, {"title_key": 1}):
                titled[c["title_key"]].append(c["_id"])
        ops: list[Any] = []
        for group in copies.values():
            if len(group) > 1:
                first = min(group, key=lambda c: (c["date"], c["_id"]))["_id"]
                ops.append(UpdateOne({"_id": first}, {"$unset": {"duplicate_of": ""}}))
                ops.append(UpdateMany({"_id": {"$in": [c["_id"] for c in group if c["_id"] != first]}},
                                      {"$set": {"duplicate_of": first}}))
        links = 0
        for doc in docs:
            near = near_of[doc["_id"]] if is_long[doc["_id"]] else titled.get(doc["title_key"], [])
            same_story = {c["_id"] for c in copies[(doc["paper"], doc["content_hash"])]} | {doc["_id"]}
            near = sorted(n for n in set(near) if n not in same_story)
            if near:
                ops.append(UpdateOne({"_id": doc["_id"]}, {"$addToSet": {"near_duplicates": {"$each": near}}}))
                ops.append(UpdateMany({"_id": {"$in": near}}, {"$addToSet": {"near_duplicates": doc["_id"]}}))
                links += len(near)
        if ops:
            self.articles.bulk_write(ops, ordered=True)
        return links

    def _near_by_simhash(self, docs: list[dict[str, Any]], max_distance: int) -> dict[str, list[str]]:
        """Per article, the ids of the stored long articles sharing one of its SimHash blocks and
        within ``max_distance`` bits (itself included); a few articles per query."""
        near: dict[str, list[str]] = {}
        for start in range(0, len(docs), SIMHASH_QUERY_ARTICLES):
            group = docs[start:start + SIMHASH_QUERY_ARTICLES]
            by_block: dict[str, list[tuple[str, int]]] = defaultdict(list)
            for c in self.articles.find(
                    {"simhash_blocks": {"$in": sorted({b for d in group for b in d["simhash_blocks"]})},
                     "char_count": {"$gte": dedup.SHORT_BODY}}, {"simhash": 1, "simhash_blocks": 1}):
                value = int(c["simhash"], 16)
                for block in c["simhash_blocks"]:
                    by_block[block].append((c["_id"], value))
            for d in group:
                mine = int(d["simhash"], 16)
                candidates = {cid: value for block in d["simhash_blocks"] for cid, value in by_block.get(block, ())}
                near[d["_id"]] = [cid for cid, value in candidates.items()
                                  if dedup.hamming(value, mine) <= max_distance]
        return near
