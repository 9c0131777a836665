"""The date a speech or document was given, stated or inferred (讲话日期).

The date anchors everything relative in a text: 今年 is its year, a year before it is a
look back, 30个工作日内 counts from it. Read as of today, a plan "2024年…主要目标为…" becomes
a review of the past, so when a text states no full date (see
:func:`tracker.extraction.text.detect_document_date`) it is inferred, in this order:

1. the year: the year after the one a title sums up ("2025年工作总结和2026年工作思路": a summary of
   a whole year is written once it is over, so its review is the past), else the plan year the text is about ("2026年全县生态环境工作要点", "部署2026年重点
   任务", "今年是2026年…"), else the first year of a span its title plans for ("…规划（2026—2030年）"),
   else the year after the one it sums up ("总结2025年工作"), else the
   earliest year it sets a deadline in ("2024年6月底前" — a text is written before its
   deadlines), else the first year the text names;
2. the day: a month and day near the start ("3月12日下午，市政府召开…"), else 1 January;
3. a title line holding only a year and a month ("（2026年10月）") dates the text in that month, at its end
   when the title reports (通报, 榜, 情况…); a status date in that year ("截至10月底…", a title reporting on "2025年10月份") moves it
   later: the text was written after it.

The result says it was inferred, so pages and commands can say which date they used.
"""

from __future__ import annotations

import re
from datetime import date

from .text import StatedDate, detect_document_date, normalise, split_paragraphs

