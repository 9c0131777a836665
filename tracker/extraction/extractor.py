"""From speech to ledger: find targets, milestones and achievements in a speech.

A leader's speech mixes three kinds of figures, and the ledger (台账) wants only two:

* **target** (目标) — a forward-looking figure: "确保今年PM2.5平均浓度下降10%",
  "优良天数比例达到91.6%", "退出全国后十位";
* **milestone** (里程碑) — a dated deliverable without a number: "30个工作日内上报整改方案";
* **achievement** (成绩/现状) — what was already measured or done: "2021年…优良天数比例
  92.1%", "已完成整改40项", "截至X月X日…浓度为X". These are reported so a reviewer can
  see them, but they must never become targets.

How a figure is classified, in order (the rules are in ``docs/extraction.md`` too):

1. its own clause: look-back words (已, 截至, 今年以来, 了…) make it an achievement;
   commitment words (确保, 力争, 要, 目标, 控制在, 不低于, 退出后N…) a target;
2. a setting verb (达到, 下降, 提高, 完成…) makes it a target unless the paragraph
   looks back or the nearest governing word earlier in the sentence is a look-back word;
3. a bare figure takes the nearest governing word earlier in the sentence (modal verbs
   govern what follows them: "确保A下降10%，B下降12%以上");
4. otherwise the paragraph decides: a paragraph that opens with a past year or "回首过去一年"
   looks back, one that opens with this year looks forward, and that mood carries on
   through the paragraphs after it until the next top-level heading (一、二、…).

The period of a target is the time expression of its own clause, else the nearest one in
its sentence, else in its paragraph, else the one that opened the section (gold rule 6).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date

from . import lexicon as lx
from .numbers import ValueMention, find_values
from .periods import FORWARD, PAST, TimeExpression, find_time_expressions, is_deadline, resolve
from .text import NormalisedText, Paragraph, normalise, quoted_spans, split_clauses, split_paragraphs

TARGET = "target"
MILESTONE = "milestone"
ACHIEVEMENT = "achievement"

_TRAILING_COMPARATOR = re.compile(r"^(?:以上|以下|以内|之内|左右|及以上|及以下)")
_LEADING_NOISE = re.compile(
    r"^(?:同时|并|其中|特别是|尤其是|确保|力争|争取|务必|必须|要|需|我市|全市|今年|在|对|把|将|实现|完成|"
    r"到[“\"]?十[一二三四五六七八九]五[”\"]?末|到\d{4}年|到今年年底|年底前|全部|全面|稳定|早日)+"
)
_TRAILING_VERBS = re.compile(
    r"(?:要|需|须|应|力争|确保|争取|务必|必须|今年|年底前|分别|均|控制目标|目标|控制在|控制|达到或优于|达到|为|是|下降|降低|削减|减少|提高|提升|"
    r"增加|超过|不低于|不高于|不超过|优于|退出|排名|稳定|保持|的|在|后|倒数第|倒数|倒|同比)+$"
)


@dataclass(frozen=True)
class Candidate:
    """One figure or dated commitment found in a speech, ready for review.

    ``sentence`` is the clause exactly as written and ``text[start:end] == sentence``
    for the text given to :func:`extract`; ``value`` is None when the number is masked
    (X, **.**) or the candidate is a milestone; ``deadline`` is the ISO date the period
    resolves to (working days count Chinese holidays), or None.
    """

    kind: str
    metric: str
    metric_text: str
    value: float | None
    unit: str | None
    comparator: str
    period_or_deadline: str | None
    deadline: str | None
    responsible: str | None
    sentence: str
    start: int
    end: int
    confidence: float

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Mood:
    """Whether the current stretch of the speech looks back or forward, and its period."""

    tense: str = "neutral"
    period: TimeExpression | None = None


@dataclass
class _Context:
    norm: NormalisedText
    document_date: date
    times: list[TimeExpression]
    excluded: list[tuple[int, int]]

    @property
    def text(self) -> str:
        return self.norm.text


def extract(text: str, document_date: date) -> list[Candidate]:
    """Targets, milestones and achievements in a speech given on ``document_date``.

    ``document_date`` anchors relative periods: "今年" is its year, "30个工作日内" counts
    from it, and a year before it marks a look back.
    """
    norm = normalise(text)
    excluded = quoted_spans(norm.text)
    context = _Context(norm, document_date, find_time_expressions(norm.text, document_date.year, excluded), excluded)
    candidates: list[Candidate] = []
    mood = _Mood()
    for paragraph in split_paragraphs(norm):
        if paragraph.boilerplate:
            continue
        if paragraph.level == 1:
            mood = _Mood()
        mood = _opening_mood(context, paragraph, mood)
        for sentence in paragraph.sentences:
            candidates.extend(_sentence_candidates(context, paragraph, sentence, mood))
    return candidates


# --- paragraphs and mood ---------------------------------------------------------------


def _opening_mood(context: _Context, paragraph: Paragraph, mood: _Mood) -> _Mood:
    """The mood after a paragraph's opening clause: "2021年，…" looks back, "2022年，…" forward."""
    if not paragraph.sentences:
        return mood
    s_start, s_end = paragraph.sentences[0]
    clauses = split_clauses(context.text, s_start, s_end)
    if not clauses:
        return mood
    c_start, c_end = clauses[0]
    opening = context.text[c_start:c_end]
    if opening.startswith("同志们") and len(clauses) > 1:
        c_start, c_end = clauses[1]
        opening = context.text[c_start:c_end]
    for expression in _times_in(context, c_start, c_end):
        if expression.role == FORWARD:
            return _Mood(FORWARD, expression)
        if expression.role == PAST:
            if expression.text in ("目前", "当前"):
                return _Mood()
            return _Mood(PAST, expression)
        return _Mood()
    if re.search(r"回首|回顾|过去一年|以来", opening):
        return _Mood(PAST, None)
    first_sentence = context.text[s_start:s_end]
    if mood.tense == PAST and lx.TARGET_PROPAGATING.search(first_sentence):
        return _Mood()  # "在整改工作中，要…": the look back is over
    return mood


