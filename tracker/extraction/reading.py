"""Reading one figure: its comparator and the metric it is about.

The comparator is what the clause says (不得低于 → ``>=``, 控制在…以内 → ``<=``, 下降 N% →
``decrease_by``, 由A提高到B → ``>=`` B), else the metric's natural direction (a concentration
is capped, a share of good days is a floor). A count a doing verb governs ("淘汰燃煤锅炉120台",
"新建污水处理设施15座") is a floor; a count that scopes a task ("对8个点开展…") is ``=``.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .numbers import ValueMention

# "全年5天的控制目标", "10吨的排放上限": the figure is a budget, a cap
BUDGET_AFTER = re.compile(r"的?(?:控制目标|控制值|控制指标|上限)")
TRAILING_COMPARATOR = re.compile(r"^(?:以上|以下|以内|之内|左右|及以上|及以下)")
_LEADING_NOISE = re.compile(
    r"^(?:同时|并|其中|特别是|尤其是|确保|力争|争取|务必|必须|要|需|我市|全市|今年|在|对|把|将|实现|完成|"
    r"到[“\"]?十[一二三四五六七八九]五[”\"]?末|到\d{4}年|到今年年底|年底前|全部|全面|稳定|早日)+"
)
_TRAILING_VERBS = re.compile(
    r"(?:要|需|须|应|力争|确保|争取|务必|必须|今年|年底前|分别|均|控制目标|目标|控制在|控制|达到或优于|达到|为|是|下降|降低|削减|减少|提高|提升|"
    r"增加|超过|不低于|不高于|不超过|优于|退出|排名|稳定|保持|的|在|后|倒数第|倒数|倒|同比)+$"
)


def comparator(segment: str, value_at: int, value_end: int, mention: ValueMention, metric: str) -> str:
    """The comparator a clause states for its value, else the metric's natural one."""
    before = segment[:value_at]
    after = segment[value_end:]
    direction = lx.METRIC_DIRECTION.get(metric, lx.NEUTRAL)
    lower_is_better = direction == lx.LOWER_IS_BETTER or mention.unit in ("μg/m³", "mg/m³", "mg/L")
    if mention.kind == "exit_rank":
        return "exit_bottom"
    if mention.kind == "top_rank":
        return "<="  # 进入前五: rank 5 or better
    if mention.kind == "zero":
        # 动态清零 keeps a count at zero (=); 数量为零 caps it (<= 0), gold rule 3
        return "=" if re.search(r"清零|归零", segment) else "<="
    if mention.kind in ("rank", "remainder"):
        return "="  # (a remainder to finish is the scope of the task, gold rule 3)
    if mention.kind == "class":
        return "<="
    if re.search(r"(?:≤|<=|＜|<)\s*$", before):
        return "<="  # "澄源市≤34"
    if re.search(r"(?:≥|>=|＞|>)\s*$", before):
        return ">="
    if mention.value == 0 and re.search(r"[为是]\s*$", before):
        return "<="  # "望海市、云溪市为0天": a figure at zero is a zero cap, like 为零
    if lx.TO_LEVEL.search(before):
        return "<=" if lx.DECREASE_WORDS.search(before) else ">="
    if lx.DECREASE_WORDS.search(before) or lx.SPOKEN_CUT.search(before):
        return "decrease_by"
    if lx.IMPROVE_WORDS.search(before) and mention.unit in ("%", "个百分点"):
        return "decrease_by" if lower_is_better else "increase_by"
    if lx.INCREASE_WORDS.search(before) and mention.unit in {"个百分点", "%"} | lx.COUNT_UNITS:
        return "increase_by"
    if mention.unit in ("次", "遍") and re.search(r"(?:增加|提高|提升)\s*$", before):
        return "increase_by"  # "保洁频次在日常基础上增加1次以上": times added to the routine (fourteenth round)
    if lx.NEGATED_FLOOR.search(before):
        return ">="
    if lx.NEGATED_CAP.search(before):
        return "<="
    if lx.AT_LEAST.search(before):
        return ">="
    if lx.AT_MOST.search(before):
        return "<="
    if BUDGET_AFTER.match(after):
        return "<="  # "全年5天的控制目标": a budget to stay within
    trailing = TRAILING_COMPARATOR.match(after)
    if trailing and trailing.group(0) in ("以上", "及以上"):
        return ">="
    if trailing and trailing.group(0) in ("以下", "以内", "之内", "及以下"):
        return "<="
    if lx.BETTER_THAN.search(before):
        return "<=" if lower_is_better else ">="
    # Before the value, 以下/以上 qualify a noun ("国四及以下柴油货车", "省级以上园区"); only
    # the verbs and bounds before it (控制在, 不超过, 低于) are comparators.
    if lx.LE_WORDS.search(re.sub(r"及?(?:以下|以内|之内)", "", before)):
        return "<="
    if re.search(r"超过|高于|突破", before):
        return ">="
    if mention.unit == "次" and re.search(r"各(?:组织|开展|举办|进行|实施)?\s*$", before):
        # (nineteenth round: 各 right before the count too, "组织管理评审和内部审核各1次")
        return "="  # "在夏收、秋收前各组织1次培训": one each, a number of events, not a cadence (eighteenth round)
    if mention.unit == "次":
        return ">="  # a frequency ("每月开展1次监测") is a floor: at least that often
    if mention.unit in lx.COUNT_UNITS and lx.SCOPE_WORD.search(before):
        return "="
    if mention.unit in lx.RATE_UNITS or metric not in ("count",):
        if lower_is_better:
            return "<="
        if direction == lx.HIGHER_IS_BETTER:
            return ">="
    if lx.COMPLETE_WORDS.search(before):
        return ">="
    if mention.unit in lx.COUNT_UNITS and lx.YEAR_TASK_STATED.search(before):
        return ">="  # "农村改厕年度任务为120户": the year's task, at least that many done (fifteenth round)
    return "="


def metric(segment: str, value_at: int, mention: ValueMention) -> tuple[str, str]:
    """(catalogue code, metric as written) for the value at ``value_at`` in ``segment``."""
    if mention.kind in ("rank", "exit_rank", "top_rank"):
        written = _metric_text(segment[:value_at], segment[mention.end - mention.start + value_at:])
        return "rank", written or "排名"
    found = lx.find_metric(segment, value_at)
    code = found[0] if found else None
    if code in lx.POLLUTANTS | {"concentration"} and mention.unit == "%":
        # "有组织废气排放浓度稳定达标率达到100%": a rate named after the concentration is the share of
        # compliant readings, not the concentration itself
        tail = segment[:value_at][segment.rfind(found[1], 0, value_at) + len(found[1]):]
        if re.search(r"率|比例|比率", tail):
            code = "share"
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
    before = segment[:value_at]
    if mention.baseline is not None:
        # "PM2.5浓度由去年的38微克降至35": the name ends where the baseline begins
        cut = max(before.rfind("由"), before.rfind("从"))
        before = before[:cut] if cut > 0 else before
    written = _metric_text(before, segment[value_at + mention.end - mention.start:])
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


