"""The `epaper` command over a real crawl of the 信阳日报 fixture editions in a real store.

The module crawls 2020-01-26 … 2020-01-28 once (26: no edition, 404; 27: 8 pages, 26 articles;
28: 4 pages, 10 articles), and 信阳日报 29–30 with 河南日报 29 (duplicates) once into a second
database, and runs the commands in-process with click's runner against them; a few tests run the
installed console script as a subprocess, as a user would.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pymongo
import pytest
from click.testing import CliRunner

from conftest import EXPECTED, CrawlRunner
from crawler.cli import cli
from crawler.cli import demo as demo_module
from crawler.cli.common import build_query
from crawler.cli.prose import NO_LINE_START
from crawler.records import EXPORT_COLUMNS, LIST_COLUMNS, article_record, snippet
from crawler.papers import load_registry
from crawler.query import ArticleQuery, QueryError, resolve_papers

SEED_ID = "xinyang:2020-01-27:content_95316"
SEED_TITLE = "先锋旗帜在一线飘扬"
EPAPER = Path(sys.executable).with_name("epaper")


@pytest.fixture(scope="module")
def crawled(module_crawl, module_database):
    """The three fixture days crawled once into this module's database; yields its name."""
    result = module_crawl("paper=xinyang", "start=2020-01-26", "end=2020-01-28")
    assert result.returncode == 0, result.log[-2000:]
    assert result.stats["epaper/store/articles/new"] == 36
    return module_database


@pytest.fixture(scope="module")
def reprints(_site_server, mongo_uri, tmp_path_factory, home):
    """Another database: 信阳日报 29–30 (one article printed twice) and 河南日报 29 (a shared wire story)."""
    database = f"t_cli_{uuid.uuid4().hex[:10]}"
    crawl = CrawlRunner(_site_server, mongo_uri, database, tmp_path_factory.mktemp("reprints"))
    assert crawl("paper=xinyang", "start=2020-01-29", "end=2020-01-30").returncode == 0
    assert crawl("paper=henandaily", "date=2020-01-29").returncode == 0
    yield {"MONGO_URI": mongo_uri, "MONGO_DATABASE": database, "COLUMNS": "200", "EPAPER_HOME": home}  # not dropped: see conftest


def _words(doc: dict) -> set[str]:
    """The words of a stored article as the search index cuts them."""
    from crawler.tokens import word_list

    return {w for part in ("lead_title", "title", "subtitle", "body") for w in word_list(doc.get(part, ""))}


@pytest.fixture(scope="module")
def db(crawled, mongo_uri):
    client = pymongo.MongoClient(mongo_uri)
    yield client[crawled]
    client.close()


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """EPAPER_HOME for the module: where the search index of its databases is kept."""
    return str(tmp_path_factory.mktemp("home"))


@pytest.fixture
def env(crawled, mongo_uri, home):
    return {"MONGO_URI": mongo_uri, "MONGO_DATABASE": crawled, "COLUMNS": "200", "EPAPER_EMBEDDED_PATH": None,
            "EPAPER_HOME": home}


def run(env: dict, *args: str):
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# ----- search --------------------------------------------------------------------------------------
def test_search_ranks_the_seed_article_first(env, db):
    result = run(env, "search", "疫情", "--json", "--limit", "50")
    assert result.exit_code == 0, result.stderr
    hits = json_lines(result.stdout)
    assert hits[0]["id"] == SEED_ID and hits[0]["title"] == SEED_TITLE
    assert hits[0]["subtitle"] == "打赢疫情防控攻坚战我市党员干部冲在前"
    assert (hits[0]["title_hits"], hits[0]["hits"]) == (1, 41)
    # every article whose words include 疫情 is found, none other
    assert {h["id"] for h in hits} == {d["_id"] for d in db.articles.find() if "疫情" in _words(d)}
    assert len(hits) == 24
    # ranked: words in the headline, then hits, then newest
    keys = [(h["title_hits"], h["hits"], h["date"]) for h in hits]
    assert keys == sorted(keys, reverse=True)
    assert [h["title"] for h in hits[:4]] == [SEED_TITLE, "全力以赴做好疫情防控工作", "以战时状态打好疫情防控阻击战",
                                              "全市上下众志成城抗击疫情"]
    # the snippet shows where the word is
    first = hits[0]
    assert all(first["snippet"][s:e] == "疫情" for s, e in first["highlights"]) and first["highlights"]
    assert run(env, "search", "疫情", "--json").stdout.count("\n") == 20  # --limit defaults to 20