def _times_in(context: _Context, start: int, end: int) -> list[TimeExpression]:
    return [t for t in context.times if start <= t.start and t.end <= end]


# --- sentences -------------------------------------------------------------------------


def _sentence_candidates(
    context: _Context, paragraph: Paragraph, sentence: tuple[int, int], mood: _Mood
) -> list[Candidate]:
    text = context.text
    s_start, s_end = sentence
    found: list[Candidate] = []
    clauses = split_clauses(text, s_start, s_end)
    for index, (c_start, c_end) in enumerate(clauses):
        mentions = find_values(text, c_start, c_end, context.excluded)
        if not mentions:
            milestone = _milestone(context, paragraph, sentence, clauses, index, mood)
            if milestone:
                found.append(milestone)
            continue
        for mention, (g_start, g_end) in zip(mentions, _segments(text, c_start, c_end, mentions)):
            candidate = _value_candidate(context, paragraph, sentence, (c_start, c_end), (g_start, g_end), mention, mood)
            previous = found[-1] if found else None
            if previous and previous.metric != "milestone":
                if g_start == mention.start and previous.end >= context.norm.to_original(c_start, c_end)[0]:
                    # "分别下降5%、8%": a bare value in a list repeats the one before it.
                    candidate = replace(
                        candidate, metric=previous.metric, metric_text=previous.metric_text,
                        comparator=previous.comparator if candidate.kind == previous.kind else candidate.comparator,
                    )
                elif candidate.metric_text == candidate.metric:
                    # "PM2.5下降10%，需同比下降X%": an elided subject is the one named just before.
                    candidate = replace(candidate, metric=previous.metric, metric_text=previous.metric_text)
            found.append(candidate)
    return found


