"""Re-parse: ``epaper reparse`` rebuilds stored records from the WARC archive with no web server.

The sample edition is crawled from a server of our own, which is then stopped; the re-parse
runs the real crawl with every request answered from the archive.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from conftest import ROOT, SITES, CrawlRunner
from crawler.sample import serve_folder
from crawler.store import VOLATILE, revision

DAY = "2020-01-27"
EPAPER = Path(sys.executable).with_name("epaper")  # the installed console script


def epaper(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(EPAPER), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)


def reparse_json(*args: str, env: dict) -> tuple[int, dict, str]:
    proc = epaper("reparse", "--json", *args, env=env)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    return proc.returncode, (json.loads(lines[-1]) if lines else {}), proc.stderr


def content(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in VOLATILE}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, _site_server, mongo_uri, module_database, module_store):
    """The sample edition crawled from a server that is stopped before any test runs."""
    runner = CrawlRunner(_site_server, mongo_uri, module_database, tmp_path_factory.mktemp("reparse"))
    with serve_folder(SITES) as base:
        result = runner("paper=xinyang", f"date={DAY}", mirror=False, settings={"EPAPER_MIRROR": base + "{host}/"})
    assert result.returncode == 0, result.log[-2000:]
    env = runner.environment({"EPAPER_ARCHIVE": str(runner.archive)})
    first = {d["_id"]: content(d) for d in module_store.articles.find()}
    assert len(first) == 26
    return runner, env, first


def test_reparse_restores_every_article_identical_without_a_server(crawled, module_store, _site_server):
    runner, env, first = crawled
    module_store.articles.drop()
    _site_server.requests.clear()
    code, summary, err = reparse_json("--paper", "xinyang", "--from", DAY, "--to", DAY, env=env)
    assert code == 0, err
    assert summary["documents"] == 34 and summary["not_in_archive"] == 0
    assert summary["records"]["articles"] == {"new": 26, "updated": 0, "unchanged": 0}
    assert summary["records"]["pages"]["unchanged"] == 8
    assert summary["editions"] == [{"paper": "xinyang", "date": DAY, "status": "complete", "failures": 0,
                                    "not_in_archive": 0, "drift": []}]
    assert _site_server.requests == []
    again = {d["_id"]: content(d) for d in module_store.articles.find()}
    assert again == first
    edition = module_store.editions.find_one({"_id": f"xinyang:{DAY}"})
    assert edition["status"] == "complete" and edition["coverage"]["title"] == 1.0


def test_second_reparse_changes_nothing(crawled, module_store):
    runner, env, first = crawled
    code, summary, err = reparse_json("--paper", "xinyang", env=env)
    assert code == 0, err
    assert summary["records"]["articles"] == {"new": 0, "updated": 0, "unchanged": 26}
    assert summary["changed_fields"] == {}
    assert {d["_id"]: content(d) for d in module_store.articles.find()} == first


def test_dry_run_reports_what_would_change_and_writes_nothing(crawled, module_store):
    runner, env, first = crawled
    ident = f"xinyang:{DAY}:content_95316"
    old = module_store.articles.find_one({"_id": ident}) | {"title": "旧解析器的标题", "byline": ""}
    old["rev"] = revision(old)  # as an older parser would have stored it
    module_store.articles.replace_one({"_id": ident}, old)
    code, summary, err = reparse_json("--paper", "xinyang", "--dry-run", env=env)
    assert code == 0, err
    assert summary["dry_run"] is True
    assert summary["records"]["articles"] == {"new": 0, "updated": 1, "unchanged": 25}
    assert summary["changed_fields"] == {"title": 1, "byline": 1}
    assert module_store.articles.find_one({"_id": ident})["title"] == "旧解析器的标题"
    code, summary, err = reparse_json("--paper", "xinyang", env=env)
    assert code == 0, err
    assert summary["records"]["articles"]["updated"] == 1
    assert summary["changed_fields"] == {"title": 1, "byline": 1}
    assert content(module_store.articles.find_one({"_id": ident})) == first[ident]


def test_text_summary(crawled):
    runner, env, first = crawled
    proc = epaper("reparse", "--paper", "xinyang", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "documents read from the archive: 34" in proc.stdout
    assert "articles changed, per field: none" in proc.stdout
    assert f"xinyang {DAY}: complete" in proc.stderr


def _copy_without(source: Path, target: Path, url: str) -> None:
    """A copy of a WARC file without the records of one URL (an archive that lacks a document)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as fh, target.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for record in ArchiveIterator(fh):
            if record.rec_headers.get_header("WARC-Target-URI") != url:
                writer.write_record(record)


def test_a_document_missing_from_the_archive_leaves_the_edition_partial(crawled, module_store, tmp_path):
    runner, env, first = crawled
    name = f"xinyang/2020/xinyang-{DAY}.warc.gz"
    lost = "https://ribao.xyxww.com.cn/html/2020-01/27/content_95316.htm"
    _copy_without(runner.archive / name, tmp_path / "partial" / name, lost)
    module_store.articles.delete_one({"url": lost})
    code, summary, err = reparse_json("--paper", "xinyang", "--archive", str(tmp_path / "partial"), env=env)
    assert code == 1
    assert summary["not_in_archive"] == 1
    assert summary["editions"][0]["status"] == "partial"
    assert f"xinyang {DAY} stays partial: 1 document(s) not in the archive" in err
    edition = module_store.editions.find_one({"_id": f"xinyang:{DAY}"})
    assert edition["status"] == "partial"
    assert [f["url"] for f in edition["failures"]] == [lost]
    assert "not in archive" in edition["failures"][0]["reason"]
    # the complete archive repairs it
    code, summary, err = reparse_json("--paper", "xinyang", env=env)
    assert code == 0, err
    assert module_store.editions.find_one({"_id": f"xinyang:{DAY}"})["status"] == "complete"


def test_nothing_archived_is_one_line_and_exit_1(crawled, tmp_path):
    runner, env, first = crawled
    proc = epaper("reparse", "--paper", "xinyang", "--from", "2019-01-01", "--to", "2019-01-31", env=env)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith("epaper: nothing archived under ")
    proc = epaper("reparse", "--paper", "xinyan", env=env)
    assert proc.returncode == 2 and "closest: xinyang" in proc.stderr
    assert os.path.isdir(runner.archive)
