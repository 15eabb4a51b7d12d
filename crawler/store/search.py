"""Search: the best matches of a word query, ranked as :func:`crawler.query.rank` ranks."""

from __future__ import annotations

from ..query import ArticleQuery, SearchHit, rank
from .queries import Queries


class Search(Queries):
    SEARCH_FIELDS = ("paper", "paper_name", "date", "page_no", "page_name", "lead_title", "title", "subtitle",
                     "authors", "url", "body")

    def search(self, query: ArticleQuery, limit: int) -> tuple[list[SearchHit], int]:
        """The ``limit`` best matches of a word query (see :func:`crawler.query.rank`) and the number of matches."""
        return rank(self._matching(query, self.SEARCH_FIELDS), query.words, limit)
