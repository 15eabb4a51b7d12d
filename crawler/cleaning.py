"""Cleaning and fingerprints of an article: the text as stored, and what duplicates are found by.

Pure functions, no Scrapy: the normalize pipeline runs them on every item, and the parse
workers (:mod:`crawler.workers`) run them next to extraction so that the costly part, the
fingerprints, is done off the reactor thread. Cleaning is idempotent, and the fingerprints are
computed again only when the body they were computed for changed, so running both costs one
computation.
"""

from __future__ import annotations

from . import dedup
from .items import Article
from .layouts.text import clean, is_boilerplate

TEXT_FIELDS = ("title", "lead_title", "subtitle", "byline", "page_name")


def clean_article(article: Article) -> Article:
    """Whitespace-clean the text fields, drop empty and boilerplate paragraphs, and derive the
    body, its length, its exact hash and its SimHash (in place; returns the article)."""
    for name in TEXT_FIELDS:
        setattr(article, name, clean(getattr(article, name)))
    article.paragraphs = [p for p in (clean(x) for x in article.paragraphs) if p and not is_boilerplate(p)]
    body = "\n\n".join(article.paragraphs)
    if body != article.body or not article.content_hash:
        article.body = body
        article.char_count = sum(len(p) for p in article.paragraphs)
        article.content_hash = dedup.content_hash(article.paragraphs)
        article.simhash = dedup.to_hex(dedup.simhash(body)) if body else ""
    return article
