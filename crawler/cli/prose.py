"""Line breaking for stored text in the terminal, the way Chinese is set.

rich wraps at spaces and folds what has none at the last cell, so a paragraph of Chinese (which
has no spaces) is cut wherever the width runs out: a line may begin with 、 or 。 and a quotation
may open at the end of one. Here a line may break between any two characters when one of them is
wide (a Chinese character or full-width punctuation) or after a space; runs of narrow characters
(Latin words, numbers such as 24 or 3.5, URLs) stay whole while they fit. Closing punctuation
never begins a line and opening punctuation never ends one (禁则, kinsoku): the break moves back
and takes the character before along.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len, get_character_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.containers import Lines
from rich.measure import Measurement
from rich.text import DEFAULT_JUSTIFY, DEFAULT_OVERFLOW, Text

NO_LINE_START = frozenset("、。，．：；？！）］｝」』〕〗】》〉”’…‥·・～%％!),.:;?]}")
NO_LINE_END = frozenset("（［｛「『〔〖【《〈“‘([{")


def _wide(char: str) -> bool:
    return get_character_cell_size(char) == 2


def _may_break(text: str, at: int) -> bool:
    """Whether a line may end before ``text[at]``."""
    before, after = text[at - 1], text[at]
    if after.isspace():
        return False  # the space stays at the end of the line, where it is trimmed
    if before.isspace():
        return True
    if not (_wide(before) or _wide(after)):
        return False  # inside a run of narrow characters: a word, a number, a URL
    return after not in NO_LINE_START and before not in NO_LINE_END


def break_offsets(text: str, width: int) -> list[int]:
    """Where the lines of ``text`` start (after the first) when no line may be wider than
    ``width`` cells. A run with no allowed break at all is folded at the width, as rich does."""
    offsets: list[int] = []
    start, used = 0, 0
    for at, char in enumerate(text):
        size = get_character_cell_size(char)
        if used + size > width and at > start and not char.isspace():
            cut = next((j for j in range(at, start, -1) if _may_break(text, j)), at)
            offsets.append(cut)
            start = cut
            used = cell_len(text[cut:at])
        used += size
    return offsets


class Prose(Text):
    """Text that wraps by :func:`break_offsets` instead of rich's word wrap; use it for stored text
    (titles, paragraphs, captions). Everything else is rich's ``Text``."""

    def __rich__(self) -> _Set:
        # console.print joins the Text objects it is given into one plain Text before rendering,
        # which would lose this wrap: it is handed a renderable that is not a Text instead.
        return _Set(self)

    def wrap(self, console: Console, width: int, *, justify: Any = None, overflow: Any = None, tab_size: int = 8,
             no_wrap: bool | None = None) -> Lines:
        if no_wrap or self.no_wrap or overflow == "ignore":
            return super().wrap(console, width, justify=justify, overflow=overflow, tab_size=tab_size, no_wrap=no_wrap)
        wrap_justify = justify or self.justify or DEFAULT_JUSTIFY
        wrap_overflow = overflow or self.overflow or DEFAULT_OVERFLOW
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line:
                line.expand_tabs(tab_size)
            divided = line.divide(break_offsets(line.plain, width))
            for part in divided:
                part.rstrip_end(width)
            divided.justify(console, width, justify=wrap_justify, overflow=wrap_overflow)
            for part in divided:
                part.truncate(width, overflow=wrap_overflow)
            lines.extend(divided)
        return lines


class _Set:
    """A :class:`Prose` as rich renders any other renderable: measured and rendered as the text."""

    def __init__(self, prose: Prose):
        self.prose = prose

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        return Text.__rich_console__(self.prose, console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return self.prose.__rich_measure__(console, options)
