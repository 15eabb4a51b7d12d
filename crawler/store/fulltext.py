"""The search index: SQLite FTS5 over the jieba words of every stored article, derived from the store.

Ranking through the store itself reads every matching article (the embedded server returns
~11,000 ids a second), so search goes through an index that ranks inside SQLite: how many query
words are words of the headline (引题/标题/副题), then how often the words occur in headline and
body, then newest — counted from FTS5's word positions, in C, without reading any article. The
store is asked only for the ~20 articles shown.

Counting takes time in proportion to how often the words occur. A word frequent enough for that
to matter (``FullText.ranked_from`` occurrences) gets a **ranked list** the first time it is
searched alone: its articles with the word in the headline or more than once, in rank order
(a table keyed by word, title hits, hits, date, id), kept up to date by every later add and
remove. A search for it reads about ``limit`` entries of the list; the articles that hold the
word once in the body come after them, newest first.

The index is **derived**: one SQLite file per store (URI or embedded data folder) and database,
under ``EPAPER_HOME/index/``, rebuildable at any time from the store (``epaper index rebuild``).
Its words are :func:`crawler.tokens.word_list` (the one tokenizer, for queries too),
each stored as the hex of its UTF-8 bytes so that FTS5's ``ascii`` tokenizer keeps every word
exactly as one term. It keeps in step three ways:

* the store pipeline calls :meth:`FullText.add` after the store acknowledged a batch, when an
  index exists on that machine;
* every search first catches up from the store: articles whose ``crawled_at`` is newer than the
  last look (less ``MARGIN``, for batches acknowledged late and clocks a little apart) and whose
  revision differs from the indexed one are (re)indexed — so a machine that never ran the crawl
  answers the same. When the store holds as many articles in that window as the index does, the
  look ends with that count. The embedded server counts and lists about 10,000 articles a
  second, so searches right after a bulk load pay for the window until the margin has passed;
  a polite crawl adds far fewer articles in two minutes;
* the articles a search shows are read from the store by ``_id``: one the store lacks is removed
  from the index, one with another revision re-indexed, and the search runs again. The index
  never claims an article the store does not hold.

Results depend only on the stored documents, so they are the same on MongoDB and on the
embedded server.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..query import ArticleQuery, date_range
from .base import data_home

SCHEMA = 3
MARGIN = timedelta(minutes=2)
LOOK_EVERY = 2.0  # seconds: one process (the reader, say) looks at the store at most this often
# What the index needs of an article.
FIELDS = ("rev", "paper", "date", "page_no", "pages", "authors", "lead_title", "title", "subtitle", "body", "crawled_at")
_BATCH = 500
_PARALLEL_FROM = 2000  # tokenize in worker processes from this many articles on


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _hex(word: str) -> str:
    return word.encode("utf-8").hex()


def _words(doc: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The headline's and the body's words of an article, repeats kept, in order."""
    from ..tokens import word_list

    head = [w for text in (doc.get("lead_title", ""), doc.get("title", ""), doc.get("subtitle", "")) for w in
            word_list(text or "")]
    return head, word_list(doc.get("body", "") or "")


def _words_of(docs: list[dict[str, Any]]) -> list[tuple[list[str], list[str]]]:
    """:func:`_words` of many articles; in worker processes (one per core) when there are many."""
    if len(docs) < _PARALLEL_FROM or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        return [_words(d) for d in docs]
    import multiprocessing

    full_dictionary()  # loaded once here, shared by the forked workers
    slim = [{k: d.get(k, "") for k in ("lead_title", "title", "subtitle", "body")} for d in docs]
    with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
        return pool.map(_words, slim, chunksize=200)


def index_path(location: str, database: str, home: str = "") -> Path:
    """The index file of one store and database under ``EPAPER_HOME/index``."""
    digest = hashlib.sha1(f"{location}\0{database}".encode()).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", database)[:40]
    return data_home(home) / "index" / f"{name}-{digest}.sqlite"


