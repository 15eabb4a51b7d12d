"""Duplicates: one document per article, re-publications marked, reprints linked across papers."""

from __future__ import annotations

import json

import pytest

from conftest import EXPECTED
from crawler import dedup
from crawler.items import Article
from crawler.pipelines import NormalizePipeline
from crawler.store import to_document
from crawler.urls import canonical_url, resolve, site_key

PAIRS = json.loads((EXPECTED / "DUPLICATES.json").read_text())


def test_unregistered_papers_sharing_a_host_get_their_own_keys():
    assert site_key("http://newpaper.dahe.cn/dhb/html/2022-08/19/node_897.htm") == "newpaper.dahe.cn/dhb"
    assert site_key("http://newpaper.dahe.cn/hnrb/html/2026-03/16/node_1.htm") == "newpaper.dahe.cn/hnrb"
    assert site_key("http://www.ayrbs.com/szb/pc/column/202212/03/node_01.html") == "www.ayrbs.com/szb"
    assert site_key("http://zmdrb.zmdnews.cn/zmdrb/20221203/html/page_01.htm") == "zmdrb.zmdnews.cn/zmdrb"
    assert site_key("https://ribao.xyxww.com.cn/html/2020-01/27/node_2.htm") == "ribao.xyxww.com.cn"
    assert site_key("file:///home/me/saved/zgjjjcb.local/html/2017-07/22/node_2.htm") == "zgjjjcb.local"


def test_url_variants_collapse():
    page = "https://ribao.xyxww.com.cn/html/2020-01/27/node_5.htm"
    variants = ["content_95344.htm?div=-1", "content_95344.htm?div=0", "./content_95344.htm#top",
                "http://ribao.xyxww.com.cn/html/2020-01/27/content_95344.htm?v=1"]
    assert {resolve(page, v) for v in variants} == {"https://ribao.xyxww.com.cn/html/2020-01/27/content_95344.htm"}
    assert canonical_url("http://h/a.htm?b=2&a=1&div=-1") == "http://h/a.htm?a=1&b=2"


def test_content_hash_ignores_spacing_width_and_punctuation():
    original = ["　　1月28日，市疾控中心发布提示：居家要勤通风。", "外出须戴口罩！"]
    retyped = ["1月28日, 市疾控中心发布提示:居家要勤通风.", " 外出须戴口罩! "]
    assert dedup.content_hash(original) == dedup.content_hash(retyped)
    assert dedup.content_hash(original) != dedup.content_hash(["1月29日，市疾控中心发布提示：居家要勤通风。"])


def test_simhash_blocks_find_every_close_pair():
    a = dedup.simhash("各地要严格落实疫情防控措施，加强交通运输环节的卫生检疫工作。" * 5)
    for flip in (0, 17, 33, 63):
        b = a ^ (1 << flip) ^ (1 << ((flip + 20) % 64)) ^ (1 << ((flip + 41) % 64))
        assert dedup.hamming(a, b) == 3
        assert set(dedup.blocks(a)) & set(dedup.blocks(b))


@pytest.fixture(scope="module")
def reprints(module_crawl, module_store):
    """信阳日报 29–30 and 河南日报 29: a wire story both print, a shared boilerplate opening, and
    an article 信阳日报 printed twice."""
    first = module_crawl("paper=xinyang", "start=2020-01-29", "end=2020-01-30")
    second = module_crawl("paper=henandaily", "date=2020-01-29")
    assert first.returncode == second.returncode == 0
    return module_store


def test_reprint_across_papers_is_linked_both_ways(reprints):
    ((w, w2),) = PAIRS["near"]
    assert reprints.articles.find_one({"_id": w})["near_duplicates"] == [w2]
    assert reprints.articles.find_one({"_id": w2})["near_duplicates"] == [w]


def test_shared_boilerplate_is_not_a_duplicate(reprints):
    ((a, b),) = PAIRS["not_near"]
    doc_a, doc_b = reprints.articles.find_one({"_id": a}), reprints.articles.find_one({"_id": b})
    assert "near_duplicates" not in doc_a and "near_duplicates" not in doc_b
    assert dedup.hamming(doc_a["simhash"], doc_b["simhash"]) > 3


