"""Fingerprints for duplicate detection: exact content hash and 64-bit SimHash.

Pure functions. The exact hash ignores whitespace, full-/half-width forms and punctuation, so a
re-publication with other spacing or commas hashes the same. SimHash runs over character
4-gram shingles (words are not delimited in Chinese), and is indexed as four 16-bit blocks:
two hashes within Hamming distance 3 share at least one block, so candidates come from an
index lookup instead of a scan.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from .layouts.text import normalize_for_hash

SHINGLE = 4
BLOCKS = 4
SHORT_BODY = 200  # characters; below this SimHash is too noisy and titles are compared instead


def content_hash(paragraphs: Iterable[str]) -> str:
    """Hash of the normalized body text."""
    return hashlib.sha1(normalize_for_hash("".join(paragraphs)).encode("utf-8")).hexdigest()


def _h64(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big")


# SimHash counts, per bit position, the weight of the shingles whose hash has that bit set. The
# 64 counters are packed into one integer, LANE bits each, so adding a shingle is one addition
# of its "spread" hash (each bit moved to the bottom of its lane), built from 8 table look-ups.
_LANE = 32
_BYTE_SPREAD = tuple(sum(((b >> i) & 1) << (_LANE * i) for i in range(8)) for b in range(256))
_LANE_MASK = (1 << _LANE) - 1


def _spread(h: int) -> int:
    s, w = _BYTE_SPREAD, 8 * _LANE
    return (s[h & 0xFF] | s[(h >> 8) & 0xFF] << w | s[(h >> 16) & 0xFF] << 2 * w | s[(h >> 24) & 0xFF] << 3 * w
            | s[(h >> 32) & 0xFF] << 4 * w | s[(h >> 40) & 0xFF] << 5 * w | s[(h >> 48) & 0xFF] << 6 * w
            | s[h >> 56] << 7 * w)


def simhash(text: str) -> int:
    """64-bit SimHash of the normalized text's character shingles (0 for empty text).

    A bit is set when the shingles with that bit set in their hash outweigh those without.
    """
    norm = normalize_for_hash(text)
    if not norm:
        return 0
    shingles = Counter(norm[i : i + SHINGLE] for i in range(max(1, len(norm) - SHINGLE + 1)))
    ones = 0
    for shingle, count in shingles.items():
        ones += _spread(_h64(shingle)) * count
    total = sum(shingles.values())
    return sum(1 << bit for bit in range(64) if 2 * ((ones >> (_LANE * bit)) & _LANE_MASK) > total)


def to_hex(value: int) -> str:
    return f"{value:016x}"


def hamming(a: int | str, b: int | str) -> int:
    a = int(a, 16) if isinstance(a, str) else a
    b = int(b, 16) if isinstance(b, str) else b
    return (a ^ b).bit_count()


def blocks(value: int | str) -> list[str]:
    """The SimHash cut into four indexed 16-bit blocks, tagged with their position."""
    value = int(value, 16) if isinstance(value, str) else value
    return [f"{i}:{(value >> (16 * i)) & 0xFFFF:04x}" for i in range(BLOCKS)]


def title_key(title: str, day: str) -> str:
    """The match key of a short article: its normalized title on its date."""
    return f"{day}|{normalize_for_hash(title)}"
