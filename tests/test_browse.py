"""Browsing without words over a real crawl: `epaper list`, `edition`, `page`, `editions --failures`,
`export --kind`, and tables that fit 80 columns.

The module crawls 信阳日报 2020-01-26 … 2020-01-28 once (as test_cli does), and 2020-01-28 once
more into a second database with one page and one article answering HTTP 500, so that the
edition is partial with two recorded failures.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid

import pymongo
import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from conftest import CrawlRunner
from crawler.cli import cli
from crawler.records import EDITION_COLUMNS, PAGE_COLUMNS

SEED_ID = "xinyang:2020-01-27:content_95316"
XY28 = "ribao.xyxww.com.cn/html/2020-01/28/"


@pytest.fixture(scope="module")
def env(module_crawl, module_database, mongo_uri):
    result = module_crawl("paper=xinyang", "start=2020-01-26", "end=2020-01-28")
    assert result.returncode == 0, result.log[-2000:]
    return {"MONGO_URI": mongo_uri, "MONGO_DATABASE": module_database, "COLUMNS": "80"}


@pytest.fixture(scope="module")
def db(env, mongo_uri):
    client = pymongo.MongoClient(mongo_uri)
    yield client[env["MONGO_DATABASE"]]
    client.close()


@pytest.fixture(scope="module")
def failed_env(_site_server, mongo_uri, tmp_path_factory):
    """信阳日报 2020-01-28 with page 03 (node_4) and one article of page 01 answering 500."""
    database = f"t_browse_{uuid.uuid4().hex[:10]}"
    crawl = CrawlRunner(_site_server, mongo_uri, database, tmp_path_factory.mktemp("failed"))
    _site_server.fail.update({XY28 + "node_4.htm", XY28 + "content_95465.htm"})
    try:
        result = crawl("paper=xinyang", "date=2020-01-28")
    finally:
        _site_server.fail.clear()
    assert result.edition["status"] == "partial", result.log[-2000:]
    yield {"MONGO_URI": mongo_uri, "MONGO_DATABASE": database, "COLUMNS": "80"}  # not dropped: see conftest


def run(env: dict, *args: str):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def printed_order(db, paper: str, day: str) -> list[str]:
    """The day's article ids as printed: page by page in the edition's order, each page's list in order,
    every article at its first page."""
    edition = db.editions.find_one({"_id": f"{paper}:{day}"})
    pages = {p["page_no"]: p for p in db.pages.find({"paper": paper, "date": day})}
    ids = {a["url"]: a["_id"] for a in db.articles.find({"paper": paper, "date": day}, {"url": 1})}
    pages_of = {a["_id"]: a["page_no"] for a in db.articles.find({"paper": paper, "date": day}, {"page_no": 1})}
    order = []
    for ref in edition["pages"]:
        for url in pages[ref["page_no"]]["article_urls"]:
            if url in ids and pages_of[ids[url]] == ref["page_no"]:
                order.append(ids[url])
    return order


def assert_fits(text: str, width: int = 80) -> None:
    for line in text.splitlines():
        assert cell_len(line) <= width, line
        assert line == line.rstrip(), repr(line)


# ----- list --------------------------------------------------------------------------------------
def test_list_gives_a_days_articles_in_page_order(env, db):
    result = run(env, "list", "--paper", "xinyang", "--date", "2020-01-27", "--json")
    assert result.exit_code == 0, result.stderr
    listed = json_lines(result.stdout)
    assert len(listed) == 26
    assert [a["id"] for a in listed] == printed_order(db, "xinyang", "2020-01-27")
    assert [a["page_no"] for a in listed] == sorted(a["page_no"] for a in listed)
    assert [(a["page_no"], a["position"]) for a in listed[:6]] == [("01", 1), ("01", 2), ("01", 3), ("01", 4),
                                                                   ("02", 1), ("02", 2)]
    seed = next(a for a in listed if a["id"] == SEED_ID)
    assert (seed["title"], seed["authors"], seed["page_name"], seed["position"]) == (
        "先锋旗帜在一线飘扬", ["王凌云"], "综合要闻", 1)
    assert "body" not in seed and "paragraphs" not in seed  # browsing carries no text
    both = json_lines(run(env, "list", "--paper", "xinyang", "--from", "2020-01-27", "--to", "2020-01-28",
                          "--json").stdout)
    assert len(both) == 36 and [a["date"] for a in both] == ["2020-01-27"] * 26 + ["2020-01-28"] * 10
    assert json_lines(run(env, "list", "--json").stdout) == both  # every paper, every day


def test_list_of_a_page_includes_what_it_points_to_at_its_place(env, db):
    listed = json_lines(run(env, "list", "--paper", "xinyang", "--date", "2020-01-27", "--page", "1", "--json").stdout)
    page = db.pages.find_one({"_id": "xinyang:2020-01-27:01"})
    urls = [a["url"] for a in listed]
    assert urls == page["article_urls"] and len(urls) == 5
    teaser = listed[4]  # the 导读 box of page 01 points to an article printed on page 03
    assert (teaser["id"], teaser["page_no"], teaser["pages"], teaser["position"]) == (
        "xinyang:2020-01-27:content_95324", "03", ["01", "03"], 5)
    assert [a["id"] for a in json_lines(run(env, "list", "--author", "王凌云", "--json").stdout)] == [
        SEED_ID, "xinyang:2020-01-28:content_95473"]
    assert json_lines(run(env, "list", "--paper", "xinyang", "--date", "2020-01-27", "--limit", "2", "--json").stdout) \
        == listed[:2]


def test_list_table_fits_80_columns_with_whole_ids(env, db):
    result = run(env, "list", "--paper", "xinyang", "--date", "2020-01-27")
    assert result.exit_code == 0, result.stderr
    assert_fits(result.stdout)
    assert result.stdout.startswith("xinyang 信阳日报 2020-01-27\n")
    ids = re.findall(r"xinyang:2020-01-27:content_\d+", result.stdout)
    assert ids == printed_order(db, "xinyang", "2020-01-27")
    assert "26 articles" in result.stdout
    one = run(env, "list", "--paper", "xinyang", "--date", "2020-01-27", "--limit", "1")
    assert "\n1 article; `epaper show ID` shows one" in one.stdout  # not "1 articles"
    nothing = run(env, "list", "--paper", "xinyang", "--date", "2020-01-26")
    assert (nothing.exit_code, nothing.stdout) == (0, "")
    assert nothing.stderr == "no articles stored, in xinyang, on 2020-01-26\n"


# ----- edition -----------------------------------------------------------------------------------
def test_edition_record_has_status_counts_pages_and_pdfs(env, db):
    result = run(env, "edition", "xinyang", "2020-01-27", "--json")
    assert result.exit_code == 0, result.stderr
    (record,) = json_lines(result.stdout)
    stored = db.editions.find_one({"_id": "xinyang:2020-01-27"})
    assert list(record) == EDITION_COLUMNS
    for field in ("paper", "paper_name", "date", "issue_no", "url", "status", "counts", "failures", "crawled_at",
                  "first_seen"):
        assert record[field] == stored[field], field
    assert (record["id"], record["status"], record["issue_no"]) == ("xinyang:2020-01-27", "complete", "10562")
    assert record["stored"] == {"pages": 8, "articles": 26}
    assert [p["page_no"] for p in record["pages"]] == ["01", "02", "03", "04", "05", "06", "07", "08"]
    first = record["pages"][0]
    assert first == {"page_no": "01", "page_name": "要闻", "url": "https://ribao.xyxww.com.cn/html/2020-01/27/node_2.htm",
                     "pdf_url": "https://ribao.xyxww.com.cn/page/2020-01/27/01/63261580048048989.pdf",
                     "image_url": "https://ribao.xyxww.com.cn/page/2020-01/27/01/75711580048049801_b.jpg",
                     "stored": True, "hotspots": 5, "articles_listed": 5, "articles_stored": 5}
    assert all(p["pdf_url"].endswith(".pdf") for p in record["pages"])
    table = run(env, "edition", "xinyang", "2020-01-27").stdout
    assert_fits(table)
    assert table.startswith("xinyang 信阳日报 2020-01-27 (issue 10562): complete\n")
    assert "pages 8 stored of 8 listed; articles 26 stored of 26 listed; 0 failed" in table
    assert "  01  https://ribao.xyxww.com.cn/page/2020-01/27/01/63261580048048989.pdf" in table
    assert ["02", "综合要闻", "3/3", "3", "yes"] in [line.split() for line in table.splitlines()]
    no_issue = json_lines(run(env, "edition", "xinyang", "2020-01-26", "--json").stdout)[0]
    assert (no_issue["status"], no_issue["pages"], no_issue["stored"]) == ("no_issue", [], {"pages": 0, "articles": 0})


def test_edition_and_editions_show_every_failure_with_url_and_reason(failed_env):
    (record,) = json_lines(run(failed_env, "edition", "xinyang", "2020-01-28", "--json").stdout)
    assert record["status"] == "partial"
    failures = {f["url"].split("://")[1]: (f["kind"], f["reason"]) for f in record["failures"]}
    assert set(failures) == {XY28 + "node_4.htm", XY28 + "content_95465.htm"}
    assert failures[XY28 + "node_4.htm"][0] == "page" and "500" in failures[XY28 + "node_4.htm"][1]
    assert failures[XY28 + "content_95465.htm"][0] == "article"
    page3 = next(p for p in record["pages"] if p["page_no"] == "03")
    assert (page3["stored"], page3["hotspots"], page3["articles_listed"]) == (False, 0, 0)
    assert record["stored"]["pages"] == 3
    table = run(failed_env, "edition", "xinyang", "2020-01-28").stdout
    assert_fits(table)
    assert ": partial" in table.splitlines()[0] and "failures (2)" in table
    for url, (kind, reason) in failures.items():
        assert f"  {kind}: {reason}\n    https://{url}\n" in table or f"  {kind}: {reason}\n    http://{url}\n" in table
    listed = run(failed_env, "editions", "--failures")
    assert listed.exit_code == 0, listed.stderr
    assert_fits(listed.stdout)
    lines = listed.stdout.splitlines()
    assert lines[0] == "xinyang 信阳日报" and lines[1].startswith("2020-01-28 Tue partial")
    assert sum(1 for line in lines if line.strip().startswith("http")) == 2
    (day,) = json_lines(run(failed_env, "editions", "--failures", "--json").stdout)
    assert day["date"] == "2020-01-28" and day["failures"] == record["failures"]
    # an unrecorded page says so, with the reason
    (page,) = json_lines(run(failed_env, "page", "xinyang", "2020-01-28", "03", "--json").stdout)
    assert (page["stored"], page["page_name"]) == (False, "信阳新闻") and "500" in page["failure"]


def test_editions_failures_when_there_are_none(env):
    result = run(env, "editions", "--failures")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("no failures recorded for xinyang")


# ----- page --------------------------------------------------------------------------------------
def test_page_record_has_pdf_image_hotspots_with_titles_and_articles_in_order(env, db):
    result = run(env, "page", "xinyang", "2020-01-27", "02", "--json")
    assert result.exit_code == 0, result.stderr
    (record,) = json_lines(result.stdout)
    stored = db.pages.find_one({"_id": "xinyang:2020-01-27:02"})
    assert list(record) == PAGE_COLUMNS
    for field in ("page_name", "url", "pdf_url", "image_url", "article_urls", "crawled_at"):
        assert record[field] == stored[field]
    assert (record["id"], record["previous"], record["next"], record["stored"]) == (
        "xinyang:2020-01-27:02", "01", "03", True)
    titles = {a["url"]: (a["_id"], a["title"]) for a in db.articles.find({"date": "2020-01-27"}, {"url": 1, "title": 1})}
    assert len(record["hotspots"]) == len(stored["hotspots"]) == 3
    for spot, raw in zip(record["hotspots"], stored["hotspots"]):
        assert (spot["article_url"], spot["coords"], spot["shape"]) == (raw["article_url"], raw["coords"], raw["shape"])
        assert (spot["article_id"], spot["title"]) == titles[raw["article_url"]]
    assert record["hotspots"][0]["title"] == "先锋旗帜在一线飘扬"
    assert [a["id"] for a in record["articles"]] == [titles[u][0] for u in stored["article_urls"]]
    assert [a["position"] for a in record["articles"]] == [1, 2, 3]
    assert json_lines(run(env, "page", "信阳日报", "2020-01-27", "2", "--json").stdout) == [record]
    first = json_lines(run(env, "page", "xinyang", "2020-01-27", "01", "--json").stdout)[0]
    assert (first["previous"], first["next"]) == ("", "02")
    table = run(env, "page", "xinyang", "2020-01-27", "02").stdout
    assert_fits(table)
    assert "  PDF    https://ribao.xyxww.com.cn/page/2020-01/27/02/27111580048117186.pdf" in table
    assert "previous page 01, next page 03" in table
    assert SEED_ID in table and "5,38,334,38,334,193,5,193" in table


@pytest.mark.parametrize("args, code, message", [
    (["edition", "xinyang", "2020-13-01"], 2, "not a date"),
    (["edition", "xinyng", "2020-01-27"], 2, "closest: xinyang"),
    (["edition", '{"$ne": null}', "2020-01-27"], 2, "unknown paper"),
    (["edition", "xinyang", "2020-01-29"], 1, "no edition of xinyang on 2020-01-29"),
    (["page", "xinyang", "2020-01-27", "$gt"], 2, "not a page number"),
    (["page", "xinyang", "2020-01-27", "09"], 1, "no page 09 of xinyang on 2020-01-27"),
    (["list", "--date", "2020-01-27", "--from", "2020-01-26"], 2, "not both"),
    (["list", "--page", '{"$ne": "01"}'], 2, "not a page number"),
    (["export", "--kind", "page", "疫情"], 2, "takes no words"),
    (["list", "--date", "2020-1-27"], 2, "--date '2020-1-27' is not a date"),
])
def test_bad_input_is_one_line(env, args, code, message):
    result = run(env, *args)
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.count("\n") == 1 and message in result.stderr and result.stderr.startswith("epaper: ")


@pytest.mark.parametrize("args, message", [
    (["list", "--author", "王凌云", "--author", "李玉芳"], "'--author': given 2 times (王凌云, 李玉芳); give it once"),
    (["list", "--date", "2020-01-27", "--date", "2020-01-28"], "'--date': given 2 times"),
    (["search", "疫情", "--from", "2020-01-27", "--from", "2020-01-28"], "'--from': given 2 times"),
    (["search", "疫情", "--limit", str(2**63)], "'--limit': 9223372036854775808 is not in the range 1<=x<=1000000000"),
    (["export", "--limit", str(2**63)], "'--limit'"),
])
def test_an_option_given_twice_or_a_limit_past_any_store_is_a_usage_error(env, args, message):
    """Given twice, an option kept its last value silently; a limit past 2**63 ended in a traceback."""
    result = run(env, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert message in result.stderr


def test_a_paper_given_twice_is_both_papers_as_a_comma_list_is(env):
    twice = json_lines(run(env, "list", "--paper", "xinyang", "--paper", "xinyang", "--json").stdout)
    listed = json_lines(run(env, "list", "--paper", "xinyang", "--json").stdout)
    assert [a["id"] for a in twice] == [a["id"] for a in listed] and len(listed) > 0
    unknown = run(env, "list", "--paper", "xinyang", "--paper", "nosuchpaper")
    assert unknown.exit_code == 2 and "nosuchpaper" in unknown.stderr


# ----- export of every kind ----------------------------------------------------------------------
def test_export_editions_and_pages_as_the_views_show_them(env):
    editions = json_lines(run(env, "export", "--kind", "edition").stdout)
    assert [e["id"] for e in editions] == ["xinyang:2020-01-26", "xinyang:2020-01-27", "xinyang:2020-01-28"]
    assert editions[1] == json_lines(run(env, "edition", "xinyang", "2020-01-27", "--json").stdout)[0]
    pages = json_lines(run(env, "export", "--kind", "page", "--from", "2020-01-27").stdout)
    assert [p["id"] for p in pages][:3] == ["xinyang:2020-01-27:01", "xinyang:2020-01-27:02", "xinyang:2020-01-27:03"]
    assert len(pages) == 12
    assert pages[1] == json_lines(run(env, "page", "xinyang", "2020-01-27", "02", "--json").stdout)[0]
    only = json_lines(run(env, "export", "--kind", "page", "--page", "02").stdout)
    assert [p["id"] for p in only] == ["xinyang:2020-01-27:02", "xinyang:2020-01-28:02"]
    result = run(env, "export", "--kind", "page", "--date", "2020-01-27", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert list(rows[0]) == PAGE_COLUMNS and len(rows) == 8
    assert json.loads(rows[1]["hotspots"]) == pages[1]["hotspots"]  # nested fields as JSON, not reprs
    assert json.loads(rows[1]["articles"]) == pages[1]["articles"]
    assert "8 pages exported (csv)" in result.stderr
    as_csv = list(csv.DictReader(io.StringIO(run(env, "export", "--kind", "edition", "--format", "csv").stdout,
                                             newline="")))
    assert list(as_csv[0]) == EDITION_COLUMNS
    assert json.loads(as_csv[1]["counts"]) == editions[1]["counts"] and json.loads(as_csv[1]["pages"]) == editions[1]["pages"]