def test_search_table_highlights_the_words(env):
    result = run(env, "search", "疫情", "防控", "--limit", "3")
    assert result.exit_code == 0
    out = result.stdout
    for text in ("date", "paper", "page", "snippet", SEED_TITLE, SEED_ID, "02 综合要闻", "3 of 23 matching articles"):
        assert text in out
    colored = run({**env, "FORCE_COLOR": "1", "TERM": "xterm"}, "search", "疫情", "--limit", "1").stdout
    assert "\x1b[1;30;43m疫情\x1b[0m" in colored
    text, spans = snippet("春节期间。\n\n各地加强疫情防控工作，严防疫情扩散。", ("疫情",))
    assert text == "各地加强疫情防控工作，严防疫情扩散。"
    assert spans == [(4, 6), (13, 15)]


def test_search_needs_every_word_and_filters_by_paper_date_page_author(env, db):
    def ids(*args):
        result = run(env, "search", *args, "--json", "--limit", "100")
        assert result.exit_code == 0, result.stderr
        return [h["id"] for h in json_lines(result.stdout)]

    both = ids("疫情", "防控")
    assert len(both) == 23 and set(both) < set(ids("疫情"))
    assert ids("疫情防控") == both  # one word cut into two, like the index
    day28 = ids("疫情", "--paper", "xinyang", "--from", "2020-01-28", "--to", "2020-01-28")
    assert day28 and all(i.startswith("xinyang:2020-01-28:") for i in day28)
    assert len(day28) == sum(1 for d in db.articles.find({"date": "2020-01-28"}) if "疫情" in _words(d)) == 5
    assert ids("疫情", "--paper", "信阳日报") == ids("疫情")  # by name too
    # page 02: the seed (headline hit) first, then by hits, newest first, ties: later article first
    assert ids("疫情", "--page", "2") == ids("疫情", "--page", "02") == [
        SEED_ID, "xinyang:2020-01-28:content_95475", "xinyang:2020-01-28:content_95473",
        "xinyang:2020-01-27:content_95323", "xinyang:2020-01-27:content_95319"]
    assert ids("疫情", "--author", "王凌云") == [SEED_ID, "xinyang:2020-01-28:content_95473"]
    # an article listed on two pages is found on both (03, and 01's 导读)
    assert "xinyang:2020-01-27:content_95324" in ids("超市", "--page", "01")


HINT = "(search reads whole words of headlines and text; a byline's names: epaper list --author NAME)"


def test_whole_words_only_on_the_stored_articles(env, db):
    # 攻坚 lies inside 攻坚战 of the seed's subtitle: found
    assert SEED_ID in [h["id"] for h in json_lines(run(env, "search", "攻坚", "--json").stdout)]
    # 长春 only touches across 延长|春节, 热门 across 发热|门诊: the characters are there, the words are not
    assert "长春" in db.articles.find_one({"_id": "xinyang:2020-01-28:content_95465"})["title"]  # 延长春节假期
    assert any("热门" in d["body"] for d in db.articles.find({}, {"body": 1}))  # 发热门诊
    for word in ("长春", "热门"):
        result = run(env, "search", word, "--json")
        assert (result.exit_code, result.stdout) == (0, "")
        assert result.stderr == f"no articles match {word}\n{HINT}\n"


