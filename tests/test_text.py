"""Text rules: page labels, bylines, subtitles, boilerplate."""

import pytest

from crawler.layouts.text import (
    byline_authors, clean, closing_credit, continues_byline, dateline_credit, is_boilerplate, is_byline,
    is_editor_line, is_editors_note, list_title, parse_page_label, same_title, strip_dashes, tidy_name,
)


@pytest.mark.parametrize(("label", "parsed"), [
    ("第02版:综合要闻", ("02", "综合要闻")),
    ("第A01版：头版", ("A01", "头版")),
    ("A01： 头版", ("A01", "头版")),
    ("01版:要闻", ("01", "要闻")),
    ("第1版　　　　要闻", ("01", "要闻")),
    ("（A01）要闻", ("A01", "要闻")),
    ("[01]:头版", ("01", "头版")),
    ("第03版:要 闻 PDF版阅读", ("03", "要闻")),
    ("第A1版:平顶山新闻", ("A01", "平顶山新闻")),
    ("第09版：砥砺奋进的5年·迎接党的十九大特别报道·历史性变革⑧", ("09", "砥砺奋进的5年·迎接党的十九大特别报道·历史性变革⑧")),
    ("第05版：决胜全面小康 开启新的征程·党的十九大特别报道", ("05", "决胜全面小康 开启新的征程·党的十九大特别报道")),
    ("03版：综 合", ("03", "综合")),
    ("第01版：要闻（PDF）", ("01", "要闻")),
    ("A01版-要闻", ("A01", "要闻")),
    ("第01版/要闻", ("01", "要闻")),
    ("第一版：要闻", ("01", "要闻")),
    ("第十二版：体育", ("12", "体育")),
    ("第二十版:副刊", ("20", "副刊")),
    ("第1版（头版）", ("01", "头版")),  # a name wholly in brackets loses them
    ("A01版【封面】", ("A01", "封面")),
    ("第01版(要闻)（PDF）", ("01", "要闻")),
    ("第2版：要闻（二）", ("02", "要闻（二）")),
])
def test_page_labels(label, parsed):
    assert parse_page_label(label) == parsed


@pytest.mark.parametrize("text", ["下一版", "先锋旗帜在一线飘扬", "2020年1月27日", "12:30 开会了，各位同事请准时参加本次会议" * 3])
def test_not_page_labels(text):
    assert parse_page_label(text) is None


@pytest.mark.parametrize(("line", "authors"), [
    ("□本报记者 王凌云", ["王凌云"]),
    ("本报记者 殷 英", ["殷英"]),
    ("□本报记者 王凌云 通讯员 张明", ["王凌云", "张明"]),
    ("■ 海南日报全媒体记者 李艳玫", ["李艳玫"]),
    ("潍坊日报全媒体记者 刘 波", ["刘波"]),
    ("■文/图 本报记者 高 婷", ["高婷"]),
    ("文/图 记者 张 琳", ["张琳"]),
    ("本报评论员", []),
    ("通讯员 周 喆 本报记者 孙 雯", ["周喆", "孙雯"]),
    ("湖北日报全媒记者 左晨", ["左晨"]),
    ("全媒记者 柯皓 张 琳", ["柯皓", "张琳"]),
    ("□ 湖北日报评论员", []),
    ("本报特约评论员", []),
    ("新华社记者 韩立新", ["韩立新"]),
    ("据新华社北京2月10日电", []),
    ("（据新华社电）", []),
    ("（据新华社）", []),  # a source note names no person
    ("（据《人民日报》）", []),
    ("（据央视新闻）", []),
    ("（本报综合）", []),
    ("（综合新华社、央视新闻）", []),
    ("（本报记者 王 芳）", ["王芳"]),
    ("本报全媒记者 刘 洋 通讯员 陈曦", ["刘洋", "陈曦"]),
    ("本报记者 王凌云 报道", ["王凌云"]),
    ("记者 张 三 李 四 报道", ["张三", "李四"]),
    ("本报记者 孙雯 通讯员 周喆 报道", ["孙雯", "周喆"]),
    ("本报记者 张明/文 李华/图", ["张明", "李华"]),
    ("本报记者 文 英", ["文英"]),  # a padded name whose first character is 文 stays a name
    ("作者：钱云飞", ["钱云飞"]),
    ("□大河报·大河客户端记者 王 平 通讯员 马 静", ["王平", "马静"]),  # the paper's app is no author
    ("大河报·豫视频记者 王平", ["王平"]),
    ("中国青年报·中青在线记者 李 强", ["李强"]),
    ("（齐鲁晚报·齐鲁壹点记者 张三）", ["张三"]),
    ("张三/文 李四/图", ["张三", "李四"]),  # names first, then what each did
    ("本报记者 王凌云/文 李华/摄", ["王凌云", "李华"]),
    ("张 三 文/图", ["张三"]),
    ("文｜张三", ["张三"]),
    ("撰稿 张三", ["张三"]),
    ("口述 张三 整理 李四", ["张三", "李四"]),
    ("口述：张三 整理：李四", ["张三", "李四"]),
    ("□ 张三（中共信阳市委党校）", ["张三"]),  # where the author works is no author
    ("■ 李四（信阳师范学院教授）", ["李四"]),
    ("□ 张三 李四（信阳市农业农村局）", ["张三", "李四"]),
])
def test_bylines(line, authors):
    assert is_byline(line)
    assert byline_authors(line) == authors


