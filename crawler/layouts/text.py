"""Text rules shared by every layout: whitespace, page labels, bylines, boilerplate.

Pure string functions, no HTML. The rules are the ones in tests/fixtures/README.md. The line
tests (page label, date, photo credit, byline) keep a bounded cache: the header, byline and
paragraph rules ask about the same line several times per document, and a paper's chrome lines
recur on its pages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

_F = TypeVar("_F", bound=Callable)
_FORGETTERS: list[Callable[[], None]] = []


def document_cache(maxsize: int = 4096) -> Callable[[_F], _F]:
    """``lru_cache`` for what a document says (a line, a title): bounded, and emptied by
    :func:`forget_documents`, unlike the caches of set-up work (compiled selectors)."""

    def wrap(fn: _F) -> _F:
        cached = lru_cache(maxsize=maxsize)(fn)
        _FORGETTERS.append(cached.cache_clear)
        return cached  # type: ignore[return-value]

    return wrap


def on_forget(clear: Callable[[], None]) -> None:
    """Have :func:`forget_documents` call ``clear`` too (a cache that is no ``lru_cache``)."""
    _FORGETTERS.append(clear)


def forget_documents() -> None:
    """Empty every cache of what documents said, so the next read is a first read, as in a
    crawl (what the bench measures)."""
    for clear in _FORGETTERS:
        clear()

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


_ZERO_WIDTH = str.maketrans({"\u200b": " ", "\ufeff": " "})


def clean(text: str | None) -> str:
    """Collapse every kind of whitespace (nbsp, full-width space, zero-width space) to one
    space and strip. ``str.split()`` splits on exactly what ``\\s`` matches; the two zero-width
    characters it does not know become spaces first."""
    if not text:
        return ""
    if "\u200b" in text or "\ufeff" in text:
        text = text.translate(_ZERO_WIDTH)
    return " ".join(text.split())


def clean_lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, each :func:`clean` (one pass for the zero-width check)."""
    if "\u200b" in text or "\ufeff" in text:
        text = text.translate(_ZERO_WIDTH)
    return [line for line in (" ".join(x.split()) for x in text.split("\n")) if line]


_SPACES = re.compile(r"\s+")
_PADDED_RUN = re.compile(rf"(?<!\S)[{_CJK}](?:\s+[{_CJK}])+(?!\S)")


def tidy_name(text: str) -> str:
    """A page name without its typesetting spaces: a run of single characters set apart
    ("要 闻", "综 合") closes up; spaces between phrases stay ("决胜全面小康 开启新的征程")."""
    return _PADDED_RUN.sub(lambda m: _SPACES.sub("", m.group()), clean(text))


def squeeze_cjk(text: str) -> str:
    """Remove typesetting spaces between two Chinese characters ("要 闻" -> "要闻")."""
    return _CJK_GAP.sub("", clean(text))


# "第02版:综合要闻", "第A01版：头版", "A01： 头版", "01版:要闻", "第1版　　要闻", "(A01) 名称",
# "[01]:头版" (PaperIndex), "第三版：要闻", "A01版-要闻" — number group, then the name.
_CHINESE_NUMERALS = "零一二三四五六七八九十"
# A page's number as labels and marks print it: "A01", "3", "三", "十二".
_PAGE_NUMBER = r"(?:[A-Za-z]{0,2}\s*\d{1,3}|[一二三四五六七八九十]{1,3})"
_LABEL_PATTERNS = [
    re.compile(rf"^第\s*({_PAGE_NUMBER})\s*版\s*[:：\-－—–/／|｜·]?\s*(.*)$"),
    re.compile(r"^([A-Za-z]{0,2}\d{1,3})\s*版\s*[:：\-－—–/／|｜·]?\s*(.*)$"),
    re.compile(r"^([A-Za-z]{1,2}\d{1,3}|\d{1,3})\s*[:：]\s*(.+)$"),
    re.compile(r"^[(（\[【]\s*([A-Za-z]{0,2}\d{1,3})\s*[)）\]】]\s*[:：]?\s*(.+)$"),
]
_PDF_TAIL = re.compile(r"\s*[（(\[【]?\s*PDF.*$", re.I)
_BRACKETED_NAME = re.compile(r"^[（(【\[〔]\s*([^（()）【】\[\]〔〕]+?)\s*[）)】\]〔〕]$")  # "第1版（头版）"
_CHINESE_DIGITS = {c: i for i, c in enumerate(_CHINESE_NUMERALS[:10])}