def _segments(text: str, c_start: int, c_end: int, mentions: list[ValueMention]) -> list[tuple[int, int]]:
    """Split a clause with several values into one piece per value.

    The cut between two values goes after the last 、 between them ("退出后5、在全国排名
    退出后7"), else right after the first value and any 以上/以下 that trails it.
    """
    cuts = []
    for first, second in zip(mentions, mentions[1:]):
        gap = text[first.end:second.start]
        if "、" in gap:
            at = first.end + gap.rfind("、")
            cuts.append((at, at + 1))
        else:
            trailing = _TRAILING_COMPARATOR.match(gap)
            at = first.end + (trailing.end() if trailing else 0)
            cuts.append((at, at))
    starts = [c_start] + [b for _, b in cuts]
    ends = [a for a, _ in cuts] + [c_end]
    return list(zip(starts, ends))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n、。！？）)】":
        start += 1
    while end > start and text[end - 1] in " \n、。！？（(【":
        end -= 1
    return start, end


def _nearest_governing(text: str, start: int, end: int) -> str | None:
    """The kind named by the last governing word in text[start:end], if any."""
    backs = list(lx.ACHIEVEMENT_PROPAGATING.finditer(text, start, end))
    back_ends = {m.end() for m in backs}
    # "成功争取", "已确保": a look-back word right before a modal verb wins over it.
    targets = [m for m in lx.TARGET_PROPAGATING.finditer(text, start, end) if m.start() not in back_ends]
    last_target = max((m.end() for m in targets), default=-1)
    last_back = max((m.end() for m in backs), default=-1)
    if last_target < 0 and last_back < 0:
        return None
    return TARGET if last_target > last_back else ACHIEVEMENT


def _classify(
    text: str, sentence_start: int, seg_start: int, seg_end: int, mention: ValueMention, mood: _Mood,
    own_tense: str | None = None,
) -> tuple[str, float]:
    """(kind, confidence) for a figure; see the module docstring for the order of rules.

    ``own_tense`` is the role of a time expression inside the figure's own segment: a
    figure dated to a year before the speech ("2025年…浓度为32微克") is a look back
    whatever the paragraph's mood, unless the segment itself says it is a target."""
    if mention.kind == "exit_rank":
        return TARGET, 0.9
    if mention.kind == "rank":
        return ACHIEVEMENT, 0.8
    segment = text[seg_start:seg_end]
    if lx.ACHIEVEMENT_LOCAL.search(segment):
        return ACHIEVEMENT, 0.85
    if lx.TARGET_LOCAL.search(segment):
        return TARGET, 0.85
    if own_tense == PAST:
        return ACHIEVEMENT, 0.8
    governing = _nearest_governing(text, sentence_start, seg_start)
    if re.search(r"新增|又增|增加至|增至", segment):
        return ACHIEVEMENT, 0.6
    if lx.TARGET_WEAK.search(segment):
        if mood.tense == PAST or governing == ACHIEVEMENT:
            return ACHIEVEMENT, 0.7
        return TARGET, 0.75
    if mood.tense == PAST:
        return ACHIEVEMENT, 0.7
    if governing:
        return governing, 0.7
    if mood.tense == FORWARD:
        return TARGET, 0.55
    return ACHIEVEMENT, 0.5


def _comparator(segment: str, value_at: int, value_end: int, mention: ValueMention, metric: str) -> str:
    """The comparator a clause states for its value, else the metric's natural one."""
    before = segment[:value_at]
    after = segment[value_end:]
    if mention.kind == "exit_rank":
        return "exit_bottom"
    if mention.kind == "zero":
        return "="
    if mention.kind == "rank":
        return "="
    if mention.kind == "class":
        return "<="
    if lx.TO_LEVEL.search(before):
        return "<=" if lx.DECREASE_WORDS.search(before) else ">="
    if lx.DECREASE_WORDS.search(before):
        return "decrease_by"
    if lx.INCREASE_WORDS.search(before) and mention.unit in {"个百分点", "%"} | lx.COUNT_UNITS:
        return "increase_by"
    negated = re.search(r"不低于|不少于|不小于|不高于|不超过|不大于|不多于", before)
    if negated:
        return ">=" if negated.group(0) in ("不低于", "不少于", "不小于") else "<="
    trailing = _TRAILING_COMPARATOR.match(after)
    if trailing and trailing.group(0) in ("以上", "及以上"):
        return ">="
    if trailing and trailing.group(0) in ("以下", "以内", "之内", "及以下"):
        return "<="
    if lx.LE_WORDS.search(before):
        return "<="
    direction = lx.METRIC_DIRECTION.get(metric, lx.NEUTRAL)
    explicit_ge = re.search(r"以上|不低于|不少于|超过|高于|优于|好于", before)
    if explicit_ge:
        return ">="
    if mention.unit in lx.RATE_UNITS or metric not in ("count",):
        if direction == lx.LOWER_IS_BETTER:
            return "<="
        if direction == lx.HIGHER_IS_BETTER:
            return ">="
    if lx.COMPLETE_WORDS.search(before) or "达到" in before:
        return ">="
    if mention.unit == "μg/m³":
        return "<="
    return "="