_YEAR = r"(?P<y>(?:19|20)\d{2})"
_PLAN_YEAR = (
    # no other year between ("2024年工作总结和2025年工作计划" plans 2025)
    re.compile(_YEAR + r"年[^，。；\n\d]{0,24}?(?:工作要点|工作方案|实施方案|工作计划|行动方案|行动计划|重点任务|主要目标|"
               r"预期目标|目标任务|工作安排|资金预算|预算|考核)"),
    re.compile(r"(?:部署|安排|谋划|做好|推进)" + _YEAR + r"年"),
    re.compile(r"今年(?:是|为|即|（)" + _YEAR + r"年"),
)
_SUMMED_YEAR = re.compile(r"(?:总结|回顾)" + _YEAR + r"年")
# a title summing up a whole year ("2025年工作总结和2026年工作思路", "2025年度…工作总结"): written once that
# year is over, whatever the plan after it is called (思路, 打算, 安排…); a part of a year (上半年, 一季度,
# 10月份 — see _REPORTED_PART) is no whole year, and no other year may stand between the year and 总结
_SUMMED_TITLE = re.compile(_YEAR + r"年度?(?P<between>[^，。；\n\d]{0,24}?)总结")
_PART_OF_YEAR = re.compile(r"半年|季度|月")
# a title line that is only a year and a month ("（2026年10月）" under "…红黑榜"): the text is of that month
_TITLE_MONTH = re.compile(r"^[（(〔\[]?" + _YEAR + r"年(?P<m>\d{1,2})月份?[）)〕\]]?$")
# a title reporting on a period (通报, 榜, 情况…): written once the period is over
_REPORTING_TITLE = re.compile(r"通报|榜|情况|报告|分析|考评|排名")
# a plan for a span of years named in its title ("“十五五”生态环境保护规划（2026—2030年）"): written as the span opens
_TITLE_SPAN = re.compile(_YEAR + r"\s*[—\-–~～至到]+\s*(?:19|20)\d{2}\s*年")
# a deadline: "2024年6月底前", and "到2025年底" (到 sets the deadline without 前)
_DEADLINE_YEAR = re.compile(
    r"(?:" + _YEAR + r"年(?:\d{1,2}月(?:\d{1,2}[日号]|底|末)?|底|末)?(?:前|之前|以前)"
    r"|(?<=到)" + _YEAR.replace("P<y>", "P<y2>") + r"年(?:底|末))"
)
# a year named as a comparison base ("由2020年的14.5%", "较2020年") is in the past: not the text's year
_ANY_YEAR = re.compile(r"(?<![由从较比与同])" + _YEAR + r"年")
_MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号](?!前|之前|以前|内|起|至)")
_REPORTED_MONTH = re.compile(_YEAR + r"年(?P<m>\d{1,2})月份?[^，。]{0,30}(?:通报|情况|报告|分析)")
# "2025年上半年工作总结", "2025年一季度…情况通报": written once that part of the year is over
_REPORTED_PART = re.compile(
    _YEAR + r"年(?:(?P<h>上半年)|第?(?P<q>[一二三1-3])季度|前三季度)[^，。]{0,30}?(?:总结|通报|情况|报告|分析)"
)
_STATUS = re.compile(r"截[至止](?:到)?(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号]|底|末)?")


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def infer_document_date(original: str) -> StatedDate | None:
    """The date a text implies when it states none (see the module docstring), or None."""
    norm = normalise(original)
    body = [p for p in split_paragraphs(norm) if not p.boilerplate]
    text = "\n".join(norm.text[p.start:p.end] for p in body)
    year = None
    title = norm.text[body[0].start:body[0].end] if body else ""
    # the title, or its second line under an issuer's name ("宁川市生态环境局…科" / "二〇二五年工作总结…")
    # (read line by line: a title without a full stop may be joined to the line after it as a soft wrap)
    lines = [line.strip() for line in original.split("\n") if line.strip()][:2]
    heads = [normalise(line).text for line in lines if len(line) <= 40]
    summed = next((m for head in heads if (m := _SUMMED_TITLE.search(head))), None)
    if summed and not _PART_OF_YEAR.search(summed["between"]):
        # a summary of year Y is written at the end of Y or early in Y+1: its review is the past
        year = int(summed["y"]) + 1
    # (nineteenth round) a line of only a year and a month under the title and its issuer ("…实施方案" / "（2026—2027年）" /
    # "××县人民政府办公室" / "2026年4月"): the month the text was signed in, which ranks before the plan year its body
    # names and before the first year of its title's span
    signed = [normalise(line).text for line in [x.strip() for x in original.split("\n") if x.strip()][2:5] if len(line) <= 40]
    signature = next((m for head in signed if (m := _TITLE_MONTH.match(head.strip()))), None)
    if year is None and signature:
        year = int(signature["y"])
        heads = heads + signed
    for pattern in _PLAN_YEAR if year is None else ():
        match = pattern.search(text)
        if match:
            year = int(match["y"])
            break
    if year is None and (match := next((m for head in heads if (m := _TITLE_SPAN.search(head))), None)):
        year = int(match["y"])
    if year is None and (match := _SUMMED_YEAR.search(text)):
        year = int(match["y"]) + 1
    if year is None:
        years = [int(m["y"] or m["y2"]) for m in _DEADLINE_YEAR.finditer(text)]
        year = min(years) if years else None
    if year is None and (match := _ANY_YEAR.search(text)):
        year = int(match["y"])
    if year is None:
        return None
    inferred = date(year, 1, 1)
    opening = "\n".join(norm.text[p.start:p.end] for p in body[:4])
    if (match := _MONTH_DAY.search(opening)) and (day := _safe(year, int(match["m"]), int(match["d"]))):
        inferred = day
    if (match := _REPORTED_MONTH.search(title)) and int(match["y"]) == year:
        # "关于2025年10月份…排名情况的通报": written once that month is over
        inferred = max(inferred, _month_end(year, int(match["m"])) or inferred)
    if (match := next((m for head in heads if (m := _TITLE_MONTH.match(head.strip()))), None)):
        # "…红黑榜" over "（2026年10月）": a text of that month; one reporting on it is written once it is over
        month = int(match["m"])
        if int(match["y"]) == year and 1 <= month <= 12:
            reporting = any(_REPORTING_TITLE.search(head) for head in heads)
            start = _month_end(year, month) if reporting else date(year, month, 1)
            inferred = max(inferred, start or inferred)
    if (match := _REPORTED_PART.search(title)) and int(match["y"]) == year:
        quarter = 2 if match["h"] else (int(match["q"]) if match["q"] and match["q"].isdigit()
                                        else "一二三".index(match["q"]) + 1 if match["q"] else 3)
        # the day after that part ends: "上半年" is then over, "下半年" still to come
        inferred = max(inferred, _safe(year, 3 * quarter + 1, 1) or inferred)
    for match in _STATUS.finditer(text):
        if match["y"] and int(match["y"]) != year:
            continue
        status = _safe(year, int(match["m"]), int(match["d"])) if match["d"] else _month_end(year, int(match["m"]))
        if status and status > inferred:
            inferred = status
    return StatedDate(inferred, "inferred")


def document_date(original: str) -> StatedDate | None:
    """The date the text states, else the date it implies, else None."""
    return detect_document_date(original) or infer_document_date(original)
