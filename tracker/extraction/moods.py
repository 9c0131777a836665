"""The mood of a speech's paragraphs (语气): whether a stretch looks back or forward.

A bare figure ("优良天数比例91.6%") is a target or an achievement by the mood of the
stretch it sits in. The mood starts from the document (a plan title looks forward), is set by
top-level headings (a review heading looks back, a plan heading forward, "下面，我讲几点意见"
turns to requirements), and by the clause that opens each paragraph ("2021年，…" looks
back, "今年…" forward; a short framing clause or sentence is skipped). An exhorting heading
("二、认清形势，确保完成全年目标") binds its mood to itself; in feedback lists, 问题N：
states the current situation and 整改目标： looks forward, dated by the item's 整改时限：.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from . import lexicon as lx
from .kinds import Mood, commits
from .periods import FORWARD, FULL_DATE, PAST, UNKNOWN, TimeExpression, is_deadline
from .text import HEADING, NormalisedText, Paragraph, split_clauses


@dataclass
class Context:
    """The normalised text of one extraction, its date, time expressions and quoted spans."""

    norm: NormalisedText
    document_date: date
    times: list[TimeExpression]
    excluded: list[tuple[int, int]]
    # the areas wider than the speaker's own (全国, 全省, and 全市 in a county's text): a cited document's
    # figure for one of them is not the text's target
    wider_scope: re.Pattern = lx.WIDER_SCOPE
    # the period the document sets for what it asks (a title's year, the span of the action it launches), once read
    document_period: TimeExpression | None = None

    @property
    def text(self) -> str:
        return self.norm.text


def paragraph_moods(context: Context, paragraphs: list[Paragraph]) -> Iterator[tuple[Paragraph, Mood]]:
    """Each paragraph with the mood its figures are read in."""
    base = document_mood(context, paragraphs)
    context.document_period = base.period
    deadlines = item_deadlines(context, paragraphs)
    mood = base
    for index, paragraph in enumerate(paragraphs):
        piece = context.text[paragraph.start:paragraph.end]
        if paragraph.level == 0 and lx.TURN_TO_PLAN.search(piece):
            base = Mood(FORWARD, base.period)  # "下面，我讲几点意见": the rest are requirements
            mood = base  # ... from here on, not only after the next heading
        if paragraph.level == 1:
            mood = base
            if lx.REVIEW_HEADING.search(piece) and not commits(piece):
                mood = Mood(PAST, None, review_section=True)  # "一、上半年工作开展情况", "二、存在的问题"
            elif lx.PLAN_HEADING.search(HEADING.sub("", piece)):
                mood = Mood(FORWARD, base.period if base.tense != PAST else None)
        before = mood
        mood = opening_mood(context, paragraph, mood, deadlines[index])
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if paragraph.level >= 2 and following is not None and not following.level \
                and plan_label(context, following.start, following.end):
            # "（一）污水处理厂长期超负荷运行，日均处理量达到设计规模的118%。" then "整改目标：…": the
            # numbered paragraph before an item's target line states its problem, the current situation
            mood = Mood(PAST, None)
        yield paragraph, mood
        if paragraph.level >= 2 and mood.tense == FORWARD and not mood.item_dated and mood.period is not None \
                and mood.period is not before.period and is_deadline(mood.period):
            # "3.…项目于10月31日前通过验收" then "4.工业固体废物综合利用率达到95%以上": a numbered item's own deadline dates that
            # item; the next item keeps the period of the stretch before it (fifteenth round)
            mood = Mood(FORWARD, before.period if before.tense == FORWARD else None, before.review_section)


def document_mood(context: Context, paragraphs: list[Paragraph]) -> Mood:
    """A plan document ("2027年全市大气污染防治工作方案") looks forward throughout, unless a
    passage says otherwise; any other text starts neutral."""
    if not paragraphs:
        return Mood()
    title = paragraphs[0]
    heading = context.text[title.start:title.end]
    if title.level == 0 and lx.PLAN_TITLE.search(heading) and not lx.SUMMARY_TITLE.search(heading):
        period = next((t for t in times_in(context, title.start, title.end) if t.role == FORWARD), None)
        if period is None:
            # "…规范化建设实施方案（2026—2027年）": the span in brackets after a plan's name labels the name (no
            # period of a figure beside it), and it is the plan's own period — that of what the plan asks, where
            # nothing nearer dates it, while its last year is still to run
            period = next((replace(t, role=FORWARD) for t in times_in(context, title.start, title.end)
                           if (span := _YEAR_SPAN.fullmatch(t.text))
                           and int(span["last"]) >= context.document_date.year), None)
        return Mood(FORWARD, period)
    # the title may come after the issuer's name ("临川市生态环境保护委员会办公室" then "关于…的通报"):
    # any short line without a full stop among the first three
    titles = [context.text[p.start:p.end] for p in paragraphs[:3] if p.level == 0]
    if any(len(t) <= 60 and "。" not in t and lx.RESULTS_TITLE.search(t) and not lx.PLAN_TITLE.search(t)
           for t in titles):
        # "关于2025年度…考核结果的通报": a results bulletin reports, section by section, until a plan
        # heading ("三、2026年工作要求") or a committing clause turns forward
        return Mood(PAST, None, review_section=True)
    if reports(context, paragraphs):
        # a news report of results: its own year is the year so far, under review, in every section
        return Mood(review_section=True)
    for p in paragraphs[:3]:
        line = context.text[p.start:p.end]
        if p.level == 0 and len(line) <= 60 and "。" not in line and not lx.SUMMARY_TITLE.search(line):
            # "关于开展2026年柴油货车…专项整治的通知": the year the title names is the period of what the text
            # asks, where nothing nearer dates it (the mood itself stays neutral)
            # (not a serial: "（2026年第14次）" under minutes' title numbers the meeting, it dates nothing asked)
            year = next((t for t in times_in(context, p.start, p.end) if t.role == FORWARD and _YEAR.fullmatch(t.text)
                         and not _SERIAL.match(context.text, t.end)), None)
            if year is not None:
                return Mood(period=year)
    for p in paragraphs[:4]:
        if p.level:
            break  # (the text's opening, before any heading)
        for clause in (c for sentence in p.sentences for c in split_clauses(context.text, *sentence)):
            spans = [t for t in times_in(context, *clause) if t.role == FORWARD and re.search(r"至|到", t.text)]
            if spans and lx.ACTION_LAUNCHED.search(context.text, spans[0].end, clause[1]):
                # "决定自即日起至6月30日在全园区开展…专项行动": the span of the action the text launches is the period
                # of what it asks, where nothing nearer dates it (the mood itself stays neutral)
                return Mood(period=spans[0])
    return Mood()


_YEAR = re.compile(r"\d{4}年度?")
_YEAR_SPAN = re.compile(r"\d{4}年?\s*[—–\-－~～至到]+\s*(?P<last>\d{4})年")
_SERIAL = re.compile(r"第[\d一二三四五六七八九十]+[次期号]")


def reports(context: Context, paragraphs: list[Paragraph]) -> bool:
    """Whether the text is a news report of results: its lead (the first paragraph after the title,
    before any heading) opens as news ("近日，…", "本报讯…") and sums up a stretch already run
    ("今年以来，…取得…", "截至目前") rather than announcing a meeting or a speech (召开, 会议).

    Such a text is written partway through the year it reports, after the results: its 今年 is the
    year so far ("今年新建污水处理站3座" reports), and only what it commits (要, 确保, 下一步) looks forward."""
    lead = next((p for p in paragraphs[1:] if p.level == 0 and p.sentences), None)
    if lead is None or any(p.level for p in paragraphs[1:paragraphs.index(lead)]):
        return False
    piece = context.text[lead.start:lead.end]
    return bool(lx.NEWS_LEAD.match(piece) and lx.REVIEW_FRAME.search(piece) and not lx.ANNOUNCES_EVENT.search(piece))


def label(context: Context, paragraph: Paragraph) -> str:
    clauses = split_clauses(context.text, paragraph.start, paragraph.end)
    return context.text[clauses[0][0]:clauses[0][1]].strip() if clauses else ""


def plan_label(context: Context, start: int, end: int) -> bool:
    """Whether the text at ``start`` opens with a plan's label: 整改目标：, 整治目标：, 主要措施： — a label is a short
    name closed by a colon (an opening clause ending in the same word, "通过以上措施，…", is none)."""
    clauses = split_clauses(context.text, start, end)
    if not clauses:
        return False
    c_start, c_end = clauses[0]
    if not lx.PLAN_LABEL.match(HEADING.sub("", context.text[c_start:c_end]).strip()):
        return False
    return lx.LABEL_COLON.match(context.text, c_end) is not None or lx.PLAN_LABEL_WORD.match(
        HEADING.sub("", context.text[c_start:c_end]).strip()) is not None


def item_deadlines(context: Context, paragraphs: list[Paragraph]) -> list[tuple[bool, TimeExpression | None]]:
    """For each paragraph, whether its rectification item has a deadline line (整改时限：…)
    and the date that line gives, if any.

    An item runs from a heading or a problem label (问题2：) to the next one; its deadline
    line may come before or after its target line, and dates both."""
    found: list[tuple[bool, TimeExpression | None]] = [(False, None)] * len(paragraphs)
    block: list[int] = []

    def close() -> None:
        labelled, deadline = False, None
        for i in block:
            p = paragraphs[i]
            if lx.DEADLINE_LABEL.match(label(context, p)):
                labelled = True  # "整改时限：立行立改，长期坚持" — labelled, but no date
                deadline = next((t for t in times_in(context, p.start, p.end) if t.role == FORWARD), None)
                if deadline is None:
                    # "整改时限：2026年9月30日": a calendar date not yet past is the item's due date
                    deadline = next((replace(t, role=FORWARD) for t in times_in(context, p.start, p.end)
                                     if t.role == UNKNOWN and FULL_DATE.fullmatch(t.text)), None)
                break
        for i in block:
            found[i] = (labelled, deadline)

    for index, paragraph in enumerate(paragraphs):
        if paragraph.level or lx.PROBLEM_LABEL.match(label(context, paragraph)):
            close()
            block = []
        block.append(index)
    close()
    return found


def opening_mood(
    context: Context, paragraph: Paragraph, mood: Mood, item_deadline: tuple[bool, TimeExpression | None] = (False, None)
) -> Mood:
    """The mood after a paragraph's opening clause: "2021年，…" looks back, "2022年，…" forward."""
    if not paragraph.sentences:
        return mood
    s_start, s_end = paragraph.sentences[0]
    if len(paragraph.sentences) > 1 and len(context.text[s_start:s_end].strip()) <= 6 \
            and not re.search(r"\d", context.text[s_start:s_end]) and not paragraph.level:
        # "先说成绩。2024年，…": a framing sentence; the next one opens the paragraph
        s_start, s_end = paragraph.sentences[1]
    clauses = split_clauses(context.text, s_start, s_end)
    if not clauses:
        return mood
    label = HEADING.sub("", context.text[clauses[0][0]:clauses[0][1]]).strip()
    if lx.PROBLEM_LABEL.match(label):
        return Mood(PAST, None)  # "问题2：…违规堆存危险废物**吨" states the current situation
    if plan_label(context, clauses[0][0], s_end):
        labelled, deadline = item_deadline
        if labelled:
            return Mood(FORWARD, deadline, item_dated=deadline is not None)
        return Mood(FORWARD, mood.period if mood.tense == FORWARD else None)
    heading_end = paragraph.sentences[0][1] if paragraph.level and len(paragraph.sentences) > 1 else paragraph.end
    if paragraph.level and commits(context.text[paragraph.start:heading_end]):
        # "二、认清形势，确保完成全年目标": an exhorting heading's mood is bound to itself.
        # (a heading run in with its body, "（三）验收阶段（11月1日至11月30日）。…须在通报后…": the heading is its first
        # sentence; a modal in the body exhorts nothing of the heading's, and the heading's span opens the paragraph)
        return mood
    c_start, c_end = clauses[0]
    opening = context.text[c_start:c_end]
    if len(clauses) > 1 and len(opening) <= 6 and not times_in(context, c_start, c_end):
        # "同志们：", "会议指出，", "其中，": a framing clause; the next one opens the paragraph.
        c_start, c_end = clauses[1]
        opening = context.text[c_start:c_end]
    for expression in times_in(context, c_start, c_end):
        if is_event_span(expression):
            continue  # "督察期间，…", "演练期间，…": while an event lasts — neither a look back nor a plan by itself
        if lx.SCOPE_ATTRIBUTIVE.search(context.text, c_start, expression.start) \
                and "的" in context.text[expression.end:c_end]:
            continue  # "对2025年检查中发现问题的37家企业，…": the year dates the finding that names a task's scope (fourteenth round)
        if expression.role == FORWARD and mood.review_section and is_this_year(expression, context.document_date.year):
            # "一、总体进展\n全市2025年度计划实施项目46个": under a review heading, the text's own
            # year is the year under review, not a plan
            return Mood(PAST, expression, review_section=True)
        if expression.role == FORWARD and _WHOLE_YEAR.fullmatch(expression.text) and _past_year(mood):
            # "一、2025年工作开展情况" then "全年全县PM2.5平均浓度…降至32.6": 全年 is the year the section is
            # about, here one already over, not the year still to run
            return mood
        if expression.role == FORWARD:
            return Mood(FORWARD, expression)
        if expression.role == PAST:
            if expression.text in ("目前", "当前"):
                return Mood()
            return Mood(PAST, expression)
        return Mood()
    if re.search(r"回首|回顾|过去一年|以来", opening):
        return Mood(PAST, None)
    first_sentence = context.text[s_start:s_end]
    if mood.tense == PAST and commits(first_sentence):
        return Mood()  # "在整改工作中，要…": the look back is over
    return mood


