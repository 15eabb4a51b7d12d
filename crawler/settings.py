"""Scrapy settings for epaper. Storage and politeness come from the environment or ``-s``.

MONGO_URI            MongoDB server; unset = the embedded server under EPAPER_EMBEDDED_PATH
MONGO_DATABASE       database name (default "epaper")
EPAPER_EMBEDDED_PATH data folder of the embedded server (default "data/mongo")
EPAPER_STORE         write to MongoDB (default on; 0 = feeds only, e.g. with -O)
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
EPAPER_STORE_MAX_PENDING  items queued for the store before the crawl waits for it (default 1000)
EPAPER_ARCHIVE       WARC archive folder (default: archive/ beside EPAPER_EMBEDDED_PATH; empty = off)
EPAPER_MEDIA         download media into the archive: any of pdf,page_image,images (default none)
EPAPER_REPLAY        answer every request from the archive, no network (set by `epaper reparse`)
EPAPER_COVERAGE_BODY_CHARS  an article "has a body" from this many characters (default 50)
EPAPER_DRIFT_BASELINE       editions in a paper's baseline (default 14; median of each figure)
EPAPER_DRIFT_MIN_BASELINE   fewer stored editions than this: no drift check (default 3)
EPAPER_DRIFT_DROP           a share figure drifts when it falls this much below its baseline (0.2)
EPAPER_DRIFT_RATIO          articles per page drift below this fraction of the baseline (0.5)
"""

import os

BOT_NAME = "epaper"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# Several papers answer 403/404 to non-browser agents (北京日报, 解放军报).
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = float(os.environ.get("EPAPER_DOWNLOAD_DELAY", "1.0"))
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = DOWNLOAD_DELAY
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 60
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("EPAPER_LOG_LEVEL", "INFO")

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

MONGO_URI = os.environ.get("MONGO_URI", "")
MONGO_DATABASE = os.environ.get("MONGO_DATABASE", "epaper")
EPAPER_EMBEDDED_PATH = os.environ.get("EPAPER_EMBEDDED_PATH", "data/mongo")
EPAPER_STORE = os.environ.get("EPAPER_STORE", "1") not in ("0", "false", "no")
EPAPER_INCREMENTAL = True
EPAPER_PAPERS = os.environ.get("EPAPER_PAPERS", "")
EPAPER_MIRROR = os.environ.get("EPAPER_MIRROR", "")
EPAPER_TODAY = os.environ.get("EPAPER_TODAY", "")
EPAPER_BATCH_SIZE = 100
EPAPER_SIMHASH_DISTANCE = 3
EPAPER_STATS_FILE = os.environ.get("EPAPER_STATS_FILE", "")
EPAPER_STORE_RETRY_SECONDS = float(os.environ.get("EPAPER_STORE_RETRY_SECONDS", "60"))
EPAPER_STORE_TIMEOUT = float(os.environ.get("EPAPER_STORE_TIMEOUT", "3"))
EPAPER_STORE_LINGER = float(os.environ.get("EPAPER_STORE_LINGER", "0.25"))
EPAPER_STORE_MAX_PENDING = int(os.environ.get("EPAPER_STORE_MAX_PENDING", "1000"))
EPAPER_ARCHIVE = os.environ.get("EPAPER_ARCHIVE")  # None: the default folder; "": off
EPAPER_MEDIA = os.environ.get("EPAPER_MEDIA", "")
EPAPER_REPLAY = False
EPAPER_COVERAGE_BODY_CHARS = 50
EPAPER_DRIFT_BASELINE = 14
EPAPER_DRIFT_MIN_BASELINE = 3
EPAPER_DRIFT_DROP = 0.2
EPAPER_DRIFT_RATIO = 0.5
