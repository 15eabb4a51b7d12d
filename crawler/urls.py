"""URL rules: canonical form, article ids, dates in e-paper URLs. Pure functions over strings."""

from __future__ import annotations

import posixpath
import re
from datetime import date
from functools import lru_cache
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string, url_query_cleaner

# Query parameters that only select a view of the same document (Founder ?div=-1, cache ?v=1).
VIEW_PARAMS = ("div", "v")


_SCHEMES = ("http", "https", "file")
_HOST = re.compile(r"^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.?$|^[0-9a-f]*:[0-9a-f:.]+$")
# An http(s) URL already in its one spelling: lowercase scheme and host, no port, query or
# fragment, a path of characters canonicalization leaves alone and no dot segment (no "/.").
# Most links of an e-paper are such; w3lib's three passes cost ~5x more.
_PLAIN = re.compile(r"(?!.*/\.)https?://([a-z0-9.-]+)(/[A-Za-z0-9._~/-]*)?")
# Characters no real link carries: markup and template junk ("[if !IE]", "<%=url%>", "{{…}}").
_JUNK = re.compile(r"[<>{}\\^`\x00-\x1f]|^\[")


@lru_cache(maxsize=16384)
def canonical_url(url: str) -> str:
    """The one spelling of a URL: view parameters and fragment dropped, query sorted.

    "" for anything that is not a usable http(s) or file URL (bad host or port, another
    scheme, markup junk): callers skip "". Never raises. Cached: an edition's page list and
    chrome links recur on every one of its pages.
    """
    if not isinstance(url, str):
        return ""
    plain = _PLAIN.fullmatch(url)
    if plain is not None:
        if not _HOST.match(plain.group(1)):
            return ""
        return url if plain.group(2) else url + "/"
    return _canonical_by_w3lib(url)


def _canonical_by_w3lib(url: str) -> str:
    """:func:`canonical_url` the long way, for every URL: what its shortcut must agree with."""
    try:
        url = safe_url_string((url or "").strip())
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _SCHEMES:
            return ""
        if scheme != "file" and not (parts.hostname and _HOST.match(parts.hostname)):
            return ""
        parts.port  # noqa: B018 (raises ValueError for a port that is no number or out of range)
        url = url_query_cleaner(url, VIEW_PARAMS, remove=True, keep_fragments=False)
        return canonicalize_url(url, keep_fragments=False)
    except Exception:  # w3lib and urllib raise several kinds on malformed input; all mean "unusable"
        return ""


def resolve(base: str, href: str) -> str:
    """Absolute canonical URL of ``href`` on the page ``base``; "" when ``href`` is empty or
    unusable (``javascript:``, ``mailto:``, ``data:``, ``http://[``, a bad port, markup junk).

    A link to the page's own host with the other of http/https takes the page's scheme, so
    the two spellings collapse into one. Never raises.
    """
    href = (href or "").strip().strip("'\"").strip()
    if not href or _JUNK.search(href):
        return ""
    try:
        url = canonical_url(urljoin(base, href))
        if not url:
            return ""
        b, u = urlsplit(base), urlsplit(url)
        if u.netloc.lower() == b.netloc.lower() and {u.scheme, b.scheme} == {"http", "https"}:
            url = urlunsplit((b.scheme, *u[1:]))
        return url
    except Exception:  # urljoin raises on some malformed bases
        return ""


def _split(url: str) -> SplitResult:
    """``urlsplit`` that never raises (an unusable URL has no parts)."""
    try:
        return urlsplit(url or "")
    except ValueError:
        return SplitResult("", "", "", "", "")


def article_id(url: str) -> str:
    """The file name of the URL without extension: content_114673, Articel01002MT, c123456."""
    name = posixpath.basename(_split(url).path)
    return posixpath.splitext(name)[0] or name


_DATE_PATTERNS = [
    re.compile(r"(?<!\d)(\d{4})-(\d{1,2})/(\d{1,2})(?=/)"),  # html/2020-01/27/
    re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"),  # 2017-10-09
    re.compile(r"(?<!\d)(\d{4})(\d{2})/(\d{2})(?=/)"),  # pc/layout/202501/15/
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?=[/_])"),  # 20221203/html/, renmrb_20171016_
    re.compile(r"(?<!\d)(\d{4})/(\d{2})/(\d{2})(?=/)"),  # html/2022/07/04/ (孝感 uniflows)
]


def date_from_url(url: str) -> date | None:
    """The edition date an e-paper URL carries in its path, if any."""
    path = _split(url).path
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(path):
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def host(url: str) -> str:
    return _split(url).netloc.lower()


_ROOT_SEGMENT = re.compile(r"^(?:html2?|pc|content|\d{4}-\d{2}|\d{6}|\d{8})$", re.I)


def site_key(url: str) -> str:
    """A paper key for a paper nobody registered: its host and the folder its editions sit in.

    One host often carries several papers (newpaper.dahe.cn/hnrb, /dhb, /hnsb …), so the host
    alone would let their pages overwrite each other. For a saved copy (file://) the folder the
    copy sits in stands for the host.
    """
    parts = _split(url)
    segments = [s for s in parts.path.split("/")[:-1] if s]
    cut = next((i for i, s in enumerate(segments) if _ROOT_SEGMENT.match(s)), len(segments))
    before = segments[:cut]
    if parts.scheme == "file" or not parts.netloc:
        return before[-1] if before else "local"
    return "/".join([parts.netloc.lower(), *before])


class Mirror:
    """Fetch a site's URLs from a copy of it (a local server or a folder) while naming them by
    their real address.

    ``Mirror("http://127.0.0.1:8000/", origin="https://ribao.xyxww.com.cn/")`` serves one site
    from a server root (``-a base_url=``); ``Mirror("http://127.0.0.1:8000/{host}/")`` serves any
    site from a folder per host (the ``EPAPER_MIRROR`` setting). ``file://`` bases work alike.
    """

    def __init__(self, base: str, origin: str = ""):
        self.base = base if base.endswith("/") else base + "/"
        self.origin = host(origin) if origin else ""

    def _base_for(self, netloc: str) -> str | None:
        if self.origin:
            return self.base if netloc.lower() == self.origin else None
        return self.base.replace("{host}", netloc.lower())

    def fetch_url(self, url: str) -> str:
        """Where to fetch the page whose real address is ``url``."""
        parts = _split(url)
        base = self._base_for(parts.netloc) if parts.scheme in ("http", "https") else None
        if base is None:
            return url
        rest = parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "")
        return base + rest

    def real_url(self, fetched: str, scheme: str = "http") -> str:
        """The real address of a URL fetched from the mirror (inverse of :meth:`fetch_url`)."""
        if self.origin:
            if fetched.startswith(self.base):
                return f"{scheme}://{self.origin}/{fetched[len(self.base):]}"
            return fetched
        head, _, tail = self.base.partition("{host}")
        if fetched.startswith(head):
            netloc, _, rest = fetched[len(head):].partition("/")
            if self.base.endswith(tail) and netloc:
                return f"{scheme}://{netloc}/{rest}"
        return fetched
