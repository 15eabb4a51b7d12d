"""Chinese word tokens for search: one tokenizer for the store (indexing) and the CLI (queries).

Articles store the jieba search-mode words of their title and body in an indexed multikey
field; a query is cut into words the same way and every word must be present. Matching whole
words means characters that only touch across a word boundary ("疫情防控" has no word "情防")
are not a hit.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import jieba

jieba.setLogLevel(logging.WARNING)

_HAS_WORD_CHAR = re.compile(r"\w")


def _keep(token: str) -> str:
    token = token.strip().lower()
    return token if token and _HAS_WORD_CHAR.search(token) else ""


def index_tokens(texts: Iterable[str]) -> list[str]:
    """Distinct search-mode words of the texts (sorted, so stored documents are stable)."""
    found = set()
    for text in texts:
        for token in jieba.cut_for_search(text or ""):
            kept = _keep(token)
            if kept:
                found.add(kept)
    return sorted(found)


def query_tokens(query: str) -> list[str]:
    """The words of a user's query, in order, distinct."""
    words: list[str] = []
    for token in jieba.cut(query or ""):
        kept = _keep(token)
        if kept and kept not in words:
            words.append(kept)
    return words


def count_hits(text: str, words: Iterable[str]) -> int:
    """How often the words occur in ``text`` (for ranking)."""
    lowered = (text or "").lower()
    return sum(lowered.count(word) for word in words)
