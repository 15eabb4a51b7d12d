"""A deterministic Founder-classic (方正经典) e-paper site, generated in memory, and its truth.

The fault suite needs a site big enough to fault at random (10 editions × 8 pages × 6 articles
by default) whose every article is known exactly, so that a crawl's store can be compared with
what the site really says. The markup copies the recorded 信阳日报 documents
(``tests/fixtures/sites/ribao.xyxww.com.cn/html/2020-01/27/node_2.htm`` and its
``content_*.htm``): the ``#pageLink`` page list with PDF links, the page image with its
``usemap`` hotspots, the title list, the article page with ``div.article-header`` and
``<founder-content>``, the ``enpproperty`` comment after ``</html>``.

The site lives on the real host ``ribao.xyxww.com.cn`` (paper key ``xinyang``), from
2021-03-01 on by default: no recorded fixture has those dates, so ``-a paper=xinyang
-a start=… -a end=…`` through ``EPAPER_MIRROR`` crawls exactly this site.

Article text is composed from word lists by a seeded RNG: every body is different and far from
every other in SimHash terms, so near-duplicate linking must leave them alone.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

HOST = "ribao.xyxww.com.cn"
PAPER = "xinyang"
PAPER_NAME = "信阳日报"
FIRST_DAY = date(2021, 3, 1)
# The recorded edition's node numbers (node_6 and node_10 are not pages); more are appended.
NODES = (2, 3, 4, 5, 7, 8, 9, 11)
PAGE_NAMES = ("要闻", "综合要闻", "信阳新闻", "县区新闻", "社会·民生", "理论·评论", "百花园", "专版",
              "经济·产业", "文化·旅游", "教育·卫生", "法治·平安")
WEEKDAYS = "一二三四五六日"

# ----- words ---------------------------------------------------------------------------------
PLACES = ("我市", "浉河区", "平桥区", "罗山县", "光山县", "新县", "商城县", "固始县", "潢川县", "淮滨县", "息县",
          "羊山新区", "上天梯管理区", "鸡公山管理区", "南湾湖风景区", "市城乡一体化示范区", "高新区", "豫东南高新区")
ORGS = ("市委", "市政府", "市发展改革委", "市教育局", "市卫生健康委", "市农业农村局", "市文化广电和旅游局",
        "市生态环境局", "市交通运输局", "市住房城乡建设局", "市市场监管局", "市人社局", "市民政局", "市公安局",
        "市应急管理局", "市商务局", "市水利局", "市自然资源和规划局", "市总工会", "团市委", "市妇联", "市科协")
ACTIONS = ("召开", "举办", "启动", "部署", "推进", "开展", "落实", "完成", "组织", "筹备", "验收", "督导",
           "调研", "表彰", "签约", "发布", "评选", "谋划", "巩固", "深化")
OBJECTS = ("茶产业高质量发展推进会", "乡村振兴示范村建设", "春季植树造林活动", "安全生产专项整治行动",
           "优化营商环境工作会议", "全民健身运动会", "高标准农田建设项目", "城市道路提升改造工程",
           "职业技能培训班", "文明城市创建工作", "防汛抗旱应急演练", "食品安全宣传周活动",
           "重点项目集中开工仪式", "科技成果转化对接会", "农村人居环境整治", "义务教育均衡发展督导",
           "红色旅游精品线路推介", "中小企业融资洽谈会", "养老服务体系建设", "河湖长制巡查工作",
           "稻虾共作技术推广", "信阳毛尖品牌宣传", "老旧小区改造项目", "夜间经济示范街区建设",
           "基层医疗卫生服务能力提升", "森林防火专项检查", "退役军人就业招聘会", "青少年科技创新大赛",
           "非物质文化遗产展演", "冬春农田水利建设")
TIMES = ("近日", "日前", "本月初", "上周", "昨日上午", "今年以来", "连日来", "3月以来", "春节过后", "自去年起")
PEOPLE = ("殷英", "王涛", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄蕾", "周敏", "吴昊", "徐丽",
          "孙鹏", "胡琳", "朱勇", "高翔", "林芳", "何斌", "郭佳", "马骏", "罗珊", "梁宇", "宋健", "郑欣")
ROLES = ("有关负责人", "主要负责同志", "工作人员", "一线干部", "驻村第一书记", "技术专家", "带头人",
         "社区网格员", "企业负责人", "志愿者代表")
NUMBERS = ("12", "36", "58", "120", "260", "1.3万", "4800", "97.6%", "15.2亿", "300余", "80多", "2000多")
UNITS = ("个村", "家企业", "名群众", "亩", "公里", "个项目", "人次", "所学校", "个社区", "台设备")
CLAUSES = (
    "坚持问题导向，把工作重心放在解决群众急难愁盼问题上",
    "围绕年度目标任务，细化责任清单，压实各方责任",
    "采取线上线下相结合的方式，扩大活动覆盖面和影响力",
    "聚焦薄弱环节，建立台账、挂图作战、逐项销号",
    "充分发挥党员干部先锋模范作用，带动群众积极参与",
    "统筹疫情防控和经济社会发展，确保各项工作有序推进",
    "以项目建设为抓手，持续扩大有效投资",
    "注重长效管理，推动常态化与集中整治相结合",
    "依托本地资源优势，培育壮大特色产业",
    "加强部门协作联动，形成齐抓共管的工作格局",
    "严格落实各项安全措施，守牢安全生产底线",
    "把群众满意度作为检验工作成效的根本标准",
    "积极对接上级政策，争取更多资金和项目支持",
    "建立健全考核评价机制，激发干事创业热情",
    "深入基层一线走访调研，听取意见建议",
    "强化示范引领，及时总结推广典型经验做法",
)
RESULTS = (
    "为全市经济社会高质量发展提供了有力支撑", "得到了广大群众的一致好评", "各项指标均超额完成既定任务",
    "取得了阶段性成效", "有效提升了群众的获得感和幸福感", "走在了全省前列", "为下一步工作打下了坚实基础",
    "带动周边群众增收致富", "营造了浓厚的社会氛围", "实现了经济效益和社会效益双丰收",
)
QUOTES = (
    "下一步，我们将继续加大工作力度，确保各项任务落地见效。", "这件事办到了群众的心坎上。",
    "只要肯下功夫，日子一定会越过越红火。", "我们要把好事办好、实事办实。", "现在办事方便多了，再也不用来回跑了。",
    "希望通过这次活动，让更多人了解信阳、爱上信阳。", "今年的收成比去年好，心里踏实。",
    "我们将以更加务实的作风，推动工作再上新台阶。",
)


def _sentence(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return f"{rng.choice(TIMES)}，{rng.choice(PLACES)}{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}，{rng.choice(CLAUSES)}。"
    if kind == 1:
        return (f"据{rng.choice(ORGS)}{rng.choice(ROLES)}介绍，{rng.choice(TIMES)}全市已累计{rng.choice(ACTIONS)}"
                f"{rng.choice(NUMBERS)}{rng.choice(UNITS)}，{rng.choice(RESULTS)}。")
    if kind == 2:
        return f"在{rng.choice(PLACES)}，{rng.choice(CLAUSES)}，{rng.choice(CLAUSES)}，{rng.choice(RESULTS)}。"
    if kind == 3:
        return f"“{rng.choice(QUOTES)}”{rng.choice(PLACES)}{rng.choice(ROLES)}{rng.choice(PEOPLE)}说。"
    if kind == 4:
        return (f"{rng.choice(ORGS)}要求，各地各部门要{rng.choice(CLAUSES)}，"
                f"同时{rng.choice(CLAUSES)}。")
    return (f"截至目前，{rng.choice(PLACES)}共{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}{rng.choice(NUMBERS)}次，"
            f"覆盖{rng.choice(NUMBERS)}{rng.choice(UNITS)}，{rng.choice(RESULTS)}。")


def paragraphs(rng: random.Random) -> list[str]:
    """4–7 paragraphs of 2–4 sentences each: a plausible news body of 300–900 characters."""
    return ["".join(_sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(4, 7))]


def title(rng: random.Random) -> str:
    form = rng.randrange(3)
    if form == 0:
        return f"{rng.choice(PLACES)}{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}"
    if form == 1:
        return f"{rng.choice(ORGS)}{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}"
    return f"{rng.choice(PLACES)}{rng.choice(NUMBERS)}{rng.choice(UNITS)}{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}"


# ----- truth ---------------------------------------------------------------------------------
@dataclass
class TruthArticle:
    date: str
    page_no: str
    article_id: str  # content_N
    url: str  # the real https:// address
    path: str  # host/path as served by the mirror
    title: str
    byline: str
    paragraphs: list[str]

    @property
    def id(self) -> str:
        """The stored ``_id``: ``xinyang:DATE:content_N``."""
        return f"{PAPER}:{self.date}:{self.article_id}"


@dataclass
class TruthPage:
    date: str
    page_no: str  # "01"
    name: str
    node: str  # node_N
    url: str
    path: str
    pdf: str
    articles: list[TruthArticle] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{PAPER}:{self.date}:{self.page_no}"


@dataclass
class TruthEdition:
    date: str
    issue_no: str
    pages: list[TruthPage]

    @property
    def id(self) -> str:
        return f"{PAPER}:{self.date}"

    @property
    def entry(self) -> TruthPage:
        return self.pages[0]

    @property
    def articles(self) -> list[TruthArticle]:
        return [a for p in self.pages for a in p.articles]


@dataclass
class Site:
    """The generated documents (``host/path`` → bytes) and what they say."""

    files: dict[str, bytes]
    editions: list[TruthEdition]

    @property
    def first(self) -> str:
        return self.editions[0].date

    @property
    def last(self) -> str:
        return self.editions[-1].date

    @property
    def articles(self) -> list[TruthArticle]:
        return [a for e in self.editions for a in e.articles]

    @property
    def pages(self) -> list[TruthPage]:
        return [p for e in self.editions for p in e.pages]

    def article_paths(self) -> list[str]:
        return [a.path for a in self.articles]

    def page_paths(self) -> list[str]:
        return [p.path for p in self.pages]

    def crawl_args(self) -> list[str]:
        """The ``-a`` arguments that crawl exactly this site."""
        return [f"paper={PAPER}", f"start={self.first}", f"end={self.last}"]


def _date_folder(day: date) -> str:
    return f"html/{day:%Y-%m}/{day:%d}/"


def generate(editions: int = 10, pages: int = 8, articles: int = 6, seed: int = 0,
             first: date = FIRST_DAY) -> Site:
    """A site of ``editions`` consecutive daily editions, ``pages`` pages each, ``articles`` per page."""
    if pages > len(PAGE_NAMES):
        raise ValueError(f"at most {len(PAGE_NAMES)} pages per edition")
    rng = random.Random(seed)
    nodes = list(NODES) + list(range(NODES[-1] + 1, NODES[-1] + 1 + max(0, pages - len(NODES))))
    content_no = 100_000 + rng.randrange(100_000)
    titles: set[str] = set()
    site = Site(files={}, editions=[])
    for e in range(editions):
        day = first + timedelta(days=e)
        folder = _date_folder(day)
        edition = TruthEdition(date=day.isoformat(), issue_no=str(11_000 + e + seed), pages=[])
        for p in range(pages):
            page_no = f"{p + 1:02d}"
            node = f"node_{nodes[p]}"
            path = f"{HOST}/{folder}{node}.htm"
            page = TruthPage(date=day.isoformat(), page_no=page_no, name=PAGE_NAMES[p], node=node,
                             url=f"https://{path}", path=path,
                             pdf=f"../../../page/{day:%Y-%m}/{day:%d}/{page_no}/{rng.randrange(10**16, 10**17)}.pdf")
            for _ in range(articles):
                content_no += rng.randint(1, 4)
                heading = title(rng)
                while heading in titles:
                    heading = title(rng)
                titles.add(heading)
                apath = f"{HOST}/{folder}content_{content_no}.htm"
                page.articles.append(TruthArticle(
                    date=day.isoformat(), page_no=page_no, article_id=f"content_{content_no}",
                    url=f"https://{apath}", path=apath, title=heading,
                    byline=f"本报记者 {rng.choice(PEOPLE)}", paragraphs=paragraphs(rng)))
            edition.pages.append(page)
        for page in edition.pages:
            site.files[page.path] = page_html(edition, page, day, rng).encode("utf-8")
            for article in page.articles:
                site.files[article.path] = article_html(page, article, day).encode("utf-8")
        site.editions.append(edition)
    return site


# ----- markup --------------------------------------------------------------------------------
_PAGE_HEAD = """<HTML><HEAD><META http-equiv="Content-Type" content="text/html; charset=utf-8">
<TITLE>信阳日报数字报</TITLE>
<META name="keywords" content="信阳日报,信阳日报数字报,信阳日报电子版,信阳新闻网">
<link href="../../../tplimg/xyrb.css" type="text/css" rel="stylesheet">
<SCRIPT language=Javascript src="../../../tplimg/prototype.js"></SCRIPT>
<SCRIPT language=Javascript src="../../../tplimg/mp.js"></SCRIPT>
<SCRIPT id=oMapScript event=onmouseover() for=pagepicmap>
rangeDeltaX = 12;
rangeDeltaY = -10;
 drawLine(event.srcElement);
 </SCRIPT>
