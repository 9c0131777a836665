"""Target or achievement: how the extractor decides what kind of figure it is reading.

A figure's kind comes from its *strongest* marker, not its first one:

1. a rank is what it says (退出后N and 前N are aims, 倒数第N is a standing), and a count of what
   is left or exists ("其余5个问题", "现有的12台") states the current situation — unless the remainder is finished
   by a date in its own clause ("剩余3项要在10月31日前全部完成整改": a target of that count);
2. a bound or a modal verb in the figure's own clause (不少于, 不得低于, 控制在…以内, 确保,
   力争, 要) makes it a target — "新增治理农村黑臭水体不少于25条" is a plan, 新增 or 已 beside
   it notwithstanding;
3. a strong look-back word (截至, 以来, 累计, 了, 连续三年…) makes it an achievement;
4. a deadline in the clause (年内, 年底前, 10月底前, 15个工作日内) makes it a target;
5. a weak look-back word (已, 上升, 同期…) makes it an achievement;
6. 新增 / 增至 follow the paragraph's mood (a plan adds, a report has added);
7. then the figure's own year, the nearest governing word or year earlier in the sentence,
   and finally the paragraph's mood.

Comparison bases are masked before any marker is read: "较上年同期下降5%" compares with last
year, it does not report it, and "由上年的36.2%提高到38%" names a baseline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as lx
from .numbers import ValueMention
from .periods import FORWARD, PAST, TimeExpression

TARGET = "target"
MILESTONE = "milestone"
ACHIEVEMENT = "achievement"


@dataclass
class Mood:
    """Whether the current stretch of the speech looks back or forward, and its period."""

    tense: str = "neutral"
    period: TimeExpression | None = None
    # set by a review heading ("一、总体进展"): the section reports, even on the text's own year
    review_section: bool = False
    # set by an item's deadline line (整改时限：…): the period is the item's own due date
    item_dated: bool = False


def mask_comparison_bases(text: str) -> str:
    """``text`` with comparison bases (较上年同期, 比去年, 由上年的) blanked out, same length."""
    text = lx.COMPARISON_BASE.sub(lambda m: "□" * len(m.group(0)), text)
    return lx.ATTRIBUTIVE_DONE.sub(lambda m: "□" * len(m.group(0)), text)


def commits(text: str) -> bool:
    """Whether ``text`` holds a modal or framing word that commits (确保, 力争, 要, 目标为：).

    "成功争取", "已确保": a look-back word right before the modal wins over it; "要清醒看到",
    "必须认识到" frame a description of the current state and commit to nothing."""
    return any(
        not lx.ACHIEVEMENT_PROPAGATING.search(text[max(0, m.start() - 2):m.start()])
        and not lx.FRAMING_AFTER_MODAL.match(text, m.end())
        for m in lx.TARGET_PROPAGATING.finditer(text)
    )


_modal = commits


def _governing_kind(text: str, start: int, end: int, times: list[TimeExpression]) -> str | None:
    """The kind one earlier clause imposes on the bare figures after it, strongest marker first."""
    masked = mask_comparison_bases(text[start:end])
    if _modal(masked):  # a bound (不低于, 控制值为) holds for its own clause only
        return TARGET
    if lx.CUMULATIVE_LEVEL.search(masked) and \
            [m.group(0) for m in lx.STRONG_LOOKBACK.finditer(masked)] == ["累计"]:
        # "累计完成重点行业VOCs治理项目120个以上，重点企业VOCs排放量同比削减10%—15%": a cumulative level to reach
        # governs the figures after it as a target, as it is one itself (see classify)
        return TARGET
    if lx.STRONG_LOOKBACK.search(masked):
        return ACHIEVEMENT
    if lx.DEADLINE.search(masked):
        return TARGET
    if lx.ACHIEVEMENT_PROPAGATING.search(masked):
        return ACHIEVEMENT
    # (a time inside a masked base, "由一季度的3.8%", dates the base only: sixteenth round)
    for expression in reversed([t for t in times if start <= t.start and t.end <= end
                                and masked[t.start - start] != "□"]):
        if expression.role == FORWARD and re.match(r"(?:到|至|在|于)?(?:\d{4}年|今年|明年)", expression.text):
            return TARGET
        if expression.role == PAST and expression.text not in ("目前", "当前"):
            return ACHIEVEMENT
    return None


def nearest_governing(text: str, start: int, end: int, times: list[TimeExpression] = ()) -> str | None:
    """The kind named by the nearest governing clause in text[start:end], if any.

    Modal verbs govern what follows them ("确保A下降10%，B下降12%以上"); so does a dated
    year ("2024年全省优良天数比例达到86.1%，同比提高1.9个百分点" reports both figures when
    2024 is before the speech). Within one clause the strongest marker decides, so
    "年内完成已建成项目竣工验收，验收率100%" is governed by 年内, not by 已."""
    from .text import split_clauses

    for c_start, c_end in reversed(split_clauses(text, start, end)):
        kind = _governing_kind(text, c_start, c_end, times)
        if kind:
            return kind
    return None


def classify(
    text: str,
    sentence_start: int,
    seg_start: int,
    seg_end: int,
    mention: ValueMention,
    mood: Mood,
    own_tense: str | None = None,
    times: list[TimeExpression] = (),
    then: str = "",
    rest: str = "",
) -> tuple[str, float]:
    """(kind, confidence) for a figure; the order of rules is the module docstring's.

    ``own_tense`` is the role of a time expression inside the figure's own segment: a
    figure dated to a year before the speech ("2025年…浓度为32微克") is a look back
    whatever the paragraph's mood, unless the segment itself commits. ``then`` is the next
    clause of the sentence: an amount paid by the date it names is committed money. ``rest`` is the
    rest of the figure's own clause after its segment: a bare count before a look-back verb is that
    verb's subject ("钢铁行业3家企业超低排放改造已完成2家": the 3 is the set, reported)."""
    if mention.kind in ("exit_rank",):
        return TARGET, 0.9
    segment = mask_comparison_bases(text[seg_start:seg_end])
    if mention.kind in ("rank", "existing"):
        return ACHIEVEMENT, 0.8
    if mention.kind == "remainder":
        # "剩余3项问题要在10月31日前全部完成整改": the count left is the set the dated clause finishes — unless the clause
        # reports it done ("其余5个问题已于9月底前全部销号")
        # (the words naming what is not yet done, "尚未完成的3项", describe the remainder, they report nothing: fifteenth round)
        own = lx.UNDONE_MARKER.sub(lambda m: "□" * len(m.group(0)), segment)
        if lx.STRONG_LOOKBACK.search(own) or lx.ACHIEVEMENT_LOCAL.search(own):
            return ACHIEVEMENT, 0.8
        return TARGET, 0.8
    if lx.GATHERED_HERE.search(segment + rest) and lx.GATHERING_NOW.search(text[sentence_start:seg_start] + segment):
        # "今天我们把全县一百四十多家…企业的负责同志请来": who is here, whatever 多 or 把 reads as (sixteenth round)
        return ACHIEVEMENT, 0.7
    if lx.THRESHOLD.search(segment) or _modal(segment):
        return TARGET, 0.9
    if lx.RESULT_REMARK.match(then.strip()):
        return ACHIEVEMENT, 0.7  # "…全部达到三类水，这在我们县历史上是第一次": a record, so a result (sixteenth round)
    if lx.YEAR_TASK_STATED.search(segment, 0, mention.start - seg_start):
        return TARGET, 0.85  # "年度任务为80个行政村": the year's task, named as such (fifteenth round)
    if mention.kind == "zero" and lx.PROHIBITION.search(segment):
        return TARGET, 0.85  # "一把火都不能点": a prohibition caps the count at zero
    strong = [m.group(0) for m in lx.STRONG_LOOKBACK.finditer(segment)]
    horizon = any(sentence_start <= t.start and t.end <= seg_start and t.role == FORWARD
                  and re.fullmatch(r"(?:到|至)\d{4}年(?:底|末)?", t.text) for t in times)
    if strong == ["累计"] and mood.tense == FORWARD and (
            lx.OPEN_BOUND_AFTER.match(segment, mention.end - seg_start) or horizon):
        # "到2027年：…累计建成各类“无废细胞”400个以上": a cumulative level to reach — also when a horizon year not yet
        # reached governs the sentence ("到2030年，城镇既有公共建筑节能改造面积累计达到50万平方米")
        segment, strong = lx.CUMULATIVE.sub("□□", segment), []
    if strong:
        return ACHIEVEMENT, 0.85
    if lx.DEADLINE.search(segment):
        return TARGET, 0.85
    if mention.unit in lx.MONEY_UNITS:
        if lx.PAYMENT_DUE.match(then) and not lx.ACHIEVEMENT_LOCAL.search(segment):
            return TARGET, 0.75  # "追加资金600万元，于9月15日前拨付到位": decided and dated
        return ACHIEVEMENT, 0.7  # an amount without a bound or a deadline is a fact
    if lx.ACHIEVEMENT_LOCAL.search(segment):
        return ACHIEVEMENT, 0.8
    local = [m for m in lx.TARGET_LOCAL.finditer(segment) if not lx.FRAMING_AFTER_MODAL.match(segment, m.end())]
    if local and all(m.group(0) == "目标" for m in local) and lx.TARGET_MET.search(segment) and (
            own_tense == PAST or mood.tense == PAST or nearest_governing(text, sentence_start, seg_start, times) == ACHIEVEMENT):
        # "2025年，…，完成市下达的32微克/立方米年度目标": a target met, reported with its year (fifteenth round)
        return ACHIEVEMENT, 0.7
    if local:
        return TARGET, 0.85  # (not a modal that frames an opinion: "大家不要觉得6.7%不多")
    if own_tense == PAST:
        return ACHIEVEMENT, 0.8
    if mood.tense != FORWARD and re.search(lx.FACILITY_CAPACITY.pattern + r"[^，。；]{0,12}?[\d一二两三四五六七八九十]",
                                           text[sentence_start:seg_start]):
        # "…净化厂，日处理能力20万吨，出水主要指标达到…Ⅳ类标准": a facility described as it is (fifteenth round)
        return ACHIEVEMENT, 0.6
    if mention.kind == "zero" and (mood.tense != PAST or own_tense == FORWARD) and not mood.review_section \
            and nearest_governing(text, sentence_start, seg_start, times) != ACHIEVEMENT:
        # (… also under a paragraph that opened on a look back, when the zero's own clause is dated to a span still
        # running: "上半年，…。…全年因环境问题引发的群体性事件为零" in July caps the year, no result yet)
        # "县级以上河湖新增违法违规建设项目数量为零": outside a look back a zero states a cap — 新增 names the new
        # cases counted, it reports no addition (a zero result is reported with its own marker: 未发现, 已, 2024年)
        return TARGET, 0.7
    if lx.AMBIGUOUS_LOOKBACK.search(segment):
        return (TARGET, 0.6) if mood.tense == FORWARD else (ACHIEVEMENT, 0.6)
    governing = nearest_governing(text, sentence_start, seg_start, times)
    if governing is None and lx.PART_OF_PREVIOUS.match(segment):
        # "按不低于30%的比例开展水质监测，其中工业排污口…监测比例为100%": a part of a bounded whole is set with it
        # (a bound holds for its own clause only — and for the parts the next clause names)
        from .text import split_clauses

        before = split_clauses(text, sentence_start, seg_start)
        if before and lx.THRESHOLD.search(mask_comparison_bases(text[before[-1][0]:before[-1][1]])):
            governing = TARGET
    if lx.TARGET_WEAK.search(segment) or mention.kind == "top_rank":
        if mood.tense == PAST or governing == ACHIEVEMENT:
            return ACHIEVEMENT, 0.7
        return TARGET, 0.75
    after = mask_comparison_bases(rest)
    if lx.ACHIEVEMENT_LOCAL.search(after) and not (
        lx.TARGET_LOCAL.search(after) or lx.THRESHOLD.search(after) or lx.DEADLINE.search(after)
    ):
        return ACHIEVEMENT, 0.6  # the bare count is the subject of the look-back verb after it
    if mood.tense == PAST:
        return ACHIEVEMENT, 0.7
    if mention.unit in lx.COUNT_UNITS and lx.SCOPE_WORD.search(segment[:mention.start - seg_start]) and (
        lx.THRESHOLD.search(after) or _modal(after) or lx.DEADLINE.search(after)
    ):
        # "对全市186家重点用车单位每半年至少开展1次入户检查": the scope of a task is what the task's own
        # clause makes it — here a commitment, bounded after the count
        return TARGET, 0.7
    if mention.unit in lx.COUNT_UNITS and lx.SCOPE_SET.search(segment[:mention.start - seg_start]) \
            and ((not after.strip() and lx.COMMITTED_RESULT.match(then.strip()))
                 or (not lx.ACHIEVEMENT_LOCAL.search(after) and lx.DONE_BY_DEADLINE.match(then.strip()))):
        # "对2025年检查中发现问题的37家企业，全部纳入重点复查名单": a set a task deals with in full in the next clause is
        # its scope, committed by that clause (fourteenth round)
        return TARGET, 0.65
    if governing:
        return governing, 0.7
    if mood.tense == FORWARD:
        return TARGET, 0.55
    return ACHIEVEMENT, 0.5