def _metric(segment: str, value_at: int, mention: ValueMention) -> tuple[str, str]:
    """(catalogue code, metric as written) for the value at ``value_at`` in ``segment``."""
    if mention.kind in ("rank", "exit_rank"):
        written = _metric_text(segment[:value_at], segment[mention.end - mention.start + value_at:])
        return "rank", written or "排名"
    found = lx.find_metric(segment, value_at)
    code = found[0] if found else None
    if code is None:
        if mention.kind == "class":
            code = "water_class" if mention.unit == "类" else "air_standard"
        elif mention.unit in lx.AREA_UNITS:
            code = "area"
        elif mention.unit == "μg/m³":
            code = "concentration"
        elif mention.unit in ("%", "个百分点"):
            code = "share"
        elif mention.unit == "天":
            code = "days"
        else:
            code = "count"
    written = _metric_text(segment[:value_at], segment[value_at + mention.end - mention.start:])
    return code, written or (found[1] if found else code)


def _metric_text(before: str, after: str) -> str:
    """The metric's name as written: the words before the number, less verbs and framing."""
    name = before
    for _ in range(3):
        name = _LEADING_NOISE.sub("", name)
        name = re.sub(r"^(?:\d{4}年|X年|今年|\d{4}年度)(?:以前的|以来的|以前|以来)?", "", name)
        name = _TRAILING_VERBS.sub("", name)
    name = name.strip("，、：（ ")
    if len(name) < 2:
        tail = re.sub(r"^(?:以上|以下|以内|的|余|多)+", "", after)
        tail = re.split(r"[，。；、（]", tail)[0]
        name = tail[:20] if tail else name
    return name[-30:]


def _period(context: _Context, paragraph: Paragraph, sentence: tuple[int, int], seg: tuple[int, int], kind: str, mood: _Mood) -> TimeExpression | None:
    """The period governing a figure (gold rule 6): clause, sentence, paragraph, section."""
    wanted = (FORWARD,) if kind != ACHIEVEMENT else (FORWARD, PAST)
    times = [t for t in _times_in(context, paragraph.start, paragraph.end) if t.role in wanted]
    if kind != ACHIEVEMENT:
        times = [t for t in times if t.text not in ("目前", "当前")]
    s_start, s_end = sentence
    g_start, g_end = seg
    inside = [t for t in times if g_start <= t.start and t.end <= g_end]
    if inside:
        return inside[0]
    before_in_sentence = [t for t in times if s_start <= t.start and t.end <= g_start]
    if before_in_sentence:
        return before_in_sentence[-1]
    before_in_paragraph = [t for t in times if t.end <= s_start]
    if before_in_paragraph:
        return before_in_paragraph[-1]
    after = [t for t in times if t.start >= g_end]
    if after and kind != ACHIEVEMENT:
        return after[0]
    if mood.period is not None and mood.period.role in wanted:
        if (kind == ACHIEVEMENT) == (mood.tense == PAST):
            return mood.period
    return None


def _responsible(text: str, clause: tuple[int, int], sentence_end: int) -> str | None:
    """The unit the text makes responsible: object of 督导/督促, or subject of 要/负责 later on."""
    c_start, c_end = clause
    match = lx.RESPONSIBLE_AS_OBJECT.search(text, c_start, c_end)
    if match:
        return match["org"]
    match = lx.RESPONSIBLE_AS_SUBJECT.search(text, max(c_start - 1, 0), sentence_end)
    if match:
        return match["org"]
    return None