def _chinese_number(text: str) -> str:
    """"三" -> "3", "十二" -> "12", "二十" -> "20": the page numbers some skins print in words."""
    if "十" not in text:
        return "".join(str(_CHINESE_DIGITS[c]) for c in text)
    tens, _, units = text.partition("十")
    return str((_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0))
_PAGE_NO = re.compile(r"^([A-Za-z]{0,2})\s*0*(\d{1,3})$")


def normalize_page_no(raw: str) -> str:
    """"1" -> "01", "a1" -> "A01", "A01" -> "A01"; anything else is returned cleaned."""
    m = _PAGE_NO.match(clean(raw))
    if not m:
        return clean(raw)
    letters, number = m.groups()
    return f"{letters.upper()}{int(number):02d}"


@document_cache()
def parse_page_label(text: str) -> tuple[str, str] | None:
    """Split a page label into (page_no, page_name), or None when it is not a page label."""
    label = clean(text)
    if not label or len(label) > 60:
        return None
    for pattern in _LABEL_PATTERNS:
        m = pattern.match(label)
        if m:
            name = tidy_name(_PDF_TAIL.sub("", m.group(2)))
            if name[:1] in "（(【[〔":
                name = _BRACKETED_NAME.sub(r"\1", name)
            number = m.group(1)
            if number[0] in _CHINESE_NUMERALS:
                number = _chinese_number(number)
            return normalize_page_no(number), name
    return None


_DASHES = re.compile(r"^[\s—–\-－―─~～]+")


def strip_dashes(text: str) -> str:
    """副题 come as "——打赢…"; the dashes are typography, not text."""
    return clean(_DASHES.sub("", clean(text)))


# ----- titles as evidence ---------------------------------------------------------------------
_ELLIPSIS = re.compile(r"(?:\.{2,}|…+|⋯+|。{2,})\s*$")
# Where print sends the reader: a jump ("下转第二版", "上接A1版") or a 导读's pointer ("详见第三版",
# "相关报道见第2版", "见A3、A4版"), arrows around it ("（下转第二版▲）", "▶详见A03版").
_POINTER = r"(?:下转|上接|紧接|接|转|(?:全文|详细|相关|更多)?(?:报道|新闻|评论|图片|内容|图文|详情)?\s*(?:详见|请见|见))"
_PAGES = rf"(?:第\s*)?{_PAGE_NUMBER}(?:\s*[、,，\-—～~至]\s*(?:第\s*)?{_PAGE_NUMBER})*\s*版"
_ARROWS = "▲△▼▽▶►→↑↓"
_PICTURE_MARK = re.compile(
    r"\s*[（(\[【]\s*(?:图|组图|图文|视频|附图"
    rf"|[{_ARROWS}]?\s*(?:{_POINTER})?\s*{_PAGES}\s*[{_ARROWS}]?)\s*[）)\]】]\s*$"
)
_LIST_MARK = re.compile(r"^[·•●○■□◆◇▪▶►★☆※>＞\s]+")


def list_title(text: str) -> str:
    """A title as a page lists it, without list bullets, "（图）" marks and the page a 导读 points
    at ("城市更新让老街区焕发新活力（3版）")."""
    return clean(_PICTURE_MARK.sub("", _LIST_MARK.sub("", clean(text))))


def is_truncated(text: str) -> bool:
    """A title cut short for a list ("…", "...")."""
    return bool(_ELLIPSIS.search(clean(text)))


@document_cache(maxsize=8192)
def title_key(text: str) -> str:
    """A title reduced for comparison: no ellipsis, marks, spaces or punctuation, widths folded."""
    return normalize_for_hash(_ELLIPSIS.sub("", list_title(text)))


def same_title(found: str, evidence: str) -> bool:
    """Whether a title found in a document is the one ``evidence`` names.

    Equal after :func:`title_key`, or one a prefix of the other when lists cut titles short
    (人民日报 lists 20 characters, sometimes with "…"; a list may also add the 副题)."""
    a, b = title_key(found), title_key(evidence)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) < 4 or not long.startswith(short):
        return False
    return is_truncated(evidence) or is_truncated(found) or len(short) >= 12 or len(short) * 2 >= len(long)


_DATE_LINE = re.compile(
    r"^[\s(（\[【]*(?:\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?|\d{1,2}\s*月\s*\d{1,2}\s*日)"
    r"[\s\d:：星期周一二三四五六日天)）\]】]*$"
)


