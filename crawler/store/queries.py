"""Reads for the CLI and the reader: articles by typed query, editions, per-day counts, stats.

Article filters come only from :class:`crawler.query.ArticleQuery` (validated, typed values).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from pymongo import ASCENDING

from ..query import ArticleQuery, date_range
from ..records import SUMMARY_FIELDS, article_summary, edition_record, page_order, page_record
from .base import StoreBase
from .documents import COLLECTIONS

# What browsing needs of a page document: everything but nothing heavy is stored there.
_DAY_ARTICLE_FIELDS = dict.fromkeys(SUMMARY_FIELDS, 1)


class Queries(StoreBase):
    def is_empty(self) -> bool:
        """Nothing stored yet: no edition and no article.

        By collection names and estimated counts (metadata on MongoDB): the embedded server reads
        every document of a collection even for ``find_one({})`` (~10 s at 100,000 articles).
        """
        names = set(self.db.list_collection_names())
        return all(name not in names or not self.db[name].estimated_document_count() for name in ("editions", "articles"))

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

    def count_articles(self, query: ArticleQuery) -> int:
        """How many articles match a query without words (words: see :class:`.search.Search`)."""
        return self.articles.count_documents(query.to_filter())

    def find_articles(self, query: ArticleQuery, fields: Iterable[str] = (), limit: int = 0) -> Iterator[dict[str, Any]]:
        """The matching articles (only ``fields`` if given) in ``_id`` order, i.e. by paper, date,
        article: an order the ``_id`` index gives without sorting in memory."""
        cursor = self.articles.find(query.to_filter(), dict.fromkeys(fields, 1) or None).batch_size(500)
        return iter(cursor.sort("_id", ASCENDING).limit(limit))

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
        fields = {"date": 1, "status": 1, "counts": 1, "issue_no": 1, "paper_name": 1, "pages": 1, "failures": 1}
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

    def calendar(self, paper: str, start: str = "", end: str = "") -> Iterator[dict[str, Any]]:
        """Every day of the range with its edition's status and counts; days never crawled are "missing"."""
        found = {e["date"]: e for e in self.editions_between(paper, start, end)}
        if not found and not (start and end):
            return
        first = date.fromisoformat(start or min(found))
        last = date.fromisoformat(end or max(found))
        pages = self.stored_per_day("page", paper, first.isoformat(), last.isoformat())
        articles = self.stored_per_day("article", paper, first.isoformat(), last.isoformat())
        name = next((e.get("paper_name", "") for e in found.values()), "")
        for offset in range((last - first).days + 1):
            day = (first + timedelta(days=offset)).isoformat()
            edition = found.get(day)
            counts = (edition or {}).get("counts") or {}
            yield {"paper": paper, "paper_name": name, "date": day, "status": edition.get("status", "") if edition else "missing",
                   "issue_no": (edition or {}).get("issue_no", ""),
                   "pages_listed": counts.get("pages_listed", 0), "pages_stored": pages.get(day, 0),
                   "articles_listed": counts.get("articles_listed", 0), "articles_stored": articles.get(day, 0),
                   "failures": (edition or {}).get("failures", [])}

    # ----- browsing: the articles of days and pages, editions, pages ------------------------------
    def _days(self, query: ArticleQuery) -> Iterator[dict[str, Any]]:
        """The recorded editions the query's papers and dates select, by paper and date (page lists only)."""
        found: dict[str, Any] = {}
        if query.papers:
            found["paper"] = {"$in": list(query.papers)}
        if query.start or query.end:
            found["date"] = date_range(query.start, query.end)
        days = list(self.editions.find(found, {"paper": 1, "date": 1, "pages": 1}))
        return iter(sorted(days, key=lambda e: (e.get("paper", ""), e.get("date", ""))))

    def _day(self, paper: str, day: str, fields: dict[str, int] | None = None,
             extra: dict[str, Any] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The page documents and the article documents (``fields`` of them) of one day of one paper."""
        pages = list(self.pages.find({"paper": paper, "date": day}))
        articles = list(self.articles.find({"paper": paper, "date": day, **(extra or {})},
                                           fields or _DAY_ARTICLE_FIELDS))
        return pages, articles

    def list_articles(self, query: ArticleQuery, limit: int = 0) -> Iterator[dict[str, Any]]:
        """Article summaries (:func:`crawler.records.article_summary`) in the order they were printed:
        by paper, date, the edition's page order, then their place on the page; no words needed.

        Walks the recorded editions the query selects, one day at a time (constant memory). With
        a page, an article listed there (a 导读 on page 01, say) comes at its place on that page.
        Words in the query are ignored: this is browsing, `search` is for words.
        """
        extra: dict[str, Any] = {}
        if query.page:
            extra["$or"] = [{"page_no": query.page}, {"pages": query.page}]
        if query.author:
            extra["authors"] = query.author
        shown = 0
        for edition in self._days(query):
            pages, articles = self._day(edition["paper"], edition["date"], extra=extra)
            if not articles:
                continue
            rank = {no: i for i, no in enumerate(page_order(edition, pages))}
            places = {}
            for page in pages:
                for n, url in enumerate(page.get("article_urls", []), 1):
                    places.setdefault((page.get("page_no", ""), url), n)

            def key(doc: dict[str, Any]) -> tuple[int, int, str]:
                on = query.page or doc.get("page_no", "")
                return rank.get(on, len(rank)), places.get((on, doc.get("url", "")), 1 << 30), doc["_id"]

            for doc in sorted(articles, key=key):
                yield article_summary(doc, places.get((query.page or doc.get("page_no", ""), doc.get("url", "")), 0))
                shown += 1
                if shown == limit:
                    return

    def edition(self, paper: str, day: str) -> dict[str, Any] | None:
        """The edition record of one day (:func:`crawler.records.edition_record`); None when nothing of it is stored."""
        if not isinstance(paper, str) or not isinstance(day, str):
            return None
        edition = self.editions.find_one({"_id": f"{paper}:{day}"})
        pages, articles = self._day(paper, day, {"url": 1, "page_no": 1, "paper": 1, "date": 1, "paper_name": 1})
        if edition is None and not pages and not articles:
            return None
        return edition_record(edition, pages, articles)

    def page(self, paper: str, day: str, page_no: str) -> dict[str, Any] | None:
        """The page record (:func:`crawler.records.page_record`); None when the day neither lists nor holds it."""
        if not all(isinstance(v, str) for v in (paper, day, page_no)):
            return None
        edition = self.editions.find_one({"_id": f"{paper}:{day}"})
        pages, articles = self._day(paper, day)
        return page_record(page_no, edition, pages, articles)

    def neighbours(self, paper: str, day: str) -> tuple[str, str]:
        """The dates of the stored editions of ``paper`` just before and just after ``day`` ("" when none)."""
        before = self.editions.find_one({"paper": paper, "date": {"$lt": day}}, {"date": 1}, sort=[("date", -1)])
        after = self.editions.find_one({"paper": paper, "date": {"$gt": day}}, {"date": 1}, sort=[("date", 1)])
        return (before or {}).get("date", ""), (after or {}).get("date", "")

    def count_editions(self, query: ArticleQuery) -> int:
        """How many recorded editions the query's papers and dates select."""
        found: dict[str, Any] = {}
        if query.papers:
            found["paper"] = {"$in": list(query.papers)}
        if query.start or query.end:
            found["date"] = date_range(query.start, query.end)
        return self.editions.count_documents(found)

    def edition_records(self, query: ArticleQuery) -> Iterator[dict[str, Any]]:
        """Edition records of the query's papers and dates, by paper and date (for export)."""
        for day in self._days(query):
            found = self.edition(day["paper"], day["date"])
            if found:
                yield found

    def page_records(self, query: ArticleQuery) -> Iterator[dict[str, Any]]:
        """Page records of the query's papers, dates and page, in edition order (for export)."""
        for day in self._days(query):
            edition = self.editions.find_one({"_id": day["_id"]})
            pages, articles = self._day(day["paper"], day["date"])
            for page_no in page_order(edition, pages):
                if query.page and page_no != query.page:
                    continue
                found = page_record(page_no, edition, pages, articles)
                if found:
                    yield found

    # ----- the reader (crawler.web): reads nothing above gives ------------------------------------
    def copies_of(self, ident: str) -> list[dict[str, Any]]:
        """Paper, date and title of the stored exact re-publications of article ``ident`` (those
        whose ``duplicate_of`` it is), by date: found through the content hash they share."""
        if not isinstance(ident, str):
            return []
        doc = self.articles.find_one({"_id": ident}, {"paper": 1, "content_hash": 1})
        if not doc or not doc.get("content_hash"):
            return []
        found = self.articles.find({"content_hash": doc["content_hash"], "paper": doc.get("paper", ""),
                                    "duplicate_of": ident}, {"paper": 1, "date": 1, "title": 1})
        return sorted(found, key=lambda d: (d.get("date", ""), d["_id"]))
