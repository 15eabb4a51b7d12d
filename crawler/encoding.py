"""Decoding of fetched pages.

Order: the HTTP header charset, then the page's ``<meta>`` charset, then strict UTF-8, then
GB18030. A declared charset is only believed when the bytes decode under it; a GB-family
declaration on bytes that are valid multi-byte UTF-8 is a known site bug (the meta says gb2312,
the file is UTF-8) and loses to UTF-8. No byte-frequency guessing: it misreads sparse pages.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz"}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    resolved = resolve_encoding(name)  # w3lib maps gb2312/gbk to gb18030, latin-1 to cp1252
    try:
        return codecs.lookup(resolved).name if resolved else None
    except LookupError:
        return None


def _is_multibyte_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(b >= 0x80 for b in body)


def decode_html(body: bytes, content_type: str | None = None, override: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used) for a fetched HTML document."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    declared = [
        _codec(override),
        _codec(http_content_type_encoding(content_type or "")),
        _codec(html_body_declared_encoding(body[:4096])),
    ]
    for name in declared:
        if not name:
            continue
        if name in _GB_FAMILY and _is_multibyte_utf8(body):
            return body.decode("utf-8"), "utf-8"
        try:
            return body.decode(name), name
        except UnicodeDecodeError:
            continue
    for name in ("utf-8", "gb18030"):
        try:
            return body.decode(name), name
        except UnicodeDecodeError:
            continue
    return body.decode("gb18030", "replace"), "gb18030"