# ----- show ----------------------------------------------------------------------------------------
def test_show_prints_every_typed_field(env, db):
    result = run(env, "show", SEED_ID)
    assert result.exit_code == 0, result.stderr
    doc = db.articles.find_one({"_id": SEED_ID})
    out = result.stdout
    for text in ("引题 lead_title", "标题 title", SEED_TITLE, "副题 subtitle", "打赢疫情防控攻坚战我市党员干部冲在前",
                 "□本报记者 王凌云", "02 综合要闻", "信阳日报 (xinyang)", doc["url"], doc["content_hash"], doc["simhash"],
                 "founder_classic/1", "paragraphs (10)", doc["paragraphs"][0], doc["paragraphs"][-1][-30:],
                 "images (0)", "duplicate_of", "near duplicates"):
        assert text in out, text
    with_images = run(env, "show", "xinyang:2020-01-27:content_95308").stdout
    assert "images (2)" in with_images
    assert "https://ribao.xyxww.com.cn/res/1/20200127/15800964321157.jpg" in with_images
    assert "新县检查点的志愿者在寒风中登记车辆信息。通讯员 陈明 摄" in with_images
    as_json = json_lines(run(env, "show", SEED_ID, "--json").stdout)
    assert as_json == [article_record(doc)]
    assert as_json[0]["authors"] == ["王凌云"] and as_json[0]["pages"] == ["02"]
    # by URL as well
    assert json_lines(run(env, "show", doc["url"], "--json").stdout)[0]["id"] == SEED_ID
    missing = run(env, "show", "xinyang:2020-01-27:content_1")
    assert missing.exit_code == 1 and missing.stderr.count("\n") == 1 and "no article" in missing.stderr


def test_show_sets_paragraphs_as_chinese_is_set_at_any_width(env, db):
    """No line of a shown paragraph begins with closing punctuation (rich alone starts lines with
    、 and ， at some widths); the lines join back into the stored paragraphs."""
    doc = db.articles.find_one({"_id": SEED_ID})
    for width in (44, 61, 80):
        out = run({**env, "COLUMNS": str(width)}, "show", SEED_ID).stdout.split("\n")
        section = out[out.index(f"paragraphs ({len(doc['paragraphs'])})") + 1: out.index("images (0)") - 1]
        indent = len(str(len(doc["paragraphs"]))) + 2  # the numbers, right-aligned, then two spaces
        assert all(len(line) > indent and line[indent] not in NO_LINE_START for line in section), (width, section)
        shown = []
        for line in section:
            if line[:indent].strip():
                assert line[:indent] == f"{len(shown) + 1:>{indent - 2}}  "
                shown.append("")
            shown[-1] += line[indent:]
        assert [re.sub(r"\s", "", p) for p in shown] == [re.sub(r"\s", "", p) for p in doc["paragraphs"]]


def test_show_and_stats_report_duplicates(reprints):
    pairs = json.loads((EXPECTED / "DUPLICATES.json").read_text())
    ((original, copy),) = pairs["exact"]
    ((wire, reprint),) = pairs["near"]
    shown = json_lines(run(reprints, "show", copy, "--json").stdout)[0]
    assert (shown["duplicate_of"], shown["near_duplicates"]) == (original, [])
    original_title = json_lines(run(reprints, "show", original, "--json").stdout)[0]["title"]
    assert f"duplicate_of     {original}  {original_title}" in run(reprints, "show", copy).stdout
    reprint_title = json_lines(run(reprints, "show", reprint, "--json").stdout)[0]["title"]
    assert f"near duplicates  {reprint}  {reprint_title}" in run(reprints, "show", wire).stdout
    stats = {row["paper"]: row for row in json_lines(run(reprints, "stats", "--json").stdout)}
    assert {k: (r["duplicates"], r["near_duplicates"]) for k, r in stats.items()} == {
        "henandaily": (0, 1), "xinyang": (1, 1)}
    assert (stats["xinyang"]["first"], stats["xinyang"]["last"]) == ("2020-01-29", "2020-01-30")


# ----- editions, stats, papers ---------------------------------------------------------------------
def test_editions_show_no_issue_day_and_gaps(env):
    result = run(env, "editions", "--paper", "xinyang", "--from", "2020-01-25", "--to", "2020-01-29", "--json")
    assert result.exit_code == 0, result.stderr
    days = json_lines(result.stdout)
    assert [(d["date"], d["status"]) for d in days] == [
        ("2020-01-25", "missing"), ("2020-01-26", "no_issue"), ("2020-01-27", "complete"), ("2020-01-28", "complete"),
        ("2020-01-29", "missing")]
    assert [(d["pages_stored"], d["pages_listed"], d["articles_stored"], d["articles_listed"]) for d in days] == [
        (0, 0, 0, 0), (0, 0, 0, 0), (8, 8, 26, 26), (4, 4, 10, 10), (0, 0, 0, 0)]
    table = run(env, "editions", "--paper", "xinyang").stdout  # default range: the stored days
    lines = [line.split() for line in table.splitlines() if line.strip().startswith("2020-")]
    assert lines == [["2020-01-26", "Sun", "no", "issue", "0", "0"], ["2020-01-27", "Mon", "complete", "8", "26"],
                     ["2020-01-28", "Tue", "complete", "4", "10"]]
    assert "3 days: 2 complete, 1 no issue" in table
    gaps = run(env, "editions", "--from", "2020-01-24", "--to", "2020-01-26").stdout  # every stored paper
    assert "xinyang 信阳日报" in gaps and gaps.count("missing") == 3 and "1 no issue, 2 missing" in gaps