@document_cache()
def is_date_line(line: str) -> bool:
    """"2023年02月11日", "2017-10-16 星期一": a date, not a heading."""
    return bool(_DATE_LINE.match(clean(line)))


_MARKERS = "□■●◆◇▲△★☆◎○"
# Role words, longest first. A paper or agency name may stand before one ("湖北日报全媒记者",
# "新华社记者"); a 评论员 byline names an institution, not a person.
_PERSON_ROLE = (
    r"(?:本报|本刊)?(?:特约|见习|首席|实习|驻\w{1,6}?)?(?:全媒体|融媒体|全媒|融媒)?(?:首席|特约|见习)?"
    r"(?:摄影记者|记者|通讯员|评论员|实习生)"
)
# Credit words before a name ("文｜张三", "撰稿 张三", "口述 张三 整理 李四"); those that also
# begin words ("整理好…") only count with a space, colon or slash after them.
_ROLE = (
    rf"{_PERSON_ROLE}"
    r"|摄影|摄|文\s*[/／|｜]\s*图|图\s*[/／|｜]\s*文|[文图]\s*[/／|｜:：]|文图|撰文|供图|作者\s*[:：|｜]"
    r"|(?:撰稿|口述|整理|采写|执笔)(?=\s*[:：/／|｜]|\s)"
)
_ROLE_RE = re.compile(_ROLE)
# A paper may add its app or site after a "·" ("大河报·大河客户端记者", "齐鲁晚报·齐鲁壹点记者").
_INSTITUTION = (
    rf"(?:[{_CJK}]{{1,10}}?(?:日报社?|晚报|时报|商报|报社|报|电视台|广播电视台|融媒体中心|新闻网|网)"
    rf"(?:[·・][{_CJK}]{{2,8}}?)?|新华社|中新社|中国新闻社|本报|本刊)"
)
_INSTITUTION_PREFIX = re.compile(rf"^{_INSTITUTION}(?=(?:{_ROLE}))")
_INSTITUTION_NAME = re.compile(rf"^{_INSTITUTION}$|(?:评论员|编辑部|通讯社)$")
# "据新华社北京2月10日电", "新华社北京10月15日电", "（据《人民日报》）": the source, no person.
_SOURCE_LINE = re.compile(
    rf"^[（(]?\s*据?\s*《?(?:新华社|中新社|中国新闻社|[{_CJK}]{{2,10}}(?:日报|晚报|报|网|社))》?"
    r"[^（()）。，！？]{0,24}?电?\s*[）)]?$"
)
# "（据新华社）", "（据《人民日报》）", "（本报综合）", "（综合新华社、央视新闻）": where the text came from.
_SOURCE_ONLY = re.compile(r"^[（(]\s*(?:据\s*《?[^（()）《》]{2,20}》?|(?:本报|本刊)?综合[^（()），。]{0,20})\s*[）)]$")
_SOURCE_HEAD = re.compile(rf"^据?\s*(?:新华社|中新社|中国新闻社|[{_CJK}]{{2,10}}(?:日报|晚报|报|网|社))[^（()）]{{0,24}}?电")
_BYLINE_START = re.compile(
    rf"^(?:[{_MARKERS}]|本报|本刊|记者|通讯员|实习生|特约|见习|首席|全媒|融媒|文\s*[/／:：|｜]|图\s*[/／|｜]|摄影|撰文|"
    rf"作者\s*[:：|｜]|(?:撰稿|口述|整理|采写|执笔)(?=\s*[:：/／|｜]|\s)|{_INSTITUTION}(?:{_ROLE}))"
)
# "张三/文 李四/图", "本报记者 王凌云/文 李华/摄", "张三 文/图": names each followed by what the
# person did; with the text's author among them, a byline even when it ends with "摄".
_NAME_CREDIT = rf"[{_CJK}]{{1,4}}(?:\s[{_CJK}])?\s*(?:[/／]\s*(?:文图|文|图|摄影|摄)|\s文\s*[/／]\s*图)"
_CREDITED_NAMES = re.compile(
    rf"^(?:(?:{_INSTITUTION})?(?:{_PERSON_ROLE})\s*)?{_NAME_CREDIT}(?:[\s、，,]+{_NAME_CREDIT})*$"
)
_TEXT_CREDIT = re.compile(r"[/／]\s*文|文\s*[/／]\s*图")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_PHOTO_CREDIT = re.compile(r"(?:摄|供图|摄影报道|资料图片?|新华社发|图片来源[^）)]{0,20})\s*[)）]?$")
# Words that follow a role word in headings, not names: 记者手记, 记者观察, 通讯员来信 …
_NOT_NAMES = frozenset(
    "手记 观察 调查 日记 札记 感言 走访 探访 追踪 体验 直击 见闻 视角 连线 笔记 热线 在线 来信 故事 "
    "现场 在现场 一线 节 证 站 说 看 问 答".split()
)
# What a byline says a person did, after the name: "本报记者 王凌云 报道", "张三/文 李四/图".
_CREDIT_WORDS = frozenset("报道 文 图 摄 整理 采写 编译 文图 口述 撰稿 执笔".split())
_ROLE_ONLY = re.compile(rf"(?:{_INSTITUTION})?(?:{_ROLE})")
_BRACKETS = re.compile(r"[()（）【】\[\]《》]")
# "□ 张三（中共信阳市委党校）", "■ 李四（信阳师范学院教授）": where the author works, after the name.
_AFFILIATION = re.compile(
    r"\s*[（(](?:作者单位[:：]\s*)?[^（()）:：]{0,20}?(?:党校|大学|学院|研究院|研究所|研究中心|研究会|委员会|协会|学会"
    r"|联合会|医院|学校|中学|小学|银行|公司|集团|政府|法院|检察院|报社|[市县区省]委|中心|[局厅部委办所院校])"
    r"[^（()）:：]{0,8}[）)]$"
)
_NAME_SEPARATORS = re.compile(rf"[\s、，,;；/／|:：{_MARKERS}]+")


