"""Benchmarks: extraction speed, crawl throughput and memory, store write and search speed.

Prints figures; asserts nothing (timing targets live here, not in the tests). Needs the
``embedded`` extra (``secantusd-py``) or ``MONGO_URI`` pointing at a server you can write to.

    .venv/bin/python bench/crawl_bench.py [--days 30] [--articles 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pymongo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.sample import serve_folder  # noqa: E402
from crawler.embedded import EmbeddedServer  # noqa: E402
from crawler.encoding import decode_html  # noqa: E402
from crawler.items import Article  # noqa: E402
from crawler.layouts import detect  # noqa: E402
from crawler.pipelines import NormalizePipeline  # noqa: E402
from crawler.query import ArticleQuery, parse_words  # noqa: E402
from crawler.store import Store, to_document  # noqa: E402

SITES = ROOT / "tests" / "fixtures" / "sites"
XY = SITES / "ribao.xyxww.com.cn"


def line(label: str, value: str) -> None:
    print(f"  {label:<44} {value}")


def bench_extraction(rounds: int = 20) -> None:
    """Parse every recorded page and article document ``rounds`` times."""
    docs = []
    for path in sorted(SITES.rglob("*.htm*")):
        rel = path.relative_to(SITES).as_posix()
        if re.search(r"(node_|nbs\.|/l\d+\.|col\d+|Page\w+\.htm|page_\d+)", rel):
            kind = "page"
        elif re.search(r"(content_|nw\.|/c\d+\.html|Articel)", rel):
            kind = "article"
        else:
            continue
        scheme = "https" if "xyxww" in rel else "http"
        html, _ = decode_html(path.read_bytes())
        url = f"{scheme}://{rel}"
        docs.append((kind, url, html, detect(url, html)))
    print(f"extraction ({len(docs)} recorded documents x {rounds})")
    for kind in ("page", "article"):
        group = [d for d in docs if d[0] == kind]
        start = time.perf_counter()
        for _ in range(rounds):
            for _, url, html, layout in group:
                (layout.parse_page if kind == "page" else layout.parse_article)(html, url)
        took = time.perf_counter() - start
        n = len(group) * rounds
        line(f"{kind} documents per second", f"{n / took:,.0f}  ({took / n * 1000:.2f} ms each)")


def synthesize_site(target: Path, days: int) -> int:
    """A 信阳日报 site of ``days`` editions built from the recorded 2020-01-27 one. Each day's
    text is scrambled with its own character permutation so that no two days are duplicates."""
    source = XY / "html" / "2020-01" / "27"
    chars = sorted({ch for f in source.glob("content_*.htm") for ch in f.read_text(encoding="utf-8")
                    if "\u4e00" <= ch <= "\u9fff"})
    articles = 0
    for i in range(days):
        day = date(2021, 1, 1) + timedelta(days=i)
        rng = random.Random(i)
        shuffled = chars[:]
        rng.shuffle(shuffled)
        table = str.maketrans(dict(zip(chars, shuffled)))
        folder = target / "html" / day.strftime("%Y-%m") / day.strftime("%d")
        folder.mkdir(parents=True, exist_ok=True)
        for f in source.iterdir():
            text = f.read_text(encoding="utf-8").replace("2020-01-27", day.isoformat()).replace("2020-01/27", day.strftime("%Y-%m/%d"))
            if f.name.startswith("content_"):
                body_start = text.find("<founder-content>")
                text = text[:body_start] + text[body_start:].translate(table)
                articles += 1
            (folder / f.name).write_text(text, encoding="utf-8")
    return articles


def start_database(workdir: Path) -> tuple[str, EmbeddedServer | None]:
    if os.environ.get("MONGO_URI"):
        return os.environ["MONGO_URI"], None
    server = EmbeddedServer(workdir / "db")
    return server.start(), server


def bench_crawl(workdir: Path, uri: str, days: int) -> None:
    site = workdir / "site"
    articles = synthesize_site(site, days)
    stats_file = workdir / "stats.json"
    first, last = date(2021, 1, 1), date(2021, 1, 1) + timedelta(days=days - 1)
    env = dict(os.environ, MONGO_URI=uri, MONGO_DATABASE="bench_crawl")
    print(f"crawl ({days} editions, {days * 8} pages, {articles} articles over HTTP into the store)")
    with serve_folder(site) as base_url:
        cmd = [sys.executable, "-m", "scrapy", "crawl", "epaper", "-a", "paper=xinyang", "-a", f"start={first}",
               "-a", f"end={last}", "-a", f"base_url={base_url}", "-s", "DOWNLOAD_DELAY=0",
               "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "ROBOTSTXT_OBEY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
               "-s", "LOG_LEVEL=WARNING", "-s", f"EPAPER_STATS_FILE={stats_file}"]
        for label in ("first run", "rerun (all complete)"):
            start = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, env=env, check=True)
            wall = time.perf_counter() - start
            stats = json.loads(stats_file.read_text())
            fetched = stats.get("epaper/articles/fetched", 0)
            line(f"{label}: wall time", f"{wall:.1f} s")
            line(f"{label}: articles fetched, per second", f"{fetched}, {fetched / wall:,.0f}/s")
            line(f"{label}: peak memory (memusage/max)", f"{stats.get('memusage/max', 0) / 2**20:.0f} MiB")


def bench_store(uri: str, count: int) -> None:
    store = Store(pymongo.MongoClient(uri), "bench_store")
    store.client.drop_database("bench_store")
    store.ensure_indexes()
    source = [p for p in (XY / "html" / "2020-01" / "27").glob("content_*.htm")]
    layout = detect("https://ribao.xyxww.com.cn/html/2020-01/27/node_2.htm")
    parsed = [layout.parse_article(p.read_text(encoding="utf-8"), f"https://ribao.xyxww.com.cn/html/2020-01/27/{p.name}")
              for p in source]
    normalize = NormalizePipeline()
    docs = []
    for i in range(count):
        base = parsed[i % len(parsed)]
        day = (date(2015, 1, 1) + timedelta(days=i // len(parsed))).isoformat()
        article = Article(paper="bench", date=day, url=f"{base.url}?n={i}", article_id=f"a{i}", title=base.title,
                          paragraphs=[f"{p}{i}" for p in base.paragraphs])
        docs.append(to_document(normalize.process_item(article)))
    print(f"store ({count} articles)")
    for label in ("bulk upsert, new", "bulk upsert, unchanged"):
        start = time.perf_counter()
        for k in range(0, count, 500):
            store.write("article", docs[k:k + 500])
        took = time.perf_counter() - start
        line(f"{label}", f"{count / took:,.0f} docs/s")
    start = time.perf_counter()
    links = store.link_duplicates([d["_id"] for d in docs[:200]])
    line("near-duplicate lookup", f"{(time.perf_counter() - start) / 200 * 1000:.1f} ms per article ({links} links)")
    for words in ("疫情", "疫情 防控", "信阳"):
        start = time.perf_counter()
        hits, total = store.search(ArticleQuery(words=parse_words([words])), limit=20)
        line(f"search {words!r} (best 20 of {total})", f"{(time.perf_counter() - start) * 1000:.0f} ms")
    store.client.drop_database("bench_store")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30, help="editions in the synthetic crawl")
    parser.add_argument("--articles", type=int, default=10000, help="articles in the store benchmark")
    args = parser.parse_args()
    bench_extraction()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["EPAPER_HOME"] = tmp  # the search index of the store benchmark, not the checkout's data/
        uri, server = start_database(Path(tmp))
        try:
            bench_crawl(Path(tmp), uri, args.days)
            bench_store(uri, args.articles)
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
