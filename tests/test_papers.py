"""The registry: every entry loads and renders; a bad entry names the paper and the field."""

from datetime import date

import pytest

from crawler.layouts import FAMILIES
from crawler.papers import RegistryError, load_registry, lookup

REGISTRY = load_registry()


def test_registry_has_every_henan_paper_and_national_ones():
    assert len(REGISTRY) >= 30
    assert {p.region.split("·")[0] for p in REGISTRY.values()} >= {"河南", "全国", "山东", "江西"}
    assert {p.family for p in REGISTRY.values()} == set(FAMILIES)
    assert REGISTRY["xinyang"].name == "信阳日报"


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_every_entry_renders_a_dated_url(key):
    paper = REGISTRY[key]
    for era in paper.eras:
        day = era.valid_from or era.valid_until or date(2024, 5, 6)
        url = paper.entry_url(day)
        assert url.startswith(("http://", "https://")) and "{" not in url
        assert paper.layout(day).is_page_url(url) or url.endswith(("IssueIndex.htm", "index.htm"))
    # a family that knows no latest-issue page (shtml) leaves a paper that names none without one
    assert paper.latest_urls() or (not paper.current.latest and not paper.current.layout.latest_paths)


def test_lookup_lists_and_suggests():
    assert [p.key for p in lookup(REGISTRY, "xinyang,henandaily")] == ["xinyang", "henandaily"]
    assert [p.key for p in lookup(REGISTRY, "信阳日报")] == ["xinyang"]
    assert len(lookup(REGISTRY, "all")) == len(REGISTRY)
    with pytest.raises(RegistryError, match="unknown paper 'henandialy'; closest: henandaily"):
        lookup(REGISTRY, "henandialy")


@pytest.mark.parametrize(("toml", "message"), [
    ('[bad]\nname = "坏报"\nfamily = "founder_nope"\nurl = "http://x/{date:%Y}/n.htm"\n',
     r"\[bad\] family: 'founder_nope' is not a known family"),
    ('[bad]\nname = "坏报"\nfamily = "founder_classic"\nurl = "http://x/html/node_2.htm"\n',
     r"\[bad\] url: needs a URL template with \{date:...\} fields"),
    ('[bad]\nfamily = "founder_classic"\nurl = "http://x/{date:%Y}/n.htm"\n', r"\[bad\] name: is required"),
    ('[bad]\nname = "坏报"\nfamily = "founder_classic"\nurl = "http://x/{date:%Y}/n.htm"\nencoding = "klingon"\n',
     r"\[bad\] encoding: 'klingon' is not a known charset"),
    ('[bad]\nname = "坏报"\n[[bad.eras]]\nuntil = 2020-01-01\nfamily = "founder_classic"\nurl = "http://x/{date:%Y}/n.htm"\n'
     '[[bad.eras]]\nfrom = 2019-06-01\nfamily = "founder_pc"\nurl = "http://x/{date:%Y}/m.html"\n',
     r"\[bad\] eras: eras overlap"),
    ('[Bad-Key]\nname = "坏报"\nfamily = "founder_classic"\nurl = "http://x/{date:%Y}/n.htm"\n', r"\[Bad-Key\] key"),
    ('[bad]\nname = "坏报"\nfamily = "founder_classic"\nurl = "http://x/{date:%Y}/n.htm"\nlatset = "http://x/"\n',
     r"\[bad\] latset: unknown field"),
])
def test_bad_entries_fail_with_one_line(tmp_path, toml, message):
    path = tmp_path / "papers.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(RegistryError, match=message) as err:
        load_registry(path)
    assert "\n" not in str(err.value)