def test_republication_in_one_paper_is_marked(reprints):
    ((original, again),) = PAIRS["exact"]
    first, second = reprints.articles.find_one({"_id": original}), reprints.articles.find_one({"_id": again})
    assert second["duplicate_of"] == original and "duplicate_of" not in first
    assert first["content_hash"] == second["content_hash"] and first["title"] != second["title"]
    assert reprints.articles.count_documents({"duplicate_of": {"$exists": True}}) == 1
    assert reprints.articles.count_documents({"near_duplicates": {"$exists": True}}) == 2


def _short(paper: str, day: str, article_id: str, title: str) -> dict:
    article = Article(paper=paper, date=day, url=f"http://x/{paper}/{article_id}.htm", article_id=article_id,
                      title=title, paragraphs=[f"{paper}报道：{title}。"])
    return to_document(NormalizePipeline().process_item(article))


def test_short_articles_are_matched_by_title_and_date(store):
    docs = [_short("a", "2020-01-29", "c1", "全省新增确诊病例12例"), _short("b", "2020-01-29", "c2", "全省新增确诊病例12例！"),
            _short("c", "2020-01-30", "c3", "全省新增确诊病例12例")]
    result = store.write("article", docs)
    assert len(result.new) == 3
    store.link_duplicates(result.new)
    assert store.articles.find_one({"_id": "a:2020-01-29:c1"})["near_duplicates"] == ["b:2020-01-29:c2"]
    assert "near_duplicates" not in store.articles.find_one({"_id": "c:2020-01-30:c3"})


def test_unchanged_write_is_not_a_write(store):
    doc = _short("a", "2020-01-29", "c1", "全省新增确诊病例12例")
    assert store.write("article", [doc]).new == ["a:2020-01-29:c1"]
    stored = store.articles.find_one({"_id": "a:2020-01-29:c1"})
    later = dict(doc, crawled_at="2031-01-01T00:00:00Z")
    assert store.write("article", [later]).unchanged == ["a:2020-01-29:c1"]
    assert store.articles.find_one({"_id": "a:2020-01-29:c1"}) == stored
    edited = _short("a", "2020-01-29", "c1", "全省新增确诊病例13例")
    assert store.write("article", [edited]).updated == ["a:2020-01-29:c1"]
    assert store.articles.find_one({"_id": "a:2020-01-29:c1"})["first_seen"] == stored["first_seen"]


def test_simhash_is_the_textbook_bit_vote():
    """The numpy vote gives exactly the per-bit weighted vote of the shingle hashes."""
    import hashlib
    import random

    from crawler.layouts.text import normalize_for_hash

    rng = random.Random(7)
    alphabet = "信阳日报疫情防控党员干部社区群众春节值守检查点，。"
    for _ in range(50):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 400)))
        norm = normalize_for_hash(text)
        shingles = [norm[i:i + dedup.SHINGLE] for i in range(max(1, len(norm) - dedup.SHINGLE + 1))]
        votes = [0] * 64
        for shingle in shingles:
            h = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
            for bit in range(64):
                votes[bit] += 1 if (h >> bit) & 1 else -1
        want = sum(1 << bit for bit in range(64) if votes[bit] > 0) if norm else 0
        assert dedup.simhash(text) == want


def test_hash_normalization_drops_exactly_whitespace_punctuation_and_symbols():
    """The translate table keeps every character the per-character definition keeps."""
    import random
    import unicodedata

    from crawler.layouts.text import normalize_for_hash

    rng = random.Random(11)
    pool = [chr(c) for c in range(0x20, 0x3100)] + list("信阳日报，。！？、《》【】\u3000\u00a0\t\n🙂€㎡①Ａｂ")
    for _ in range(200):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 300)))
        folded = unicodedata.normalize("NFKC", text)
        want = "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch)[0] not in "PS")
        assert normalize_for_hash(text) == want
    assert normalize_for_hash("先锋　旗帜，在一线飘扬！ (ＡＢ)") == "先锋旗帜在一线飘扬AB"


