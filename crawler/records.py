"""Records as the CLI, the exports and the reader show them: one builder per kind.

The same record is printed by ``epaper … --json``, written by ``epaper export`` and served by the
reader's JSON API, so every view of an article says the same thing.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .items import Article
from .query import (
    SearchHit,
)
from .tokens import hit_spans

_READING_ORDER = ("paper", "paper_name", "date", "page_no", "page_name", "pages", "url", "article_id", "lead_title",
                  "title", "subtitle", "byline", "authors", "body", "paragraphs", "images", "char_count",
                  "content_hash", "simhash", "parser", "crawled_at", "kind")

# Every field of items.Article, in reading order (a field added to Article is exported too, last).
ARTICLE_FIELDS = sorted(dataclasses.fields(Article), key=lambda f: (
    _READING_ORDER.index(f.name) if f.name in _READING_ORDER else len(_READING_ORDER)))

EXPORT_COLUMNS = ["id", *(f.name for f in ARTICLE_FIELDS), "duplicate_of", "near_duplicates", "first_seen"]

# List fields (JSON arrays in a CSV cell): every list field of Article, and the duplicate links.
LIST_COLUMNS = {f.name for f in ARTICLE_FIELDS if f.default_factory is list} | {"near_duplicates"}

def _default(f: dataclasses.Field) -> Any:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return "" if f.default is dataclasses.MISSING else f.default

def article_record(doc: dict[str, Any]) -> dict[str, Any]:
    """Every typed field of a stored article (plus its id and duplicate links), in a fixed order."""
    record: dict[str, Any] = {"id": doc["_id"]}
    for f in ARTICLE_FIELDS:
        record[f.name] = doc.get(f.name, _default(f))
    record["duplicate_of"] = doc.get("duplicate_of", "")
    record["near_duplicates"] = doc.get("near_duplicates", [])
    record["first_seen"] = doc.get("first_seen", "")
    return record

def csv_row(record: dict[str, Any]) -> list[Any]:
    """A record as CSV cells: list fields as JSON arrays, so they read back exactly."""
    return [json.dumps(record[c], ensure_ascii=False) if c in LIST_COLUMNS else record[c] for c in EXPORT_COLUMNS]

def snippet(body: str, words: tuple[str, ...], width: int = 48) -> tuple[str, list[tuple[int, int]]]:
    """About ``width`` characters of the body around its first word hit, and the hits in it."""
    paragraphs = [p for p in (body or "").split("\n\n") if p.strip()]
    text, spans = (paragraphs[0] if paragraphs else ""), []
    for paragraph in paragraphs:
        found = hit_spans(paragraph, words)
        if found:
            text, spans = paragraph, found
            break
    first = spans[0][0] if spans else 0
    start = 0 if first < width // 2 else max(0, min(first - width // 4, len(text) - width))
    end = min(len(text), start + width)
    prefix = "…" if start else ""
    shown = prefix + text[start:end] + ("…" if end < len(text) else "")
    shift = len(prefix) - start
    inside = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return shown, inside

def search_record(hit: SearchHit, words: tuple[str, ...]) -> dict[str, Any]:
    doc = hit.doc
    text, spans = snippet(doc.get("body", ""), words)
    record = {"id": doc["_id"]}
    record.update({k: doc.get(k, "") for k in ("paper", "paper_name", "date", "page_no", "page_name", "lead_title",
                                               "title", "subtitle")})
    record.update(authors=doc.get("authors", []), url=doc.get("url", ""), title_hits=hit.title_hits, hits=hit.hits,
                  snippet=text, highlights=[list(s) for s in spans])
    return record
