"""Time expressions in speeches (时间表述): periods, deadlines, look-back dates.

Each expression gets a *role*:

* ``forward`` — a period or deadline a commitment can run to: 今年, 到今年年底, 年底前,
  到2020年, 到"十三五"末, 30个工作日内, 6个月内, 秋冬季, 早日, a year not before the
  speech's own year;
* ``past`` — when something was measured or happened: 截至X月X日, 今年以来, 去年同期,
  a year before the speech's year;
* ``unknown`` — a masked year ("X年") or a bare calendar date of an event.

Turning a phrase into a date is :func:`tracker.workdays.resolve_deadline`'s job (it knows
working days and holidays); :func:`resolve` only rewrites the phrases it does not read
("今年" → end of this year, "十三五末" → end of 2020) before handing them over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.workdays import resolve_deadline

from .lexicon import CN_DAY, CN_MONTH, EVENT_AFTER_VERBS, EVENT_BEFORE_WORDS, SAME_DAY_REPORT

FORWARD = "forward"
PAST = "past"
UNKNOWN = "unknown"
SCHEDULED = "scheduled"  # a pattern's role only: forward or past by the date it names (see _scheduled)
SPAN = "span"  # a pattern's role only: an event's span, past when a past year or 去年 leads it
YEAR_SPAN = "year_span"  # a pattern's role only: a span of years, forward until its last year is over

_N = r"(?:\d+|[一二两三四五六七八九十]+)"
_PLAN = r"[“\"]?十(?P<plan>[一二三四五六七八九])五[”\"]?"
# An event a relative deadline counts from: "接到投诉后", "验收合格后", "交办之日起"
# ("演练结束后3个工作日内": the end of an event too, or of each period: "每季度结束后5日内")
# (with the subject of an ending or a release written before it: "攻坚结束后10个工作日内", "预警信息发布后1小时内" — not a
# preposition or a modal, "市大气办在考核结束后…" keeps "考核结束后"; and with 自/从 before 之日起: "自受理之日起3个工作日内")
# (... or a campaign's name in quotes: "“清废行动”结束后10日内", and what is approved or handed down: "县政府批复后30日内", "资金下达后3个月内" — not
# a document, "本方案印发后" keeps "印发后",
# thirteenth round; and what is adjusted or closed, "名单调整后10个工作日内", "投诉办结后3个工作日内", fourteenth round; and what
# is completed, "修订完成后20个工作日内", fifteenth round)
_SUBJECT = r"(?:(?:[“\"][^”\"，。；]{1,12}[”\"]|(?:(?![在于要须将把对由的每])[\u4e00-\u9fff]){2,4})(?=结束|发布|批复|下达|调整|变更|办结|解除|完成))?"
# (… and the event repeated by a plan's rounds, "每批次抽查结束后10个工作日内", seventeenth round)
_EVENT = (r"(?:(?:自|从)(?=[\u4e00-\u9fff]{2,8}?之日起))?(?:(?:每(?:一|个)?(?:批次|批|轮|次|阶段|期)(?=[\u4e00-\u9fff]{2,4}结束))?"
          + _SUBJECT + r"(?:每个?(?:月|季度|季|年|半年)(?=结束))?"
          # (the object may be a document named in book-title marks: "收到《整改通知书》后15日内", eleventh round)
          # (a bulletin too: "在通报后10个工作日内重新整改到位", thirteenth round)
          r"(?:接到|收到|接报|发现|受理|交办|验收|立案|完成|签订|下达|到账|到位|批复|印发|结束|发布|通报|"
          + EVENT_AFTER_VERBS + r")"
          # (the event's object holds no preposition or modal: "新投产企业应在投产后1个月内" counts from 投产后, fourteenth round)
          r"(?:《[^》]{1,16}》)?(?:(?![在于应须要])[\u4e00-\u9fff]){0,6}?(?:后|之日起|起))?")
# "2026年是“十五五”开局之年": a year's epithet, not the period of what follows
_EPITHET_AFTER = re.compile(r"[\u4e00-\u9fff]{0,6}?之年")
# "10月份总磷浓度为0.23毫克/升": a month of the speech's year, before or after the speech
# "3月至5月开展专项整治": a campaign's span of months, due at the end of the last one
# ... also with the first month bare ("7—9月臭氧超标天数控制在15天以内") or with years ("排查阶段（2025年3月至5月）",
# "2025年10月至2026年12月")
_MONTH_SPAN = re.compile(
    r"(?<![\d年])(?:(?P<y1>(?:19|20)\d{2})年)?(?P<m1>\d{1,2})(?:月份?)?\s*(?:至|到|—|–|－|-|～)\s*"
    r"(?:(?P<y2>(?:19|20)\d{2})年)?(?P<m2>\d{1,2})月份?(?![\d底末前内日号])"
)
_MONTH = re.compile(r"(?<![\d年—–\-~～至到、])(?P<month>\d{1,2})月份?(?![\d底末前内份日号、]|以来|中旬|上旬|下旬)")

# (pattern, role); a role of None means "decide from the year".
_EXPRESSIONS: tuple[tuple[re.Pattern, str | None], ...] = tuple(
    (re.compile(p), role)
    for p, role in (
        # recurring report dates: 每日18时前, 每月5日前, 每季度首月10日前, 每周一12时前, 每周五下班前
        # (a time of day may be spoken: "每天晚上8点前", "每天下午五点之前")
        (r"每个?(?:日|天|月|季度|季|周|旬|年|半年)(?:[首末]月|第[一二三]个?月)?(?:[一二三四五六日]|\d{1,2}[日号])?"
         r"(?:(?:早上|上午|中午|下午|晚上|傍晚|凌晨)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})[时点]半?)?(?:下班|上班|中午)?(?:前|之前)",
         FORWARD),
        # ... a recurring period's end ("每季度末向县环委办报告", "每月底前报送", "每半年末"): due when each ends
        (r"每个?(?:月|季度|季|年|半年)(?:末|底)(?:前|之前)?", FORWARD),
        # ... and a yearly due date ("每年12月底前对目标任务完成情况进行评估", "每年3月31日前报送")
        (rf"每年{CN_MONTH}月(?:{CN_DAY}[日号]|底|末)(?:前|之前|以前)", FORWARD),
        # ... and a recurring due day without 前 ("每周一报送", "每月5日报送"): due on that day
        (r"每(?:周|星期)[一二三四五六日](?![次个天])|每个?月\d{1,2}[日号]", FORWARD),
        # a same-day duty: "巡河记录当日上传河长制APP" — the day of each event, a recurring due day (no single date);
        # only before a report verb ("当日工作情况", "发现超标当日发出预警" are no deadline of a report)
        (rf"(?<![每])(?:当日|当天)(?=(?:内|之内)?(?:{SAME_DAY_REPORT}))", FORWARD),
        # Deadlines relative to the speech's month or week ("本月底前", "下个月10号前", "本月内",
        # "本周五前", "下周三下班前"), to a holiday or a season of farm and flood work ("春节前",
        # "国庆节前", "汛期前", "汛前", "秋收前", spoken "年前" for before the Spring Festival — not
        # "三年前"), to the start of a month ("9月份之前", "十月前"), and half a month ("半个月内").
        (rf"(?:到|在|于)?(?:本|这个?|当|下个?|次)月份?(?:(?:{CN_DAY}[日号]|底|末|[上中下]旬)(?:前|之前|以前)?|(?:前|之前|以前|内|之内))", FORWARD),
        (r"(?<![\d一二三四五六七八九十个每半上])(?:到|在|于)?月(?:底|末)(?:前|之前|以前)?", FORWARD),
        # a day of the speech's month, said without the month ("各县10日前要把清单核一遍", "要在25号之前报送"):
        # a deadline only where the clause commits it (在/于 before, a modal or 把/将 after), since "3日前，…召开"
        # is three days ago
        (r"(?:(?<=[在于到])|(?=\d{1,2}[日号](?:之前|以前|前)[^，。；\d]{0,2}(?:要|须|必须|务必|应|把|将|完成|报)))"
         r"(?<![\d月年第/.])\d{1,2}[日号](?:之前|以前|前)", FORWARD),
        # a span up to now ("从10月1日到昨天，一共68天", "10月以来到目前"): measured, like 截至
        (rf"(?:从|自)?(?:\d{{4}}年)?{CN_MONTH}月(?:{CN_DAY}[日号])?(?:起)?\s*(?:到|至)\s*(?:昨天|昨日|前天|今天|今日|目前|现在|当前)",
         PAST),
        (r"(?:到|在|于)?(?:本|这|下)个?(?:周|星期)(?:[一二三四五六日天](?:下班)?(?:前|之前|以前)|内|之内)", FORWARD),
        (r"(?:春节|元旦|国庆节?|五一|清明节?|端午节?|中秋节?|主汛期|汛期|秋收|夏收|麦收|三夏|"
         r"(?<![\d一二三四五六七八九十两几多去明今前上全当每半])年)(?:前|之前|以前)(?![一二三四五六七八九十\d])|汛前", FORWARD),
        (rf"(?<![个\d])(?:到|在|于)?(?:(?:\d{{4}})年)?{CN_MONTH}月份?(?:之前|以前|前)(?![\d一二三四五六七八九十个])", FORWARD),
        (rf"{_EVENT}半个?月(?:内|之内|以内)", FORWARD),
        # a campaign from now or from a date to a date: "自即日起至12月31日", "从10月1日到11月底"
        (rf"(?:自|从)?(?:即日|今日|今天|现在|本通知印发之日|(?:\d{{4}}年)?{CN_MONTH}月{CN_DAY}[日号])起?\s*(?:至|到)\s*"
         rf"(?:\d{{4}}年|次年|明年)?{CN_MONTH}月(?:{CN_DAY}[日号]|底|末)", FORWARD),
        # a standing rule from a day or year on, with no end ("自即日起，…浓度不高于50毫克/升", "自2025年起，新增…车辆中…
        # 不低于三成"): the period of what holds from then (no single date); a year already over is no start to come
        (r"(?:自|从)(?:即日|今日|本通知印发之日|本承诺书签订之日)起(?!\s*(?:至|到))", FORWARD),
        (r"(?:自|从)(?P<year>(?:19|20)\d{2})年(?:起|开始)(?!\s*(?:至|到))", None),
        (r"截[至止](?:到|至)?[^，。；]{0,12}?(?:[日号]|月底|月末|月|年底|底|末)", PAST),
        (r"[“\"]?十[一二三四五六七八九]五[”\"]?(?:期间)?以来|(?:去年|上年|今年)?[上下]半年以来|今年以来|[一二三四五六七八九十\d]+年以来|(?<![较比与由从同])去年同期|(?<![较比与由从同])去年|上年度|过去一年|目前|当前", PAST),
        # a time before an event ("施工前24小时在工地出入口公示", "考试前7日内", "协议期满前6个月内", fourteenth round):
        # due that long ahead of it (no single date); the event's own words before it, not a preposition or modal
        (rf"(?:(?![在于要须将把对由的每])[\u4e00-\u9fff]){{0,4}}?(?:{EVENT_BEFORE_WORDS})(?:之|以)?前{_N}个?"
         r"(?:小时|分钟|个工作日|日|天|个月|周)(?:内|之内|以内)?", FORWARD),
        # before an event ends ("重大复杂件须在督察进驻结束前办结", "攻坚期满前"): due when it ends (no single date);
        # the words before 结束 are the event's own, not a preposition, modal or subject (see _SUBJECT)
        (r"(?:(?![在于要须将把对由的每])[\u4e00-\u9fff]){2,6}(?:结束|届满|期满)(?:之|以)?前", FORWARD),
        # a masked count of days ("市财政局××日内安排…资金"): a deadline whose length is hidden (no date)
        # ("X天以内" is a masked cap on days, as "5天以内" is one)
        (r"(?<![A-Za-z\d])(?:[X×*]{1,3})(?:(?:个工作日|日|个月)(?:内|之内|以内)|天(?:内|之内))", FORWARD),
        # counted from an event when one is named ("接到投诉后5个工作日内", "验收后3个月内")
        (rf"{_EVENT}{_N}个?工作日(?:内|之内|以内)", FORWARD),
        (rf"{_EVENT}(?:{_N}个月(?:内|之内|以内)|半年(?:内|之内))", FORWARD),
        # ... and years, only after a named event ("新纳入名录的单位…纳入名录后1年内", fifteenth round; a bare "3年内" is a
        # span of a plan, no deadline)
        (rf"{_EVENT[:-1]}(?:{_N}年(?:内|之内|以内))", FORWARD),
        (rf"{_EVENT}(?:{_N}日(?:内|之内|以内)|{_N}天(?:内|之内)|{_N}个?(?:周|星期)(?:内|之内|以内))", FORWARD),  # "5天以内" is a cap on days
        # hours count only from an event ("接到预警信息后2小时内启动应急响应")
        # ... and a bare "两个小时之内" always counts from one ("预警一发布，两个小时之内启动响应")
        # ... and minutes likewise ("接到启动指令后，30分钟内发布预警信息")
        # (the object up to ten characters, with no preposition or modal in it: "接到重污染天气预警信息后1小时内")
        # (or an event named by its own verb, "接单后30分钟内联系投诉人", fourteenth round)
        (rf"(?:{_SUBJECT}(?:接到|收到|接报|发现|发布|{EVENT_AFTER_VERBS})(?:(?![在于要须将把一])[\u4e00-\u9fff]){{0,10}}?后)?(?<![\d]){_N}个?(?:小时|分钟)(?:内|之内|以内)", FORWARD),
        # "1—6月，PM2.5平均浓度为39": a cumulative statistics span from January is measured, not planned
        (r"(?<!\d)1\s*[—–\-~～至到]\s*\d{1,2}月(?:份)?(?!底前|前|内)", PAST),
        # ... also spoken ("今年一到十月，…浓度三十九个微克", fourteenth round)
        (r"(?<![\d一二三四五六七八九十])一\s*(?:到|至|—)\s*(?:十[一二]?|[二三四五六七八九])月(?:份)?(?!底前|前|内)", PAST),
        (rf"(?:到|至|在)?{_PLAN}(?:末|期末|期间|时期)?", FORWARD),
        # the span of an event or campaign ("橙色预警期间", "演练期间", "夏季臭氧污染防控期间", "秋季秸秆禁烧期间",
        # "整改期间"): the period of what is required while it lasts (no single date); a past year or 去年
        # before it makes it a look back ("2024年秋收期间…发现火点6个"); it opens its clause, so the words before
        # it are its own ("要求演练期间…" names no span: the event's name would swallow the subject)
        (r"(?<![\u4e00-\u9fff])(?:在|于)?(?P<span_year>(?:19|20)\d{2}年|去年|上年|今年|明年)?(?:[\d—–\-~～至到月]{0,6}月)?[\u4e00-\u9fff]{0,6}?"
         # (a 、-list of events before it, "中考、高考期间", and an exam, "考试期间", fourteenth round)
         r"(?:[\u4e00-\u9fff]{1,4}、)?"
         r"(?:预警|演练|督察|整改|整治|防控|禁烧|秋收|夏收|麦收|三夏|保障|应急响应|响应|攻坚|管控|春节|国庆|高考|考试|秋冬季)期间", SPAN),
        (r"(?:到|至|在|于)?(?:今年|本年度?)(?:年底|年末|底|末|内)(?:前|之前)?", FORWARD),
        (rf"(?:到|在|于)?(?:(?:\d{{4}})年|次年|明年)?{CN_MONTH}月(?:{CN_DAY}[日号]|底|末)(?:前|之前|以前)", FORWARD),
        # "11月底完成清淤": a month's end is a deadline without 前 too
        (rf"(?:到|在|于)?(?:(?:\d{{4}})年)?{CN_MONTH}月(?:底|末)(?![前之以])", FORWARD),
        # a span of years ("2024—2027年新增完成生活污水治理的行政村38个"): a plan's period while it runs, a look back
        # once it is over (see YEAR_SPAN below)
        (r"(?:(?:19|20)\d{2})\s*年?\s*[-—–~至到]\s*(?P<span_end>(?:19|20)\d{2})\s*年度?", YEAR_SPAN),
        # a day an event is set for ("会议同意于11月20日开展联合演练", "定于2026年11月×日召开"; the day may be
        # masked): due on that day when it is not yet past, an event's date when it is (see _scheduled)
        (rf"(?<=(?<![位等对由关属处基鉴至])于)(?P<s_year>\d{{4}}年)?(?P<s_month>{CN_MONTH})月(?P<s_day>{CN_DAY}|[X×*]{{1,2}})[日号]"
         r"(?![前之以内起至到\d])", SCHEDULED),
        # an event's date; a look back when its month is over at the speech's date (see below)
        (r"(?P<ym_year>(?:19|20)\d{2})年(?P<ym_month>\d{1,2})月(?:\d{1,2}[日号])?", UNKNOWN),
        # "较2024年减少2天": a comparison base, not a period
        (r"(?<![较比与由从同\d])(?P<lead>到|至|在|于)?(?P<year>(?:19|20)\d{2})年(?!均)度?(?:年底|底|末)?(?:前|之前|以前)?", None),
        (r"年底前|年内|年底", FORWARD),
        # (not before a part of the year, "今年第三季度", "今年上半年": one expression below, sixteenth round)
        (r"(?:今年|本年度?|明年)(?!以来|第?[一二三四1-4]季度|[上下]半年)", FORWARD),
        # the year after next, in speech ("明年要稳定在四类，后年要到三类", fourteenth round); not "…之后年"
        (r"(?<![之以最])后年(?!度|龄|份)", FORWARD),
        # "比上半年下降6微克": a half-year after 比/较 is a comparison base, not a period
        # (明年 before a part of the year is one expression with it too, "明年一季度组织开展…", seventeenth round)
        (r"秋冬季|早日|全年|(?<![较比与同])(?:今年|明年)?(?:第?[一二三四1-4]季度|上半年|下半年)(?:(?:末|底)?(?:前|之前|以前)|末|底)?|(?:\d{1,2}月、)+\d{1,2}月(?![\d份底末前])", FORWARD),
        (r"(?<![A-Za-z])(?:[X*]+|\d+[X*]+)年(?!均)度?", UNKNOWN),
        # a month's third as a deadline: "将于12月下旬组织回头看"
        (r"(?:到|在|于)?(?:(?:\d{4})年)?\d{1,2}月[上中下]旬(?:前)?", FORWARD),
        # a recurring period without a due time: "每季度巡河不少于1次" (never a deadline)
        (r"每(?:个|[两三四五六]个?)?(?:季度|月|周|年|半年|半月|旬|日|天)(?![度底末份])", FORWARD),
    )
)


@dataclass(frozen=True)
class TimeExpression:
    """A time expression at [start, end) of the normalised text, with its role."""

    start: int
    end: int
    text: str
    role: str


def find_time_expressions(
    text: str, document_year: int, excluded: list[tuple[int, int]], document_month: int | None = None,
    document_day: int = 1,
) -> list[TimeExpression]:
    """All time expressions in ``text``, longest first where they overlap, in order.

    Expressions inside quotation or book-title marks are names ("《2021-2022年秋冬季
    攻坚方案》", "“2035年生态环境根本好转”"), not periods, and are left out.
    """
    found: list[TimeExpression] = []
    for pattern, role in _EXPRESSIONS:
        for match in pattern.finditer(text):
            a, b = match.start(), match.end()
            if any(x <= a < y and not (a <= x and y <= b) for x, y in excluded):
                continue
            if any(a < e.end and e.start < b for e in found):
                continue
            this_role = role
            if this_role is None:
                year = int(match["year"])
                # "提高到2024年的19.3%" said in 2025: a year already over looks back, 到 or not
                this_role = FORWARD if year >= document_year else PAST
            elif this_role == SCHEDULED:
                this_role = _scheduled(match, document_year, document_month, document_day)
            elif this_role == YEAR_SPAN:
                # (in brackets it labels a plan's name: "修编“一河一策”（2025—2027年）", "《…行动方案（2024—2027年）》")
                bracketed = text[a - 1:a] in ("（", "(") and text[b:b + 1] in ("）", ")")
                this_role = UNKNOWN if bracketed else FORWARD if int(match["span_end"]) >= document_year else PAST
            elif this_role == SPAN:
                lead = match["span_year"] or ""
                this_role = PAST if lead in ("去年", "上年") or (lead[:4].isdigit() and int(lead[:4]) < document_year) \
                    else FORWARD
            if _EPITHET_AFTER.match(text, b):
                continue
            if this_role == UNKNOWN and document_month is not None and match.re.groupindex.get("ym_year") \
                    and (int(match["ym_year"]), int(match["ym_month"])) < (document_year, document_month):
                this_role = PAST  # "2024年8月，督察组向我市反馈了意见" said in 2025
            found.append(TimeExpression(a, b, match.group(0), this_role))
    if document_month is not None:
        for match in _MONTH_SPAN.finditer(text):
            first, last = int(match["m1"]), int(match["m2"])
            y1 = int(match["y1"]) if match["y1"] else None
            y2 = int(match["y2"]) if match["y2"] else y1 or document_year
            ordered = (y1 or y2, first) < (y2, last) and 1 <= first <= 12 and 1 <= last <= 12
            if first == 1 and y1 is None or not ordered or _inside(match.start(), excluded):
                continue  # "1—6月" is a cumulative statistic, read above
            a, b = match.start(), match.end()
            # (the span replaces the event's date read inside it: "2025年3月至5月" is no bare "2025年3月")
            found = [e for e in found if not (a <= e.start and e.end <= b and e.role == UNKNOWN)]
            if any(a < e.end and e.start < b for e in found):
                continue
            found.append(TimeExpression(a, b, match.group(0), FORWARD if (y2, last) >= (document_year, document_month) else PAST))
        # A quarter or half-year over at the speech's date ("一季度，全县…" said in April) looks back.
        found = [_over(e, document_month) for e in found]
        # A bare month ("10月份") is a look back when it is over at the speech's date.
        for match in _MONTH.finditer(text):
            a, b = match.start(), match.end()
            month = int(match["month"])
            if not 1 <= month <= 12 or any(a < e.end and e.start < b for e in found) or _inside(a, excluded):
                continue
            if month < document_month:  # the speech's own month or a later one may be either
                found.append(TimeExpression(a, b, match.group(0), PAST))
    return sorted(found, key=lambda e: e.start)


def _scheduled(match: re.Match, document_year: int, document_month: int | None, document_day: int) -> str:
    """Forward when the day an event is set for is not yet past at the speech's date (a masked day counts
    by its month), past when it is."""
    year = int(match["s_year"][:4]) if match["s_year"] else document_year
    month = match["s_month"]
    month = int(month) if month.isdigit() else "一二三四五六七八九十".index(month) + 1 if len(month) == 1 \
        else 10 + "一二".index(month[1]) + 1
    if document_month is None:
        return FORWARD if year >= document_year else PAST
    day = match["s_day"]
    day = 0 if not re.fullmatch(r"\d+", day) else int(day)  # a masked (or spoken) day: the month decides
    if day == 0:
        return FORWARD if (year, month) >= (document_year, document_month) else PAST
    return FORWARD if (year, month, day) >= (document_year, document_month, document_day) else PAST


_QUARTER = re.compile(r"^(?:今年|本年度?)?(?:第?(?P<q>[一二三四1-4])季度|(?P<h>上)半年)$")


def _over(expression: TimeExpression, document_month: int) -> TimeExpression:
    """The expression as a look back when it names a quarter or half of this year already over."""
    match = _QUARTER.match(expression.text) if expression.role == FORWARD else None
    if not match:
        return expression
    if match["h"]:
        last_month = 6
    else:
        quarter = int(match["q"]) if match["q"].isdigit() else "一二三四".index(match["q"]) + 1
        last_month = 3 * quarter
    if document_month > last_month:
        return TimeExpression(expression.start, expression.end, expression.text, PAST)
    return expression


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(x <= position < y for x, y in spans)


# A full calendar date ("2026年9月30日"): an event's date, or an item's due date on its deadline line
FULL_DATE = re.compile(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}[日号]")


def is_deadline(expression: TimeExpression) -> bool:
    """Whether the expression is a concrete due date, enough to make a milestone (a full date is one
    only when it was read as forward: an item's deadline line, see moods.item_deadlines)."""
    text = expression.text
    if expression.role == FORWARD and FULL_DATE.fullmatch(text):
        return True
    return expression.role == FORWARD and bool(
        re.search(r"内$|之内$|以内$|前$|^到|^至|年底|年末|期末|末$|月底$|旬$|(?:至|到|—|–|－|-|～)(?:\d{4}年)?\d{1,2}月份?$"
                  r"|^每(?:周|星期)[一二三四五六日]$|^每个?月\d{1,2}[日号]$|^每个?(?:月|季度|季|年|半年)(?:末|底)$|^(?:当日|当天)$"
                  # the day an event is set for ("于11月20日开展演练", read forward only when not yet past)
                  r"|^(?:\d{4}年)?[\d一二三四五六七八九十]{1,2}月(?:[\d一二三四五六七八九十]{1,3}|[X×*]{1,2})[日号]$"
                  r"|(?:至|到)\s*(?:\d{4}年|次年|明年)?[\d一二三四五六七八九十]{1,2}月(?:[\d一二三四五六七八九十]{1,3}[日号]|底|末)$"
                  # a time before an event, without 内: "施工前24小时" (fourteenth round)
                  r"|前(?:\d+|[一二两三四五六七八九十]+)个?(?:小时|分钟|个工作日|日|天|个月|周)$", text)
    ) and "早日" not in text


_WEEKDAYS = "一二三四五六日"


def _relative(text: str, document_date: date) -> str | None:
    """The ISO date of a deadline relative to the speech's month or week, "" when the phrase is
    one of those but has no single date (a holiday), None when it is none of them."""
    from datetime import timedelta

    from tracker.workdays import add_months

    text = re.sub(r"^(?:到|在|于)", "", text)
    if (month := re.fullmatch(r"(本|这个?|当|下个?|次|)月份?(.*)", text)):
        first = date(document_date.year, document_date.month, 1)
        if month[1] == "" and not re.fullmatch(r"[底末](?:前|之前|以前)?", month[2]):
            return None
        if month[1].startswith(("下", "次")):
            first = add_months(first, 1)
        rest = month[2]
        if re.fullmatch(r"(?:前|之前|以前|内|之内)?", rest):
            rest = "底前"
        return resolve(f"{first.year}年{first.month}月{rest}", document_date) or ""
    if (week := re.fullmatch(r"(本|这|下)个?(?:周|星期)(?:([一二三四五六日天])(?:下班)?(?:前|之前|以前)|内|之内)", text)):
        monday = document_date - timedelta(days=document_date.weekday())
        if week[1] == "下":
            monday += timedelta(days=7)
        day = _WEEKDAYS.index(week[2].replace("天", "日")) if week[2] else 6
        return (monday + timedelta(days=day)).isoformat()
    if (start := re.fullmatch(rf"(?:(\d{{4}})年)?({CN_MONTH})月份?(?:之前|以前|前)", text)):
        year = int(start[1]) if start[1] else document_date.year
        number = int(start[2]) if start[2].isdigit() else "一二三四五六七八九十".index(start[2]) + 1 \
            if len(start[2]) == 1 else 10 + "一二".index(start[2][1]) + 1
        if number == 1:
            return f"{year - 1}-12-31"
        return resolve(f"{year}年{number - 1}月底前", document_date) or ""
    if (day := re.fullmatch(r"(\d{1,2})[日号](?:之前|以前|前)", text)):
        # "10日前" said on 8 December is 10 December; said on the 20th, the 10th of next month
        first = date(document_date.year, document_date.month, 1)
        if int(day[1]) < document_date.day:
            first = add_months(first, 1)
        return resolve(f"{first.year}年{first.month}月{day[1]}日前", document_date) or ""
    if re.fullmatch(r"半个?月(?:内|之内|以内)", text):
        return resolve("15日内", document_date) or ""
    if re.search(r"(?:节|年|汛期|秋收|夏收|麦收|三夏)(?:前|之前|以前)$|^汛前$", text):
        return ""
    return None


def resolve(phrase: str | None, document_date: date) -> str | None:
    """The ISO date a forward period phrase ends on, relative to ``document_date``."""
    if not phrase:
        return None
    text = re.sub(r"[“”\"\s]", "", phrase)
    plan = re.search(r"十([一二三四五六七八九])五", text)
    if plan:
        # The Nth five-year plan ends in 1955 + 5N: 十三五 → 2020, 十四五 → 2025.
        n = 10 + "一二三四五六七八九".index(plan.group(1)) + 1
        text = f"{1955 + 5 * n}年底"
    elif re.fullmatch(r"(?:到|在)?(?:今年|本年度?|全年|年内)", text):
        text = "今年年底"
    elif re.fullmatch(r"(?:到|在)?明年", text):
        text = f"{document_date.year + 1}年底"
    elif re.fullmatch(r"(?:到|在)?后年", text):
        text = f"{document_date.year + 2}年底"
    if (span_to := re.fullmatch(r".*?(?:日|今|天|在|号|起)\s*(?:至|到)\s*(.+?(?:[日号]|底|末))", text)):
        text = span_to[1] + "前"  # a campaign is due when its span ends
    relative = _relative(text, document_date)
    if relative is not None:
        return relative or None
    if (span := re.fullmatch(r"(?:(\d{4})年)?\d{1,2}(?:月份?)?\s*(?:至|到|—|–|－|-|～)\s*(?:(\d{4})年)?(\d{1,2})月份?", text)):
        # a campaign span is due when its last month ends
        text = f"{span[2] or span[1] or ''}{'年' if span[2] or span[1] else ''}{span[3]}月底前"
    if (third := re.fullmatch(r"(?:到|在|于)?((?:\d{4}年)?\d{1,2}月)([上中下])旬前?", text)):
        # 上旬 ends on the 10th, 中旬 on the 20th, 下旬 with the month
        text = third[1] + {"上": "10日前", "中": "20日前", "下": "底前"}[third[2]]
    elif re.match(r"(?:到|在|于)?(?:次年|明年)\d", text):
        text = re.sub(r"^(?:到|在|于)?(?:次年|明年)", f"{document_date.year + 1}年", text)
    elif text == "年底前" or text == "年底":
        text = "今年年底前"
    resolution = resolve_deadline(text, document_date)
    return resolution.date.isoformat() if resolution else None
