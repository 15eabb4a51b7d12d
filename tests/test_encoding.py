"""Decoding: header, then meta, then strict UTF-8, then GB18030; never guessing."""

from crawler.encoding import decode_html

TEXT = "先锋旗帜在一线飘扬，镕珺堃喆"


def page(charset: str) -> str:
    return f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head><body>{TEXT}</body></html>'


def test_gbk_bytes_with_gbk_header():
    text, used = decode_html(page("gb2312").encode("gbk"), "text/html; charset=GBK")
    assert TEXT in text and used == "gb18030"


def test_meta_names_gb2312_but_file_is_utf8():
    text, used = decode_html(page("gb2312").encode("utf-8"), "text/html")
    assert TEXT in text and used == "utf-8"


def test_gb2312_meta_with_characters_outside_gb2312():
    text, _ = decode_html(page("gb2312").encode("gbk"), None)
    assert TEXT in text  # gb2312 is read as its superset GB18030 (w3lib's mapping)


def test_no_declaration_utf8_then_gb18030():
    assert decode_html(f"<p>{TEXT}</p>".encode("utf-8"))[1] == "utf-8"
    text, used = decode_html(f"<p>{TEXT}</p>".encode("gb18030"))
    assert TEXT in text and used == "gb18030"


def test_sparse_page_is_not_guessed_as_cyrillic():
    sparse = '<html><body><a href="node_1.htm">01版：要闻</a></body></html>'.encode("utf-8")
    assert "01版：要闻" in decode_html(sparse)[0]


def test_override_wins_and_bom():
    assert decode_html(page("utf-8").encode("gbk"), "text/html; charset=utf-8", override="gbk")[1] == "gb18030"
    assert decode_html(b"\xef\xbb\xbf" + "新闻".encode("utf-8"))[0] == "新闻"


def test_utf8_page_with_a_stray_byte_stays_utf8():
    """One invalid byte must not make the whole page GB18030 (every title garbled)."""
    body = page("utf-8").encode("utf-8").replace("一线".encode(), b"\xff" + "一线".encode())
    text, used = decode_html(body, "text/html")
    assert used == "utf-8" and "先锋旗帜在\ufffd一线飘扬" in text
    undeclared = f"<p>{TEXT}</p><p>{TEXT}</p>".encode("utf-8")[:-9] + b"\xe5\x85</p>"  # a cut character
    text, used = decode_html(undeclared)
    assert used == "utf-8" and TEXT in text


def test_gb_declared_utf8_page_with_a_stray_byte_stays_utf8():
    body = page("gb2312").encode("utf-8").replace("飘扬".encode(), b"\xc0" + "飘扬".encode())
    text, used = decode_html(body, "text/html")
    assert used == "utf-8" and "飘扬" in text


def test_gbk_page_is_not_taken_for_damaged_utf8():
    text, used = decode_html(f"<p>{TEXT}</p>".encode("gbk"))
    assert used == "gb18030" and TEXT in text
