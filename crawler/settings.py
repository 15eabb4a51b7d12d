"""Scrapy settings for epaper. Every setting below (but EPAPER_REPLAY) comes from the environment or ``-s NAME=value``
(``-s`` wins); the README's settings table lists them, and a test sets each both ways.

MONGO_URI            MongoDB server; unset = the shared embedded server (EPAPER_HOME)
MONGO_DATABASE       database name (default "epaper")
EPAPER_HOME          where epaper keeps its data: the embedded store, the search index (default: the
                     checkout's data/ for a source checkout, else the per-user data folder)
EPAPER_EMBEDDED_PATH data folder of the embedded server (default: EPAPER_HOME/mongo)
EPAPER_STORE_IDLE    seconds the shared embedded server stays up unused (default 600; 0 = until stopped)
EPAPER_STORE         write to the store (default on; 0 = feeds only, e.g. with -O)
EPAPER_INCREMENTAL   skip editions stored complete and articles already stored (default on)
EPAPER_PAPERS        registry file (default: the packaged crawler/papers.toml)
EPAPER_MIRROR        fetch every site from a copy: "http://127.0.0.1:8000/{host}/" or file:///…/{host}/
EPAPER_TODAY         the date "today" means (YYYY-MM-DD), for reproducible catch-up windows
EPAPER_BATCH_SIZE    documents per bulk write (default 100)
EPAPER_SIMHASH_DISTANCE  near-duplicate threshold in bits (default 3)
EPAPER_STATS_FILE    write the final crawl stats there as JSON (for cron jobs and monitoring)
EPAPER_STORE_RETRY_SECONDS  how long writes are retried while the store is unreachable before the
                     crawl stops with exit status 3 (default 60)
EPAPER_STORE_TIMEOUT seconds one store operation waits for an unreachable server (default 3)
EPAPER_STORE_LINGER  seconds a queued write waits for its batch to fill (default 0.25)
EPAPER_STORE_MAX_PENDING  items queued for the store before the crawl waits for it (default 200)
EPAPER_PARSE_WORKERS processes that read documents (extraction, cleaning, fingerprints) while the
                     crawl's own thread fetches (default: cores - 1, at most 4; 0 = in the crawl's thread)
EPAPER_ARCHIVE       WARC archive folder (default: archive/ beside EPAPER_EMBEDDED_PATH; empty = off)
EPAPER_MEDIA         download media into the archive: any of pdf,page_image,images (default none)
EPAPER_REPLAY        answer every request from the archive, no network (set by `epaper reparse`)
EPAPER_COVERAGE_BODY_CHARS  an article "has a body" from this many characters (default 50)
EPAPER_DRIFT_BASELINE       editions in a paper's baseline (default 14; median of each figure)
EPAPER_DRIFT_MIN_BASELINE   fewer stored editions than this: no drift check (default 3)
EPAPER_DRIFT_DROP           a share figure drifts when it falls this much below its baseline (0.2)
EPAPER_DRIFT_RATIO          articles per page drift below this fraction of the baseline (0.5)
DOWNLOAD_DELAY, AUTOTHROTTLE_ENABLED, CONCURRENT_REQUESTS_PER_DOMAIN, ROBOTSTXT_OBEY, LOG_LEVEL
                     Scrapy's own, with polite defaults
SCRAPER_SLOT_MAX_ACTIVE_SIZE  Scrapy's own: body bytes of responses in flight (default 500000, not 5 MB)
"""

import os
import sys

