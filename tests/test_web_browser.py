"""The reader in a real browser: Debian's headless chromium, driven by playwright, against the app
serving 信阳日报 2020-01-26 … 2020-01-28 crawled into a real store.

A reader's path through it: the papers, the calendar, 2020-01-27, page 02, the hotspot of
先锋旗帜在一线飘扬 drawn over the page, the article with its byline; then a search for 疫情 with
the seed article first and the word highlighted. The same page works with JavaScript off. Every
request to anything but the app is aborted (the page images' original hosts are not reachable
here), and no Content-Security-Policy violation may occur. Screenshots are kept in the pytest
temporary folder (``screenshots`` under the run's basetemp; the path is printed).

Skipped, saying why, only when chromium is not installed (CI installs it: .ci/run).
"""

from __future__ import annotations

import re
import shutil

import pytest

from web_support import live_reader

CHROMIUM = shutil.which("chromium") or ""
pytestmark = pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed "
                                "(apt-get install chromium; .ci/run installs it)")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SEED_ID = "xinyang:2020-01-27:content_95316"
SEED_TITLE = "先锋旗帜在一线飘扬"


@pytest.fixture(scope="module")
def base(module_crawl, module_database, mongo_uri):
    assert module_crawl("paper=xinyang", "start=2020-01-26", "end=2020-01-28").returncode == 0
    with live_reader(mongo_uri, module_database) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        found = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield found
        found.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("screenshots", numbered=False)
    print(f"\nscreenshots: {folder}")
    return folder


def open_page(browser, base: str, problems: list[str], javascript: bool = True):
    """A page of a fresh context that reaches only the app and records CSP violations and script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript,
                                  locale="zh-CN")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base + "/")
                  else route.abort())
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    return page


def test_calendar_to_page_to_article_by_its_hotspot(browser, base, shots):
    problems: list[str] = []
    page = open_page(browser, base, problems)
    page.goto(base + "/")
    page.get_by_role("link", name="信阳日报").click()
    page.wait_for_url(base + "/xinyang")
    assert page.locator("table.month caption").all_inner_texts() == ["January 2020"]
    assert page.locator("td.day.no_issue").inner_text() == "26"
    assert page.locator("td.day.complete").all_inner_texts() == ["27", "28"]
    page.screenshot(path=shots / "calendar.png", full_page=True)

    page.locator("table.month a", has_text=re.compile(r"^27$")).click()
    page.wait_for_url(base + "/xinyang/2020-01-27")
    assert page.locator("ol.pages a.name").count() == 8
    page.screenshot(path=shots / "edition.png", full_page=True)

    page.get_by_role("link", name="第02版 综合要闻").click()
    page.wait_for_url(base + "/xinyang/2020-01-27/02")
    spot = page.locator(f'svg.hotspots a[aria-label="{SEED_TITLE}"]')
    box = spot.bounding_box()
    sheet = page.locator("figure.sheet").bounding_box()
    # the region is where the page prints it: the top of the page, across its width (5…334 of 339, 38…193 of 508)
    assert abs((box["x"] - sheet["x"]) / sheet["width"] - 5 / 339) < 0.02
    assert abs(box["width"] / sheet["width"] - 329 / 339) < 0.02
    assert abs((box["y"] - sheet["y"]) / sheet["height"] - 38 / 508) < 0.02
    # the image cannot be loaded here, so the script labels the regions
    assert "no-scan" in page.locator("figure.sheet").get_attribute("class")
    assert page.locator("svg.hotspots text.label").first.is_visible()
    page.screenshot(path=shots / "page.png", full_page=True)

    spot.click()
    page.wait_for_url(base + f"/article/{SEED_ID}")
    assert page.locator("h1").inner_text() == SEED_TITLE
    assert page.locator("p.byline").inner_text() == "□本报记者 王凌云"
    assert page.locator("p.subtitle").inner_text() == "打赢疫情防控攻坚战我市党员干部冲在前"
    page.screenshot(path=shots / "article.png", full_page=True)
    page.locator("a.page-link").click()
    page.wait_for_url(base + "/xinyang/2020-01-27/02")
    assert problems == []
    page.context.close()


def test_search_shows_the_seed_article_first_with_the_word_highlighted(browser, base, shots):
    problems: list[str] = []
    page = open_page(browser, base, problems)
    page.goto(base + "/xinyang/2020-01-27")
    page.get_by_role("searchbox", name="Search words").fill("疫情")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(base) + r"/search\?q=%E7%96%AB%E6%83%85$"))
    first = page.locator("ol.results > li").first
    assert first.locator("a.title").inner_text() == SEED_TITLE
    assert set(first.locator("mark").all_inner_texts()) == {"疫情"} and first.locator("mark").count() >= 2
    assert page.locator("p.count").inner_text().startswith("1–20 of 24 articles for 疫情.")
    page.screenshot(path=shots / "search.png", full_page=True)
    first.locator("a.title").click()
    page.wait_for_url(base + f"/article/{SEED_ID}")
    assert problems == []
    page.context.close()


def test_the_page_view_works_without_javascript(browser, base, shots):
    problems: list[str] = []
    page = open_page(browser, base, problems, javascript=False)
    page.goto(base + "/xinyang/2020-01-27/02")
    assert page.locator("section.articles li a").count() == 3
    assert page.locator("svg.hotspots a.spot").count() == 3
    page.screenshot(path=shots / "page-no-js.png", full_page=True)
    page.locator("section.articles li a").first.click()
    page.wait_for_url(base + f"/article/{SEED_ID}")
    assert page.locator("p.byline").inner_text() == "□本报记者 王凌云"
    page.goto(base + "/search?q=%E7%96%AB%E6%83%85&page=2")
    assert page.locator("ol.results a.title").first.inner_text() == SEED_TITLE
    assert problems == []
    page.context.close()
