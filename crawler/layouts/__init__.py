"""CMS families: one module each, pure extraction (html + url -> items), no Scrapy.

``FAMILIES`` maps a family name to its layout; :func:`detect` picks the family of an unknown
paper from a URL and, when given, its markup. An Article whose ``confidence`` is below
``LOW_CONFIDENCE`` had too few independent signals agree on its header (see :mod:`.articles`).
"""

from __future__ import annotations

from .articles import LOW_CONFIDENCE
from .base import Layout, LayoutError, PageParse
from .datefolder import DateFolder
from .founder_classic import FounderClassic
from .founder_pc import FounderPc
from .nmrb import Nmrb
from .paperindex import PaperIndex
from .qpaper import Qpaper
from .shtml import Shtml
from .szbz import Szbz
from .uniflows import Uniflows
from .text import forget_documents  # every cache of what documents said; the bench empties them per round

FAMILIES: dict[str, Layout] = {cls.name: cls() for cls in (FounderClassic, FounderPc, PaperIndex, DateFolder,
                                                             Shtml, Szbz, Uniflows, Nmrb, Qpaper)}


def get(name: str) -> Layout:
    try:
        return FAMILIES[name]
    except KeyError:
        raise LayoutError(f"unknown family {name!r}; known: {', '.join(FAMILIES)}") from None


def detect(url: str, html: str = "") -> Layout:
    """The family whose URL shapes and markup fit best; LayoutError naming those tried if none."""
    scored = sorted(((layout.score(url, html), name) for name, layout in FAMILIES.items()), reverse=True)
    best, name = scored[0]
    if best < 5:
        raise LayoutError(f"{url}: no known e-paper layout (tried {', '.join(FAMILIES)})")
    return FAMILIES[name]


__all__ = ["FAMILIES", "LOW_CONFIDENCE", "Layout", "LayoutError", "PageParse", "detect", "forget_documents", "get"]
