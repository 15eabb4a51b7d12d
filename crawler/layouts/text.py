"""Text rules shared by every layout: whitespace, page labels, bylines, boilerplate.

Pure string functions, no HTML. The rules are the ones in tests/fixtures/README.md.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"[\s\u00a0\u3000\u2002\u2003\u200b\ufeff]+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def clean(text: str | None) -> str:
    """Collapse every kind of whitespace (nbsp, full-width space) to one space and strip."""
    if not text:
        return ""
    return _WS.sub(" ", text).strip()


def squeeze_cjk(text: str) -> str:
    """Remove typesetting spaces between two Chinese characters ("要 闻" -> "要闻")."""
    return _CJK_GAP.sub("", clean(text))


# "第02版:综合要闻", "第A01版：头版", "A01： 头版", "01版:要闻", "第1版　　要闻", "(A01) 名称",
# "[01]:头版" (PaperIndex) — number group, then the name.
_LABEL_PATTERNS = [
    re.compile(r"^第\s*([A-Za-z]{0,2}\s*\d{1,3})\s*版\s*[:：]?\s*(.*)$"),
    re.compile(r"^([A-Za-z]{0,2}\d{1,3})\s*版\s*[:：]?\s*(.*)$"),
    re.compile(r"^([A-Za-z]{1,2}\d{1,3}|\d{1,3})\s*[:：]\s*(.+)$"),
    re.compile(r"^[(（\[【]\s*([A-Za-z]{0,2}\d{1,3})\s*[)）\]】]\s*[:：]?\s*(.+)$"),
]
_PAGE_NO = re.compile(r"^([A-Za-z]{0,2})\s*0*(\d{1,3})$")


def normalize_page_no(raw: str) -> str:
    """"1" -> "01", "a1" -> "A01", "A01" -> "A01"; anything else is returned cleaned."""
    m = _PAGE_NO.match(clean(raw))
    if not m:
        return clean(raw)
    letters, number = m.groups()
    return f"{letters.upper()}{int(number):02d}"


def parse_page_label(text: str) -> tuple[str, str] | None:
    """Split a page label into (page_no, page_name), or None when it is not a page label."""
    label = clean(text)
    if not label or len(label) > 60:
        return None
    for pattern in _LABEL_PATTERNS:
        m = pattern.match(label)
        if m:
            name = squeeze_cjk(re.sub(r"\s*PDF.*$", "", m.group(2)))
            return normalize_page_no(m.group(1)), name
    return None


_DASHES = re.compile(r"^[\s—–\-－―─~～]+")


def strip_dashes(text: str) -> str:
    """副题 come as "——打赢…"; the dashes are typography, not text."""
    return clean(_DASHES.sub("", clean(text)))


_MARKERS = "□■●◆◇▲△★☆◎○"
_ROLES = (
    "本报特约评论员", "本报评论员", "特约评论员", "评论员", "本报特约通讯员", "本报全媒体记者", "本报融媒体记者", "全媒体记者", "融媒体记者",
    "本报特约记者", "本报见习记者", "本报实习生", "本报通讯员", "本报记者", "特约通讯员",
    "特约记者", "见习记者", "首席记者", "通讯员", "实习生", "记者", "摄影", "摄",
    "文/图", "文／图", "图/文", "文/", "文／", "图/", "图／", "文图",
)
_ROLE_RE = re.compile("|".join(re.escape(r) for r in sorted(_ROLES, key=len, reverse=True)))
_PAPER_PREFIX = re.compile(rf"^[{_CJK}]{{2,6}}(?:日报|晚报|时报|商报|报)(?=全媒体记者|融媒体记者|记者|通讯员)")
_BYLINE_START = re.compile(
    rf"^(?:[{_MARKERS}]|本报|记者|通讯员|实习生|特约|文\s*[/／]|图\s*[/／]|摄影|"
    rf"[{_CJK}]{{2,6}}(?:日报|晚报|报)(?:全媒体|融媒体)?记者)"
)
_SENTENCE_END = re.compile(r"[。！？!?；;]")


def is_byline(line: str) -> bool:
    """A short line such as "□本报记者 王凌云" or "文/图 张三": a byline, not a paragraph."""
    text = clean(line)
    return (
        0 < len(text) <= 40
        and bool(_BYLINE_START.match(text))
        and not _SENTENCE_END.search(text)
        and "（" not in text[:4]
    )


def byline_authors(byline: str) -> list[str]:
    """Names in a byline: markers, role words and padding removed.

    "□本报记者 王凌云 通讯员 张明" -> ["王凌云", "张明"]; "本报记者 殷 英" -> ["殷英"].
    """
    text = clean(byline).strip(_MARKERS + " ")
    text = _PAPER_PREFIX.sub("", text)
    names: list[str] = []
    for chunk in _ROLE_RE.split(text):
        chunk = re.sub(r"[()（）【】\[\]]", " ", chunk)
        parts = [p for p in re.split(r"[\s、，,;；/／|]+", chunk) if p]
        names.extend(_join_padded(parts))
    return [n for n in names if n and not n.isdigit()]


def _join_padded(parts: list[str]) -> list[str]:
    """Typesetters pad two-character names ("殷 英"): single characters pair up again."""
    out: list[str] = []
    i = 0
    while i < len(parts):
        if len(parts[i]) == 1 and i + 1 < len(parts) and len(parts[i + 1]) == 1:
            out.append(parts[i] + parts[i + 1])
            i += 2
        else:
            out.append(parts[i])
            i += 1
    return out


_BOILERPLATE = [
    re.compile(p)
    for p in (
        r"^PDF版(阅读|下载)$",
        r"^第\s*[A-Za-z]{0,2}\d{1,3}\s*版\s*[:：].{0,20}PDF版(阅读|下载)$",
        r"^《?\w{2,8}(日报|晚报|时报|报)》?客户端$",
        r"^一端在手\s*信息全有$",
        r"^温馨提示$",
        r"^本页面内容不允许直接阅读",
        r"^扫描二维码下载客户端$",
        r"^您的IE浏览器版本太低",
        r"^(上一篇|下一篇|返回目录|返回版面|返回首页|打印本文|关闭窗口|放大|缩小|默认)(\s|$)",
        r"^(版权所有|Copyright|copyright|©)",
        r"^(本文来源|来源)[:：]\S{0,20}$",
    )
]


def is_boilerplate(line: str) -> bool:
    """Site chrome that the article text must not contain."""
    text = clean(line)
    return any(p.search(text) for p in _BOILERPLATE)


def normalize_for_hash(text: str) -> str:
    """Text reduced for content comparison: NFKC width folding, no whitespace or punctuation."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and not unicodedata.category(ch).startswith(("P", "S")))