class FullText:
    """The search index of one store and database (see the module docstring)."""

    def __init__(self, path: str | Path, location: str, database: str):
        self.path = Path(path)
        self.location, self.database = location, database
        self._db: sqlite3.Connection | None = None
        self._looked = float("-inf")

    @classmethod
    def for_store(cls, store: Any) -> FullText:
        return cls(index_path(store.location, store.db.name, store.home), store.location, store.db.name)

    def exists(self) -> bool:
        return self.path.is_file()

    # ----- the file -------------------------------------------------------------------------------
    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._connect(self.path)
        return self._db

    def _connect(self, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript("""
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS docs(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, rev TEXT NOT NULL,
                paper TEXT NOT NULL, date TEXT NOT NULL, page_no TEXT NOT NULL, pages TEXT NOT NULL,
                authors TEXT NOT NULL, crawled_at TEXT NOT NULL, words BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS docs_crawled_at ON docs(crawled_at);
            CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(head, body, content='', tokenize='ascii');
            CREATE TABLE IF NOT EXISTS ranked_terms(term TEXT PRIMARY KEY) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS ranked(term TEXT NOT NULL, th INTEGER NOT NULL, hits INTEGER NOT NULL,
                date TEXT NOT NULL, id TEXT NOT NULL, doc INTEGER NOT NULL,
                PRIMARY KEY (term, th DESC, hits DESC, date DESC, id DESC)) WITHOUT ROWID;
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, fts, instance);
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms USING fts5vocab(main, fts, row);
        """)
        found = dict(db.execute("SELECT key, value FROM meta"))
        if not found:
            db.executemany("INSERT INTO meta VALUES (?, ?)", [("schema", str(SCHEMA)), ("location", self.location),
                                                              ("database", self.database), ("checked", "")])
        elif found.get("schema") != str(SCHEMA):
            db.close()
            path.unlink()
            return self._connect(path)
        return db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _meta(self, key: str) -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else ""

    def _set_meta(self, key: str, value: str, db: sqlite3.Connection | None = None) -> None:
        (db or self.db).execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # ----- keeping in step ---------------------------------------------------------------------------
    def add(self, docs: Iterable[dict[str, Any]]) -> int:
        """Index stored articles (documents with ``_id`` and :data:`FIELDS`), replacing older revisions
        of them; unchanged ones are skipped. Returns how many were (re)indexed."""
        return self._add(self.db, list(docs))

    def _add(self, db: sqlite3.Connection, docs: list[dict[str, Any]]) -> int:
        if not docs:
            return 0
        known = {}
        for start in range(0, len(docs), _BATCH):
            chunk = [d["_id"] for d in docs[start:start + _BATCH]]
            known.update((row[0], (row[1], row[2])) for row in db.execute(
                f"SELECT id, rowid, rev FROM docs WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        todo = [d for d in docs if known.get(d["_id"], (0, None))[1] != d.get("rev", "")]
        if not todo:
            return 0
        words = _words_of(todo)
        with _transaction(db):
            ranked_terms = {t for (t,) in db.execute("SELECT term FROM ranked_terms")}
            for doc, (head, body) in zip(todo, words):
                if doc["_id"] in known:
                    self._delete(db, known[doc["_id"]][0], ranked_terms)
                row = (doc["_id"], doc.get("rev", ""), doc.get("paper", ""), doc.get("date", ""), doc.get("page_no", ""),
                       " " + " ".join(doc.get("pages") or []) + " ", "\x1f" + "\x1f".join(doc.get("authors") or []) + "\x1f",
                       doc.get("crawled_at", ""), zlib.compress("\n".join([" ".join(head), " ".join(body)]).encode()))
                rowid = db.execute("INSERT INTO docs(id, rev, paper, date, page_no, pages, authors, crawled_at, words) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row).lastrowid
                db.execute("INSERT INTO fts(rowid, head, body) VALUES (?, ?, ?)",
                           (rowid, " ".join(map(_hex, head)), " ".join(map(_hex, body))))
                if ranked_terms:
                    db.executemany("INSERT INTO ranked VALUES (?, ?, ?, ?, ?, ?)",
                                   _ranked_rows(head, body, ranked_terms, doc.get("date", ""), doc["_id"], rowid))
        return len(todo)

    def _delete(self, db: sqlite3.Connection, rowid: int, ranked_terms: set[str]) -> None:
        ident, day, words = db.execute("SELECT id, date, words FROM docs WHERE rowid = ?", (rowid,)).fetchone()
        head, body = (part.split() for part in zlib.decompress(words).decode().split("\n"))
        db.execute("INSERT INTO fts(fts, rowid, head, body) VALUES ('delete', ?, ?, ?)",
                   (rowid, " ".join(map(_hex, head)), " ".join(map(_hex, body))))
        db.execute("DELETE FROM docs WHERE rowid = ?", (rowid,))
        if ranked_terms:
            db.executemany("DELETE FROM ranked WHERE term = ? AND th = ? AND hits = ? AND date = ? AND id = ?",
                           [r[:5] for r in _ranked_rows(head, body, ranked_terms, day, ident, rowid)])

    def remove(self, ids: Iterable[str]) -> int:
        """Drop articles from the index (they left the store). Returns how many were indexed."""
        removed = 0
        with _transaction(self.db):
            ranked_terms = {t for (t,) in self.db.execute("SELECT term FROM ranked_terms")}
            for ident in ids:
                row = self.db.execute("SELECT rowid FROM docs WHERE id = ?", (ident,)).fetchone()
                if row:
                    self._delete(self.db, row[0], ranked_terms)
                    removed += 1
        return removed

    def catch_up(self, store: Any) -> int:
        """Index what the store acknowledged since the last look (see the module docstring)."""
        now = datetime.now(UTC)
        checked = self._meta("checked")
        found: dict[str, Any] = {}
        if checked:
            since = _utc(datetime.strptime(checked, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) - MARGIN)
            found["crawled_at"] = {"$gte": since}
            # As many in the window as the index holds there: nothing new (an article crawled again
            # with other text within the margin is re-indexed when shown, or by the pipeline).
            (held,) = self.db.execute("SELECT count(*) FROM docs WHERE crawled_at >= ?", (since,)).fetchone()
            if store.articles.count_documents(found) == held:
                self._set_meta("checked", _utc(now))
                return 0
        revs = {d["_id"]: d.get("rev", "") for d in store.articles.find(found, {"rev": 1}).batch_size(5000)}
        indexed = {}
        ids = list(revs)
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start:start + _BATCH]
            indexed.update(self.db.execute(f"SELECT id, rev FROM docs WHERE id IN ({','.join('?' * len(chunk))})",
                                           chunk).fetchall())
        changed = [i for i, rev in revs.items() if indexed.get(i) != rev]
        added = 0
        for start in range(0, len(changed), 5 * _BATCH):
            if len(changed) > 50:
                full_dictionary()
            chunk = changed[start:start + 5 * _BATCH]
            added += self.add(store.articles.find({"_id": {"$in": chunk}}, dict.fromkeys(FIELDS, 1)))
        self._set_meta("checked", _utc(now))
        return added

    def rebuild(self, store: Any, progress: Callable[[int], None] | None = None) -> int:
        """Index every article of the store afresh (into a new file that then replaces the old one)."""
        started = datetime.now(UTC)
        self._create_store_index(store)
        fresh = self.path.with_suffix(".rebuild")
        for leftover in fresh.parent.glob(fresh.name + "*"):
            leftover.unlink()
        db = self._connect(fresh)
        full_dictionary()
        total = 0
        for chunk in _chunks(store.articles.find({}, dict.fromkeys(FIELDS, 1)).batch_size(2000), 10_000):
            total += self._add(db, chunk)
            if progress:
                progress(len(chunk))
        db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        self._set_meta("checked", _utc(started), db)
        db.close()
        self.close()
        os.replace(fresh, self.path)
        for suffix in ("-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        return total

    def ensure(self, store: Any) -> None:
        """Make the index current: build it when there is none, else catch up from the store
        (at most every ``LOOK_EVERY`` seconds in one process)."""
        if not self.exists():
            self.rebuild(store)
        elif time.monotonic() - self._looked >= LOOK_EVERY:
            self.catch_up(store)
        self._looked = time.monotonic()

    @staticmethod
    def _create_store_index(store: Any) -> None:
        """The store's index on ``crawled_at`` that catching up needs (stores made before it had none)."""
        try:
            store.articles.create_index("crawled_at")
        except Exception:  # noqa: BLE001 - a read-only user can still search, only more slowly
            pass

    # ----- searching ---------------------------------------------------------------------------------
    # A word with at least this many occurrences gets a ranked list the first time it is searched alone.
    ranked_from = 20_000

    def search(self, query: ArticleQuery, limit: int, offset: int = 0) -> tuple[list[tuple[str, int, int]], int]:
        """The ranked ``(id, title_hits, hits)`` of the articles that hold all of the query's words and
        match its filters (``limit`` of them from ``offset``), and how many match.

        Ranked by title hits (query words among the headline's words), then hits (occurrences of
        the words in headline and body), then newest, then later id. Counted inside SQLite from
        the index's word positions, so the time grows with how often the words occur; a frequent
        word searched alone is read from its ranked list instead (about ``limit`` entries).
        """
        if not query.words:
            return [], 0
        terms = [_hex(w) for w in query.words]
        where, params = _filters(query)
        total = self._count(terms, where, params)
        if len(terms) == 1 and self._ranked(terms[0]):
            return self._from_ranked(terms[0], where, params, limit, offset), total
        occurrences = " UNION ALL ".join(["SELECT doc, col, term FROM temp.vocab WHERE term = ?"] * len(terms))
        rows = self.db.execute(
            f"SELECT d.id, m.th, m.hits FROM ({_COUNTED.format(occurrences=occurrences)}) AS m "
            f"JOIN docs AS d ON d.rowid = m.doc WHERE m.n = ?{where} "
            "ORDER BY m.th DESC, m.hits DESC, d.date DESC, d.id DESC LIMIT ? OFFSET ?",
            [*terms, len(terms), *params, limit, offset]).fetchall()
        return rows, total

    def matching(self, query: ArticleQuery, among: Iterable[str] = ()) -> list[tuple[str, str]]:
        """``(id, revision)`` of every indexed article holding all the query's words and matching
        its filters, in ``_id`` order (optionally only among the ids ``among``)."""
        if not query.words:
            return []
        where, params = _filters(query)
        wanted = list(among)
        if wanted:
            where += f" AND d.id IN ({','.join('?' * len(wanted))})"
            params += wanted
        match = " ".join(f'"{_hex(w)}"' for w in query.words)
        return self.db.execute(f"SELECT d.id, d.rev FROM fts JOIN docs AS d ON d.rowid = fts.rowid "
                               f"WHERE fts MATCH ?{where} ORDER BY d.id", [match, *params]).fetchall()

    def count(self, query: ArticleQuery) -> int:
        """How many indexed articles hold all the query's words and match its filters."""
        if not query.words:
            return 0
        where, params = _filters(query)
        return self._count([_hex(w) for w in query.words], where, params)

    def _count(self, terms: list[str], where: str, params: list[Any]) -> int:
        """How many articles hold all the words and match the filters (one word, no filters: the
        index's own count of the articles that hold it)."""
        if len(terms) == 1 and not where:
            row = self.db.execute("SELECT doc FROM temp.terms WHERE term = ?", terms).fetchone()
            return row[0] if row else 0
        match = " ".join(f'"{t}"' for t in terms)
        if not where:
            return self.db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", [match]).fetchone()[0]
        return self.db.execute(f"SELECT count(*) FROM fts JOIN docs AS d ON d.rowid = fts.rowid WHERE fts MATCH ?{where}",
                               [match, *params]).fetchone()[0]

    def _ranked(self, term: str) -> bool:
        """Whether ``term`` has a ranked list, making it now if the word is frequent enough."""
        if self.db.execute("SELECT 1 FROM ranked_terms WHERE term = ?", (term,)).fetchone():
            return True
        row = self.db.execute("SELECT cnt FROM temp.terms WHERE term = ?", (term,)).fetchone()
        if not row or row[0] < self.ranked_from:
            return False
        with _transaction(self.db):
            if not self.db.execute("SELECT 1 FROM ranked_terms WHERE term = ?", (term,)).fetchone():
                self.db.execute(
                    "INSERT INTO ranked SELECT ?, m.th, m.hits, d.date, d.id, m.doc FROM ("
                    + _COUNTED.format(occurrences="SELECT doc, col, term FROM temp.vocab WHERE term = ?")
                    + ") AS m JOIN docs AS d ON d.rowid = m.doc WHERE m.th > 0 OR m.hits > 1", (term, term))
                self.db.execute("INSERT INTO ranked_terms VALUES (?)", (term,))
        return True

    def _from_ranked(self, term: str, where: str, params: list[Any], limit: int, offset: int) -> list[tuple[str, int, int]]:
        """A frequent word's matches in rank order: its ranked list (every article with the word in
        the headline or more than once), then the articles with it once in the body, newest first."""
        ranked = self.db.execute(
            f"SELECT d.id, r.th, r.hits FROM ranked AS r JOIN docs AS d ON d.rowid = r.doc WHERE r.term = ?{where} "
            "ORDER BY r.th DESC, r.hits DESC, r.date DESC, r.id DESC LIMIT ? OFFSET ?",
            [term, *params, limit, offset]).fetchall()
        if len(ranked) == limit:
            return ranked
        (listed,) = self.db.execute(f"SELECT count(*) FROM ranked AS r JOIN docs AS d ON d.rowid = r.doc "
                                    f"WHERE r.term = ?{where}", [term, *params]).fetchone()
        once = self.db.execute(
            f"SELECT d.id, 0, 1 FROM fts JOIN docs AS d ON d.rowid = fts.rowid WHERE fts MATCH ?{where} "
            "AND d.rowid NOT IN (SELECT doc FROM ranked WHERE term = ?) ORDER BY d.date DESC, d.id DESC LIMIT ? OFFSET ?",
            [f'"{term}"', *params, term, limit - len(ranked), max(offset - listed, 0)]).fetchall()
        return ranked + once

    def revisions(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(ids)
        if not wanted:
            return {}
        return dict(self.db.execute(f"SELECT id, rev FROM docs WHERE id IN ({','.join('?' * len(wanted))})", wanted))

    def status(self) -> dict[str, Any]:
        """Where the index is, how many articles it holds, how big it is, when it last looked at the store."""
        if not self.exists():
            return {"path": str(self.path), "exists": False, "articles": 0, "bytes": 0, "checked": ""}
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))
        (count,) = self.db.execute("SELECT count(*) FROM docs").fetchone()
        return {"path": str(self.path), "exists": True, "articles": count, "bytes": size,
                "checked": self._meta("checked"), "location": self._meta("location"),
                "database": self._meta("database")}


# Per article: how many of the words are in the headline, how often they occur, how many occur.
_COUNTED = ("SELECT doc, count(DISTINCT CASE WHEN col = 'head' THEN term END) AS th, count(*) AS hits, "
            "count(DISTINCT term) AS n FROM ({occurrences}) GROUP BY doc")


def _ranked_rows(head: list[str], body: list[str], terms: set[str], day: str, ident: str,
                 rowid: int) -> list[tuple[str, int, int, str, str, int]]:
    """The ranked-list entries of one article for the ranked ``terms`` (hex) it holds: those in its
    headline or more than once."""
    counts: dict[str, int] = {}
    for word in head + body:
        counts[word] = counts.get(word, 0) + 1
    in_head = set(head)
    rows = []
    for word, hits in counts.items():
        term = _hex(word)
        if term in terms and (word in in_head or hits > 1):
            rows.append((term, int(word in in_head), hits, day, ident, rowid))
    return rows


def _filters(query: ArticleQuery) -> tuple[str, list[Any]]:
    """SQL conditions on ``docs`` for the query's papers, dates, page and author (values as parameters)."""
    where, params = [], []
    if query.papers:
        where.append(f"d.paper IN ({','.join('?' * len(query.papers))})")
        params += list(query.papers)
    if query.start or query.end:
        for op, value in date_range(query.start, query.end).items():
            where.append(f"d.date {'>=' if op == '$gte' else '<'} ?")
            params.append(value)
    if query.page:
        where.append("(d.page_no = ? OR instr(d.pages, ?) > 0)")
        params += [query.page, f" {query.page} "]
    if query.author:
        where.append("instr(d.authors, ?) > 0")
        params.append(f"\x1f{query.author}\x1f")
    return "".join(f" AND {w}" for w in where), params


class _transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: Any, *_: Any) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _chunks(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# ----- jieba's dictionary for short-lived query processes ------------------------------------------------
class _StoredFreq(dict):
    """jieba's prefix dictionary (word → frequency) read on demand from an SQLite copy of it.

    Loading jieba's whole dictionary takes ~0.6 s, longer than the rest of a query; a query and
    its highlighting look up a few hundred words. A dict subclass so that jieba's ``in``, ``[]``
    and ``get`` work; what was looked up is remembered.
    """

    _MISSING = object()

    def __init__(self, path: Path):
        super().__init__()
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    def _lookup(self, word: str) -> Any:
        if dict.__contains__(self, word):
            return dict.__getitem__(self, word)
        row = self.db.execute("SELECT f FROM freq WHERE w = ?", (word,)).fetchone()
        value = row[0] if row else self._MISSING
        dict.__setitem__(self, word, value)
        return value

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lookup(word) is not self._MISSING

    def __getitem__(self, word: str) -> int:
        value = self._lookup(word)
        if value is self._MISSING:
            raise KeyError(word)
        return value

    def get(self, word: str, default: Any = None) -> Any:
        value = self._lookup(word)
        return default if value is self._MISSING else value


def _dictionary_file(home: str = "") -> Path:
    from ..tokens import jieba  # jieba as crawler.tokens configures it (quiet)

    source = Path(jieba.__file__).with_name("dict.txt")
    stamp = f"{jieba.__version__}:{source.stat().st_size}:{jieba.dt.dictionary}"
    return data_home(home) / "index" / f"jieba-{hashlib.sha1(stamp.encode()).hexdigest()[:12]}.sqlite"


def quick_dictionary(home: str = "") -> None:
    """Let jieba look words up in an SQLite copy of its dictionary instead of loading it whole.

    For query processes (a search, its highlighting): the same words and frequencies, so the same
    cuts. The copy is made on first use (from the loaded dictionary, which then stays loaded).
    """
    from ..tokens import jieba  # jieba as crawler.tokens configures it (quiet)

    if jieba.dt.dictionary not in (None, jieba.DEFAULT_DICT) or isinstance(jieba.dt.FREQ, _StoredFreq):
        return
    path = _dictionary_file(home)
    if jieba.dt.initialized:  # loaded whole already (the demo, after indexing): leave a copy for the next query
        if not path.is_file():
            _write_dictionary(path)
        return
    if not path.is_file():
        _write_dictionary(path)
        return
    freq = _StoredFreq(path)
    (total,) = freq.db.execute("SELECT f FROM freq WHERE w = ''").fetchone()
    jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = freq, total, True


def full_dictionary() -> None:
    """jieba's whole dictionary in memory (for tokenizing many articles), replacing a stored one."""
    from ..tokens import jieba  # jieba as crawler.tokens configures it (quiet)

    if isinstance(jieba.dt.FREQ, _StoredFreq):
        jieba.dt.FREQ.db.close()
        jieba.dt.initialized = False
    jieba.dt.check_initialized()


def _write_dictionary(path: Path) -> None:
    from ..tokens import jieba  # jieba as crawler.tokens configures it (quiet)

    jieba.dt.check_initialized()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    db = sqlite3.connect(partial)
    db.execute("CREATE TABLE freq(w TEXT PRIMARY KEY, f INTEGER NOT NULL) WITHOUT ROWID")
    db.executemany("INSERT INTO freq VALUES (?, ?)", jieba.dt.FREQ.items())
    db.execute("INSERT INTO freq VALUES ('', ?)", (jieba.dt.total,))  # "" is never a word: it holds the total
    db.commit()
    db.close()
    os.replace(partial, path)
