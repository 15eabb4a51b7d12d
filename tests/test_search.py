"""Search through the derived full-text index (crawler/store/fulltext.py) against a real crawl.

The ranking the index computes is checked against the same ranking computed in Python from the
stored documents; the index is checked to follow the store (pipeline, catch-up, deleted and
changed articles) and to give the same answers wherever and however it was built.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pymongo
import pytest
from click.testing import CliRunner

from conftest import CrawlRunner
from crawler.cli import cli
from crawler.query import ArticleQuery
from crawler.store import Store
from crawler.store.fulltext import FullText, MARGIN
from crawler.tokens import query_tokens, word_list

SEED_ID = "xinyang:2020-01-27:content_95316"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def crawled(_site_server, mongo_uri, tmp_path_factory, home):
    """信阳日报 27 crawled, searched once (so an index exists), then 28 crawled: the pipeline adds 28."""
    database = f"t_search_{uuid.uuid4().hex[:10]}"
    crawl = CrawlRunner(_site_server, mongo_uri, database, tmp_path_factory.mktemp("crawl"))
    env = {"MONGO_URI": mongo_uri, "MONGO_DATABASE": database, "COLUMNS": "200", "EPAPER_HOME": str(home)}
    assert crawl("paper=xinyang", "date=2020-01-27", env={"EPAPER_HOME": str(home)}).returncode == 0
    first = run(env, "search", "疫情", "--json")
    assert first.exit_code == 0, first.stderr
    second = crawl("paper=xinyang", "date=2020-01-28", env={"EPAPER_HOME": str(home)})
    assert second.returncode == 0
    yield {"env": env, "database": database, "second": second}  # not dropped: see conftest


@pytest.fixture
def db(crawled, mongo_uri):
    client = pymongo.MongoClient(mongo_uri)
    yield client[crawled["database"]]
    client.close()


def run(env: dict, *args: str):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def reference(db, words: tuple[str, ...], match: dict | None = None) -> list[tuple[str, int, int]]:
    """The documented ranking computed from the stored documents, word by word in Python."""
    ranked = []
    for doc in db.articles.find(match or {}):
        head = [w for t in (doc.get("lead_title", ""), doc["title"], doc.get("subtitle", "")) for w in word_list(t)]
        body = word_list(doc.get("body", ""))
        if not all(w in head or w in body for w in words):
            continue
        ranked.append((doc["_id"], sum(1 for w in words if w in head), sum(1 for w in head + body if w in words),
                       doc["date"]))
    ranked.sort(key=lambda r: (r[1], r[2], r[3], r[0]), reverse=True)
    return [r[:3] for r in ranked]


@pytest.mark.parametrize("words, options, match", [
    (["疫情"], [], None),
    (["疫情", "防控"], [], None),
    (["疫情防控"], [], None),
    (["信阳"], [], None),
    (["社区"], [], None),
    (["疫情"], ["--page", "02"], {"$or": [{"page_no": "02"}, {"pages": "02"}]}),
    (["疫情"], ["--author", "王凌云"], {"authors": "王凌云"}),
    (["疫情"], ["--from", "2020-01-28"], {"date": {"$gte": "2020-01-28"}}),
    (["超市"], ["--page", "01"], {"$or": [{"page_no": "01"}, {"pages": "01"}]}),
    (["疫情"], ["--paper", "xinyang", "--to", "2020-01-27"], {"date": "2020-01-27"}),
])
@pytest.mark.parametrize("ranked_from", [FullText.ranked_from, 1], ids=["counted", "ranked lists"])
def test_the_index_ranks_as_documented(crawled, db, words, options, match, ranked_from, monkeypatch):
    monkeypatch.setattr(FullText, "ranked_from", ranked_from)  # 1: every word searched alone gets a ranked list
    result = run(crawled["env"], "search", *words, *options, "--json", "--limit", "100")
    assert result.exit_code == 0, result.stderr
    got = [(h["id"], h["title_hits"], h["hits"]) for h in json_lines(result.stdout)]
    assert got == reference(db, tuple(query_tokens(" ".join(words))), match) and got


def test_the_seed_comes_first_and_the_json_keeps_its_fields(crawled):
    hits = json_lines(run(crawled["env"], "search", "疫情", "--json").stdout)
    assert hits[0]["id"] == SEED_ID and (hits[0]["title_hits"], hits[0]["hits"]) == (1, 41)
    assert list(hits[0]) == ["id", "paper", "paper_name", "date", "page_no", "page_name", "lead_title", "title",
                             "subtitle", "authors", "url", "title_hits", "hits", "snippet", "highlights"]


def test_the_pipeline_keeps_an_existing_index_in_step(crawled, home):
    assert crawled["second"].stats["epaper/store/articles/indexed"] == 10  # day 28, before any search
    status = json.loads(run(crawled["env"], "index", "status", "--json").stdout)
    assert (status["articles"], status["store_articles"]) == (36, 36)
    assert status["path"].startswith(str(home / "index"))


def test_a_machine_that_never_crawled_builds_the_same_index(crawled, tmp_path):
    here = json_lines(run(crawled["env"], "search", "疫情", "--json", "--limit", "100").stdout)
    elsewhere = {**crawled["env"], "EPAPER_HOME": str(tmp_path)}
    assert json_lines(run(elsewhere, "search", "疫情", "--json", "--limit", "100").stdout) == here
    rebuilt = run(elsewhere, "index", "rebuild")
    assert rebuilt.exit_code == 0 and "indexed 36 articles" in rebuilt.stderr
    assert json_lines(run(elsewhere, "search", "疫情", "--json", "--limit", "100").stdout) == here


def test_the_embedded_store_answers_as_the_other_server_does(crawled, _site_server, tmp_path):
    """The same crawl into the shared embedded server: the same answers (the index depends only on the documents)."""
    storage = tmp_path / "mongo"
    env = {k: v for k, v in os.environ.items() if k not in ("MONGO_URI", "MONGO_DATABASE")}
    env.update(EPAPER_HOME=str(tmp_path), EPAPER_EMBEDDED_PATH=str(storage), EPAPER_STORE_IDLE="30", COLUMNS="200")
    runner = CrawlRunner(_site_server, "", "epaper", tmp_path)
    try:
        for day in ("2020-01-27", "2020-01-28"):
            cmd, _, _ = runner.command("paper=xinyang", f"date={day}")
            assert subprocess.run(cmd, env=env, capture_output=True, timeout=120, cwd=Path(__file__).parent.parent
                                  ).returncode == 0
        for words in (["疫情"], ["疫情", "防控"], ["社区", "--page", "03"]):
            embedded = CliRunner().invoke(cli, ["search", *words, "--json", "--limit", "100"], env={
                "MONGO_URI": None, "MONGO_DATABASE": None, "EPAPER_HOME": str(tmp_path),
                "EPAPER_EMBEDDED_PATH": str(storage)}, catch_exceptions=False)
            assert embedded.exit_code == 0, embedded.stderr
            other = run(crawled["env"], "search", *words, "--json", "--limit", "100")
            assert json_lines(embedded.stdout) == json_lines(other.stdout)
    finally:
        subprocess.run([str(Path(sys.executable).with_name("epaper")), "store", "stop"], env=env, timeout=60,
                       capture_output=True)


@pytest.mark.parametrize("ranked_from", [FullText.ranked_from, 1], ids=["counted", "ranked lists"])
def test_deleted_and_changed_articles_never_show_stale(crawled, db, mongo_uri, home, ranked_from, monkeypatch):
    monkeypatch.setattr(FullText, "ranked_from", ranked_from)
    env = crawled["env"]
    victim = json_lines(run(env, "search", "疫情", "--json").stdout)[1]["id"]
    saved = db.articles.find_one({"_id": victim})
    try:
        db.articles.delete_one({"_id": victim})  # behind the crawler's back: no crawled_at to catch up from
        after = [h["id"] for h in json_lines(run(env, "search", "疫情", "--json", "--limit", "100").stdout)]
        assert victim not in after and len(after) == 23
        index = FullText.for_store(Store(pymongo.MongoClient(mongo_uri), crawled["database"], home=str(home)))
        assert victim not in index.revisions([victim])  # dropped from the index when it surfaced
        index.close()
        # changed in the store (as a refresh crawl would write it): the search shows the stored text
        changed = {**saved, "title": "全新标题", "body": "全新的内容，没有那个词。", "rev": "changed",
                   "crawled_at": "2999-01-01T00:00:00Z"}
        db.articles.insert_one(changed)
        assert victim not in [h["id"] for h in json_lines(run(env, "search", "疫情", "--json", "--limit", "100").stdout)]
        assert [h["id"] for h in json_lines(run(env, "search", "全新标题", "--json").stdout)] == [victim]
        assert [(h["id"], h["title_hits"], h["hits"]) for h in json_lines(
            run(env, "search", "疫情", "--json", "--limit", "100").stdout)] == reference(db, ("疫情",))
    finally:
        db.articles.replace_one({"_id": victim}, saved, upsert=True)
        run(env, "index", "rebuild")
    assert victim in [h["id"] for h in json_lines(run(env, "search", "疫情", "--json", "--limit", "100").stdout)]


def test_catching_up_looks_back_a_margin_before_the_last_look(crawled, db, mongo_uri, tmp_path):
    store = Store(pymongo.MongoClient(mongo_uri), crawled["database"], home=str(tmp_path))
    index = store.fulltext()
    index.rebuild(store)
    checked = index.status()["checked"]
    assert index.status()["articles"] == 36
    from datetime import datetime

    last = datetime.strptime(checked, "%Y-%m-%dT%H:%M:%SZ")
    late = (last - MARGIN / 2).strftime("%Y-%m-%dT%H:%M:%SZ")  # acknowledged late: crawled before the last look
    lost = (last - MARGIN * 2).strftime("%Y-%m-%dT%H:%M:%SZ")
    base = db.articles.find_one({"_id": SEED_ID})
    try:
        db.articles.insert_many([{**base, "_id": "xinyang:2020-01-27:late", "rev": "x", "crawled_at": late},
                                 {**base, "_id": "xinyang:2020-01-27:lost", "rev": "y", "crawled_at": lost}])
        assert index.catch_up(store) == 1
        assert set(index.revisions(["xinyang:2020-01-27:late", "xinyang:2020-01-27:lost"])) == {"xinyang:2020-01-27:late"}
    finally:
        db.articles.delete_many({"_id": {"$in": ["xinyang:2020-01-27:late", "xinyang:2020-01-27:lost"]}})
        store.close()


@pytest.mark.parametrize("words", [['"疫情"'], ["疫情", "OR", "社区"], ["NEAR(疫情"], ["head", ":", "疫情"],
                                   ["疫情*"], ["NOT", "疫情"], ["疫情-防控"]])
def test_the_index_query_syntax_cannot_be_typed(crawled, db, words):
    """FTS5 operators typed as a query are words like any other (the index matches hex-coded words only)."""
    result = run(crawled["env"], "search", *words, "--json", "--limit", "100")
    assert result.exit_code == 0, result.stderr
    got = [(h["id"], h["title_hits"], h["hits"]) for h in json_lines(result.stdout)]
    assert got == reference(db, tuple(query_tokens(" ".join(words))))


def test_the_stored_dictionary_cuts_as_jieba_does(tmp_path):
    """A query process reads jieba's dictionary from an SQLite copy: same words, same positions."""
    texts = [json.loads(p.read_text(encoding="utf-8")).get("body", "") or ""
             for p in sorted((Path(__file__).parent / "fixtures" / "expected").rglob("content_*.json"))]
    texts = [t for t in texts if t][:60] + ["疫情防控攻坚战", "延长春节假期", "ＣＯＶＩＤ１９疫情", "T恤"]
    script = ("import json, sys\n"
              "from crawler.store.fulltext import quick_dictionary\n"
              "quick_dictionary()\n"
              "import jieba\n"
              "from crawler.tokens import word_list, query_tokens, hit_spans\n"
              "texts = json.load(sys.stdin)\n"
              "print(json.dumps([type(jieba.dt.FREQ).__name__, [word_list(t) for t in texts],"
              " [query_tokens(t[:20]) for t in texts], [hit_spans(t, ['疫情', '防控']) for t in texts]]))\n")
    env = {**os.environ, "EPAPER_HOME": str(tmp_path)}
    outputs = []
    for _ in range(2):  # the first run writes the copy, the second reads it
        done = subprocess.run([sys.executable, "-c", script], input=json.dumps(texts), env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout))
    assert outputs[0][0] == "dict" and outputs[1][0] == "_StoredFreq"
    from crawler.tokens import hit_spans

    expected = [[word_list(t) for t in texts], [query_tokens(t[:20]) for t in texts],
                [[list(s) for s in hit_spans(t, ["疫情", "防控"])] for t in texts]]
    assert outputs[1][1:] == outputs[0][1:] == expected


@pytest.mark.parametrize("ranked_from", [FullText.ranked_from, 1], ids=["counted", "ranked lists"])
def test_pages_of_results_follow_one_another(crawled, db, mongo_uri, home, ranked_from, monkeypatch):
    """Store.search(query, limit, offset), as the reader pages through results: page after page, the whole list."""
    monkeypatch.setattr(FullText, "ranked_from", ranked_from)
    store = Store(pymongo.MongoClient(mongo_uri), crawled["database"], home=str(home))
    try:
        for words, page in ((("疫情",), 5), (("社区",), 3), (("疫情", "防控"), 4)):
            query = ArticleQuery(words=words)
            pages = [store.search(query, page, offset) for offset in range(0, 40, page)]
            flat = [(h.doc["_id"], h.title_hits, h.hits) for hits, _ in pages for h in hits]
            assert flat == reference(db, words) and {total for _, total in pages} == {len(flat)}
    finally:
        store.close()
