"""Scrapy feeds of a real crawl keep every field of every kind; nested fields are JSON, not reprs."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess

from click.testing import CliRunner

from conftest import ROOT, read_result
from crawler.cli import cli
from crawler.feeds import columns
from crawler.items import Article, Edition, Page


def rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_csv_feeds_of_a_crawl_keep_every_field(crawl, tmp_path, store):
    cmd, jsonl, stats = crawl.command("paper=xinyang", "date=2020-01-27")
    feeds = {name: tmp_path / f"{name}.csv" for name in ("all", "articles", "pages", "editions")}
    cmd += ["-O", str(feeds["all"]), "-O", f"{feeds['articles']}:articles", "-O", f"{feeds['pages']}:pages",
            "-O", f"{feeds['editions']}:editions"]
    done = subprocess.run(cmd, cwd=ROOT, env=crawl.environment(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    result = read_result(done.returncode, done.stderr, jsonl, stats)

    articles = rows(feeds["articles"])
    assert len(articles) == 26 and list(articles[0]) == columns(("article",))
    assert set(articles[0]) >= {f.name for f in dataclasses.fields(Article)}
    stored = {d["_id"]: d for d in store.articles.find()}
    for row in articles:
        doc = stored[row["id"]]
        assert row["kind"] == "article" and row["title"] == doc["title"] and row["body"] == doc["body"] != ""
        assert json.loads(row["authors"]) == doc["authors"] and json.loads(row["paragraphs"]) == doc["paragraphs"]
        assert json.loads(row["images"]) == doc["images"] and json.loads(row["pages"]) == doc["pages"]
    assert any(json.loads(r["authors"]) for r in articles) and any(json.loads(r["images"]) for r in articles)

    pages = rows(feeds["pages"])
    assert len(pages) == 8 and list(pages[0]) == columns(("page",))
    assert set(pages[0]) >= {f.name for f in dataclasses.fields(Page)}
    for row in pages:
        doc = store.pages.find_one({"_id": row["id"]})
        assert json.loads(row["hotspots"]) == doc["hotspots"] and json.loads(row["article_urls"]) == doc["article_urls"]
    (edition,) = rows(feeds["editions"])
    assert set(edition) >= {f.name for f in dataclasses.fields(Edition)}
    assert json.loads(edition["counts"]) == result.edition["counts"] and json.loads(edition["pages"]) == result.edition["pages"]
    assert json.loads(edition["failures"]) == []

    mixed = rows(feeds["all"])
    assert [r["kind"] for r in mixed].count("article") == 26 and len(mixed) == 35
    assert list(mixed[0]) == columns(("article", "page", "edition"))
    assert {r["id"]: r["title"] for r in mixed if r["kind"] == "article"} == {r["id"]: r["title"] for r in articles}
    for path in feeds.values():
        assert "Hotspot(" not in path.read_text() and "PageRef(" not in path.read_text() and "Image(" not in path.read_text()
    assert len(result.items) == 35 and result.of("page")[0]["hotspots"][0]["coords"]  # JSON lines: objects already


def test_an_incremental_rerun_says_how_to_export_what_it_skipped(crawl, mongo_uri, database, tmp_path):
    assert crawl("paper=xinyang", "date=2020-01-27").returncode == 0
    again = crawl("paper=xinyang", "date=2020-01-27")
    assert again.items == []  # nothing crawled, nothing in the feed
    hint = "`epaper export --kind article|page|edition --paper xinyang --date 2020-01-27` exports what is stored"
    assert hint in again.log
    exported = CliRunner().invoke(cli, ["export", "--kind", "article", "--paper", "xinyang", "--date", "2020-01-27"],
                                  env={"MONGO_URI": mongo_uri, "MONGO_DATABASE": database, "EPAPER_HOME": str(tmp_path)},
                                  catch_exceptions=False)
    assert exported.exit_code == 0 and len(exported.stdout.splitlines()) == 26
