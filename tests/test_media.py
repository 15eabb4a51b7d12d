"""Media (EPAPER_MEDIA): page PDFs, page images and article pictures stored once, by content hash.

The 2021-03-01 edition of 临河日报 (tests/fixtures/make_linhe.py) carries real PDF and JPEG files;
page 02's PDF is not recorded (its download fails) and one photograph is printed at two URLs.
"""

from __future__ import annotations

import hashlib
import json

from conftest import FIXTURES, SITES

PAPERS = {"EPAPER_PAPERS": str(FIXTURES / "linhe_papers.toml")}
MEDIA = {"EPAPER_MEDIA": "pdf,page_image,images"}
DAY = "2021-03-01"
HOST = "szb.linhe.local"


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_media_stored_once_by_hash_and_failures_recorded(crawl, store, site_server):
    result = crawl("paper=linhe", f"date={DAY}", env=PAPERS, settings=MEDIA)
    assert result.returncode == 0, result.log[-2000:]
    pages = {p["page_no"]: p for p in store.pages.find({"paper": "linhe"})}
    recorded = SITES / HOST / "page" / "2021-03" / "01"
    pdf = recorded / "01" / "lh20210301_01.pdf"
    assert pages["01"]["pdf_file"] == f"media/{sha(pdf)[:2]}/{sha(pdf)}.pdf"
    for no in ("01", "02"):
        image = recorded / no / f"lh20210301_{no}_b.jpg"
        assert pages[no]["image_file"] == f"media/{sha(image)[:2]}/{sha(image)}.jpg"
    assert pages["02"]["pdf_file"] == ""  # its download failed …
    edition = store.editions.find_one({"_id": f"linhe:{DAY}"})
    assert edition["media_failures"] == [{"url": f"http://{HOST}/page/2021-03/01/02/lh20210301_02.pdf", "kind": "pdf",
                                          "reason": "HTTP 404"}]
    assert edition["status"] == "complete" and store.articles.count_documents({"paper": "linhe"}) == 6  # … nothing lost
    pictures = [i for a in store.articles.find({"paper": "linhe"}) for i in a["images"]]
    photo = SITES / HOST / "res" / "2021-03" / "01" / "pic_4000.jpg"
    assert len(pictures) == 2 and {i["sha"] for i in pictures} == {sha(photo)}
    assert {i["file"] for i in pictures} == {f"media/{sha(photo)[:2]}/{sha(photo)}.jpg"}  # two URLs, one file
    stored = sorted(p for p in (crawl.archive / "media").rglob("*") if p.is_file() and p.name != "index.jsonl")
    assert len(stored) == 4  # one PDF, two page images, one photograph
    for path in stored:
        assert path.stem == sha(path)
    assert result.stats["epaper/media/downloaded"] == 4 and result.stats["epaper/media/same_content"] == 1
    assert result.stats["epaper/media/failed"] == 1
    index = [json.loads(line) for line in (crawl.archive / "media" / "index.jsonl").read_text().splitlines()]
    assert len(index) == 5 and {row["path"] for row in index} == {str(p.relative_to(crawl.archive)) for p in stored}

    site_server.requests.clear()
    again = crawl("paper=linhe", f"date={DAY}", "refresh=1", env=PAPERS, settings=MEDIA)
    assert again.returncode == 0
    media_hits = [h for h in site_server.requests if "/page/" in h or "/res/" in h]
    assert media_hits == [f"{HOST}/page/2021-03/01/02/lh20210301_02.pdf"]  # only the one that failed is tried again
    assert again.stats["epaper/media/known"] == 5 and "epaper/media/downloaded" not in again.stats
    assert {p["page_no"]: p["image_file"] for p in store.pages.find({"paper": "linhe"})} == \
        {no: p["image_file"] for no, p in pages.items()}
    assert store.editions.find_one({"_id": f"linhe:{DAY}"})["media_failures"][0]["kind"] == "pdf"


def test_media_off_by_default(crawl, store):
    result = crawl("paper=linhe", f"date={DAY}", env=PAPERS)
    assert result.returncode == 0
    assert not (crawl.archive / "media").exists()
    assert {p["pdf_file"] for p in store.pages.find({"paper": "linhe"})} == {""}
    assert "epaper/media/downloaded" not in result.stats
