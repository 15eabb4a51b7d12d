"""The one tokenizer of the store (index) and the CLI (queries): whole words, cut the same way."""

from __future__ import annotations

from crawler.items import Article
from crawler.query import ArticleQuery
from crawler.store.fulltext import FullText
from crawler.store import to_document
from crawler.tokens import count_hits, hit_spans, query_tokens, word_list

LONG_SENTENCE = ("为充分发挥基层党组织战斗堡垒作用，全面调动广大党员干部先锋模范作用，1月26日，市委组织部向全市发出通知，"
                 "号召全市各级党组织和广大党员在打赢疫情防控攻坚战中充分发挥战斗堡垒和先锋模范作用。")


def test_two_character_word_inside_a_long_sentence_is_found():
    tokens = set(word_list(LONG_SENTENCE))
    assert query_tokens("堡垒") == ["堡垒"]
    assert "堡垒" in tokens
    # a word inside a longer word is indexed too (search mode): 攻坚战 → 攻坚
    assert {"攻坚战", "攻坚", "党员", "干部"} <= tokens
    assert [LONG_SENTENCE[s:e] for s, e in hit_spans(LONG_SENTENCE, ["堡垒"])] == ["堡垒", "堡垒"]


def test_characters_that_only_touch_across_a_word_boundary_are_no_hit():
    # 发热|门诊 holds the characters 热门, 延长|春节 holds 长春, 疫情|防控 holds 情防: none is a word there
    for text, word in (("加强定点医院和发热门诊建设", "热门"), ("我市落实延长春节假期有关要求", "长春"),
                       ("打赢疫情防控攻坚战", "情防")):
        assert word in text
        assert query_tokens(word) == [word]
        assert word not in word_list(text)
        assert hit_spans(text, [word]) == []


def test_query_is_cut_like_the_index_and_keeps_only_words():
    assert query_tokens("疫情防控") == ["疫情", "防控"]
    assert set(query_tokens("疫情防控")) <= set(word_list("坚决打赢疫情防控阻击战"))
    assert query_tokens("疫情 防控 疫情") == ["疫情", "防控"]
    # operator-looking text leaves only plain words (or nothing) to look up
    assert query_tokens(".*") == []
    assert query_tokens("$where") == ["where"]
    assert query_tokens('{"$ne": null}') == ["ne", "null"]


def test_full_width_letters_and_digits_match_what_users_type():
    text = "ＣＯＶＩＤ－１９疫情"
    assert {"covid", "19", "疫情"} <= set(word_list(text))
    assert query_tokens("COVID") == ["covid"]
    assert [text[s:e] for s, e in hit_spans(text, ["covid"])] == ["ＣＯＶＩＤ"]
    assert count_hits(text, ["covid", "19"]) == 2


def test_the_search_index_holds_this_tokenizers_words_and_the_store_none(tmp_path):
    """Words live in the derived search index only: the stored article carries no word list
    (a multikey index of them made every write ~10x slower on the embedded server)."""
    article = Article(paper="xinyang", date="2020-01-27", url="https://x/1.htm", article_id="1",
                      title="先锋旗帜在一线飘扬", subtitle="打赢疫情防控攻坚战我市党员干部冲在前", body=LONG_SENTENCE)
    doc = to_document(article)
    assert "tokens" not in doc
    index = FullText(tmp_path / "index.sqlite", "test", "test")
    index.add([doc])
    for word in ("先锋", "旗帜", "疫情", "堡垒"):
        assert index.matching(ArticleQuery(words=(word,))) == [(doc["_id"], doc["rev"])]
    index.close()


def test_ranking_headline_words_then_hits_then_newest(tmp_path):
    words = ("疫情",)
    docs = [
        {"_id": "a", "date": "2020-01-27", "title": "抗击疫情", "body": "疫情"},           # headline, 2 hits
        {"_id": "b", "date": "2020-01-28", "title": "春节", "body": "疫情。" * 10},        # no headline, 10 hits
        {"_id": "c", "date": "2020-01-28", "title": "抗击疫情", "body": "疫情"},           # like a, newer
        {"_id": "d", "date": "2020-01-26", "subtitle": "疫情防控", "body": "疫情。" * 5},  # subtitle counts as headline
    ]
    index = FullText(tmp_path / "index.sqlite", "test", "test")
    index.add({**d, "rev": d["_id"]} for d in docs)
    best, total = index.search(ArticleQuery(words=words), limit=3)
    assert best == [("d", 1, 6), ("c", 1, 2), ("a", 1, 2)]
    assert total == 4
    assert [ident for ident, _, _ in index.search(ArticleQuery(words=words), limit=10)[0]] == ["d", "c", "a", "b"]
    index.close()


def test_query_filter_is_typed():
    assert ArticleQuery(words=("疫情", "防控"), papers=("xinyang",), start="2020-01-27", end="2020-01-28",
                        page="02", author="王凌云").to_filter() == {
        "paper": {"$in": ["xinyang"]},
        "date": {"$gte": "2020-01-27", "$lt": "2020-01-29"},
        "$or": [{"page_no": "02"}, {"pages": "02"}],
        "authors": "王凌云",
    }
