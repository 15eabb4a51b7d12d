"""Re-parse from the archive: a downloader middleware that answers every request from the WARCs.

With ``EPAPER_REPLAY`` on (``epaper reparse`` sets it) the real crawl runs — the same spider,
pipelines, dedup, tokens and revision guard — but no request reaches the network: each is
answered with the archived response of its real URL, from the file of its paper and edition
date (:mod:`crawler.archive`). A URL the archive lacks fails with "not in archive", so its edition
stays ``partial`` (or ``failed``) and says why, exactly as a fetch failure would. A damaged record
is skipped with a warning and counted (``epaper/replay/damaged``); the records after it still answer.

The answer is the response as the server sent it (status, headers, compressed body), so the
middlewares nearer the engine decode, follow redirects and turn error statuses into failures
as they did at crawl time.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from .archive import ARCHIVE_META, SKIP_META, ArchiveIndex, archive_name, archive_root, edition_of, target_uri

logger = logging.getLogger(__name__)


class NotInArchive(IgnoreRequest):
    """The archive has no response for this URL (its errback records the failure)."""


class ReplayMiddleware:
    """Downloader middleware (order 960, after every other request hook): the archive answers."""

    def __init__(self, index: ArchiveIndex, stats: Any):
        self.index = index
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> ReplayMiddleware:
        if not crawler.settings.getbool("EPAPER_REPLAY"):
            raise NotConfigured
        root = archive_root(crawler.settings)
        if root is None:
            raise NotConfigured("EPAPER_REPLAY needs EPAPER_ARCHIVE")
        return cls(ArchiveIndex(root), crawler.stats)

    def process_request(self, request: Any, spider: Any = None) -> Any:
        target = target_uri(request)
        if request.meta.get(SKIP_META):
            self.stats.inc_value("epaper/replay/skipped")
            raise IgnoreRequest(f"re-parse fetches nothing: {target}")
        name = archive_name(*edition_of(request, target))
        found = self.index.lookup(name, target)
        if self.index.damaged:
            self.stats.set_value("epaper/replay/damaged", self.index.damaged)
        if found is None:
            self.stats.inc_value("epaper/replay/missing")
            logger.warning("not in archive: %s (%s)", target, name)
            raise NotInArchive(f"not in archive ({name})")
        headers = Headers()
        for key, value in found.headers:
            if key.lower() == "location":
                value = found.location()
            headers.appendlist(key, value)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=found.body)
        request.meta[ARCHIVE_META] = name
        self.stats.inc_value("epaper/replay/served")
        self.stats.inc_value("epaper/replay/bytes", len(found.body))
        return cls(url=request.url, status=found.status, headers=headers, body=found.body, request=request,
                   flags=["archive"])
