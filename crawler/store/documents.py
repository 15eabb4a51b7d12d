"""What is stored: the document form of an item, its revision hash, the collection names.

A document is the item's fields plus ``_id``, the duplicate-finding keys, and ``rev``: a
hash of everything but the time stamps, which the guarded upsert compares so that an unchanged
record is never touched.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from .. import dedup
from ..items import Article, Item

COLLECTIONS = {"edition": "editions", "page": "pages", "article": "articles"}
# Fields that say when, not what: they do not count as a change of the document.
VOLATILE = ("crawled_at", "rev", "first_seen")


def to_document(item: Item) -> dict[str, Any]:
    """The stored form of an item: its fields, ``_id``, duplicate-finding keys and ``rev``."""
    doc = dataclasses.asdict(item)
    doc["_id"] = item.id
    if isinstance(item, Article):
        doc["simhash_blocks"] = dedup.blocks(item.simhash) if item.simhash else []
        doc["title_key"] = dedup.title_key(item.title, item.date)
    doc["rev"] = revision(doc)
    return doc


def revision(doc: dict[str, Any]) -> str:
    content = {k: v for k, v in doc.items() if k not in VOLATILE}
    return hashlib.sha1(json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