def _without_affiliation(text: str) -> str:
    """A byline without the author's workplace in brackets after the name."""
    return _AFFILIATION.sub("", text) if text.endswith(("）", ")")) else text


# A name: Chinese names are two to four characters; transliterated ones (约翰·史密斯) run longer.
_NAME = re.compile(rf"^(?:[{_CJK}]{{1,4}}|[{_CJK}]{{2,8}}[·・][{_CJK}·・]{{2,12}}|[A-Za-z][A-Za-z .'-]{{0,30}})$")
_BARE_NAME = re.compile(rf"^[{_CJK}]{{2,3}}$")
_LETTER = re.compile(rf"[{_CJK}A-Za-z]")
_DATELINE = re.compile(r"^[^\s（()）。，！？]{1,20}?(?:讯|电)\s*[（(]\s*([^（()）]{2,60}?)\s*[）)]")


def _unbracket(text: str) -> str:
    text = clean(text).strip(_MARKERS + " ")
    if len(text) > 2 and text[0] in "（(【[" and text[-1] in "）)】]":
        text = text[1:-1]
    return clean(text).strip(_MARKERS + " ")


@document_cache()
def is_photo_credit(line: str) -> bool:
    """"（湖北日报全媒记者 柯皓 摄）", "张三 摄": a picture's credit, which belongs to its caption."""
    return bool(_PHOTO_CREDIT.search(clean(line)))


def is_source_line(line: str) -> bool:
    """A line that only names the source: "据新华社北京2月10日电", "（据新华社电）"."""
    text = clean(line)
    if not 0 < len(text) <= 40:
        return False
    return ("电" in text and bool(_SOURCE_LINE.match(text))) or bool(_SOURCE_ONLY.match(text))


@document_cache()
def is_byline(line: str) -> bool:
    """A short line such as "□本报记者 王凌云", "文/图 张三", "□ 湖北日报评论员" or
    "据新华社北京2月10日电": a byline, not a paragraph. Photo credits are captions, and
    headings such as "记者手记" are not bylines."""
    text = clean(line)
    if not 0 < len(text) <= 40 or _SENTENCE_END.search(text):
        return False
    inner = _without_affiliation(_unbracket(text))
    if ("/" in inner or "／" in inner) and _CREDITED_NAMES.match(inner) and _TEXT_CREDIT.search(inner):
        names = byline_authors(inner)
        return bool(names) and all(len(n) >= 2 and n not in _NOT_NAMES and _NAME.match(n) for n in names)
    starts = _BYLINE_START.match(text) or _BYLINE_START.match(inner)
    source = is_source_line(text)
    if not (starts or source) or is_photo_credit(text):  # most lines fail the first, cheaper test
        return False
    if source:
        return True
    if not starts or "（" in inner[:4]:
        return False
    names = byline_authors(inner)
    if any(n in _NOT_NAMES or not _NAME.match(n) for n in names):
        return False  # "记者：请介绍一下…": a question, not a name
    if not _BYLINE_START.match(inner) and not any(_BARE_NAME.match(n) for n in names):
        return False  # a mark and no role word ("■ 相关链接", "● 全国碳市场…"): a list item or box title
    return bool(names) or "评论员" in inner or bool(_ROLE_ONLY.fullmatch(inner))


