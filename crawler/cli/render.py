"""Terminal rendering: consoles, tables that fit the width, highlighting, the article view.

Every table fits the console's width (the terminal's, ``COLUMNS``, or 80 when piped): columns that
hold ids, dates and numbers are never wrapped, text columns wrap, and optional columns are
dropped when even that does not fit. Output into a pipe or file has no trailing spaces.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .prose import Prose

STATUS_LABEL = {"complete": "complete", "partial": "partial", "no_issue": "no issue", "failed": "failed",
                "missing": "missing"}

STATUS_STYLE = {"complete": "green", "partial": "yellow", "no_issue": "dim", "failed": "red", "missing": "bold red"}

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

HIGHLIGHT = "bold black on yellow"

_TRAILING = re.compile(r"(?:\x1b\[[0-9;]*m| )+$")


class _TrimmedLines:
    """A text stream that drops the spaces rich pads every line with (colour codes are kept)."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        for line in lines:
            self.stream.write(_trim(line) + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(_trim(self.pending))
            self.pending = ""
        self.stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _trim(line: str) -> str:
    found = _TRAILING.search(line)
    return line if found is None else line[:found.start()] + found.group().replace(" ", "")


def make_console(stderr: bool = False) -> Console:
    """A console that prints stored text as it is (no markup parsing, no automatic colouring) and,
    into a pipe or file, without trailing spaces."""
    stream = sys.stderr if stderr else sys.stdout
    console = Console(file=stream, highlight=False)
    if not console.is_terminal:
        console = Console(file=_TrimmedLines(stream), highlight=False, width=console.width)
    return console


@dataclass
class Column:
    """A table column. ``whole`` cells (ids, dates, numbers) are never wrapped; other cells wrap
    (but not below ``min_width``). When the table is too wide, columns with the highest ``drop``
    go first; ``drop=0`` columns always stay."""

    name: str
    justify: str = "left"
    whole: bool = False
    drop: int = 0
    min_width: int = 8
    style: str = ""


def _natural(cell: Any) -> int:
    text = cell.plain if isinstance(cell, Text) else str(cell)
    return max((cell_len(line) for line in text.split("\n")), default=0)


def fitted_table(columns: Sequence[Column], rows: Sequence[Sequence[Any]], width: int, **options: Any) -> Table:
    """A table of ``rows`` no wider than ``width``: whole columns at their natural width, text
    columns sharing the rest, optional columns dropped (highest ``drop`` first) until it fits."""
    natural = [max([cell_len(c.name)] + [_natural(row[i]) for row in rows]) for i, c in enumerate(columns)]
    kept = list(range(len(columns)))

    def needed(indexes: list[int]) -> int:
        fixed = sum(natural[i] if columns[i].whole else min(natural[i], columns[i].min_width) for i in indexes)
        return fixed + 3 * (len(indexes) - 1) + 2

    while needed(kept) > width and any(columns[i].drop for i in kept):
        kept.remove(max((i for i in kept if columns[i].drop), key=lambda i: (columns[i].drop, i)))
    room = width - 3 * (len(kept) - 1) - 2 - sum(natural[i] for i in kept if columns[i].whole)
    widths = _share(room, {i: (natural[i], min(natural[i], columns[i].min_width)) for i in kept if not columns[i].whole})
    table = Table(box=options.pop("box", box.SIMPLE_HEAD), pad_edge=False, **options)
    for i in kept:
        c = columns[i]
        width = natural[i] if c.whole else widths[i]
        table.add_column(c.name, justify=c.justify, style=c.style, no_wrap=c.whole, overflow="fold", width=width,
                         min_width=width)
    for row in rows:
        table.add_row(*(row[i] for i in kept))
    return table


def _share(room: int, wants: dict[int, tuple[int, int]]) -> dict[int, int]:
    """Split ``room`` among text columns (index → (natural, minimum)): one common width, raised to
    a column's minimum and capped at its natural width, as wide as ``room`` allows."""
    def widths(level: int) -> dict[int, int]:
        return {i: min(max(level, least), natural) for i, (natural, least) in wants.items()}

    level = 0
    while level < max((n for n, _ in wants.values()), default=0) and sum(widths(level + 1).values()) <= room:
        level += 1
    found = widths(level)
    spare = room - sum(found.values())
    for i in sorted(found, key=lambda i: found[i]):  # what the common width leaves over, one cell each
        if spare > 0 and found[i] < wants[i][0]:
            found[i] += 1
            spare -= 1
    return found


def print_wide(table: Table) -> None:
    """Print a table of short cells at the console's width (rich narrows its columns to fit);
    no trailing spaces into a pipe. For tables not built with :func:`fitted_table`."""
    make_console().print(table)

def highlighted(text: str, spans: list[tuple[int, int]]) -> Prose:
    rich = Prose(text)
    for start, end in spans:
        rich.stylize(HIGHLIGHT, start, end)
    return rich

def print_article(a: dict[str, Any], linked: dict[str, dict[str, Any]]) -> None:
    console = make_console()
    console.print(Prose(a["title"], style="bold"))
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="cyan", no_wrap=True)
    fields.add_column(overflow="fold")

    def link(ident: str) -> str:
        other = linked.get(ident)
        return f"{ident}  {other['title']}" if other else f"{ident}  (not in the store)"

    pages = ", ".join(a["pages"]) if a["pages"] and a["pages"] != [a["page_no"]] else ""
    rows = [
        ("引题 lead_title", a["lead_title"] or "—"),
        ("标题 title", a["title"]),
        ("副题 subtitle", a["subtitle"] or "—"),
        ("id", a["id"]),
        ("paper", f"{a['paper_name']} ({a['paper']})" if a["paper_name"] else a["paper"]),
        ("date", a["date"]),
        ("page", f"{a['page_no']} {a['page_name']}".strip() + (f"  (on pages {pages})" if pages else "")),
        ("byline", a["byline"] or "—"),
        ("authors", "、".join(a["authors"]) or "—"),
        ("url", a["url"]),
        ("characters", str(a["char_count"])),
        ("content_hash", a["content_hash"]),
        ("simhash", a["simhash"]),
        ("parser", a["parser"]),
        ("crawled_at", a["crawled_at"] + (f"  (first seen {a['first_seen']})" if a["first_seen"] else "")),
        ("duplicate_of", link(a["duplicate_of"]) if a["duplicate_of"] else "—"),
        ("near duplicates", "\n".join(link(i) for i in a["near_duplicates"]) or "—"),
    ]
    for name, value in rows:
        fields.add_row(name, Prose(value))
    console.print(fields)
    console.print(Text(f"\nparagraphs ({len(a['paragraphs'])})", style="bold"))
    console.print(numbered(Prose(p) for p in a["paragraphs"]))
    console.print(Text(f"\nimages ({len(a['images'])})", style="bold"))
    console.print(numbered(Prose(f"{i.get('url', '')}\n{i.get('caption') or '(no caption)'}") for i in a["images"]))

def numbered(items: Iterator[Text]) -> Table:
    """Items in a numbered list with a hanging indent."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for number, item in enumerate(items, 1):
        grid.add_row(str(number), item)
    return grid

def counted(number: int, noun: str) -> str:
    """'1 article', '2 articles': a count with its noun in the number it takes."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"

def fraction(stored: int, listed: int) -> str:
    return str(stored) if stored == listed or not listed else f"{stored}/{listed}"

def tally(days: list[dict[str, Any]]) -> str:
    by_status = Counter(day["status"] for day in days)
    parts = [f"{by_status[s]} {STATUS_LABEL[s]}" for s in STATUS_LABEL if by_status[s]]
    return f"{counted(len(days), 'day')}: " + ", ".join(parts)