@pytest.mark.parametrize("line", [
    "本报讯（记者 王 蕾 通讯员 孙家豪）3月15日，省政府召开常务会议。",
    "记者了解到，市委组织部全面落实市委要求。",
    "“走,我们再去社区看看!”疫情关乎群众,防控刻不容缓。",
    "记者手记",  # a heading
    "（湖北日报全媒记者 柯皓 摄）",  # a photo credit: part of its caption
    "本报记者 张三 摄",
    "新增200多家重点排放企业",
    "（作者系信阳市委党校教授）",  # a note on the author, not a byline
    "作者简介：张三，男，1970年生",
    "李华/摄",  # a picture's credit: no one wrote text
    "口述历史",
    "整理好行装，我们再出发",
    "□ 短评（一）",
    "■ 记者手记（上）",
])
def test_sentences_are_not_bylines(line):
    assert not is_byline(line)


@pytest.mark.parametrize(("line", "continues"), [
    ("通讯员 王晓", True), ("□通讯员 张 明", True), ("实习生 王晓", True), ("特约记者 王晓", True),
    ("文/图 王晓", True), ("本报记者 李艳玫", True),
    ("通讯员王晓介绍，园区企业数量稳步增长。", False), ("（通讯员 王晓）", False), ("记者手记", False),
    ("据新华社北京2月10日电", False), ("本报评论员", False), ("王晓 摄", False),
])
def test_byline_continuation_lines(line, continues):
    assert continues_byline(line) is continues


@pytest.mark.parametrize(("paragraph", "credit"), [
    ("本报讯 近日，市林业局启动秋季植树造林工作。（王明 张三）", "（王明 张三）"),
    ("据了解，今年全市将重点推进国土绿化提速提质。（记者 张伟 通讯员 李明）", "（记者 张伟 通讯员 李明）"),
    ("计划完成造林面积5万亩。(王明、张三)", "(王明、张三)"),
    ("“我们一定把树种好。”（通讯员 李明）", "（通讯员 李明）"),
    ("计划完成造林面积5万亩。（待续）", ""),
    ("计划完成造林面积5万亩。（有删节）", ""),
    ("计划完成造林面积5万亩。（张三 摄）", ""),
    ("计划完成造林面积5万亩。（据新华社）", ""),
    ("计划完成造林面积5万亩。（新华网）", ""),
    ("全市造林面积达到5万亩（王明）", ""),  # no sentence closes before it
])
def test_closing_credit(paragraph, credit):
    assert closing_credit(paragraph) == credit


@pytest.mark.parametrize(("paragraph", "credit"), [
    ("湖北日报讯 （记者王理略、通讯员鄂文旅）白云黄鹤传千古", "记者王理略、通讯员鄂文旅"),
    ("本报讯（记者 王 蕾 通讯员 孙家豪）3月15日，省政府召开常务会议。", "记者 王 蕾 通讯员 孙家豪"),
    ("新华社北京1月28日电（记者 韩立新 周雨桐）记者28日从交通运输部获悉", "记者 韩立新 周雨桐"),
    ("新华社北京10月15日电 中共中央日前在中南海召开党外人士座谈会", ""),
    ("本报讯（通讯 员）今天召开会议", ""),
    ("近日（据统计）全市新增就业", ""),
])
def test_dateline_credit(paragraph, credit):
    assert dateline_credit(paragraph) == credit


@pytest.mark.parametrize(("name", "tidy"), [
    ("要 闻", "要闻"), ("综 合", "综合"), ("湖 区 新 闻", "湖区新闻"), ("综合新闻", "综合新闻"),
    ("决胜全面小康 开启新的征程·党的十九大特别报道", "决胜全面小康 开启新的征程·党的十九大特别报道"),
])
def test_page_name_spacing(name, tidy):
    assert tidy_name(name) == tidy


