"""Records as the CLI, the exports and the reader show them: one builder per kind.

The same record is printed by ``epaper … --json``, written by ``epaper export`` and served by the
reader's JSON API, so every view of an article says the same thing.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .items import Article, Edition, Page
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
    """An article record as CSV cells: list fields as JSON arrays, so they read back exactly."""
    return [json.dumps(record[c], ensure_ascii=False) if c in LIST_COLUMNS else record[c] for c in EXPORT_COLUMNS]


def csv_cells(record: dict[str, Any], columns: list[str]) -> list[Any]:
    """Any record as CSV cells in ``columns`` order: lists and objects as JSON, so they read back exactly."""
    if columns is EXPORT_COLUMNS:
        return csv_row(record)
    return [json.dumps(record.get(c), ensure_ascii=False) if isinstance(record.get(c), list | dict)
            else record.get(c, "") for c in columns]

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


# ----- browsing: article summaries, pages, editions ------------------------------------------------
SUMMARY_FIELDS = ("paper", "paper_name", "date", "page_no", "page_name", "pages", "url", "lead_title", "title",
                  "subtitle", "byline", "authors", "char_count", "images", "duplicate_of")


def article_summary(doc: dict[str, Any], position: int = 0) -> dict[str, Any]:
    """An article as lists show it (no text): where it is printed, its headline and byline.

    ``position`` is its place (1, 2, …) in its page's article list, 0 when the page does not list it.
    """
    return {"id": doc["_id"], "paper": doc.get("paper", ""), "paper_name": doc.get("paper_name", ""),
            "date": doc.get("date", ""), "page_no": doc.get("page_no", ""), "page_name": doc.get("page_name", ""),
            "pages": doc.get("pages", []), "position": position, "lead_title": doc.get("lead_title", ""),
            "title": doc.get("title", ""), "subtitle": doc.get("subtitle", ""), "byline": doc.get("byline", ""),
            "authors": doc.get("authors", []), "char_count": doc.get("char_count", 0),
            "images": len(doc.get("images", [])), "duplicate_of": doc.get("duplicate_of", ""), "url": doc.get("url", "")}


def _stored_fields(cls: type, doc: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {"id": doc["_id"]}
    for f in dataclasses.fields(cls):
        record[f.name] = doc.get(f.name, _default(f))
    record["first_seen"] = doc.get("first_seen", "")
    return record


def page_order(edition: dict[str, Any] | None, pages: list[dict[str, Any]]) -> list[str]:
    """Page numbers in the edition's order: as its page list gives them, then stored pages it does not list."""
    listed = [ref.get("page_no", "") for ref in (edition or {}).get("pages", [])]
    return listed + sorted({p.get("page_no", "") for p in pages} - set(listed))


def edition_record(edition: dict[str, Any] | None, pages: list[dict[str, Any]],
                   articles: list[dict[str, Any]]) -> dict[str, Any]:
    """An edition with what the store holds of it: every recorded field (status, counts, failures
    with URL and reason), the stored counts, and its page list with each page's PDF, image and
    how many of the articles it lists are stored.

    ``edition`` is the edition document (None when only pages or articles of the day are stored:
    the status is then "unrecorded"); ``pages`` the day's page documents, ``articles`` the day's
    article documents (at least ``url`` and ``page_no``).
    """
    first = edition or (pages or articles)[0]
    paper, day = first.get("paper", ""), first.get("date", "")
    record = _stored_fields(Edition, edition or {"_id": f"{paper}:{day}", "paper": paper, "date": day,
                                                  "paper_name": first.get("paper_name", ""), "status": "unrecorded",
                                                  "url": ""})
    stored_urls = {a.get("url", "") for a in articles}
    by_no = {p.get("page_no", ""): p for p in pages}
    refs = {ref.get("page_no", ""): ref for ref in (edition or {}).get("pages", [])}
    listing = []
    for page_no in page_order(edition, pages):
        page, ref = by_no.get(page_no), refs.get(page_no, {})
        urls = (page or {}).get("article_urls", [])
        listing.append({
            "page_no": page_no, "page_name": (page or ref).get("page_name", ""), "url": (page or ref).get("url", ""),
            "pdf_url": (page or {}).get("pdf_url") or ref.get("pdf_url", ""), "image_url": (page or {}).get("image_url", ""),
            "stored": page is not None, "hotspots": len((page or {}).get("hotspots", [])),
            "articles_listed": len(urls), "articles_stored": sum(1 for u in urls if u in stored_urls)})
    record["pages"] = listing
    record["stored"] = {"pages": len(pages), "articles": len(articles)}
    return record


def page_record(page_no: str, edition: dict[str, Any] | None, pages: list[dict[str, Any]],
                articles: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One page as printed: PDF, image, every hotspot with the id and title of its article (""
    when that article is not stored), its articles in the page's order (an article the page lists
    but the store lacks has id ""), and the previous and next page of the edition.

    ``edition``, ``pages`` and ``articles`` are what the store holds of the day (articles with at
    least the summary fields). A page the edition lists but the store lacks is a record with
    ``stored`` false and ``failure`` saying why; a page neither lists nor holds is None.
    """
    page = next((p for p in pages if p.get("page_no") == page_no), None)
    ref = next((r for r in (edition or {}).get("pages", []) if r.get("page_no") == page_no), None)
    if page is None and ref is None:
        return None
    e = edition or {}
    source = page or {"_id": f"{e.get('paper', '')}:{e.get('date', '')}:{page_no}", "paper": e.get("paper", ""),
                      "paper_name": e.get("paper_name", ""), "date": e.get("date", ""), "page_no": page_no,
                      "page_name": ref.get("page_name", ""), "url": ref.get("url", ""), "pdf_url": ref.get("pdf_url", "")}
    record = _stored_fields(Page, source)
    record["paper_name"] = record["paper_name"] or e.get("paper_name", "")
    record["stored"] = page is not None
    record["failure"] = "" if page else next(
        (f.get("reason", "") for f in e.get("failures", []) if f.get("url") == record["url"]), "")
    by_url = {a.get("url", ""): a for a in articles}
    record["hotspots"] = [{**h, "article_id": by_url[h["article_url"]]["_id"] if h.get("article_url") in by_url else "",
                           "title": by_url.get(h.get("article_url", ""), {}).get("title", "")}
                          for h in record["hotspots"]]
    record["articles"] = [article_summary(by_url[url], n) if url in by_url else _unstored(url, n)
                          for n, url in enumerate(record["article_urls"], 1)]
    order = page_order(edition, pages)
    at = order.index(page_no)
    record["previous"] = order[at - 1] if at > 0 else ""
    record["next"] = order[at + 1] if at < len(order) - 1 else ""
    return record


def _unstored(url: str, position: int) -> dict[str, Any]:
    """The summary of an article a page lists but the store lacks: its URL and place, nothing else."""
    return {key: ("" if isinstance(value, str) else type(value)()) for key, value in
            article_summary({"_id": ""}).items()} | {"url": url, "position": position}


# The columns of an edition and a page record (CSV exports), in record order.
EDITION_COLUMNS = list(edition_record({"_id": "", "paper": "", "date": ""}, [], []))
PAGE_COLUMNS = list(page_record("", None, [{"_id": "", "page_no": ""}], []))
