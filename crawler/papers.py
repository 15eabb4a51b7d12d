"""The newspaper registry (``papers.toml``): load, validate, look up.

A paper is data: its name, region and, per era, the CMS family and the URL template of a
dated edition's first page. A bad entry fails at load time with one line naming the paper and
the field, so a typo never surfaces halfway through a night's crawl.
"""

from __future__ import annotations

import codecs
import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from .layouts import FAMILIES, Layout

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class RegistryError(ValueError):
    """A registry entry that cannot be used (the message names the paper and the field)."""


@dataclass(frozen=True)
class Era:
    """The system a paper ran between two dates (inclusive; None = open-ended)."""

    family: str
    url: str
    latest: str = ""
    valid_from: date | None = None
    valid_until: date | None = None

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (
            self.valid_until is None or day <= self.valid_until
        )

    @property
    def layout(self) -> Layout:
        return FAMILIES[self.family]


@dataclass(frozen=True)
class Paper:
    key: str
    name: str
    region: str
    eras: tuple[Era, ...]
    encoding: str = ""

    def covers(self, day: date) -> bool:
        """Whether one of the paper's URL templates covers ``day``."""
        return any(era.covers(day) for era in self.eras)

    def era(self, day: date) -> Era:
        for era in self.eras:
            if era.covers(day):
                return era
        raise RegistryError(f"{self.key}: no URL template covers {day.isoformat()}")

    def entry_url(self, day: date) -> str:
        """The first page (版面) of the edition of ``day``."""
        return self.era(day).url.format(date=day)

    def layout(self, day: date) -> Layout:
        return self.era(day).layout

    @property
    def current(self) -> Era:
        """The newest era: the one that announces the latest issue."""
        return max(self.eras, key=lambda e: e.valid_from or date.min)

    def latest_urls(self) -> list[str]:
        era = self.current
        return [era.latest] if era.latest else era.layout.latest_urls(era.url)

    @property
    def family(self) -> str:
        return self.current.family

    @property
    def origin(self) -> str:
        """scheme://host/ of the paper's current site (what a mirror stands in for)."""
        parts = urlsplit(self.current.url)
        return f"{parts.scheme}://{parts.netloc}/"


def _fail(key: str, field: str, problem: str) -> RegistryError:
    return RegistryError(f"papers registry: [{key}] {field}: {problem}")


def _date(key: str, field: str, value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _fail(key, field, f"{value!r} is not a YYYY-MM-DD date") from None


def _era(key: str, table: dict, where: str) -> Era:
    family = table.get("family")
    if family not in FAMILIES:
        raise _fail(key, f"{where}family", f"{family!r} is not a known family ({', '.join(FAMILIES)})")
    url = table.get("url")
    if not isinstance(url, str) or "{date" not in url:
        raise _fail(key, f"{where}url", "needs a URL template with {date:...} fields")
    try:
        sample = url.format(date=date(2020, 1, 27))
    except (KeyError, IndexError, ValueError) as exc:
        raise _fail(key, f"{where}url", f"template does not render ({exc})") from None
    if urlsplit(sample).scheme not in ("http", "https") or not urlsplit(sample).netloc:
        raise _fail(key, f"{where}url", f"{sample!r} is not an http(s) URL")
    latest = table.get("latest", "")
    if latest and urlsplit(latest).scheme not in ("http", "https"):
        raise _fail(key, f"{where}latest", f"{latest!r} is not an http(s) URL")
    unknown = set(table) - {"family", "url", "latest", "from", "until"}
    if unknown:
        raise _fail(key, where + sorted(unknown)[0], "unknown field")
    era = Era(family, url, latest, _date(key, f"{where}from", table.get("from")), _date(key, f"{where}until", table.get("until")))
    if era.valid_from and era.valid_until and era.valid_from > era.valid_until:
        raise _fail(key, f"{where}from", "is after until")
    return era


def _paper(key: str, table: object) -> Paper:
    if not _KEY.match(key):
        raise _fail(key, "key", "use lower-case letters, digits and _")
    if not isinstance(table, dict):
        raise _fail(key, "table", "must be a table")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(key, "name", "is required")
    encoding = table.get("encoding", "")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise _fail(key, "encoding", f"{encoding!r} is not a known charset") from None
    if "eras" in table:
        if "family" in table or "url" in table:
            raise _fail(key, "eras", "give either eras or family/url, not both")
        eras = tuple(_era(key, era, f"eras[{i}].") for i, era in enumerate(table["eras"]))
    else:
        eras = (_era(key, {k: v for k, v in table.items() if k in ("family", "url", "latest")}, ""),)
    unknown = set(table) - {"name", "region", "encoding", "eras", "family", "url", "latest"}
    if unknown:
        raise _fail(key, sorted(unknown)[0], "unknown field")
    ordered = sorted(eras, key=lambda e: e.valid_from or date.min)
    for a, b in zip(ordered, ordered[1:]):
        if a.valid_until is None or b.valid_from is None or a.valid_until >= b.valid_from:
            raise _fail(key, "eras", "eras overlap or leave no boundary date")
    return Paper(key, name.strip(), str(table.get("region", "")), tuple(ordered), encoding)


def load_registry(path: str | Path | None = None) -> dict[str, Paper]:
    """Every paper of the registry file (default: the packaged papers.toml), validated, by key."""
    # importlib.resources also reads the file inside a zipped egg (Scrapyd deploys those).
    source = Path(path) if path else resources.files("crawler").joinpath("papers.toml")
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"papers registry {source}: {exc}") from None
    return {key: _paper(key, table) for key, table in data.items()}


def resolve_keys(registry: dict[str, Paper], keys: str, also_known: Callable[[str], bool] | None = None) -> list[str]:
    """Registry keys for "xinyang", "信阳日报", "xinyang,henandaily" or "all".

    A key the registry lacks passes when ``also_known`` says so (the query command knows papers
    crawled by URL, stored under their host and folder, see urls.site_key). Unknown keys name the closest registered ones.
    """
    if keys.strip() == "all":
        return list(registry)
    found: list[str] = []
    for key in (k.strip() for k in keys.split(",") if k.strip()):
        by_name = [k for k, paper in registry.items() if paper.name == key]
        if key in registry or (not by_name and also_known is not None and also_known(key)):
            found.append(key)
        elif by_name:
            found.extend(by_name)
        else:
            close = difflib.get_close_matches(key, list(registry), n=3, cutoff=0.5)
            hint = f"; closest: {', '.join(close)}" if close else "; `epaper papers` lists them"
            raise RegistryError(f"unknown paper {key!r}{hint}")
    if not found:
        raise RegistryError("no paper given")
    return list(dict.fromkeys(found))


def lookup(registry: dict[str, Paper], keys: str) -> list[Paper]:
    """Papers for "xinyang", "xinyang,henandaily" or "all" (see :func:`resolve_keys`)."""
    return [registry[key] for key in resolve_keys(registry, keys)]