def _long(paper: str, n: int, simhash: int, body: str) -> dict:
    """A long article whose SimHash is ``simhash`` (set, not derived, so distances are chosen)."""
    article = Article(paper=paper, date="2020-01-29", url=f"http://x/{paper}/c{n}.htm", article_id=f"c{n}",
                      title=f"标题{n}", paragraphs=[body])
    article = NormalizePipeline().process_item(article)
    article.simhash = dedup.to_hex(simhash)
    return to_document(article)


def test_near_duplicate_links_are_those_of_comparing_every_pair(store):
    """Linking batch by batch, each article compared only with what shares one of its blocks,
    links exactly the pairs a comparison of every pair with every other finds."""
    import random

    rng = random.Random(12)
    bases = [rng.getrandbits(64) for _ in range(12)]
    docs, hashes, story = [], {}, {}
    for n in range(240):
        base = rng.choice(bases)
        value = base
        for bit in rng.sample(range(64), rng.choice([0, 1, 2, 3, 3, 4, 5, 8, 20])):
            value ^= 1 << bit  # near its base, or sharing blocks with it but too far
        paper = rng.choice(["a", "b"])
        body = f"第{rng.randrange(40)}篇" + "各地要严格落实疫情防控措施，加强交通运输环节的卫生检疫工作。" * 8
        doc = _long(paper, n, value, body)
        docs.append(doc)
        hashes[doc["_id"]] = value
        story[doc["_id"]] = (paper, doc["content_hash"])
    written = []
    for start in range(0, len(docs), 37):  # batches of uneven size, as the store writer makes them
        result = store.write("article", docs[start:start + 37])
        assert len(result.new) == len(docs[start:start + 37])
        store.link_duplicates(result.new)
        written += result.new
    want = {i: {j for j in written if j != i and story[j] != story[i] and (hashes[i] ^ hashes[j]).bit_count() <= 3}
            for i in written}
    got = {d["_id"]: set(d.get("near_duplicates", [])) for d in store.articles.find({}, {"near_duplicates": 1})}
    assert got == want
    # Enough of each case to mean something: links, candidates too far apart, close copies of one story.
    pairs = [(i, j) for i in written for j in written if i < j]
    shared = [(i, j) for i, j in pairs if set(dedup.blocks(hashes[i])) & set(dedup.blocks(hashes[j]))]
    assert sum(len(v) for v in want.values()) > 200
    assert sum(1 for i, j in shared if (hashes[i] ^ hashes[j]).bit_count() > 3) > 200
    assert sum(1 for i, j in pairs if story[i] == story[j] and (hashes[i] ^ hashes[j]).bit_count() <= 3) > 5


def test_a_second_copy_in_a_run_is_dropped_and_closed_editions_are_forgotten():
    """Copies of an item within its edition are dropped; once the edition's own item passed, its
    items' ids are let go (memory follows the editions in flight), and the edition stays one."""
    import dataclasses

    from scrapy.exceptions import DropItem

    from crawler.items import Edition, Page
    from crawler.pipelines import DedupPipeline

    dedup_items = DedupPipeline()
    first = Article(paper="a", date="2020-01-29", url="http://x/a/c1.htm", article_id="c1", title="t", paragraphs=["p"])
    other_day = Article(paper="a", date="2020-01-30", url="http://x/a/c1.htm", article_id="c1", title="t",
                        paragraphs=["p"])
    page = Page(paper="a", date="2020-01-29", page_no="01", page_name="要闻", url="http://x/a/node_1.htm")
    for item in (first, other_day, page):
        assert dedup_items.process_item(item) is item
    with pytest.raises(DropItem, match="already scraped in this run as a:2020-01-29:c1"):
        dedup_items.process_item(dataclasses.replace(first))
    assert dedup_items.seen["a:2020-01-29"] == {("article", first.id), ("page", page.id)}
    edition = Edition(paper="a", paper_name="A", date="2020-01-29", url="http://x/a/node_1.htm")
    assert dedup_items.process_item(edition) is edition
    assert set(dedup_items.seen) == {"a:2020-01-30"} and dedup_items.seen["a:2020-01-30"] == {("article", other_day.id)}
    with pytest.raises(DropItem, match="already scraped in this run as a:2020-01-29$"):
        dedup_items.process_item(Edition(paper="a", paper_name="A", date="2020-01-29", url="http://x/a/node_1.htm"))
    assert set(dedup_items.seen) == {"a:2020-01-30"}
