"""Feed exporters that keep every field of every kind of item (``FEED_EXPORTERS`` in the settings).

Scrapy's CSV exporter takes its columns from the first item it sees — in a crawl, an edition's
page — so every article field is dropped, and it writes nested values (hotspots, images, page
lists) as Python reprs. These exporters fix the columns from the item classes instead and write
nested values as JSON:

* ``csv`` — every kind in one file, one row per item: ``kind``, ``id``, then every field of an
  article, then what pages and editions add (empty where a kind has no such field);
* ``articles``, ``pages``, ``editions`` — CSV of that kind only, with exactly its fields:
  ``scrapy crawl epaper … -O articles.csv:articles -O pages.csv:pages -O editions.csv:editions``.

JSON and JSON lines feeds need nothing: Scrapy writes nested items as objects already.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exporters import CsvItemExporter

from .items import Article, Edition, Page
from .records import ARTICLE_FIELDS

KINDS: dict[str, type] = {"article": Article, "page": Page, "edition": Edition}


def columns(kinds: tuple[str, ...]) -> list[str]:
    """``kind``, ``id``, then the fields of the kinds, an article's in reading order, each field once."""
    found = ["kind", "id"]
    for kind in ("article", "page", "edition"):
        if kind not in kinds:
            continue
        names = [f.name for f in ARTICLE_FIELDS] if kind == "article" else [f.name for f in dataclasses.fields(KINDS[kind])]
        found += [name for name in names if name not in found]
    return found


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


class CsvExporter(CsvItemExporter):
    """CSV with columns fixed by item class (see the module docstring); lists and objects as JSON.

    ``kinds`` (a feed's ``item_export_kwargs``, or the kind-specific formats) limits rows and
    columns to those kinds; a feed's ``fields`` option still chooses the columns if given.
    """

    default_kinds: tuple[str, ...] = tuple(KINDS)

    def __init__(self, file: Any, kinds: list[str] | tuple[str, ...] | None = None, **kwargs: Any):
        self.kinds = tuple(kinds or self.default_kinds)
        unknown = set(self.kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown item kind(s) for the CSV feed: {', '.join(sorted(unknown))}")
        if not kwargs.get("fields_to_export"):
            kwargs["fields_to_export"] = columns(self.kinds)
        super().__init__(file, **kwargs)

    def start_exporting(self) -> None:
        super().start_exporting()
        if self.include_headers_line and self._headers_not_written:
            self._headers_not_written = False
            self.csv_writer.writerow(list(self._names()))

    def _names(self) -> list[str]:
        fields = self.fields_to_export
        return list(fields.values()) if isinstance(fields, dict) else list(fields)

    def export_item(self, item: Any) -> None:
        adapter = ItemAdapter(item)
        if adapter.get("kind") not in self.kinds:
            return
        self._headers_not_written = False
        keys = list(self.fields_to_export) if not isinstance(self.fields_to_export, dict) else list(self.fields_to_export)
        row = [self._cell(getattr(item, "id", "") if key == "id" and "id" not in adapter else adapter.get(key, ""))
               for key in keys]
        self.csv_writer.writerow(row)

    @staticmethod
    def _cell(value: Any) -> Any:
        if isinstance(value, list | tuple | dict) or dataclasses.is_dataclass(value):
            return json.dumps(value, ensure_ascii=False, default=_plain)
        return value


class ArticleCsvExporter(CsvExporter):
    default_kinds = ("article",)


class PageCsvExporter(CsvExporter):
    default_kinds = ("page",)


class EditionCsvExporter(CsvExporter):
    default_kinds = ("edition",)
