"""The README's settings table is true: every setting it lists works from the environment and from ``-s``.

Each setting is given once through the environment and once through ``-s`` (Scrapy's command-line
priority), and the crawl's settings must hold the typed value the code reads; one real crawl
then shows that store, mirror, stats file and politeness come from the environment alone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from conftest import ROOT

# name → (value to set, the getter the code reads it with, the typed value it must read)
SETTINGS = {
    "MONGO_URI": ("mongodb://db.example:27017/", "get", "mongodb://db.example:27017/"),
    "MONGO_DATABASE": ("archive", "get", "archive"),
    "EPAPER_HOME": ("/srv/epaper", "get", "/srv/epaper"),
    "EPAPER_EMBEDDED_PATH": ("/srv/epaper/db", "get", "/srv/epaper/db"),
    "EPAPER_STORE_IDLE": ("30", "getfloat", 30.0),
    "EPAPER_STORE": ("0", "getbool", False),
    "EPAPER_INCREMENTAL": ("0", "getbool", False),
    "EPAPER_MIRROR": ("http://127.0.0.1:8000/{host}/", "get", "http://127.0.0.1:8000/{host}/"),
    "EPAPER_TODAY": ("2020-01-28", "get", "2020-01-28"),
    "EPAPER_STATS_FILE": ("/tmp/stats.json", "get", "/tmp/stats.json"),
    "EPAPER_PAPERS": ("/srv/papers.toml", "get", "/srv/papers.toml"),
    "EPAPER_SIMHASH_DISTANCE": ("5", "getint", 5),
    "EPAPER_PARSE_WORKERS": ("2", "getint", 2),
    "EPAPER_BATCH_SIZE": ("7", "getint", 7),
    "EPAPER_STORE_RETRY_SECONDS": ("15", "getfloat", 15.0),
    "EPAPER_STORE_TIMEOUT": ("1.5", "getfloat", 1.5),
    "EPAPER_STORE_LINGER": ("0.5", "getfloat", 0.5),
    "EPAPER_STORE_MAX_PENDING": ("50", "getint", 50),
    "SCRAPER_SLOT_MAX_ACTIVE_SIZE": ("250000", "getint", 250000),
    "EPAPER_ARCHIVE": ("/srv/warc", "get", "/srv/warc"),
    "EPAPER_MEDIA": ("pdf,images", "get", "pdf,images"),
    "EPAPER_COVERAGE_BODY_CHARS": ("80", "getint", 80),
    "EPAPER_DRIFT_BASELINE": ("7", "getint", 7),
    "EPAPER_DRIFT_MIN_BASELINE": ("2", "getint", 2),
    "EPAPER_DRIFT_DROP": ("0.3", "getfloat", 0.3),
    "EPAPER_DRIFT_RATIO": ("0.4", "getfloat", 0.4),
    "DOWNLOAD_DELAY": ("0.25", "getfloat", 0.25),
    "AUTOTHROTTLE_ENABLED": ("0", "getbool", False),
    "CONCURRENT_REQUESTS_PER_DOMAIN": ("2", "getint", 2),
    "ROBOTSTXT_OBEY": ("0", "getbool", False),
    "LOG_LEVEL": ("WARNING", "get", "WARNING"),
}

_READ = """
import json, sys
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings
getters = json.loads(sys.argv[1])
settings = get_project_settings()
settings.setdict(json.loads(sys.argv[2]), priority="cmdline")  # what `scrapy … -s NAME=value` does
print(json.dumps({name: getattr(settings, getter)(name) for name, getter in getters.items()}))
"""


def read_settings(env: dict, cmdline: dict) -> dict:
    getters = {name: getter for name, (_, getter, _) in SETTINGS.items()}
    done = subprocess.run([sys.executable, "-c", _READ, json.dumps(getters), json.dumps(cmdline)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def clean_environment() -> dict:
    return {k: v for k, v in os.environ.items() if k not in SETTINGS}


def test_every_setting_from_the_environment():
    env = clean_environment() | {name: value for name, (value, _, _) in SETTINGS.items()}
    assert read_settings(env, {}) == {name: typed for name, (_, _, typed) in SETTINGS.items()}


def test_every_setting_from_the_command_line():
    found = read_settings(clean_environment(), {name: value for name, (value, _, _) in SETTINGS.items()})
    assert found == {name: typed for name, (_, _, typed) in SETTINGS.items()}


def test_the_command_line_wins_over_the_environment():
    env = clean_environment() | {"EPAPER_BATCH_SIZE": "9", "DOWNLOAD_DELAY": "3"}
    found = read_settings(env, {"EPAPER_BATCH_SIZE": "7"})
    assert (found["EPAPER_BATCH_SIZE"], found["DOWNLOAD_DELAY"]) == (7, 3.0)


def test_a_bad_value_in_the_environment_is_named():
    env = clean_environment() | {"EPAPER_BATCH_SIZE": "many"}
    done = subprocess.run([sys.executable, "-c", "import crawler.settings"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stderr) == (2, "epaper: environment variable EPAPER_BATCH_SIZE='many' is not a whole number\n")


def test_the_readme_table_lists_exactly_these_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Settings", 1)[1].split("\n## ", 1)[0]
    documented = set()
    for row in table.splitlines():
        if row.startswith("| `"):
            documented.update(re.findall(r"`([A-Z][A-Z_]+)`", row.split("|")[1]))
    assert documented == set(SETTINGS)


def test_a_crawl_takes_its_store_mirror_stats_and_politeness_from_the_environment(site_server, mongo_uri, database,
                                                                                  tmp_path, store):
    stats = tmp_path / "stats.json"
    env = clean_environment() | {
        "MONGO_URI": mongo_uri, "MONGO_DATABASE": database, "EPAPER_MIRROR": site_server.mirror,
        "EPAPER_STATS_FILE": str(stats), "DOWNLOAD_DELAY": "0.01", "AUTOTHROTTLE_ENABLED": "0", "ROBOTSTXT_OBEY": "0",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "3",
        "EPAPER_HOME": str(tmp_path), "LOG_LEVEL": "INFO"}
    done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "epaper", "-a", "paper=xinyang", "-a", "date=2020-01-28"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(stats.read_text())["epaper/store/articles/new"] == 10
    assert store.articles.count_documents({"date": "2020-01-28"}) == 10
    assert "robots.txt" not in "".join(site_server.requests)
    overridden = done.stderr.split("Overridden settings:", 1)[1].split("}", 1)[0]  # Scrapy's log of its settings
    assert "'DOWNLOAD_DELAY': 0.01" in overridden and "'CONCURRENT_REQUESTS_PER_DOMAIN': 3" in overridden
    assert "AUTOTHROTTLE_ENABLED" not in overridden  # off, as Scrapy's default (the project's default is on)