def _original(context: _Context, start: int, end: int) -> tuple[str, int, int]:
    o_start, o_end = context.norm.to_original(start, end)
    return context.norm.original[o_start:o_end], o_start, o_end


def _value_candidate(
    context: _Context,
    paragraph: Paragraph,
    sentence: tuple[int, int],
    clause: tuple[int, int],
    seg: tuple[int, int],
    mention: ValueMention,
    mood: _Mood,
) -> Candidate:
    text = context.text
    g_start, g_end = _trim(text, *seg)
    segment = text[g_start:g_end]
    value_at = mention.start - g_start
    own_times = _times_in(context, g_start, g_end)
    own_tense = own_times[0].role if own_times and own_times[0].text not in ("目前", "当前") else None
    kind, confidence = _classify(text, sentence[0], g_start, g_end, mention, mood, own_tense)
    metric, metric_text = _metric(segment, value_at, mention)
    comparator = _comparator(segment, value_at, mention.end - g_start, mention, metric)
    if kind == ACHIEVEMENT and comparator not in ("increase_by", "decrease_by"):
        comparator = "="
    period = _period(context, paragraph, sentence, (g_start, g_end), kind, mood)
    period_text = _original(context, period.start, period.end)[0] if period else None
    deadline = resolve(period_text, context.document_date) if period and kind != ACHIEVEMENT and period.role == FORWARD else None
    if metric in {m.code for m in lx.METRICS}:
        confidence += 0.08
    if mention.masked:
        confidence -= 0.05
    sentence_text, o_start, o_end = _original(context, g_start, g_end)
    return Candidate(
        kind=kind,
        metric=metric,
        metric_text=metric_text,
        value=mention.value,
        unit=mention.unit,
        comparator=comparator,
        period_or_deadline=period_text,
        deadline=deadline,
        responsible=_responsible(text, clause, sentence[1]) if kind == TARGET else None,
        sentence=sentence_text,
        start=o_start,
        end=o_end,
        confidence=round(max(0.05, min(0.98, confidence)), 2),
    )


def _milestone(
    context: _Context,
    paragraph: Paragraph,
    sentence: tuple[int, int],
    clauses: list[tuple[int, int]],
    index: int,
    mood: _Mood,
) -> Candidate | None:
    """A dated deliverable without a number: "30个工作日内上报整改方案", "到2020年基本实现…"."""
    if mood.tense == PAST:
        return None
    text = context.text
    c_start, c_end = clauses[index]
    clause = text[c_start:c_end]
    if lx.ACHIEVEMENT_LOCAL.search(clause):
        return None
    deadlines = [t for t in _times_in(context, c_start, c_end) if is_deadline(t)]
    if not deadlines and index > 0:
        p_start, p_end = clauses[index - 1]
        previous = [t for t in _times_in(context, p_start, p_end) if is_deadline(t)]
        # Only a clause that is nothing but the deadline carries over: "到2025年，建成…".
        if previous and re.fullmatch(r"(?:要|须|必须)?", text[p_start:p_end].replace(previous[0].text, "", 1)):
            deadlines = previous
    if not deadlines:
        return None
    deadline = deadlines[0]
    rest = text[deadline.end:c_end] if deadline.start >= c_start else clause
    verb = lx.MILESTONE_VERBS.search(rest)
    if not verb:
        return None
    g_start, g_end = _trim(text, c_start, c_end)
    sentence_text, o_start, o_end = _original(context, g_start, g_end)
    period_text = _original(context, deadline.start, deadline.end)[0]
    deliverable = re.sub(r"^(?:要|须|必须|基本|全面|把|将)+", "", rest).strip("，。 ")
    return Candidate(
        kind=MILESTONE,
        metric="milestone",
        metric_text=deliverable[:30],
        value=None,
        unit=None,
        comparator="=",
        period_or_deadline=period_text,
        deadline=resolve(period_text, context.document_date),
        responsible=_responsible(text, (c_start, c_end), sentence[1]),
        sentence=sentence_text,
        start=o_start,
        end=o_end,
        confidence=0.65,
    )