<style type="text/css">
<!--
body { background-color: #F4F4F4; margin:0px; }
td{font-size:12px}
.px12 {font-size:12px; line-height:18px}
.qihao {color:#B5000A; font-weight:bold}
-->
</style>
</HEAD>
<body onLoad="initialize();initMPPage();" text=#000000 leftmargin=0 topmargin=0>
"""


def page_html(edition: TruthEdition, page: TruthPage, day: date, rng: random.Random) -> str:
    """A 版面 document shaped like the recorded node_N.htm."""
    pages = edition.pages
    idx = pages.index(page)
    nav = " ".join(f"<Li>&nbsp;<a id=pageLink href={p.node}.htm>{p.page_no}： {p.name}</a></Li>" for p in pages)
    areas, top = [], 38
    hotspots = page.articles[:]
    rng.shuffle(hotspots)
    for a in hotspots:
        bottom = top + rng.randint(40, 70)
        areas.append(f'<Area coords="5,{top},334,{top},334,{bottom},5,{bottom}" shape="polygon" href="{a.article_id}.htm">')
        top = bottom + 4
    titles = "".join(
        f'<tr> <TD class=default valign="top"> <img src="../../../tplimg/checkbox.gif" width="10" height="10"> </TD> '
        f'<td class=default valign="top"> <a href={a.article_id}.htm><div style="display:inline" '
        f'id=mp{a.article_id.split("_")[1]}>{a.title}</div></a> </td> </TR>' for a in page.articles)
    listing = " ".join(
        f'<tr{" bgcolor=#e8e8e8" if i % 2 else ""}> <td class=default align=left>&nbsp;<a id=pageLink '
        f'href={"./" if i == 0 else ""}{p.node}.htm>第{p.page_no}版:{p.name}</a></td> <td nowrap align=middle width=55>'
        f'<a href={p.pdf}><img height=16 src="../../../tplimg/pdf.gif" width=16 border=0></a></td></tr>'
        for i, p in enumerate(pages))
    nxt = (f'<a class=preart href="{pages[idx + 1].node}.htm"><span style=\'font-size:12px;font-family:webdings\'>4</span>'
           "下一版</a>") if idx + 1 < len(pages) else ""
    guide = ""
    if idx == 0 and len(pages) > 1:  # 头版导读: teasers of articles on other pages, as on the recorded front page
        guide = ('<table width="100%" border=0 cellspacing=0 cellpadding=4 class=daodu>'
                 "<tr><td class=dd_head>&nbsp;<STRONG>头版导读</STRONG></td></tr>"
                 + "".join(f"<tr><td class=px12>·<a href={a.article_id}.htm target=_blank>{a.title}</a>"
                           f"　<font color=#999999>(第{a.page_no}版)</font></td></tr>" for a in pages[1].articles[:2])
                 + "</table>")
    image = f"../../../page/{day:%Y-%m}/{day:%d}/{page.page_no}/{rng.randrange(10**16, 10**17)}_b.jpg"
    return f"""{_PAGE_HEAD}<!-- 版面导航div -->
<DIV id=pgn>
 <UL> {nav} </UL>
</DIV>
<table width="1000" border="0" align="center" cellpadding="3" cellspacing="0" bgcolor=#FFFFFF>
 <TR>
 <td align=left class=px12>&nbsp;<b>{day.year}</b>年<b>{day.month}</b>月<b>{day.day}</b>日　星期<font class=weekday>{WEEKDAYS[day.weekday()]}</font></td>
 <td align=center class=px12><span class=qihao>总第{edition.issue_no}期</span></td>
 <td align=right class=px12><a href="http://www.xyxww.com.cn/" target="_blank">信阳新闻网</a> | <a href="../../../paperindex.htm">今日信阳日报</a> | <a href="{pages[0].node}.htm">版面导航</a></td>
 </TR>
</table>
<table cellspacing=0 cellpadding=0 width=1000 align=center border=0 bgcolor=#FFFFFF>
 <tr>
 <td valign=top width=380><table cellspacing=0 cellpadding=0 align=center border=0>
 <tr>
 <td width="350" class="Ltd1" bgcolor=#ffffff><MAP NAME="pagepicmap">{"".join(areas)}</MAP><img src={image} border=0 width=340 height=510 USEMAP=#PagePicMap></td>
 </tr>
 </table>
 <table style="MARGIN-BOTTOM: 3px" cellspacing=0 cellpadding=5 width=370 border=0 align=center>
 <tr>
 <td width="170" align=left class=px12>第{page.page_no}版：<STRONG>{page.name}</STRONG></td>
 <td align=right nowrap class=px12>{nxt}&nbsp;&nbsp;</td>
 <td width=30 align=right valign=center nowrap class=px12><a href={page.pdf}><IMG height=16 src="../../../tplimg/pdf.gif" width=16 border=0></a></td>
 </tr>
 </table></td>
 <td valign=top width=330 style="PADDING-LEFT: 8px; PADDING-TOP: 10px">
 <table style="BORDER-TOP: #555 1px solid" cellspacing=0 cellpadding=4 width=100% border=0>
 <tr>
 <td align=left valign="top"><TABLE cellSpacing=0 cellPadding=1 border=0> <TBODY> {titles} </TBODY> </TABLE> </td>
 </tr>
 </table>
 {guide}
 </td>
 <td valign=top width=260 style="PADDING-TOP: 10px">
 <table style="BORDER-TOP: #999 1px solid; MARGIN-BOTTOM: 5px" cellspacing=0 cellpadding=0 width="100%" border=0>
 <tr><td bgcolor=#e8e8e8 class=default style="PADDING: 3px">&nbsp;<strong>版面导航</strong></td></tr>
 </table>
 <table cellspacing=0 cellpadding=2 width=100% border=0><tbody> {listing} </tbody></table>
 <table width="100%" border="0" cellspacing="1" cellpadding="2" bgcolor="#CCCCCC" style="MARGIN-TOP: 8px">
 <tr class="px12"><td bgcolor="#E8E8E8" align=right width=70>新闻热线:</td><td bgcolor="#FFFFFF">0376-6201110</td></tr>
 </table>
 </td>
 </tr>
</table>
<table width="1000" border="0" align="center" cellpadding="6" cellspacing="0" bgcolor=#FFFFFF>
 <tr>
 <td align="center" class=px12>信阳日报社版权所有　未经书面授权不得复制或建立镜像<br>主办：中共信阳市委　出版：信阳日报社</td>
 </tr>
</table>
<script language="JavaScript" src="../../../tplimg/tongji.js"></script>
</body>
</html>
<!--enpproperty <founder-date>{day.isoformat()} 23:59:59</founder-date><founder-pagenum>{page.page_no}</founder-pagenum><founder-papername>信阳日报</founder-papername><founder-type>2</founder-type><founder-pagepicurl>xyrb/page/{day:%Y-%m}/{day:%d}/{page.page_no}/{rng.randrange(10**12, 10**13)}.jpg</founder-pagepicurl><founder-content>信阳日报</founder-content> /enpproperty-->"""


def article_html(page: TruthPage, article: TruthArticle, day: date) -> str:
    """An article document shaped like the recorded content_N.htm."""
    body = "\n".join(f"<P>　　{p}</P>" for p in [article.byline, *article.paragraphs])
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1" />
<meta name="viewport" content="width=device-width, initial-scale=1.0, user-scalable=no" />
<title>{article.title}-信阳日报</title>
<link rel="stylesheet" type="text/css" href="../../../tplimg/css/article.css" />
<script type="text/javascript" src="../../../tplimg/js/jquery-1.11.3.min.js"></script>
</head>
<body>
<div class="top"><div class="wrap"><a class="logo" href="../../../paperindex.htm"><img src="../../../tplimg/images/xyrb_logo.png" alt="信阳日报" /></a><span class="top-date">{day.year}年{day:%m}月{day:%d}日 星期{WEEKDAYS[day.weekday()]}</span></div></div>
<div class="wrap main">
 <div class="banci"><a href="{page.node}.htm">第{page.page_no}版:{page.name}</a> <a class="pdf-read" href="{page.pdf}" target="_blank">PDF版阅读</a></div>
 <div class="article">
 <div class="article-header">
 <h1>{article.title}</h1>
 </div>
 <div class="article-content" id="ozoom">

<founder-content>
{body}
</founder-content>
 </div>
 </div>
</div>
<div class="ie-tip" id="ieTip" style="display:none">您的IE浏览器版本太低,请升级至IE8及以上版本或安装webkit内核浏览器。</div>
<div class="footer">信阳日报社版权所有 未经书面授权不得复制或建立镜像</div>
</body>
</html>
<!--enpproperty <founder-title>{article.title}</founder-title><founder-author>{article.byline.split()[-1]}</founder-author><founder-date>{day.isoformat()}</founder-date><founder-pagenum>{page.page_no}</founder-pagenum><founder-papername>信阳日报</founder-papername><founder-type>1</founder-type> /enpproperty-->"""


# ----- the store against the truth -----------------------------------------------------------
@dataclass
class Audit:
    """What a store holds of a site, article by article and edition by edition."""

    stored: list[str] = field(default_factory=list)  # ids stored once with the right title and body
    lost: list[str] = field(default_factory=list)  # ids not stored
    garbled: list[str] = field(default_factory=list)  # ids stored with another title or body
    duplicated: list[str] = field(default_factory=list)  # ids whose URL is stored more than once
    extra: list[str] = field(default_factory=list)  # stored article ids the site does not have
    pages_missing: list[str] = field(default_factory=list)  # page ids not stored, or missing articles in article_urls
    statuses: dict[str, str] = field(default_factory=dict)  # date -> recorded edition status
    false_complete: dict[str, list[str]] = field(default_factory=dict)  # date -> what a "complete" one lacks
    failures: dict[str, list[dict]] = field(default_factory=dict)  # date -> the recorded failures

    @property
    def perfect(self) -> bool:
        """Every article stored once and right, nothing else, every edition complete."""
        return (not (self.lost or self.garbled or self.duplicated or self.extra or self.pages_missing
                     or self.false_complete) and set(self.statuses.values()) == {"complete"})

    def summary(self) -> str:
        return (f"stored {len(self.stored)}, lost {len(self.lost)}, garbled {len(self.garbled)}, "
                f"duplicated {len(self.duplicated)}, extra {len(self.extra)}, pages missing {len(self.pages_missing)}, "
                f"statuses {sorted(self.statuses.items())}, false complete {self.false_complete}")

    def failure_reasons(self) -> dict[str, str]:
        """Failed URL → reason, over every recorded edition."""
        return {f.get("url", ""): f.get("reason", "") for found in self.failures.values() for f in found}


def _article_ok(doc: dict, truth: TruthArticle) -> bool:
    return (doc.get("title") == truth.title and doc.get("paragraphs") == truth.paragraphs
            and doc.get("body") == "\n\n".join(truth.paragraphs))


def audit_edition(db, edition: TruthEdition) -> tuple[list[str], dict[str, dict]]:
    """What the store lacks of one edition (["article …", "page …"], [] if nothing), and its
    stored articles by id. ``db`` is a pymongo Database."""
    docs = {d["_id"]: d for d in db.articles.find({"paper": PAPER, "date": edition.date},
                                                   {"title": 1, "paragraphs": 1, "body": 1, "url": 1})}
    lacking = [f"article {a.id}: {'garbled' if a.id in docs else 'lost'}"
               for a in edition.articles if a.id not in docs or not _article_ok(docs[a.id], a)]
    pages = {d["_id"]: d for d in db.pages.find({"paper": PAPER, "date": edition.date}, {"article_urls": 1})}
    for page in edition.pages:
        listed = set(pages.get(page.id, {}).get("article_urls", []))
        if page.id not in pages:
            lacking.append(f"page {page.id}: lost")
        elif not {a.url for a in page.articles} <= listed:
            lacking.append(f"page {page.id}: lists {len(listed & {a.url for a in page.articles})} of its {len(page.articles)} articles")
    return lacking, docs


def audit(db, site: Site) -> Audit:
    """Compare the store (a pymongo Database) with the site's truth."""
    result = Audit()
    truth_ids = {a.id for a in site.articles}
    urls = Counter(d.get("url", "") for d in db.articles.find({"paper": PAPER}, {"url": 1}))
    for d in db.articles.find({"paper": PAPER, "date": {"$gte": site.first, "$lte": site.last}}, {"_id": 1}):
        if d["_id"] not in truth_ids:
            result.extra.append(d["_id"])
    records = {d["date"]: d for d in db.editions.find({"paper": PAPER, "date": {"$gte": site.first, "$lte": site.last}})}
    for edition in site.editions:
        lacking, docs = audit_edition(db, edition)
        for a in edition.articles:
            if a.id not in docs:
                result.lost.append(a.id)
            elif not _article_ok(docs[a.id], a):
                result.garbled.append(a.id)
            elif urls[a.url] > 1:
                result.duplicated.append(a.id)
            else:
                result.stored.append(a.id)
        result.pages_missing += [x for x in lacking if x.startswith("page ")]
        record = records.get(edition.date)
        if record is not None:
            result.statuses[edition.date] = record.get("status", "")
            result.failures[edition.date] = record.get("failures", [])
            if record.get("status") == "complete" and lacking:
                result.false_complete[edition.date] = lacking
    return result