_CONTINUATION = re.compile(rf"^[{_MARKERS}\s]*(?:{_INSTITUTION})?(?:{_ROLE})")


@document_cache()
def continues_byline(line: str) -> bool:
    """A short line of role words and names only ("通讯员 王晓", "□实习生 李明", "文/图 张三"):
    printed under a byline, it is the byline's next line, never a paragraph."""
    text = clean(line)
    return (len(text) <= 30 and _CONTINUATION.match(text) is not None and is_byline(text)
            and not is_source_line(text) and bool(byline_authors(text)))


# "…5万亩。（王明 张三）", "…提质。（记者 张伟 通讯员 李明）": the credit after the last sentence.
_CLOSING_CREDIT = re.compile(r"(?<=[。！？!?”\"…])\s*([（(][^（()）]{2,30}[）)])$")
_NOT_IN_NAMES = re.compile(r"[完续删节摘转载编]")  # "（待续）", "（有删节）", "（摘编）": notes, not names


def closing_credit(paragraph: str) -> str:
    """The credit in parentheses that closes a paragraph, "" if none: a byline
    ("（记者 张伟）") or one to four bare names ("（王明 张三）")."""
    m = _CLOSING_CREDIT.search(paragraph) if paragraph.endswith(("）", ")")) else None
    if m is None:
        return ""
    credit = m.group(1)
    if is_byline(credit):
        return credit if byline_authors(credit) else ""
    names = [n for n in _NAME_SEPARATORS.split(credit[1:-1]) if n]
    bare = 0 < len(names) <= 4 and all(
        _BARE_NAME.match(n) and not _NOT_IN_NAMES.search(n) and not _ROLE_ONLY.fullmatch(n)
        and not _INSTITUTION_NAME.search(n) for n in names)
    return credit if bare else ""


def byline_authors(byline: str) -> list[str]:
    """Names in a byline: markers, role words, institutions and padding removed.

    "□本报记者 王凌云 通讯员 张明" -> ["王凌云", "张明"]; "本报记者 殷 英" -> ["殷英"];
    "□ 湖北日报评论员" -> []; "湖北日报全媒记者 左晨" -> ["左晨"]; "本报记者 张三/文 李四/图"
    and "本报记者 张三 李四 报道" -> ["张三", "李四"].
    """
    if _SOURCE_ONLY.match(clean(byline)) and not _ROLE_RE.search(byline):
        return []  # a source note names no person
    text = _without_affiliation(_unbracket(byline))
    text = _SOURCE_HEAD.sub("", text)
    text = _INSTITUTION_PREFIX.sub("", text)
    names: list[str] = []
    for chunk in _ROLE_RE.split(text):
        chunk = _BRACKETS.sub(" ", chunk)
        parts = [p for p in _NAME_SEPARATORS.split(chunk) if p]
        names.extend(_join_padded(parts))
    return [n for n in names if n and not n.isdigit() and n not in _CREDIT_WORDS
            and not _INSTITUTION_NAME.search(n) and _LETTER.search(n)]


def has_letter(text: str) -> bool:
    """Whether ``text`` has a Chinese character or a Latin letter (not only digits and marks)."""
    return _LETTER.search(text) is not None


def is_dateline_only(paragraph: str) -> bool:
    """A paragraph that is only a dateline with its credit ("湖北日报讯（记者左晨）")."""
    text = clean(paragraph)
    m = _DATELINE.match(text)
    return bool(m) and m.end() == len(text) and bool(dateline_credit(text))


def dateline_credit(paragraph: str) -> str:
    """The credit inside a lead paragraph's dateline, "" if none:
    "湖北日报讯 （记者王理略、通讯员鄂文旅）白云黄鹤…" -> "记者王理略、通讯员鄂文旅"."""
    m = _DATELINE.match(clean(paragraph))
    if not m or not _ROLE_RE.search(m.group(1)):
        return ""
    credit = clean(m.group(1))
    return credit if byline_authors(credit) else ""


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