def test_stats_per_paper(env):
    result = run(env, "stats", "--json")
    assert result.exit_code == 0, result.stderr
    assert json_lines(result.stdout) == [{
        "paper": "xinyang", "paper_name": "信阳日报", "editions": {"complete": 2, "no_issue": 1}, "pages": 12,
        "articles": 36, "first": "2020-01-27", "last": "2020-01-28", "duplicates": 0, "near_duplicates": 0}]
    row = next(line.split() for line in run(env, "stats").stdout.splitlines() if line.strip().startswith("xinyang"))
    assert row == ["xinyang", "信阳日报", "2", "0", "1", "0", "12", "36", "2020-01-27", "2020-01-28", "0", "0"]


def test_papers_lists_the_registry(env):
    registry = load_registry()
    listed = json_lines(run(env, "papers", "--json").stdout)
    assert [p["key"] for p in listed] == list(registry)
    assert listed[0] == {"key": "xinyang", "name": "信阳日报", "family": "founder_classic", "region": "河南·信阳",
                         "url": "https://ribao.xyxww.com.cn/html/{date:%Y-%m}/{date:%d}/node_2.htm"}
    table = run(env, "papers").stdout
    assert ["xinyang", "信阳日报", "founder_classic", "河南·信阳"] in [line.split() for line in table.splitlines()]
    assert f"{len(registry)} papers" in table