@pytest.mark.parametrize(("found", "listed", "same"), [
    ("中碳登喜迎首批“碳客”", "中碳登喜迎首批\"碳客\"", True),  # widths and quote styles fold
    ("《习近平关于社会主义文化建设论述摘编》出版发行", "《习近平关于社会主义文化建设论述摘编》...", True),
    ("江城首批“零碳社区”试点名单公布 十二个社区入选", "江城首批“零碳社区”试点名单公布…", True),
    ("中共中央召开党外人士座谈会", "中共中央召开党外人士座谈会 征求对中共十九大报告的意见", True),
    ("老街巷里的新年味", "老街巷里的新年味（图）", True),
    ("全省春季农业生产全面铺开", "全省春季", False),  # too little of it, and not marked as cut
    ("党的十九大代表陆续抵京", "砥砺奋进 铸就辉煌", False),
    ("", "", False),
])
def test_same_title(found, listed, same):
    assert same_title(found, listed) is same


def test_subtitle_dashes_and_whitespace():
    assert strip_dashes("———打赢疫情防控攻坚战我市党员干部冲在前") == "打赢疫情防控攻坚战我市党员干部冲在前"
    assert strip_dashes("—— 总投资186.5亿元") == "总投资186.5亿元"
    assert clean("\u3000\u3000第一段\u00a0\u00a0内容 \n") == "第一段 内容"


def test_clean_collapses_exactly_the_whitespace_the_regex_definition_names():
    """``clean`` splits on str whitespace (fast); it must agree with the definition it replaced,
    ``[\\s\\u00a0\\u3000\\u2002\\u2003\\u200b\\ufeff]+`` -> one space, on every code point."""
    import re
    import sys

    definition = re.compile(r"[\s\u00a0\u3000\u2002\u2003\u200b\ufeff]+")
    differ = [hex(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF
              and clean(f" a{chr(c)}{chr(c)}b ") != definition.sub(" ", f" a{chr(c)}{chr(c)}b ").strip()]
    assert differ == []
    assert clean("\u200b标题\ufeff 正文") == "标题 正文"


@pytest.mark.parametrize("line", [
    "PDF版阅读", "第02版:综合要闻 PDF版阅读", "信阳日报客户端", "《信阳日报》客户端", "一端在手 信息全有", "温馨提示",
    "本页面内容不允许直接阅读,请通过《信阳日报》客户端浏览查看。", "扫描二维码下载客户端",
    "您的IE浏览器版本太低,请升级至IE8及以上版本或安装webkit内核浏览器。", "上一篇", "返回目录",
])
def test_boilerplate(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(("line", "editors"), [
    ("（责任编辑：张三）", True), ("编辑：张三 校对：李四", True), ("本版编辑：张三 美编：李四", True), ("（编辑 张三）", True),
    ("责编 李四", True), ("编辑部召开会议", False), ("编辑张三说，这是好事。", False), ("编辑：", False),
    ("校对工作必须严格把关，不能有丝毫马虎", False),
    ("责任编辑/王五", True), ("责任校对：张三", True), ("版式设计：李四", True), ("美术编辑 赵六", True),
    ("本版图片由市文旅局提供", True), ("本版图片均由本报记者 张明 摄", True), ("（图片由受访者提供）", True),
    ("图片由无人机拍摄，展示了新城全貌。这是第一次", False),
])
def test_editor_lines(line, editors):
    assert is_editor_line(line) is editors


@pytest.mark.parametrize(("listed", "title"), [
    ("● 老街巷里的新年味（图）", "老街巷里的新年味"), ("城市更新让老街区焕发新活力（3版）", "城市更新让老街区焕发新活力"),
    ("外贸规模再创新高（详见第A3版）", "外贸规模再创新高"), ("春耕备耕（第二版）", "春耕备耕"),
    ("十九大代表风采（2）", "十九大代表风采（2）"), ("长江大保护（上）", "长江大保护（上）"),
    ("春运首日客流平稳（相关报道见第2版）", "春运首日客流平稳"), ("春运首日客流平稳（见A3、A4版）", "春运首日客流平稳"),
])
def test_listed_titles_lose_bullets_picture_marks_and_the_page_a_digest_points_at(listed, title):
    assert list_title(listed) == title


@pytest.mark.parametrize(("paragraph", "note"), [
    ("【编者按】今年以来，我省持续推进乡村振兴。", True), ("编者按：本报今起推出系列报道。", True),
    ("编者的话", True), ("本报编者按语中提到的做法值得推广。", False),
])
def test_editors_notes(paragraph, note):
    assert is_editors_note(paragraph) is note


def test_news_is_not_boilerplate():
    assert not is_boilerplate("市委组织部向全市发出通知，号召全市各级党组织和广大党员发挥作用。")
