"""The fault matrix: what a crawl stores, loses and garbles under each fault, and what a rerun repairs.

Crawls a generated 信阳日报 site (10 editions × 8 pages × 6 articles = 480 articles by default,
``tests/sitegen.py``) served by the fault-injecting server of the tests (``tests/faultserver.py``)
into its own SecantusDB server, once with the fault and once without it, and prints per
scenario: the articles stored right, lost and garbled after the faulty run, the editions
recorded ``complete`` while lacking something (at any moment of the crawl, or at its end), the
exit codes of both runs, and what the fault-free rerun fetched again. Asserts nothing.

    .venv/bin/python bench/faults.py [--editions 10] [--only truncate,db-outage]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from faultserver import ALWAYS, CrawlProcess, Database, EditionWatcher, FaultServer, pick, wait_for  # noqa: E402
from sitegen import Site, audit, generate  # noqa: E402


@dataclass
class Row:
    scenario: str
    faults: int = 0
    stored: int = 0
    lost: int = 0
    garbled: int = 0
    false_complete: int = 0
    stats_complete: object = "-"  # editions the stats call complete (vs the store's count in statuses)
    statuses: str = ""
    exit_first: object = "-"
    exit_rerun: object = "-"
    refetched: int = 0
    refetched_articles: int = 0
    final_stored: int = 0
    seconds: float = 0.0
    note: str = ""


class Bench:
    def __init__(self, site: Site, db: Database, workdir: Path, seed: int):
        self.site, self.db, self.workdir, self.seed = site, db, workdir, seed
        self.server = FaultServer(site.files).start()

    def crawl(self, database: str, settings: dict[str, str]) -> CrawlProcess:
        return CrawlProcess(self.site.crawl_args(), {"EPAPER_MIRROR": self.server.mirror, **settings},
                            {"MONGO_URI": self.db.uri, "MONGO_DATABASE": database}, self.workdir)

    def run(self, name: str, setup, settings: dict[str, str] | None = None, during=None, kill_crawl_at: float = 0,
            timeout: float = 600) -> Row:
        """One scenario: ``setup(server, rng)`` arms the faults, ``during(crawl)`` acts while it runs."""
        database = f"faults_{name.replace('-', '_')}"
        self.db.client().drop_database(database)
        self.server.heal()
        self.server.reset_log()
        self.server.slow = 3.0
        rng = random.Random(f"{self.seed}:{name}")
        row = Row(name)
        setup(self.server, rng)
        start = time.monotonic()
        watcher = EditionWatcher(self.db.uri, database, self.site)
        with watcher:
            crawl = self.crawl(database, settings or {}).start()
            helper = threading.Thread(target=during, args=(self,), daemon=True) if during else None
            if helper:
                helper.start()
            if kill_crawl_at:
                wait_for(lambda: len(self.server.article_hits()) >= kill_crawl_at * len(self.site.articles), timeout)
                crawl.kill()
                row.exit_first = "killed"
            else:
                try:
                    row.exit_first = crawl.wait(timeout)
                except AssertionError:
                    row.exit_first, row.note = "hung", f"killed after {timeout:.0f} s"
            if helper:
                helper.join(timeout=120)
        if not self.db.running:
            self.db.start()
        row.faults = sum(self.server.faults_applied().values())
        found = audit(self.db.client()[database], self.site)
        row.stored, row.lost, row.garbled = len(found.stored), len(found.lost), len(found.garbled)
        row.false_complete = len(set(found.false_complete) | set(watcher.violations))
        row.statuses = " ".join(f"{k}:{v}" for k, v in sorted(Counter(found.statuses.values()).items()))
        if crawl.stats:
            row.stats_complete = crawl.stats.get("epaper/editions/complete", 0)
        reason = crawl.stats.get("finish_reason", "")
        if reason and reason != "finished":
            row.note = (row.note + " " + reason).strip()
        self.server.heal()
        self.server.reset_log()
        again = self.crawl(database, {}).run(timeout)
        row.exit_rerun = again.returncode
        row.refetched = len(self.server.hits())
        row.refetched_articles = len(self.server.article_hits())
        after = audit(self.db.client()[database], self.site)
        row.final_stored = len(after.stored)
        if after.garbled:
            row.note = (row.note + f" {len(after.garbled)} still garbled").strip()
        row.seconds = time.monotonic() - start
        self.db.client().drop_database(database)
        return row


def scenarios(site: Site) -> dict[str, tuple]:
    """name → (setup, crawl settings, action during the crawl, kill the crawl at this share)."""
    articles, pages = site.article_paths(), [p.path for e in site.editions for p in e.pages[1:]]

    def entry(rng):
        return rng.choice(site.editions).entry.path

    def outage(seconds: float | None):
        def act(bench: Bench) -> None:
            if wait_for(lambda: len(bench.server.article_hits()) >= len(site.articles) / 3, 300):
                bench.db.kill()
                if seconds is not None:
                    time.sleep(seconds)
                    bench.db.start()
        return act

    return {
        "no-fault": (lambda s, r: None, {}, None, 0),
        "truncate-once": (lambda s, r: s.add(pick(articles, .1, r) + [entry(r)], "truncate", 1), {"RETRY_TIMES": "2"}, None, 0),
        "truncate-always": (lambda s, r: s.add(pick(articles, .1, r) + [entry(r)], "truncate", ALWAYS),
                            {"RETRY_TIMES": "1"}, None, 0),
        "stray-byte": (lambda s, r: s.add(pick(articles, .15, r) + pick(pages, .1, r), "stray", ALWAYS), {}, None, 0),
        "http500-twice": (lambda s, r: s.add(pick(articles, .1, r) + pick(pages, .05, r), "500", 2),
                          {"RETRY_TIMES": "2"}, None, 0),
        "http500-always": (lambda s, r: s.add(pick(articles, .02, r) + pick(pages, .02, r), "500", ALWAYS),
                           {"RETRY_TIMES": "1"}, None, 0),
        "timeout-once": (lambda s, r: s.add(pick(articles, .03, r), "slow", 1),
                         {"RETRY_TIMES": "1", "DOWNLOAD_TIMEOUT": "2"}, None, 0),
        "reset-once": (lambda s, r: s.add(pick(articles, .05, r), "reset", 1), {"RETRY_TIMES": "1"}, None, 0),
        "bad-links": (lambda s, r: s.add([e.entry.path for e in site.editions] + pages, "badlinks", ALWAYS), {}, None, 0),
        "db-outage-15s": (lambda s, r: setattr(s, "delay", 0.05), {"EPAPER_STORE_RETRY_SECONDS": "60"}, outage(15), 0),
        "db-stays-down": (lambda s, r: setattr(s, "delay", 0.05), {"EPAPER_STORE_RETRY_SECONDS": "10"}, outage(None), 0),
        "crawler-sigkill": (lambda s, r: setattr(s, "delay", 0.02), {}, None, 0.4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editions", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    args = parser.parse_args()
    site = generate(editions=args.editions, seed=args.seed)
    chosen = scenarios(site)
    if args.only:
        chosen = {k: v for k, v in chosen.items() if k in args.only.split(",")}
    print(f"site: {len(site.editions)} editions, {len(site.pages)} pages, {len(site.articles)} articles")
    header = (f"{'scenario':<16} {'faults':>6} {'stored':>6} {'lost':>5} {'garbled':>7} {'false':>5} "
              f"{'st.cpl':>6} {'exit':>6} {'rerun':>5} {'refetch':>7} {'art.':>5} {'final':>5} {'secs':>5}  editions / notes")
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "db")
        db.start()
        bench = Bench(site, db, Path(tmp), args.seed)
        print(header)
        print("-" * len(header))
        try:
            for name, (setup, settings, during, kill_at) in chosen.items():
                r = bench.run(name, setup, settings, during, kill_at)
                print(f"{r.scenario:<16} {r.faults:>6} {r.stored:>6} {r.lost:>5} {r.garbled:>7} {r.false_complete:>5} "
                      f"{r.stats_complete!s:>6} {r.exit_first!s:>6} {r.exit_rerun!s:>5} {r.refetched:>7} {r.refetched_articles:>5} "
                      f"{r.final_stored:>5} {r.seconds:>5.0f}  {r.statuses}  {r.note}", flush=True)
        finally:
            bench.server.stop()
            db.stop()
    print("\nfaults = faulty answers sent; stored/lost/garbled = articles after the faulty run; false = editions "
          "recorded complete while lacking something (during or after the crawl); st.cpl = editions the crawl's stats call complete; exit/rerun = exit codes; "
          "refetch/art. = requests/article requests of the fault-free rerun; final = articles stored right after it.")


if __name__ == "__main__":
    main()
