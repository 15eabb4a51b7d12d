"""Hotspots as SVG shapes: the stored ``<area>`` coords of a page image, drawn over the image.

The coords are in the pixel space the source site displays the page image in. An SVG overlay
whose ``viewBox`` is that space scales every region with the image, with no script. When the
page record carries the displayed size (``image_width``/``image_height``) that is the space;
otherwise the hotspots' own extent stands for it (the regions of a page cover it nearly whole),
and the reader's script corrects it from the image's natural size once the image has loaded.
"""

from __future__ import annotations

import math
import re
from typing import Any

_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_KINDS = {"rect": "rect", "rectangle": "rect", "circle": "circle", "circ": "circle", "poly": "polygon",
          "polygon": "polygon"}
_MAX_COORD = 100_000


def _numbers(coords: Any) -> list[float] | None:
    parts = [p for p in re.split(r"[\s,]+", coords.strip())] if isinstance(coords, str) else []
    if not parts or not all(_NUMBER.match(p) for p in parts):
        return None
    values = [float(p) for p in parts]
    return values if all(v <= _MAX_COORD for v in values) else None


def _fmt(value: float) -> str:
    return f"{value:g}"


def shape(hotspot: dict[str, Any]) -> dict[str, Any] | None:
    """One hotspot as an SVG shape (``kind`` rect/circle/polygon and its attributes, ``box`` its
    bounding box), or None when its coords do not describe one (percentages, too few numbers)."""
    kind = _KINDS.get(str(hotspot.get("shape") or "polygon").strip().lower())
    values = _numbers(hotspot.get("coords"))
    if kind is None or values is None:
        return None
    if kind == "rect" and len(values) >= 4:
        x1, y1, x2, y2 = values[:4]
        left, top, right, bottom = min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)
        return {"kind": "rect", "x": _fmt(left), "y": _fmt(top), "width": _fmt(right - left),
                "height": _fmt(bottom - top), "box": (left, top, right, bottom)}
    if kind == "circle" and len(values) >= 3:
        cx, cy, r = values[:3]
        return {"kind": "circle", "cx": _fmt(cx), "cy": _fmt(cy), "r": _fmt(r), "box": (cx - r, cy - r, cx + r, cy + r)}
    if kind == "polygon" and len(values) >= 6:
        xs, ys = values[0:len(values) - len(values) % 2:2], values[1::2]
        points = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in zip(xs, ys))
        return {"kind": "polygon", "points": points, "box": (min(xs), min(ys), max(xs), max(ys))}
    return None


def coordinate_space(record: dict[str, Any], shapes: list[dict[str, Any]]) -> tuple[int, int, bool]:
    """Width and height of the space the coords are in, and whether the record stored it.

    Stored size first; else the shapes' extent with the margin they leave at the top and left
    mirrored at the bottom and right; else a portrait page (3:4.5) for a page with no shapes.
    """
    width, height = record.get("image_width"), record.get("image_height")
    if isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0:
        return width, height, True
    if not shapes:
        return 300, 450, False
    left = max(0.0, min(s["box"][0] for s in shapes))
    top = max(0.0, min(s["box"][1] for s in shapes))
    right = max(s["box"][2] for s in shapes)
    bottom = max(s["box"][3] for s in shapes)
    margin = min(left, top)
    return max(1, math.ceil(right + margin)), max(1, math.ceil(bottom + margin)), False
