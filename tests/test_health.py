"""Coverage and drift: a paper whose skin changes is noticed, shown by `epaper health`, and repaired
by `epaper reparse` once the parser knows the new skin.

临河日报 (tests/fixtures/make_linhe.py) moves its headlines to another element on 2021-03-07. The
"fix" is tests/skin_fix_settings.py: one header selector and a new family version, the change a
developer would make in crawler/layouts, applied through SCRAPY_SETTINGS_MODULE.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SITES, CrawlRunner
from crawler.health import Thresholds, baseline, drift_flags, edition_coverage, own_titles

PAPERS = str(FIXTURES / "linhe_papers.toml")
OLD = [f"2021-03-0{d}" for d in range(1, 7)]
NEW = ["2021-03-07", "2021-03-08"]
EPAPER = Path(sys.executable).with_name("epaper")


def epaper(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(EPAPER), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


def printed_titles(day: str) -> dict[str, str]:
    """article_id → the headline as the new skin prints it (span.hd-main), read from the fixture files."""
    folder = SITES / "szb.linhe.local" / "html" / day[:7] / day[8:]
    found = {}
    for path in folder.glob("content_*.htm"):
        m = re.search(r'<span class="hd-main">([^<]+)</span>', path.read_text(encoding="utf-8"))
        found[path.stem] = m.group(1)
    return found


@pytest.fixture(scope="module")
def drifted(tmp_path_factory, _site_server, mongo_uri, module_database, module_store):
    """Six editions of the old skin crawled, then the two days after the change (a daily crawl)."""
    runner = CrawlRunner(_site_server, mongo_uri, module_database, tmp_path_factory.mktemp("drift"))
    env = {"EPAPER_PAPERS": PAPERS}
    before = runner("paper=linhe", f"start={OLD[0]}", f"end={OLD[-1]}", env=env)
    assert before.returncode == 0, before.log[-2000:]
    after = runner("paper=linhe", f"start={NEW[0]}", f"end={NEW[-1]}", env=env)
    assert after.returncode == 4, after.log[-2000:]  # stored complete, but the extraction drifted
    return runner, runner.environment(env | {"EPAPER_ARCHIVE": str(runner.archive)}), before, after


def test_the_skin_change_raises_a_drift_warning(drifted, module_store):
    runner, env, before, after = drifted
    assert not any(k.startswith("epaper/drift/") for k in before.stats)
    # The titles are still right (the page list's titles lead the parser to the new headline
    # element), but no rule of the family found them any more: that is the drift to report.
    assert after.stats["epaper/drift/selector"] == 2
    assert set(k for k in after.stats if k.startswith("epaper/drift/")) == {"epaper/drift/selector"}
    warnings = [line for line in after.log.splitlines() if "WARNING: drift:" in line]
    assert len(warnings) == 2, warnings
    assert "linhe 2021-03-07: selector 0% (baseline 100%, median of 6 editions)" in after.log
    editions = {e["date"]: e for e in module_store.editions.find({"paper": "linhe"})}
    for day in OLD:
        assert editions[day]["drift"] == [] and editions[day]["coverage"]["selector"] == 1.0
    for day in NEW:
        (flag,) = editions[day]["drift"]
        assert flag["figure"] == "selector" and flag["value"] == 0.0 and flag["baseline"] == 1.0
        cov = editions[day]["coverage"]
        assert (cov["articles"], cov["title"], cov["body"], cov["byline"], cov["pages"], cov["pdf"]) == (
            6, 1.0, 1.0, 1.0, 2, 1.0)
    for day in NEW:
        titles = {a["article_id"]: a["title"] for a in module_store.articles.find({"paper": "linhe", "date": day})}
        assert titles == printed_titles(day)
        sources = {a["title_source"] for a in module_store.articles.find({"paper": "linhe", "date": day})}
        assert sources == {"structure"}


def test_health_shows_coverage_over_time_and_every_flag(drifted):
    runner, env, _, _ = drifted
    proc = epaper("health", "--paper", "linhe", env=env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert all(len(line.rstrip()) <= 80 for line in lines)
    rows = {line.split()[0]: line.split() for line in lines if re.match(r"^\d{4}-\d{2}-\d{2} ", line)}
    assert list(rows) == OLD + NEW
    assert rows["2021-03-01"][:4] == ["2021-03-01", "complete", "6", "100"]
    assert rows["2021-03-07"][3] == "100" and rows["2021-03-07"][-1] == "rule"
    assert "drift 2021-03-08: selector 0% (baseline 100%, median of 6 editions)" in proc.stdout
    assert "8 editions, 2 with drift" in proc.stdout
    proc = epaper("health", "--paper", "linhe", "--from", "2021-03-07", "--json", env=env)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["date"] for r in rows] == NEW
    assert [f["figure"] for r in rows for f in r["drift"]] == ["selector", "selector"]


def test_reparse_with_the_old_parser_still_drifts(drifted, module_store):
    runner, env, _, _ = drifted
    proc = epaper("reparse", "--paper", "linhe", "--from", NEW[0], "--json", env=env)
    assert proc.returncode == 4
    assert f"epaper: linhe {NEW[0]} still drifts: selector" in proc.stderr
    summary = json.loads(proc.stdout.splitlines()[-1])
    assert summary["records"]["articles"]["unchanged"] == 12 and summary["changed_fields"] == {}


def test_reparse_with_the_new_selector_repairs_the_drifted_editions(drifted, module_store):
    runner, env, _, _ = drifted
    fixed = env | {"SCRAPY_SETTINGS_MODULE": "tests.skin_fix_settings"}
    proc = epaper("reparse", "--paper", "linhe", "--json", env=fixed)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout.splitlines()[-1])
    assert summary["documents"] == 8 * 8
    assert summary["records"]["articles"] == {"new": 0, "updated": 48, "unchanged": 0}
    # The two drifted days' six articles each: the header is now the family's own find.
    assert summary["changed_fields"]["title_source"] == 12 and summary["changed_fields"]["signals"] == 12
    assert "title" not in summary["changed_fields"]  # the page list had kept the titles right
    assert summary["changed_fields"]["parser"] == 48
    for day in NEW:
        titles = {a["article_id"]: a["title"] for a in module_store.articles.find({"paper": "linhe", "date": day})}
        assert titles == printed_titles(day)
    assert {a["parser"] for a in module_store.articles.find({"paper": "linhe"})} == {"founder_classic/2"}
    for edition in module_store.editions.find({"paper": "linhe"}):
        assert edition["drift"] == [] and edition["coverage"]["selector"] == 1.0, edition["date"]
    health = epaper("health", "--paper", "linhe", env=env)
    assert "8 editions, 0 with drift" in health.stdout


# ----- the figures themselves ----------------------------------------------------------------------
def _article(title: str, chars: int = 300, byline: str = "本报记者 张三", images: int = 0, page: str = "01") -> dict:
    return {"title": title, "char_count": chars, "byline": byline, "images": [{"url": "x"}] * images,
            "pages": [page], "page_no": page, "url": f"http://h/{title}.htm"}


def _page(no: str, mapped: int = 3) -> dict:
    return {"page_no": no, "article_urls": ["a"], "hotspots": [{"article_url": f"http://h/{no}/{i}"} for i in range(mapped)],
            "pdf_url": "p.pdf", "image_url": "p.jpg"}


def test_a_title_shared_by_the_edition_or_equal_to_the_paper_name_is_no_title():
    articles = [_article(t) for t in ("甲", "乙", "某报数字版", "某报数字版", "某报数字版", "某报")]
    assert own_titles(articles, "某报") == [True, True, False, False, False, False]
    assert own_titles([_article("图片新闻"), _article("图片新闻"), _article("乙"), _article("丙"), _article("丁"),
                       _article("戊"), _article("己")]) == [True] * 7  # two alike of seven is no site-wide title
    assert own_titles([_article("只是页面列表") | {"title_source": "page_list"}]) == [False]


def test_coverage_counts_read_articles_not_fetch_failures():
    edition = {"paper_name": "某报", "failures": [
        {"url": "http://h/x.htm", "kind": "article", "reason": "no title"},
        {"url": "http://h/y.htm", "kind": "article", "reason": "HTTP 500"}]}
    articles = [_article("甲", images=1), _article("乙", chars=20, byline=""), _article("丙", page="02")]
    cov = edition_coverage(edition, [_page("01"), _page("02"), _page("03")], articles, body_chars=50)
    assert cov["articles"] == 4 and cov["stored"] == 3  # the HTTP 500 is the edition's partial, not the parser's
    assert (cov["title"], cov["body"], cov["byline"], cov["images"]) == (0.75, 0.5, 0.5, 0.25)
    assert cov["articles_per_page"] == 1.0 and cov["pdf"] == 1.0
    assert cov["empty_pages"] == ["03"]  # its map links three articles, none stored


def test_drift_rules():
    limits = Thresholds(min_baseline=3)
    normal = {"articles": 20, "pages": 4, "title": 1.0, "body": 0.95, "byline": 0.6, "images": 0.3,
              "page_list": 1.0, "hotspots": 1.0, "pdf": 1.0, "image": 1.0, "articles_per_page": 5.0, "empty_pages": []}
    base = baseline([normal, normal | {"title": 0.95}, normal | {"articles_per_page": 6.0}])
    assert base["title"] == 1.0 and base["articles_per_page"] == 5.0
    assert drift_flags(normal | {"title": 0.85, "images": 0.1, "articles_per_page": 3.0}, base, 3, limits) == []
    flags = drift_flags(normal | {"title": 0.79, "images": 0.0, "articles_per_page": 2.4, "empty_pages": ["05"]},
                        base, 3, limits)
    assert [f["figure"] for f in flags] == ["empty_page", "title", "images", "articles_per_page"]
    assert flags[1]["reason"] == "title 79% (baseline 100%, median of 3 editions)"
    # too few editions for a baseline: only the page that lost its articles is flagged
    assert [f["figure"] for f in drift_flags(normal | {"title": 0.0, "empty_pages": ["02"]}, base, 2, limits)] == \
        ["empty_page"]
    # an edition of two articles is too small to judge its shares
    assert drift_flags(normal | {"articles": 2, "title": 0.5}, base, 3, limits) == []
