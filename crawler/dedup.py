"""Fingerprints for duplicate detection: exact content hash and 64-bit SimHash.

Pure functions. The exact hash ignores whitespace, full-/half-width forms and punctuation, so a
re-publication with other spacing or commas hashes the same. SimHash runs over character
4-gram shingles (words are not delimited in Chinese), and is indexed as four 16-bit blocks:
two hashes within Hamming distance 3 share at least one block, so candidates come from an
index lookup instead of a scan.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from .layouts.text import normalize_for_hash

SHINGLE = 4
BLOCKS = 4
SHORT_BODY = 200  # characters; below this SimHash is too noisy and titles are compared instead


def content_hash(paragraphs: Iterable[str]) -> str:
    """Hash of the normalized body text."""
    return hashlib.sha1(normalize_for_hash("".join(paragraphs)).encode("utf-8")).hexdigest()


def simhash(text: str) -> int:
    """64-bit SimHash of the normalized text's character shingles (0 for empty text).

    A bit is set when more shingles have that bit set in their hash than not. The vote runs in
    numpy over the shingles' 8-byte digests: one hash call per shingle is the only Python loop.
    """
    import numpy as np  # here, not at the top: the crawl process only needs it when it reads in its own thread

    norm = normalize_for_hash(text)
    if not norm:
        return 0
    blake = hashlib.blake2b
    digests = b"".join([blake(norm[i : i + SHINGLE].encode("utf-8"), digest_size=8).digest()
                        for i in range(max(1, len(norm) - SHINGLE + 1))])
    bits = np.unpackbits(np.frombuffer(digests, np.uint8).reshape(-1, 8), axis=1)  # column 0 = bit 63
    ones = bits.sum(axis=0, dtype=np.int64)
    return int.from_bytes(np.packbits(2 * ones > bits.shape[0]).tobytes(), "big")


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
