"""Re-parse: run the real crawl over archived editions, answered from the archive, and say what changed.

``epaper reparse`` plans one ``scrapy crawl epaper -a paper=P -a start=D1 -a end=D2 -a refresh=1``
per paper and run of consecutive archived dates, with ``EPAPER_REPLAY`` on (see
:mod:`crawler.replay`): the same spider, pipelines, dedup, tokens and revision guard run, so an
unchanged record is not touched and a changed one is updated in place. Days without an archive
file are not asked for (they would be recorded failed for want of a source).

What changed is read from the crawl's stats (``epaper/store/<kind>s/new|updated|unchanged`` and,
when the store reports them, ``epaper/store/changed/<field>``); without the latter the changed
fields are found by comparing the records before and after. A dry run stores nothing: the crawl
exports its items and they are compared with the stored records.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .archive import ArchiveFile
from .items import Article, Edition, Page

KINDS = ("edition", "page", "article")
COLLECTION = {"edition": "editions", "page": "pages", "article": "articles"}
# Fields that say when or where from, or that the store computes after the write.
IGNORED = {"crawled_at", "kind", "coverage", "drift", "media_failures"}
# Fields that follow from the body: a changed body is counted once, as "body".
DERIVED = {"paragraphs", "char_count", "content_hash", "simhash"}
ITEM_FIELDS = {kind: [f.name for f in dataclasses.fields(cls) if f.name not in IGNORED]
               for kind, cls in (("edition", Edition), ("page", Page), ("article", Article))}


@dataclass
class Run:
    """One crawl: a paper and a run of consecutive archived dates."""

    paper: str
    first: str
    last: str
    files: list[ArchiveFile] = field(default_factory=list)

    @property
    def days(self) -> list[str]:
        return [f.day for f in self.files]


def plan(files: list[ArchiveFile]) -> list[Run]:
    """Group archive files into runs of consecutive dates per paper."""
    runs: list[Run] = []
    for f in sorted(files, key=lambda f: (f.paper, f.day)):
        last = runs[-1] if runs else None
        if last and last.paper == f.paper and date.fromisoformat(f.day) == date.fromisoformat(last.last) + timedelta(days=1):
            last.last = f.day
            last.files.append(f)
        else:
            runs.append(Run(f.paper, f.day, f.day, [f]))
    return runs


def crawl_command(run: Run, archive: Path, feed: Path, stats: Path, dry_run: bool,
                  extra: tuple[str, ...] = ()) -> list[str]:
    """The ``scrapy crawl`` of one run, answered from the archive."""
    settings = {"EPAPER_REPLAY": "1", "EPAPER_ARCHIVE": str(archive), "EPAPER_STATS_FILE": str(stats),
                "ROBOTSTXT_OBEY": "0", "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "RETRY_TIMES": "0",
                "EPAPER_MIRROR": "", "LOG_LEVEL": "INFO",
                "EPAPER_DIFF_FIELDS": "1"}  # the store counts changed fields per article, where it can
    if dry_run:
        settings["EPAPER_STORE"] = "0"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "epaper", "-a", f"paper={run.paper}",
           "-a", f"start={run.first}", "-a", f"end={run.last}", "-a", "refresh=1", "-O", f"{feed}:jsonlines"]
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    for setting in extra:
        cmd += ["-s", setting]
    return cmd


# ----- what changed ---------------------------------------------------------------------------
def content(kind: str, doc: dict[str, Any]) -> dict[str, Any]:
    """The fields of a record that re-parsing can change."""
    return {name: doc.get(name) for name in ITEM_FIELDS[kind]}


def changed_fields(kind: str, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The fields that differ, derived body fields folded into "body"."""
    found = [name for name in ITEM_FIELDS[kind] if _norm(before.get(name)) != _norm(after.get(name))]
    if any(name in DERIVED for name in found) and "body" not in found and kind == "article":
        found.append("body")
    return [name for name in found if name not in DERIVED]


def _norm(value: Any) -> Any:
    """None and a missing/empty value compare equal (older records lack newer fields)."""
    if value is None:
        return ""
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def snapshot(store: Any, run: Run) -> dict[str, dict[str, dict[str, Any]]]:
    """The stored records of a run's paper and dates, by kind and ``_id``."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    query = {"paper": run.paper, "date": {"$in": run.days}}
    for kind in KINDS:
        fields = dict.fromkeys(ITEM_FIELDS[kind], 1)
        found[kind] = {d["_id"]: content(kind, d) for d in store.db[COLLECTION[kind]].find(query, fields)}
    return found


@dataclass
class Changes:
    """What a re-parse did (or, for a dry run, would do)."""

    documents: int = 0
    missing: int = 0
    damaged: int = 0  # damaged stretches of archive files skipped
    counts: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    fields: Counter = field(default_factory=Counter)
    editions: list[dict[str, Any]] = field(default_factory=list)

    def add_stats(self, stats: dict[str, Any], with_counts: bool) -> None:
        self.documents += int(stats.get("epaper/replay/served", 0))
        self.missing += int(stats.get("epaper/replay/missing", 0))
        self.damaged += int(stats.get("epaper/replay/damaged", 0))
        if with_counts:
            for kind in KINDS:
                for outcome in ("new", "updated", "unchanged"):
                    self.counts[kind][outcome] += int(stats.get(f"epaper/store/{kind}s/{outcome}", 0))

    def compare(self, before: dict[str, dict[str, dict[str, Any]]], after: dict[str, dict[str, dict[str, Any]]],
                with_counts: bool) -> None:
        """Tally records new/updated/unchanged between two snapshots (or a snapshot and exported
        items) and, for articles, the fields that changed."""
        for kind in KINDS:
            for ident, doc in after[kind].items():
                old = before[kind].get(ident)
                changed = changed_fields(kind, old, doc) if old is not None else []
                if with_counts:
                    self.counts[kind]["new" if old is None else "updated" if changed else "unchanged"] += 1
                if kind == "article":
                    self.fields.update(changed)

    def as_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "not_in_archive": self.missing, "damaged_in_archive": self.damaged,
                "records": {f"{k}s": {o: self.counts[k][o] for o in ("new", "updated", "unchanged")} for k in KINDS},
                "changed_fields": dict(self.fields.most_common()), "editions": self.editions}


def exported(feed: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """The items of a crawl's feed, by kind and ``_id`` (as the store would key them)."""
    found: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in KINDS}
    if not feed.exists():
        return found
    for line in feed.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        kind = item.get("kind")
        if kind not in found:
            continue
        ident = ":".join([item["paper"], item["date"]] + {"edition": [], "page": [item.get("page_no", "")],
                                                           "article": [item.get("article_id", "")]}[kind])
        found[kind][ident] = content(kind, item)
    return found


# Keys the store derives for its indexes: they change with the fields they come from.
INDEX_KEYS = {"tokens", "simhash_blocks", "title_key"}


def stored_changes(stats: dict[str, Any]) -> Counter | None:
    """Per-field article changes as the store counted them (``epaper/store/changed/article/<field>``,
    with ``EPAPER_DIFF_FIELDS`` on), if it did; derived and index fields left out."""
    prefix = "epaper/store/changed/article/"
    found = Counter({k[len(prefix):]: int(v) for k, v in stats.items() if k.startswith(prefix)})
    if not any(k.startswith("epaper/store/") for k in stats):
        return None
    counted = Counter({k: v for k, v in found.items() if k not in DERIVED | INDEX_KEYS | IGNORED})
    if found.get("paragraphs"):  # the store compares paragraphs, not the body joined from them
        counted["body"] = max(counted["body"], found["paragraphs"])
    return counted