def sentence_mood(context: Context, paragraph: Paragraph, sentence: tuple[int, int], mood: Mood) -> Mood:
    """The mood from a later sentence of a paragraph on, when that sentence opens on a time of its own.

    "过去一年，…降至31.2微克。今年，…控制在30微克以内；…达到72%以上": a work report states last year's
    results and this year's targets in one paragraph — a sentence whose first clause is nothing but a time
    ("今年，", "2026年，", "去年，") turns a look back forward (or a plan back) as a paragraph's opening clause does, for the rest
    of the paragraph; a neutral stretch keeps its mood. A time inside a longer clause ("今年1—5月全市…") or an event's span does not."""
    if sentence == paragraph.sentences[0]:
        return mood
    clauses = split_clauses(context.text, *sentence)
    if len(clauses) < 2:
        return mood
    c_start, c_end = clauses[0]
    expressions = [t for t in times_in(context, c_start, c_end) if not is_event_span(t)]
    if len(expressions) != 1:
        return mood
    expression = expressions[0]
    rest = (context.text[c_start:expression.start] + context.text[expression.end:c_end]).strip(" ，,、：:")
    if rest and expression.start == c_start and expression.role == FORWARD and mood.tense == PAST \
            and lx.LATER_YEAR.match(expression.text):
        # "…全年完成营造林一万一千亩。明年受污染耕地安全利用率要达到…，新增营造林一点二万亩。": a sentence of a look back
        # that opens on the year after ("明年", "下一年") speaks of that year, for the rest of the paragraph (seventeenth round)
        return Mood(FORWARD, expression)
    if rest:
        return mood  # the clause says more than when
    if expression.role == FORWARD and mood.tense == PAST and not (
        mood.review_section and is_this_year(expression, context.document_date.year)
    ) and not (_WHOLE_YEAR.fullmatch(expression.text) and _past_year(mood)):
        return Mood(FORWARD, expression)
    if expression.role == PAST and mood.tense == FORWARD and expression.text not in ("目前", "当前"):
        return Mood(PAST, expression)
    if expression.role == PAST and mood.tense != PAST and _YEAR.fullmatch(expression.text) \
            and not mood.review_section:
        # "近年来，我局…。2025年，全市…386个；…。全年…74个；网上申报率达到92.5%。": in a neutral stretch a sentence that
        # opens on nothing but a past year reports that year, for the rest of the paragraph (sixteenth round)
        return Mood(PAST, expression)
    return mood


