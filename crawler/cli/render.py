"""Terminal rendering: consoles, tables, highlighting, the article view."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

STATUS_LABEL = {"complete": "complete", "partial": "partial", "no_issue": "no issue", "failed": "failed",
                "missing": "missing"}

STATUS_STYLE = {"complete": "green", "partial": "yellow", "no_issue": "dim", "failed": "red", "missing": "bold red"}

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

HIGHLIGHT = "bold black on yellow"

def make_console(stderr: bool = False) -> Console:
    """A console that prints stored text as it is: no markup parsing, no automatic colouring."""
    return Console(stderr=stderr, highlight=False)

def print_wide(table: Table) -> None:
    """Print a table of short cells; into a file or pipe at its natural width rather than squeezed to 80."""
    console = make_console()
    if not console.is_terminal:
        natural = console.measure(table, options=console.options.update_width(200)).maximum
        console = Console(highlight=False, markup=False, width=max(console.width, natural))
    console.print(table)

def highlighted(text: str, spans: list[tuple[int, int]]) -> Text:
    rich = Text(text)
    for start, end in spans:
        rich.stylize(HIGHLIGHT, start, end)
    return rich

def print_article(a: dict[str, Any], linked: dict[str, dict[str, Any]]) -> None:
    console = make_console()
    console.print(Text(a["title"], style="bold"))
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
        fields.add_row(name, Text(value))
    console.print(fields)
    console.print(Text(f"\nparagraphs ({len(a['paragraphs'])})", style="bold"))
    console.print(numbered(Text(p) for p in a["paragraphs"]))
    console.print(Text(f"\nimages ({len(a['images'])})", style="bold"))
    console.print(numbered(Text(f"{i.get('url', '')}\n{i.get('caption') or '(no caption)'}") for i in a["images"]))

def numbered(items: Iterator[Text]) -> Table:
    """Items in a numbered list with a hanging indent."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for number, item in enumerate(items, 1):
        grid.add_row(str(number), item)
    return grid

def fraction(stored: int, listed: int) -> str:
    return str(stored) if stored == listed or not listed else f"{stored}/{listed}"

def tally(days: list[dict[str, Any]]) -> str:
    counted = Counter(day["status"] for day in days)
    parts = [f"{counted[s]} {STATUS_LABEL[s]}" for s in STATUS_LABEL if counted[s]]
    return f"{len(days)} days: " + ", ".join(parts)
