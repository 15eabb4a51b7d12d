"""Search benchmark: top-20 search at 10,000 and at 100,000 stored articles on the embedded store.

Prints figures; asserts nothing. The articles are generated, each of distinct text: words drawn
from jieba's dictionary with its corpus frequencies (a Zipf-like spread: a few words in most
articles, most words in few), cut into clauses, sentences and paragraphs of newspaper length,
with headlines, bylines, pages and dates. They are stored as the pipeline stores them
(``to_document``: fields, hashes, revision), but written with ``insert_many``. The first ``--first`` articles are indexed by ``epaper index rebuild``'s
code, the rest by the store pipeline's call (``FullText.add``). Generated articles are cached
under ``bench/.cache/``.

Queries, each run ``--rounds`` times through ``Store.search`` (catch-up, index, store reads):
a common word (in at least 30 % of the articles), a rare word (in about 0.1 %), and two words.
Then the whole ``epaper search`` command, as a user runs it, at 100,000.

    .venv/bin/python bench/search_bench.py [--articles 100000] [--first 10000] [--rounds 25]
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pymongo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.embedded import EmbeddedServer  # noqa: E402
from crawler.items import Article  # noqa: E402
from crawler.pipelines import NormalizePipeline  # noqa: E402
from crawler.query import ArticleQuery, parse_words  # noqa: E402
from crawler.store import Store, to_document  # noqa: E402
from crawler.store.fulltext import full_dictionary  # noqa: E402
from crawler.tokens import word_list  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
PAPERS = ("xinyang", "henandaily", "dahebao", "luoyang", "nanyang")
VOCABULARY = 60_000


def line(label: str, value: str) -> None:
    print(f"  {label:<46} {value}", flush=True)


# ----- generated articles ------------------------------------------------------------------------
class Writer:
    """Chinese newspaper-like text from jieba's dictionary words, by their corpus frequencies."""

    def __init__(self, seed: int):
        import jieba

        source = Path(jieba.__file__).with_name("dict.txt")
        entries = []
        for row in source.read_text(encoding="utf-8").splitlines():
            word, freq, *_ = row.split(" ")
            entries.append((int(freq), word))
        entries.sort(reverse=True)
        self.words = [w for _, w in entries[:VOCABULARY]]
        total, self.cumulative = 0, []
        for freq, _ in entries[:VOCABULARY]:
            total += freq
            self.cumulative.append(total)
        self.total = total
        self.random = random.Random(seed)
        self.names = [w for w in self.words if len(w) == 2][:3000]

    def word(self) -> str:
        return self.words[bisect.bisect(self.cumulative, self.random.random() * self.total)]

    def clause(self) -> str:
        return "".join(self.word() for _ in range(self.random.randint(3, 9)))

    def sentence(self) -> str:
        return "，".join(self.clause() for _ in range(self.random.randint(1, 4))) + self.random.choice("。。。！？")

    def article(self, n: int) -> Article:
        r = self.random
        paragraphs = ["".join(self.sentence() for _ in range(r.randint(1, 4))) for _ in range(r.randint(2, 9))]
        day = (date(2016, 1, 1) + timedelta(days=n // 60)).isoformat()
        page = f"{r.randint(1, 8):02d}"
        authors = [r.choice(self.names) for _ in range(r.randint(0, 2))]
        return Article(paper=PAPERS[n % len(PAPERS)], date=day, url=f"https://bench.example/{day}/content_{n}.htm",
                       article_id=f"content_{n}", title=self.clause()[:18], subtitle=self.clause()[:14] if n % 4 == 0 else "",
                       lead_title=self.clause()[:12] if n % 7 == 0 else "", page_no=page, page_name=f"第{page}版",
                       pages=[page], byline="本报记者 " + " ".join(authors), authors=authors, paragraphs=paragraphs,
                       crawled_at=f"{day}T08:00:00Z")


def _generate(args: tuple[int, int, int]) -> list[dict]:
    seed, start, count = args
    writer = Writer(seed * 1_000_003 + start)
    normalize = NormalizePipeline()
    return [to_document(normalize.process_item(writer.article(n))) for n in range(start, start + count)]


def articles(count: int, seed: int) -> Path:
    """The generated articles as JSON lines (gzip), cached; generated in one process per core."""
    path = CACHE / f"articles-v2-{seed}-{count}.jsonl.gz"  # v2: documents without a word list
    if path.exists():
        return path
    import multiprocessing

    CACHE.mkdir(parents=True, exist_ok=True)
    full_dictionary()
    started = time.perf_counter()
    partial = path.with_suffix(".tmp")
    chunks = [(seed, start, min(2000, count - start)) for start in range(0, count, 2000)]
    with gzip.open(partial, "wt", encoding="utf-8") as out, \
            multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
        for docs in pool.imap(_generate, chunks):
            for doc in docs:
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    partial.rename(path)
    print(f"generated {count:,} articles in {time.perf_counter() - started:.0f} s (cached in {path})")
    return path


def read(path: Path, start: int, stop: int):
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for n, text in enumerate(lines):
            if n >= stop:
                return
            if n >= start:
                yield json.loads(text)


# ----- measuring ---------------------------------------------------------------------------------
def choose_words(path: Path, count: int) -> dict[str, tuple[str, ...]]:
    """A common word (in ≥30 % of the articles, the one nearest 35 %), a rare one (nearest 0.1 %),
    and two words (the common one and one nearest 10 %); all multi-character dictionary words.
    Shares are estimated on the first ``count`` articles, cut as the search index cuts them."""
    frequency: Counter[str] = Counter()
    for doc in read(path, 0, count):
        words = word_list(" ".join(doc.get(f, "") for f in ("lead_title", "title", "subtitle", "body")))
        frequency.update({w for w in words if len(w) >= 2 and not w.isascii()})

    def nearest(share: float, at_least: float = 0.0) -> str:
        fits = [(abs(n / count - share), w) for w, n in frequency.items() if n / count >= at_least]
        return min(fits)[1]

    common = nearest(0.35, at_least=0.30)
    return {"common": (common,), "rare": (nearest(0.001),), "two words": (common, nearest(0.10))}


def time_search(store: Store, words: tuple[str, ...], rounds: int) -> tuple[float, float, float, int]:
    query = ArticleQuery(words=parse_words(words))
    started = time.perf_counter()
    store.search(query, 20)  # the first: a frequent word's ranked list is made now
    first = (time.perf_counter() - started) * 1000
    took = []
    for _ in range(rounds):
        started = time.perf_counter()
        hits, total = store.search(query, 20)
        took.append((time.perf_counter() - started) * 1000)
    took.sort()
    return first, statistics.median(took), took[int(len(took) * 0.95) - 1], total


def report(store: Store, count: int, queries: dict[str, tuple[str, ...]], rounds: int) -> None:
    print(f"\nsearch, {count:,} articles (top 20, {rounds} rounds)")
    for label, words in queries.items():
        first, p50, p95, total = time_search(store, words, rounds)
        share = f"{total:,} matching ({total / count:.1%})"
        line(f"{label} {' '.join(words)!r}: {share}",
             f"p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   (first {first:.0f} ms)")


def insert(store: Store, path: Path, start: int, stop: int) -> float:
    """Write articles ``start``…``stop`` and an edition record for each of their days; articles per second."""
    started = time.perf_counter()
    batch, days = [], set()
    for doc in read(path, start, stop):
        batch.append(doc)
        days.add((doc["paper"], doc["date"]))
        if len(batch) == 1000:
            store.articles.insert_many(batch, ordered=False)
            batch = []
    if batch:
        store.articles.insert_many(batch, ordered=False)
    took = time.perf_counter() - started
    for paper, day in days:
        store.editions.update_one({"_id": f"{paper}:{day}"}, {"$set": {"paper": paper, "date": day, "status": "complete",
                                                                     "url": "", "pages": [], "failures": []}}, upsert=True)
    return (stop - start) / took


def command_latency(uri: str, database: str, home: str, words: tuple[str, ...], rounds: int = 7) -> float:
    env = {**os.environ, "MONGO_URI": uri, "MONGO_DATABASE": database, "EPAPER_HOME": home}
    epaper = str(Path(sys.executable).with_name("epaper"))
    took = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run([epaper, "search", *words, "--json"], env=env, check=True, capture_output=True)
        took.append((time.perf_counter() - started) * 1000)
    return statistics.median(took)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--first", type=int, default=10_000, help="the smaller store measured first")
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    path = articles(args.articles, args.seed)
    queries = choose_words(path, min(args.articles, 5_000))
    print(f"machine: {os.cpu_count()} cores; embedded store: SecantusDB (secantusd-py); index: SQLite FTS5")
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedServer(Path(tmp) / "db")
        uri = server.start()
        try:
            store = Store(pymongo.MongoClient(uri), "bench_search", home=tmp)
            store.articles.create_index([("paper", 1), ("date", 1), ("page_no", 1)])
            store.articles.create_index("crawled_at")
            rate = insert(store, path, 0, args.first)
            print(f"store: {args.first:,} articles written with insert_many, {rate:,.0f} docs/s")
            started = time.perf_counter()
            store.fulltext().rebuild(store)
            took = time.perf_counter() - started
            print(f"index: built from the store in {took:.1f} s ({args.first / took:,.0f} articles/s)")
            report(store, args.first, queries, args.rounds)
            rate = insert(store, path, args.first, args.articles)
            added = args.articles - args.first
            print(f"\nstore: {added:,} more articles written, {rate:,.0f} docs/s")
            started = time.perf_counter()
            for start in range(args.first, args.articles, 10_000):
                store.fulltext().add(read(path, start, min(start + 10_000, args.articles)))
            took = time.perf_counter() - started
            size = store.fulltext().status()["bytes"]
            print(f"index: {added:,} articles added as the pipeline adds them in {took:.1f} s "
                  f"({added / took:,.0f} articles/s); {size / 2**20:.0f} MiB for {args.articles:,} articles")
            report(store, args.articles, queries, args.rounds)
            store.close()
            print(f"\ncommand `epaper search {queries['common'][0]} --json` at {args.articles:,} articles: "
                  f"p50 {command_latency(uri, 'bench_search', tmp, queries['common']):.0f} ms (whole process)")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