# the year under discussion, named by no number: "全年…", "全年度…"
_WHOLE_YEAR = re.compile(r"全年度?")


def _past_year(mood: Mood) -> bool:
    """Whether the mood looks back on a whole year already over ("2025年，…" read in 2026, "去年")."""
    return mood.tense == PAST and mood.period is not None \
        and bool(re.fullmatch(r"\d{4}年度?|去年|上年度?|上一年", mood.period.text))


def is_event_span(expression: TimeExpression) -> bool:
    """Whether the expression is the span of an event ("橙色预警期间"), not of a year or a plan period."""
    return expression.text.endswith("期间") and not re.search(r"\d{4}年|今年|明年|去年|上年|十[一二三四五六七八九]五|秋冬季", expression.text)


def is_this_year(expression: TimeExpression, year: int) -> bool:
    """Whether the expression is nothing but the speech's own year ("2025年度", "今年").

    Since the fourteenth round also a span of years that ends on it ("2023年至2025年" said in 2025): under a review
    heading ("第二条 考核断面与现状") the years up to the text's own are the record so far, like the year itself."""
    match = re.fullmatch(r"(?:(?P<y>\d{4})年度?|今年|本年度?)", expression.text) or re.fullmatch(
        r"(?:19|20)\d{2}年?\s*[—\-–~～至到]+\s*(?P<y>(?:19|20)\d{2})年", expression.text)
    return bool(match) and (match["y"] is None or int(match["y"]) == year)


def times_in(context: Context, start: int, end: int) -> list[TimeExpression]:
    return [t for t in context.times if start <= t.start and t.end <= end]