_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _env(name: str, default):
    """The environment's value of setting ``name``, as the type of ``default``; ``default`` when unset.

    A value of the wrong type ends the process with one line naming it (exit status 2).
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if isinstance(default, bool):
        if raw.lower() in _TRUE + _FALSE:
            return raw.lower() in _TRUE
        kind = "yes/no value (1 or 0)"
    else:
        try:
            return type(default)(raw)
        except ValueError:
            kind = {int: "whole number", float: "number"}.get(type(default), type(default).__name__)
    sys.stderr.write(f"epaper: environment variable {name}={raw!r} is not a {kind}\n")
    raise SystemExit(2)


BOT_NAME = "epaper"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# Several papers answer 403/404 to non-browser agents (北京日报, 解放军报).
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)
ROBOTSTXT_OBEY = _env("ROBOTSTXT_OBEY", True)
CONCURRENT_REQUESTS = 16
# Scrapy starts this many tasks for the output of every response (default 100); a callback here
# yields a few items and at most an edition's article requests, which are scheduled at once.
CONCURRENT_ITEMS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = _env("CONCURRENT_REQUESTS_PER_DOMAIN", 4)
DOWNLOAD_DELAY = _env("DOWNLOAD_DELAY", 1.0)
AUTOTHROTTLE_ENABLED = _env("AUTOTHROTTLE_ENABLED", True)
AUTOTHROTTLE_START_DELAY = DOWNLOAD_DELAY
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 60
TELNETCONSOLE_ENABLED = False
# Scrapy's remote control (an HTTP endpoint on localhost that runs Python sent to it) is no part
# of a cron crawl either.
REMOTE_CONTROL_ENABLED = False
# Scrapy inspects the source of every callback of every response for a generator's `return
# value` (a bound method is a new object each time, so its cache never hits): ~5 % of a crawl's
# main thread. The spiders' callbacks are covered by tests instead.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Responses being read, parsed and stored at once, counted by Scrapy in body bytes: new requests
# wait while more is in flight. Each one waiting for a parse worker or the store holds several
# times its body (decoded text, the parse result, the item), and memory freed after such a
# backlog stays with the process; with Scrapy's 5 MB some 1,200 small article pages waited at
# once when the store fell behind, +100 MiB over a 20,000-article crawl, for no speed.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = _env("SCRAPER_SLOT_MAX_ACTIVE_SIZE", 500_000)
FEED_EXPORT_ENCODING = "utf-8"
# CSV feeds with every field of every kind, nested fields as JSON (crawler/feeds.py).
FEED_EXPORTERS = {
    "csv": "crawler.feeds.CsvExporter",
    "articles": "crawler.feeds.ArticleCsvExporter",
    "pages": "crawler.feeds.PageCsvExporter",
    "editions": "crawler.feeds.EditionCsvExporter",
}
LOG_LEVEL = _env("LOG_LEVEL", "INFO")

ITEM_PIPELINES = {
    "crawler.pipelines.NormalizePipeline": 100,
    "crawler.pipelines.ValidatePipeline": 200,
    "crawler.pipelines.DedupPipeline": 300,
    "crawler.media.MediaPipeline": 350,
    "crawler.pipelines.MongoPipeline": 400,
    "crawler.health.HealthPipeline": 500,
}

# Closest to the downloader: it archives each response as it came off the wire (crawler.archive);
# the replay answers from the archive in its place during `epaper reparse` (crawler.replay).
DOWNLOADER_MIDDLEWARES = {
    "crawler.archive.ArchiveMiddleware": 950,
    "crawler.replay.ReplayMiddleware": 960,
}
SPIDER_MIDDLEWARES = {"crawler.archive.ArchiveSourceMiddleware": 800}

EXTENSIONS = {"crawler.extensions.StatsFile": 500}

MONGO_URI = _env("MONGO_URI", "")
MONGO_DATABASE = _env("MONGO_DATABASE", "epaper")
EPAPER_HOME = _env("EPAPER_HOME", "")
EPAPER_EMBEDDED_PATH = _env("EPAPER_EMBEDDED_PATH", "")
EPAPER_STORE_IDLE = _env("EPAPER_STORE_IDLE", 600.0)
EPAPER_STORE = _env("EPAPER_STORE", True)
EPAPER_INCREMENTAL = _env("EPAPER_INCREMENTAL", True)
EPAPER_PAPERS = _env("EPAPER_PAPERS", "")
EPAPER_MIRROR = _env("EPAPER_MIRROR", "")
EPAPER_TODAY = _env("EPAPER_TODAY", "")
EPAPER_BATCH_SIZE = _env("EPAPER_BATCH_SIZE", 100)
EPAPER_SIMHASH_DISTANCE = _env("EPAPER_SIMHASH_DISTANCE", 3)
EPAPER_STATS_FILE = _env("EPAPER_STATS_FILE", "")
EPAPER_STORE_RETRY_SECONDS = _env("EPAPER_STORE_RETRY_SECONDS", 60.0)
EPAPER_STORE_TIMEOUT = _env("EPAPER_STORE_TIMEOUT", 3.0)
EPAPER_STORE_LINGER = _env("EPAPER_STORE_LINGER", 0.25)
EPAPER_STORE_MAX_PENDING = _env("EPAPER_STORE_MAX_PENDING", 200)
EPAPER_PARSE_WORKERS = _env("EPAPER_PARSE_WORKERS", -1)  # -1: cores - 1, at most 4
EPAPER_ARCHIVE = os.environ.get("EPAPER_ARCHIVE")  # None: the default folder; "": off
EPAPER_MEDIA = _env("EPAPER_MEDIA", "")
EPAPER_REPLAY = False
EPAPER_COVERAGE_BODY_CHARS = _env("EPAPER_COVERAGE_BODY_CHARS", 50)
EPAPER_DRIFT_BASELINE = _env("EPAPER_DRIFT_BASELINE", 14)
EPAPER_DRIFT_MIN_BASELINE = _env("EPAPER_DRIFT_MIN_BASELINE", 3)
EPAPER_DRIFT_DROP = _env("EPAPER_DRIFT_DROP", 0.2)
EPAPER_DRIFT_RATIO = _env("EPAPER_DRIFT_RATIO", 0.5)
