"""Checks on a fetched document before anything read from it is trusted.

* :func:`truncation` — the document ends before its structure does (a server that sends half a
  page with a Content-Length that matches the half): no ``</body>``/``</html>`` although it opened
  them, or one of Founder's paired markers (enpcontent, founder-content, enpproperty) left open.
* :func:`server_error` — an empty answer, or a server's error page ("503 Service Temporarily
  Unavailable", "服务器繁忙，请稍后再试") sent with status 200: not a page saying there is no issue.
* :func:`misdated` — an article whose own metadata (Founder's ``founder-date``) names another day
  than the dated folder of its address: another day's article served at this one's address.
* :func:`garbled` — decoded text that cannot be right: replacement characters (bytes that did not
  decode) or mojibake, i.e. UTF-8 read as GBK ("鎴戝競涓惧姙…" for "我市举办…"), which shows as
  a high share of rare characters. In real news text about 97–100 % of the Chinese characters are
  among GB2312's 3,755 common ones (level 1); in UTF-8 read as GBK only about 13 % are.

Pure functions over bytes and strings; the spider turns a finding into a recorded failure.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .layouts.markup import enpproperty
from .urls import date_from_url

_OPENED = re.compile(rb"<(?:html|body)[\s>]", re.I)
_CLOSED = re.compile(rb"</(?:html|body)\s*>", re.I)
_PAIRS = (
    ("enpcontent", re.compile(rb"<!--\s*enpcontent\s*-->", re.I), re.compile(rb"<!--\s*/enpcontent\s*-->", re.I)),
    ("founder-content", re.compile(rb"<founder-content[\s>]", re.I), re.compile(rb"</founder-content\s*>", re.I)),
    ("enpproperty", re.compile(rb"<!--\s*enpproperty", re.I), re.compile(rb"/enpproperty\s*-->", re.I)),
)


# A server's words, not a paper's: "本期报纸尚未出版，请稍后访问" and "第503期" are a paper's notice.
_SERVER_ERROR = re.compile(
    r"\b(?:50[0-9]|429)\s+(?:[a-z]|错误)|service\s+(?:temporarily\s+)?unavailable|bad\s+gateway|gateway\s+time-?out|"
    r"internal\s+server\s+error|too\s+many\s+requests|服务器(?:繁忙|错误|内部错误)|系统繁忙|访问(?:过于|太)频繁",
    re.I)
_TAG = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]*>", re.I | re.S)


def server_error(text: str) -> str:
    """Why a decoded answer is no document at all ("" when it may be one): it is empty, or it is
    a short page whose words are a server error's. A long page that mentions 503 is a page."""
    words = " ".join(_TAG.sub(" ", text).split())
    if not words:
        return "an empty page"
    if len(words) <= 400 and _SERVER_ERROR.search(words):
        return f"a server error page: {words[:80]}"
    return ""


_STATED_DATE = re.compile(r"^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})")
_UTC_TIME = re.compile(r"T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]00:?00)$")


def misdated(html: str, url: str) -> str:
    """Why a document is another day's ("" when its metadata names no date, its address has no
    dated folder, or the two agree). In every recorded article that has both they agree."""
    text = enpproperty(html).get("date", "").strip()
    m = _STATED_DATE.match(text)
    folder = date_from_url(url)
    if not m or folder is None:
        return ""
    try:
        stated = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return ""
    # A time in UTC ("2021-02-28T16:00:00Z") is the next day in China; a placeholder year says nothing.
    if stated == folder or (_UTC_TIME.search(text) and stated + timedelta(days=1) == folder) or stated.year < 1990:
        return ""
    return f"the document is dated {stated.isoformat()}, its address {folder.isoformat()}: another day's document"


def truncation(body: bytes) -> str:
    """Why ``body`` looks cut short ("" when it does not)."""
    if _OPENED.search(body) and not _CLOSED.search(body):
        return "truncated: the document opens <html>/<body> but never closes them"
    for name, opened, closed in _PAIRS:
        if len(opened.findall(body)) > len(closed.findall(body)):
            return f"truncated: {name} is opened but not closed"
    return ""


def _common_characters() -> frozenset[str]:
    """GB2312 level 1: the 3,755 most common Chinese characters (rows 0xB0–0xD7)."""
    found = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                found.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(found)


COMMON = _common_characters()
_HAN = re.compile(r"[\u4e00-\u9fff]")
# With at least this many Chinese characters, more than this share outside the common ones is mojibake.
MIN_HAN = 20
RARE_SHARE = 0.3


def garbled(*texts: str) -> str:
    """Why the texts cannot be the right decoding ("" when they look right)."""
    joined = "".join(t for t in texts if t)
    bad = joined.count("\ufffd")
    if bad:
        return f"encoding: {bad} undecodable byte(s) in the text"
    han = _HAN.findall(joined)
    if len(han) >= MIN_HAN:
        rare = sum(1 for ch in han if ch not in COMMON) / len(han)
        if rare > RARE_SHARE:
            return f"encoding: the text looks mis-decoded ({rare:.0%} rare characters)"
    return ""