# ----- export --------------------------------------------------------------------------------------
def test_export_csv_has_one_row_per_article_and_reads_back_every_field(env, db):
    result = run(env, "export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert list(rows[0]) == EXPORT_COLUMNS
    stored = {d["_id"]: d for d in db.articles.find()}
    assert len(rows) == len(stored) == 36
    assert [r["id"] for r in rows] == sorted(stored)
    for row in rows:
        want = article_record(stored[row["id"]])
        got = {k: (json.loads(v) if k in LIST_COLUMNS else int(v) if k == "char_count" else float(v) if k == "confidence" else v)
               for k, v in row.items()}
        assert got == want
    seed = next(r for r in rows if r["id"] == SEED_ID)
    assert (seed["title"], seed["subtitle"], json.loads(seed["authors"])) == (
        SEED_TITLE, "打赢疫情防控攻坚战我市党员干部冲在前", ["王凌云"])
    assert "36 articles exported (csv)" in result.stderr


def test_export_jsonl_takes_the_search_filters(env):
    result = run(env, "export", "疫情", "--paper", "xinyang", "--to", "2020-01-27", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = json_lines(result.stdout)
    searched = json_lines(run(env, "search", "疫情", "--to", "2020-01-27", "--json", "--limit", "100").stdout)
    assert sorted(r["id"] for r in records) == sorted(h["id"] for h in searched) and len(records) == 19
    assert all(list(r) == EXPORT_COLUMNS for r in records)
    limited = json_lines(run(env, "export", "--limit", "3").stdout)
    assert [r["id"] for r in limited] == ["xinyang:2020-01-27:content_95302", "xinyang:2020-01-27:content_95305",
                                          "xinyang:2020-01-27:content_95308"]


# ----- safe input --------------------------------------------------------------------------------
@pytest.mark.parametrize("args, code, message", [
    (["search", "疫情", "--paper", '{"$ne": null}'], 2, "unknown paper"),
    (["export", "--paper", '{"$gt": ""}'], 2, "unknown paper"),
    (["editions", "--paper", "xinyng"], 2, "closest: xinyang"),
    (["search", ".*"], 2, "no words to search for"),
    (["search", "疫情", "--page", "$gt"], 2, "not a page number"),
    (["search", "疫情", "--page", '{"$ne": "01"}'], 2, "not a page number"),
    (["search", "疫情", "--from", '{"$gt": ""}'], 2, "not a date"),
    (["search", "疫情", "--from", "2020-13-01"], 2, "not a date"),
    (["search", "疫情", "--to", "20200127"], 2, "not a date"),
    (["editions", "--paper", "xinyang", "--from", "2020-01-28", "--to", "2020-01-27"], 2, "is after"),
    (["show", '{"$ne": null}'], 1, "no article"),
])
def test_bad_or_hostile_input_is_one_line_and_matches_nothing(env, args, code, message):
    result = run(env, *args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr and result.stderr.startswith("epaper: ")


@pytest.mark.parametrize("args", [
    ["search", "疫情", "--author", '{"$where": "sleep(1000)"}'],
    ["search", "疫情", "--author", '{"$ne": null}'],
    ["search", "$where"],
    ["search", "疫情", '{"$ne": null}'],
    ["export", "--author", '王凌云", "$or": [{}], "x": "'],
])
def test_operator_text_is_a_literal_that_matches_nothing(env, args):
    started = time.monotonic()
    result = run(env, *args, *(["--json"] if args[0] == "search" else []))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert time.monotonic() - started < 5


def test_filters_hold_user_text_only_as_values():
    hostile = '{"$where": "sleep(1000)"}'
    query = build_query(("疫情", hostile), None, None, "A1", hostile)
    found = query.to_filter()
    assert query.words == ("疫情", "where", "sleep", "1000")  # words go to the search index, as values
    assert found == {"$or": [{"page_no": "A01"}, {"pages": "A01"}], "authors": hostile}

    def keys(node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield key
                yield from keys(value)
        elif isinstance(node, list):
            for item in node:
                yield from keys(item)

    assert {k for k in keys(found) if k.startswith("$")} <= {"$all", "$in", "$gte", "$lt", "$or"}
    with pytest.raises(TypeError):
        ArticleQuery(papers=({"$ne": None},))  # a dict can never stand in for a value
    with pytest.raises(TypeError):
        ArticleQuery(author={"$ne": None})
    with pytest.raises(QueryError):
        ArticleQuery(start='{"$gt": ""}')
    with pytest.raises(QueryError):
        ArticleQuery(page="$gt")


def test_a_paper_is_known_by_registry_key_name_or_stored_documents():
    registry = load_registry()
    stored = {"epaper.example.cn"}.__contains__  # an ad-hoc crawl stores its paper under the host name
    assert resolve_papers("xinyang", registry, stored) == ("xinyang",)
    assert resolve_papers("信阳日报,henandaily", registry, stored) == ("xinyang", "henandaily")
    assert resolve_papers("epaper.example.cn", registry, stored) == ("epaper.example.cn",)
    with pytest.raises(QueryError, match="unknown paper 'epaper.other.cn'"):
        resolve_papers("epaper.other.cn", registry, stored)


def test_an_empty_store_says_so(mongo_uri, database):
    env = {"MONGO_URI": mongo_uri, "MONGO_DATABASE": database}
    for args in (["stats"], ["search", "疫情"], ["editions", "--paper", "xinyang"], ["export"], ["show", SEED_ID]):
        result = run(env, *args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith("epaper: the store is empty") and result.stderr.count("\n") == 1
        assert f"database {database}" in result.stderr and "epaper demo" in result.stderr


# ----- the console script, as a user runs it ---------------------------------------------------------
def test_console_script(env):
    environment = {k: v for k, v in {**os.environ, **env}.items() if v is not None}
    found = subprocess.run([str(EPAPER), "search", "疫情", "--json", "--limit", "1"], env=environment,
                           capture_output=True, text=True, timeout=60)
    assert found.returncode == 0, found.stderr
    assert json_lines(found.stdout)[0]["title"] == SEED_TITLE
    bad = subprocess.run([str(EPAPER), "search", "疫情", "--from", "2020-02-30"], env=environment,
                         capture_output=True, text=True, timeout=60)
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == "epaper: --from '2020-02-30' is not a date (use YYYY-MM-DD)\n"


# ----- demo --------------------------------------------------------------------------------------------
def test_demo_crawls_the_sample_into_the_embedded_store_twice(tmp_path, mongo_uri, database):
    """The real `make demo` path: the shared embedded server, a local site, a crawl subprocess. ~12 s.

    The server stays up for the commands that follow; the second demo joins it."""
    storage = tmp_path / "mongo"
    environment = dict(os.environ, EPAPER_EMBEDDED_PATH=str(storage), COLUMNS="200", EPAPER_HOME=str(tmp_path),
                       MONGO_URI=mongo_uri, MONGO_DATABASE=database)  # MONGO_URI must be ignored
    try:
        first = subprocess.run([str(EPAPER), "demo"], env=environment, capture_output=True, text=True, timeout=120)
        assert first.returncode == 0, first.stdout + first.stderr
        out = first.stdout
        assert f"store: embedded, data under {storage}" in out
        assert "crawl: xinyang 2020-01-27: complete — pages 8/8, articles 26 listed, 26 stored (0 already), 0 failed" in out
        assert "edition xinyang 信阳日报 2020-01-27: complete" in out
        assert "issue 10562; pages 8/8 fetched; articles 26 listed, 26 stored" in out
        pages = [line.split() for line in out.splitlines() if line.split()[:1] in (["01"], ["02"], ["08"])]
        assert pages == [["01", "要闻", "4"], ["02", "综合要闻", "3"], ["08", "专版", "3"]]
        assert "articles stored: 26" in out
        seed = dict(re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in out.split("seed article", 1)[1].splitlines()
                    if re.match(r"^\S.*\S\s{2,}\S", line))
        assert seed["id"] == SEED_ID and seed["title"] == SEED_TITLE and seed["lead_title"] == "—"
        assert seed["subtitle"] == "打赢疫情防控攻坚战我市党员干部冲在前"
        assert (seed["byline"], seed["authors"], seed["page"]) == ("□本报记者 王凌云", "王凌云", "02 综合要闻")
        assert (seed["paragraphs"], seed["images"]) == ("10", "none")
        assert seed["first paragraph"].startswith("“走,我们再去社区看看!”疫情关乎群众")
        assert "epaper page xinyang 2020-01-27 02" in out and "`epaper store stop` stops it now" in out
        assert storage.is_dir()
        handshake = json.loads(storage.with_suffix(".json").read_text())  # the store stays up for what follows

        second = subprocess.run([str(EPAPER), "demo"], env=environment, capture_output=True, text=True, timeout=120)
        assert second.returncode == 0, second.stdout + second.stderr
        assert "crawl: xinyang 2020-01-27: stored complete, skipped" in second.stdout
        assert "issue 10562; pages 8/8 fetched; articles 26 listed, 26 stored" in second.stdout
        assert "articles stored: 26" in second.stdout and SEED_ID in second.stdout
        assert json.loads(storage.with_suffix(".json").read_text())["pid"] == handshake["pid"]  # joined, not restarted
        embedded_only = {k: v for k, v in environment.items() if k != "MONGO_URI"}
        found = subprocess.run([str(EPAPER), "search", "疫情", "--json", "--limit", "1"], env=embedded_only,
                               capture_output=True, text=True, timeout=60)
        assert json_lines(found.stdout)[0]["id"] == SEED_ID, found.stderr  # the demo's store, joined
    finally:
        subprocess.run([str(EPAPER), "store", "stop"], env=environment, capture_output=True, timeout=60)
    assert not storage.with_suffix(".json").exists()
    client = pymongo.MongoClient(mongo_uri)
    assert client[database].list_collection_names() == []  # nothing went to MONGO_URI
    client.close()


def test_demo_without_the_sample_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(demo_module, "SAMPLE_SITE", tmp_path / "ribao.xyxww.com.cn")
    result = CliRunner().invoke(cli, ["demo"], env={"EPAPER_EMBEDDED_PATH": str(tmp_path / "mongo")})
    assert result.exit_code == 2
    assert result.stderr.startswith("epaper: the bundled sample edition is not at ") and result.stderr.count("\n") == 1
    assert not (tmp_path / "mongo").exists()  # it said so before starting anything
