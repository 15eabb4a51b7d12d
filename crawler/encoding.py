"""Decoding of fetched pages, one document at a time.

Order: a byte-order mark, the paper's override, the HTTP header charset, the page's ``<meta>``
charset, then UTF-8, then GB18030. A declared charset is only believed when the bytes decode
under it. Two site bugs are handled without guessing from byte frequencies (which misreads
sparse pages):

* a GB-family declaration over bytes that are UTF-8 (the meta says gb2312, the file is UTF-8)
  loses to UTF-8;
* a UTF-8 page with a few invalid bytes (a stray byte, a cut multi-byte character) stays UTF-8,
  with U+FFFD for the bad bytes, instead of being read whole as GB18030 and garbled.

Whether the result can be trusted is :func:`crawler.checks.garbled`'s question: replacement
characters or mojibake in the extracted text make the document a recorded failure.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz"}
# At most this share of the non-ASCII characters may be undecodable for bytes to count as UTF-8.
_MOSTLY = 0.01


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    resolved = resolve_encoding(name)  # w3lib maps gb2312/gbk to gb18030, latin-1 to cp1252
    try:
        return codecs.lookup(resolved).name if resolved else None
    except LookupError:
        return None


def _as_utf8(body: bytes) -> str | None:
    """The bytes as UTF-8 when they are UTF-8 with at most a few bad bytes, else None."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = body.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return text if good > 0 and bad <= max(2, _MOSTLY * good) else None


def decode_html(body: bytes, content_type: str | None = None, override: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used) for a fetched HTML document."""
    bom, mark = read_bom(body)
    if bom:
        return body[len(mark):].decode(bom, "replace"), _codec(bom) or bom
    declared = [
        _codec(override),
        _codec(http_content_type_encoding(content_type or "")),
        _codec(html_body_declared_encoding(body[:4096])),
    ]
    utf8: str | None | bool = False  # computed once, when first needed
    for name in declared:
        if not name:
            continue
        if name == "utf-8" or name in _GB_FAMILY:
            utf8 = _as_utf8(body) if utf8 is False else utf8
            if utf8 is not None and (name == "utf-8" or not utf8.isascii()):
                return utf8, "utf-8"
        try:
            return body.decode(name), name
        except UnicodeDecodeError:
            continue
    utf8 = _as_utf8(body) if utf8 is False else utf8
    if utf8 is not None:
        return utf8, "utf-8"
    try:
        return body.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return body.decode("gb18030", "replace"), "gb18030"
