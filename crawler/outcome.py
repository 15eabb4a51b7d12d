"""What a crawl's exit status says, so that a cron job can act on it.

====  =====================================================================================
code  meaning
====  =====================================================================================
0     every edition asked for is recorded ``complete`` or ``no_issue`` (or was already complete)
1     the work is not done: an edition is ``partial`` or ``failed``, was never recorded (no
      latest issue found, no URL template for the date, an unreachable edition URL), or the
      crawl was stopped early (Ctrl-C, a JOBDIR pause); a rerun fetches what is missing
2     bad arguments (one line on stderr, nothing started)
3     the store failed: unreachable, refused the credentials, or stayed down longer than
      ``EPAPER_STORE_RETRY_SECONDS``; nothing it did not acknowledge is recorded
4     everything is stored, but an edition's extraction drifted from its paper's baseline
      (``epaper health`` shows which); the parser needs a look
====  =====================================================================================

Computed from the crawl's stats alone, so ``scrapy crawl`` and the stats file
(``EPAPER_STATS_FILE``, key ``epaper/exit_code``) always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OK, INCOMPLETE, USAGE, STORE_FAILED, DRIFT = 0, 1, 2, 3, 4


def exit_code(stats: Mapping[str, Any], finish_reason: str | None = None) -> int:
    """The exit status a crawl with these final stats ends with."""
    reason = finish_reason or stats.get("finish_reason", "")
    if stats.get("epaper/argument_error") or reason == "bad_arguments":
        return USAGE
    if stats.get("epaper/store/unavailable") or reason == "store_unavailable":
        return STORE_FAILED
    done = sum(stats.get(f"epaper/editions/{status}", 0) for status in ("skipped", "complete", "no_issue"))
    unfinished = sum(stats.get(f"epaper/editions/{status}", 0) for status in ("partial", "failed"))
    if unfinished or done < stats.get("epaper/editions/asked", 0) or reason not in ("finished", ""):
        return INCOMPLETE
    if any(key.startswith("epaper/drift/") and value for key, value in stats.items()):
        return DRIFT
    return OK
