"""Speed and memory, each figure a ratio of two things measured side by side in one run.

Prints figures; asserts nothing (timing targets live here, never in the tests).

* **crawl / null** — throughput of the real ``scrapy crawl epaper`` (store on: a separate
  SecantusDB server process; the WARC archive on, as by default) against a null spider that
  only fetches the same URLs (``bench/null_spider.py``), same Scrapy, concurrency and politeness
  (off), over a generated Founder-classic site (``tests/sitegen.py``) served on 127.0.0.1.
  Runs alternate null, epaper, null, epaper…; the medians are compared. Target ≥ 0.8. Beside
  it, the CPU both use per document (the crawl with its parse workers and the store server),
  which, unlike wall time, does not depend on what else the machine is running, split into its
  parts (the crawl's own stats ``epaper/cpu/*``), where each side's time went (start-up to the
  spider's opening, crawling until it closed, the exit after; Scrapy's start and finish times),
  and the ceiling that CPU sets: no crawl that needs C seconds of CPU finishes in less than
  C / cores. Last, both over a site of one page and one article: the fixed cost of a crawl, and
  what each side spends per document beyond it.
* **extraction / trafilatura** — CPU per article document (``time.process_time``) of our
  article reader and of trafilatura's ``bare_extraction`` on the same recorded article
  documents (every ``content``/``Articel``/``nw.`` file of ``tests/fixtures/sites``), in
  alternated rounds (ours, theirs, ours…), the median of the per-round ratios; before each
  round both sides' caches of document content are emptied, so every round reads the documents
  cold, as a crawl does (caches of set-up work stay). Each side runs a whole pass at a time:
  read document by document in turn, each finds the processor's caches full of the other's
  work, which costs our small reader relatively more (0.15–0.16 then, on this host). Target ≤ 0.1.
* **RSS 20k / 2k** — peak resident memory of the crawl process (``wait4``'s ``ru_maxrss``) for a
  site of 20,000 articles against one of 2,000. Target ≤ 1.3.
* **near-dup 100k / 10k** — store time per article of duplicate linking
  (``Store.link_duplicates`` for the same five batches of 500 new articles) with 100,000 articles
  stored against 10,000 (two databases of one server; each batch linked in both, in alternated
  order; the median of the per-batch ratios), distinct generated texts with a realistic word
  spread (``bench/search_bench.py``'s writer). Target ≤ 2.

    .venv/bin/python bench/speed.py [--runs 3] [--only crawl,extraction,memory,neardup]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from faultserver import Database, FaultServer  # noqa: E402
from sitegen import generate  # noqa: E402

from crawler.encoding import decode_html  # noqa: E402
from crawler.layouts import detect, forget_documents  # noqa: E402

SITES = ROOT / "tests" / "fixtures" / "sites"
POLITENESS_OFF = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "ROBOTSTXT_OBEY": "0", "LOG_LEVEL": "WARNING",
                  "TELNETCONSOLE_ENABLED": "0"}


def line(label: str, value: str) -> None:
    print(f"  {label:<44} {value}", flush=True)


def ratio_line(label: str, value: float, target: str, detail: str) -> None:
    print(f"  {label:<28} {value:6.2f}   (target {target})   {detail}", flush=True)


# ----- processes -----------------------------------------------------------------------------
class Run(NamedTuple):
    """One measured command: wall seconds, exit status, its own peak RSS (KiB), stderr tail, and
    CPU seconds (with the worker processes it waited for, and the server's while it ran)."""

    wall: float
    code: int
    rss: int
    err: str
    cpu: float
    server_cpu: float = 0.0  # of that, the server's
    launched: float = 0.0  # time.time() when the launcher was started

# Commands are started by this small launcher, which times them and reports their peak RSS and
# CPU. Linux keeps a process's RSS high-water mark across exec, so a child spawned straight from
# this process (which holds the generated sites) would report this process's size as its own peak.
_LAUNCHER = """import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
"""


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a running process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_measured(cmd: list[str], env: dict[str, str], server: Any = None) -> Run:
    """Run a command through the launcher; ``server``'s CPU while it ran is counted with its own."""
    server_before = process_cpu(server.pid) if server is not None else 0.0
    launched = time.time()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.run([sys.executable, "-c", _LAUNCHER, *cmd], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=err, text=True)
        err.seek(0)
        tail = err.read()[-2000:]
    server_cpu = process_cpu(server.pid) - server_before if server is not None else 0.0
    wall, rss, cpu = proc.stdout.split()
    return Run(float(wall), proc.returncode, int(rss), tail, float(cpu) + server_cpu, server_cpu, launched)


def phases(run: Run, stats: dict[str, Any]) -> tuple[float, float, float]:
    """Where a run's wall time went: start-up (launch to the spider's opening: imports, the
    store's check, the parse workers' start), crawling (spider open to closed) and the exit
    after it (the process winding down), from the crawl's own stats (Scrapy's start and finish times)."""
    opened = datetime.fromisoformat(stats["start_time"]).timestamp()
    closed = datetime.fromisoformat(stats["finish_time"]).timestamp()
    return opened - run.launched, closed - opened, run.launched + run.wall - closed


def scrapy_cmd(*args: str, settings: dict[str, str]) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", *args]
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


# ----- crawl / null --------------------------------------------------------------------------
class Site:
    """A generated site served on 127.0.0.1, and the URLs a null spider fetches to match a crawl."""

    def __init__(self, editions: int, pages: int, articles: int, seed: int = 1):
        self.site = generate(editions=editions, pages=pages, articles=articles, seed=seed)
        self.server = FaultServer(self.site.files).start()

    def urls_file(self, workdir: Path) -> Path:
        """Every document the epaper crawl requests (entries, pages, articles), as mirror URLs."""
        path = workdir / f"urls-{len(self.site.articles)}.txt"
        urls = [self.server.base + p for p in self.site.page_paths() + self.site.article_paths()]
        path.write_text("\n".join(urls))
        return path

    def stop(self) -> None:
        self.server.stop()


def crawl_once(site: Site, db: Database, workdir: Path, database: str):
    env = dict(os.environ, MONGO_URI=db.uri, MONGO_DATABASE=database, EPAPER_HOME=str(workdir / "home"))
    settings = {**POLITENESS_OFF, "EPAPER_MIRROR": site.server.mirror,
                "EPAPER_ARCHIVE": str(workdir / "archive" / database),
                "EPAPER_STATS_FILE": str(workdir / f"stats-{database}.json")}
    args = ["crawl", "epaper", *(f"-a{a}" for a in site.site.crawl_args())]
    cmd = scrapy_cmd(*args, settings=settings)
    result = run_measured(cmd, env, server=db.process)
    stats = json.loads((workdir / f"stats-{database}.json").read_text())
    return result, stats


def null_once(site: Site, workdir: Path, urls: Path):
    env = dict(os.environ, EPAPER_HOME=str(workdir / "home"))
    settings = {**POLITENESS_OFF, "EPAPER_STORE": "0", "EPAPER_ARCHIVE": "",
                "EPAPER_STATS_FILE": str(workdir / "stats-null.json")}
    result = run_measured(scrapy_cmd("runspider", str(ROOT / "bench" / "null_spider.py"), "-a", f"urls={urls}",
                                     settings=settings), env)
    return result, json.loads((workdir / "stats-null.json").read_text())


def alternate(site: Site, db: Database, workdir: Path, urls: Path, runs: int, name: str):
    """Null spider, epaper crawl, null, epaper…: each pair's runs (the crawl's with its stats), each
    checked to have done the whole job (exit 0, every article stored)."""
    for n in range(runs):
        null_run, null_stats = null_once(site, workdir, urls)
        assert null_run.code == 0, null_run.err
        run, stats = crawl_once(site, db, workdir, f"{name}_{n}")
        assert run.code == 0 and stats.get("epaper/store/articles/new") == len(site.site.articles), run.err
        yield null_run, run, stats, null_stats


def bench_crawl(workdir: Path, runs: int) -> None:
    site = Site(editions=10, pages=8, articles=6)
    db = Database(workdir / "crawl-db")
    db.start()
    try:
        urls = site.urls_file(workdir)
        count = len(urls.read_text().split())
        print(f"crawl: {len(site.site.editions)} editions x 8 pages x 6 articles = {count} documents over HTTP, "
              f"store: a separate SecantusDB server", flush=True)
        nulls, crawls, null_cpu, crawl_cpu, parts, null_phases, crawl_phases = [], [], [], [], [], [], []
        for n, (null_run, run, stats, null_stats) in enumerate(alternate(site, db, workdir, urls, runs, "speed")):
            null_phases.append(phases(null_run, null_stats))
            crawl_phases.append(phases(run, stats))
            nulls.append(null_run.wall)
            null_cpu.append(null_run.cpu)
            crawls.append(run.wall)
            crawl_cpu.append(run.cpu)
            parts.append((stats["epaper/cpu/crawl_seconds"], stats["epaper/cpu/parse_workers_seconds"], run.server_cpu))
            line(f"run {n + 1}: null / epaper", f"{nulls[-1]:.2f} s / {crawls[-1]:.2f} s "
                 f"(CPU {null_cpu[-1]:.2f} s / {crawl_cpu[-1]:.2f} s)")
        null, epaper = statistics.median(nulls), statistics.median(crawls)
        ratio_line("crawl / null (throughput)", null / epaper, "≥ 0.80",
                   f"median {count / epaper:.0f} vs {count / null:.0f} documents/s ({epaper:.2f} s vs {null:.2f} s)")
        cpu_null, cpu_epaper = statistics.median(null_cpu), statistics.median(crawl_cpu)
        line("CPU per document, epaper / null",
             f"{cpu_epaper * 1000 / count:.1f} ms / {cpu_null * 1000 / count:.1f} ms "
             f"(ratio {cpu_null / cpu_epaper:.2f}; crawl process, parse workers, store server)")
        crawl_part, workers_part, server_part = (statistics.median(column) * 1000 / count for column in zip(*parts))
        line("  of epaper's, per document", f"crawl process {crawl_part:.1f} ms, parse workers {workers_part:.1f} ms, "
             f"store server {server_part:.1f} ms")
        (up, crawling, down), (null_up, null_crawling, null_down) = (
            (statistics.median(column) for column in zip(*runs_phases)) for runs_phases in (crawl_phases, null_phases))
        line("  where the time went, epaper / null", f"start-up {up:.2f} / {null_up:.2f} s, crawling {crawling:.2f} / "
             f"{null_crawling:.2f} s, exit {down:.2f} / {null_down:.2f} s (medians)")
        cores = os.cpu_count() or 1
        line(f"  ceiling from CPU alone ({cores} cores)", f"{min(1.0, null / (cpu_epaper / cores)):.2f} "
             "(null's time over epaper's CPU spread evenly over every core; no schedule does better)")
        fixed_null, fixed_epaper = bench_fixed_cost(db, workdir, runs)
        line("fixed cost (a 2-document crawl)", f"{fixed_epaper:.2f} s vs {fixed_null:.2f} s (start-up and exit); "
             f"per document beyond it {(epaper - fixed_epaper) * 1000 / count:.1f} ms vs "
             f"{(null - fixed_null) * 1000 / count:.1f} ms")
    finally:
        db.stop()
        site.stop()


def bench_fixed_cost(db: Database, workdir: Path, runs: int) -> tuple[float, float]:
    """Median wall seconds of the null spider and of the epaper crawl over a site of one page
    with one article: what each pays whatever the size of the crawl (imports, the store's
    connection, the parse workers' start, the exit), so that the rest can be read per document."""
    site = Site(editions=1, pages=1, articles=1)
    try:
        pairs = list(alternate(site, db, workdir, site.urls_file(workdir), runs, "fixed"))
        return statistics.median(p[0].wall for p in pairs), statistics.median(p[1].wall for p in pairs)
    finally:
        site.stop()


# ----- extraction / trafilatura --------------------------------------------------------------
_ARTICLE = re.compile(r"(content_|nw\.|/c\d+\.html|Articel)")


def article_documents() -> list[tuple[str, str]]:
    docs = []
    for path in sorted(SITES.rglob("*.htm*")):
        rel = path.relative_to(SITES).as_posix()
        if _ARTICLE.search(rel):
            docs.append((f"http://{rel}", decode_html(path.read_bytes())[0]))
    return docs


def cpu_per_document(fn, docs: list[tuple[str, str]], forget=None) -> float:
    """CPU seconds per document of one pass of ``fn`` over ``docs``, after ``forget()`` has
    emptied the caches of what earlier passes read (each pass reads the documents for the
    first time, as a crawl does; caches of set-up work, compiled selectors, stay)."""
    if forget is not None:
        forget()
    gc.collect()
    started = time.process_time()
    for url, html in docs:
        fn(url, html)
    return (time.process_time() - started) / len(docs)


def forget_theirs() -> None:
    """Empty trafilatura's caches of document content (its text, dates and URL helpers), not
    its stop lists (set-up, like our compiled selectors)."""
    from trafilatura import meta

    for cached in (meta.line_processing, meta.trim, meta.return_printables_and_spaces, meta.is_similar_domain):
        cached.cache_clear()
    meta.reset_caches_htmldate()
    meta.reset_caches_courlan()


def bench_extraction(rounds: int = 7) -> None:
    """Rounds alternate ours, theirs, ours…: a machine that slows down part way through (a shared
    host) slows both alike, so the median of the per-round ratios is what is printed."""
    try:
        import trafilatura
    except ImportError:
        print("extraction: trafilatura is not installed (pip install -c constraints.txt -e '.[bench]')")
        return
    docs = article_documents()
    layouts = {url: detect(url, html) for url, html in docs}
    print(f"extraction: {len(docs)} recorded article documents, CPU per document, {rounds} alternated rounds",
          flush=True)

    def ours(url: str, html: str) -> None:
        layouts[url].parse_article(html, url)

    def theirs(url: str, html: str) -> None:
        trafilatura.bare_extraction(html, url=url)

    ours(*docs[0]), theirs(*docs[0])  # imports and set-up (stop lists, compiled selectors) done
    pairs = [(cpu_per_document(ours, docs, forget_documents), cpu_per_document(theirs, docs, forget_theirs))
             for _ in range(rounds)]
    mine, other = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    ratio_line("extraction / trafilatura", statistics.median(a / b for a, b in pairs), "≤ 0.10",
               f"{mine * 1000:.2f} ms vs {other * 1000:.2f} ms per article document (medians)")


# ----- memory ----------------------------------------------------------------------------------
def bench_memory(workdir: Path) -> None:
    db = Database(workdir / "memory-db")
    db.start()
    peaks = {}
    try:
        for editions in (10, 100):  # x 8 pages x 25 articles: 2,000 and 20,000 articles
            site = Site(editions=editions, pages=8, articles=25, seed=2)
            try:
                run, stats = crawl_once(site, db, workdir, f"memory_{editions}")
                assert run.code == 0, run.err
                articles = len(site.site.articles)
                peaks[articles] = run.rss
                line(f"crawl of {articles:,} articles", f"{run.wall:.1f} s, peak RSS {run.rss / 1024:.0f} MiB, "
                     f"{stats.get('epaper/store/articles/new', 0):,} stored")
            finally:
                site.stop()
        small, large = peaks[2000], peaks[20000]
        ratio_line("RSS 20k / 2k", large / small, "≤ 1.30", f"{large / 1024:.0f} MiB vs {small / 1024:.0f} MiB")
    finally:
        db.stop()


# ----- near-duplicate linking ------------------------------------------------------------------
def bench_neardup(workdir: Path, batch: int = 500, rounds: int = 5) -> None:
    """The same ``rounds`` batches of new articles linked against 10,000 and against 100,000
    stored. The two stores are two databases of one server, and each round links its batch in
    both, in alternated order, so that a slower moment of the machine slows both sides alike:
    the median of the per-round ratios is printed (measured minutes apart, the 10k side's time
    had moved by half between runs)."""
    import pymongo

    from crawler.store import Store
    from search_bench import articles as generated, read

    db = Database(workdir / "neardup-db")
    db.start()
    sizes = (10_000, 100_000)
    client = pymongo.MongoClient(db.uri)
    try:
        source = generated(110_000, seed=7)
        stores = {}
        for size in sizes:
            store = stores[size] = Store(client, f"neardup_{size}")
            store.ensure_indexes()
            docs = list(read(source, 0, size))
            for start in range(0, len(docs), 5000):
                store.articles.insert_many(docs[start:start + 5000], ordered=False)
        batches = [list(read(source, 105_000 + r * batch, 105_000 + (r + 1) * batch)) for r in range(rounds)]
        print(f"near-duplicate linking: {rounds} batches of {batch} new articles, distinct generated texts, "
              f"each linked against both stores in alternated order", flush=True)
        times: dict[int, list[float]] = {size: [] for size in sizes}
        links = dict.fromkeys(sizes, 0)
        for r, fresh in enumerate(batches):
            fresh = [dict(d, _id=f"fresh:{d['_id']}") for d in fresh]
            for size in sizes if r % 2 == 0 else sizes[::-1]:
                store = stores[size]
                store.articles.insert_many(fresh, ordered=False)
                started = time.perf_counter()
                links[size] += store.link_duplicates([d["_id"] for d in fresh])
                times[size].append((time.perf_counter() - started) / batch)
                store.articles.delete_many({"_id": {"$in": [d["_id"] for d in fresh]}})
        medians = {size: statistics.median(times[size]) for size in sizes}
        for size in sizes:
            line(f"{size:,} stored", f"{medians[size] * 1000:.2f} ms per article ({links[size]} links; "
                 f"batches {', '.join(f'{t * 1000:.2f}' for t in times[size])} ms)")
        ratio_line("near-dup 100k / 10k", statistics.median(b / a for a, b in zip(times[10_000], times[100_000], strict=True)),
                   "≤ 2.00", f"{medians[100_000] * 1000:.2f} ms vs {medians[10_000] * 1000:.2f} ms per article (medians)")
    finally:
        client.close()
        db.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="null/epaper crawl pairs (medians are compared)")
    parser.add_argument("--only", default="crawl,extraction,memory,neardup")
    args = parser.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="epaper-speed-") as tmp:
        workdir = Path(tmp)
        print(f"machine: {os.cpu_count()} cores; figures are ratios measured side by side in this run\n")
        if "extraction" in only:
            bench_extraction()
        if "crawl" in only:
            bench_crawl(workdir, args.runs)
        if "memory" in only:
            bench_memory(workdir)
        if "neardup" in only:
            bench_neardup(workdir)


if __name__ == "__main__":
    main()