# Each alternative is matched at the start of the cleaned line.
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in (
    r"PDF版(阅读|下载)$",
    r"第\s*[A-Za-z]{0,2}\d{1,3}\s*版\s*[:：].{0,20}PDF版(阅读|下载)$",
    r"《?\w{2,8}(日报|晚报|时报|报)》?客户端$",
    r"一端在手\s*信息全有$",
    r"温馨提示$",
    r"本页面内容不允许直接阅读",
    r"扫描二维码下载客户端$",
    r"您的IE浏览器版本太低",
    r"(上一篇|下一篇|返回目录|返回版面|返回首页|打印本文|关闭窗口|放大|缩小|默认)(\s|$)",
    r"(版权所有|Copyright|copyright|©)",
    r"(本文来源|来源)[:：]\S{0,20}$",
)))


# "（责任编辑：张三）", "编辑：张三 校对：李四", "本版编辑：张三 美编：李四": the desk's credits
# under an article, not its text.
_EDITOR_ROLES = (
    "责任编辑|本版责编|本版编辑|值班编辑|责编|编辑|责任校对|校对|美术编辑|美编|图片编辑|版式设计|版面设计|本版统筹"
    "|组版|审核|审校|终审|二审|一审|初审|签发"
)
_EDITOR_LINE = re.compile(rf"^[（(【\[]?\s*(?:{_EDITOR_ROLES})\s*[:：\s/／|｜]\s*[^\s:：/／|｜]")
# "本版图片由市文旅局提供", "本版图片均由本报记者 张明 摄", "（图片由受访者提供）": where the page's
# or the article's pictures came from, a credit of the desk like the editors'.
_PICTURE_SOURCE = re.compile(r"^[（(]?\s*(?:本版|本期|本文|文中)?(?:图片|照片|配图|插图)(?:除署名外)?均?(?:由|为|来自|来源)")
_EDITOR_TAIL = re.compile(rf"\s+(?=(?:{_EDITOR_ROLES})\s*[:：/／|｜])")


def without_editors(line: str) -> str:
    """A line without the editors' credits set after it ("（本报记者 左晨）　编辑：张三" -> the
    byline); the line itself when it has none."""
    m = _EDITOR_TAIL.search(line)
    return line[:m.start()].strip() if m and is_editor_line(line[m.end():]) else line


_EDITORS_NOTE = re.compile(r"^[【\[〔（(]?\s*(?:编者按|编者的话|编者注)")


def is_editors_note(paragraph: str) -> bool:
    """A paragraph that is the editors' note set before an article ("【编者按】…", "编者按：…")."""
    return _EDITORS_NOTE.match(paragraph) is not None


def is_editor_line(line: str) -> bool:
    """A short line of the desk's credits: editors ("（责任编辑：张三）", "编辑：张三 校对：李四",
    "责任编辑/王五") or the pictures' source ("本版图片由市文旅局提供")."""
    text = clean(line)
    if len(text) > 40 or _SENTENCE_END.search(text.rstrip("。")):
        return False
    return _EDITOR_LINE.match(text) is not None or _PICTURE_SOURCE.match(text) is not None


# Where a printed article jumps between pages or a 导读 points: "（下转第二版）", "（上接第1版）",
# "(紧接A1版)", "（详见第三版）", "（相关报道见第2版）", "▶详见A03版" closing a paragraph.
_JUMP_MARK = re.compile(
    rf"\s*(?:[（(]\s*[{_ARROWS}]?\s*{_POINTER}\s*{_PAGES}\s*[{_ARROWS}]?\s*[）)]"
    rf"|[▶►→]\s*{_POINTER}\s*{_PAGES}\s*$)\s*"
)


def strip_jump_marks(line: str) -> str:
    """A paragraph without the page-jump marks and 导读 pointers of print ("（下转第二版）",
    "（详见第三版）"): the digital edition shows the article whole, and links its pages."""
    return _JUMP_MARK.sub("", line).strip() if "版" in line else line


def is_boilerplate(line: str) -> bool:
    """Site chrome that the article text must not contain."""
    text = clean(line)
    return _BOILERPLATE.match(text) is not None


class _Unhashed(dict):
    """``str.translate`` table that deletes whitespace, punctuation and symbols; filled as
    characters are met, so the per-character test runs once per distinct character."""

    def __missing__(self, code: int) -> int | None:
        ch = chr(code)
        value = None if ch.isspace() or unicodedata.category(ch)[0] in "PS" else code
        self[code] = value
        return value


_UNHASHED = _Unhashed()


def normalize_for_hash(text: str) -> str:
    """Text reduced for content comparison: NFKC width folding, no whitespace or punctuation."""
    return unicodedata.normalize("NFKC", text).translate(_UNHASHED)
