"""Chinese word tokens for search: one tokenizer for the search index and the queries.

The search index (:mod:`crawler.store.fulltext`) holds the jieba search-mode words of each
article's headline and body; a query is cut into words by the same segmenter, with the same
dictionary, HMM setting and normalization, and every word must be present. Search mode also indexes the dictionary
sub-words of a long word ("攻坚战" → "攻坚"), so a short word inside a compound is found.
Matching whole words means characters that only touch across a word boundary ("延长春节" is
延长|春节, not 长春) are not a hit.

Text is NFKC-normalized before it is cut, so full-width letters and digits ("ＣＯＶＩＤ１９")
match what a user types; tokens are lower-cased after cutting, so dictionary words with capitals
("T恤") are still recognized as words.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator

import jieba

jieba.setLogLevel(logging.WARNING)

_HAS_WORD_CHAR = re.compile(r"\w")


def _keep(token: str) -> str:
    token = token.strip().lower()
    return token if token and _HAS_WORD_CHAR.search(token) else ""


def normalize(text: str) -> str:
    """NFKC of each character of ``text``: full-width letters, digits and punctuation become plain."""
    text = text or ""
    return text if unicodedata.is_normalized("NFKC", text) else _mapped(text)[0]


def _mapped(text: str) -> tuple[str, list[int]]:
    """NFKC of ``text`` character by character, and for each output character its index in ``text``.

    Character by character so that positions in the normalized text map back to the original
    (for highlighting); for the text our pages hold this equals the NFKC of the whole string.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text, list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        norm = unicodedata.normalize("NFKC", char)
        out.append(norm)
        origin.extend([i] * len(norm))
    return "".join(out), origin


def _search_words(text: str) -> Iterator[tuple[str, int, int]]:
    """(word, start, end) of the search-mode words of normalized ``text``: what the index holds."""
    for token, start, end in jieba.tokenize(text, mode="search"):
        kept = _keep(token)
        if kept:
            yield kept, start, end


def warm_up() -> None:
    """Load jieba's dictionary now (about a second), not in the middle of the first item."""
    jieba.initialize()


def word_list(text: str) -> list[str]:
    """Every search-mode word of ``text`` in order, repeats kept: what the search index holds
    (:mod:`crawler.store.fulltext`), with how often, for ranking."""
    return [word for word, _, _ in _search_words(normalize(text))]


def query_tokens(query: str) -> list[str]:
    """The words of a user's query, in order, distinct ([] when it has no word characters)."""
    words: list[str] = []
    for token in jieba.cut(normalize(query)):
        kept = _keep(token)
        if kept and kept not in words:
            words.append(kept)
    return words


def count_hits(text: str, words: Iterable[str]) -> int:
    """How often the words occur in ``text``, as substrings: a fast measure for ranking.

    Only used on articles already matched word for word through the index, where an occasional
    boundary-crossing occurrence merely nudges the order.
    """
    lowered = normalize(text).lower()
    return sum(lowered.count(word) for word in words)


def hit_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) positions in ``text`` where one of the words occurs as a word, for highlighting.

    The same segmentation as the index, so a highlighted span is a real word hit; overlapping
    spans (a word and its sub-word) are merged.
    """
    wanted = set(words)
    normalized, origin = _mapped(text or "")
    spans = sorted((origin[s], origin[e - 1] + 1) for word, s, e in _search_words(normalized) if word in wanted)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
