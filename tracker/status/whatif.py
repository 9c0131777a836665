"""What-if (推演): "if the rest of the period goes like this, where do we end up?" — and the inverse.

Given an assumed value for the rest of the period (the mean of the remaining days, the
heavy days still to come, the share of good days among the remaining days, a monthly pace
of progress), :func:`what_if` returns the end value and the level. The level is the one
the status rules would give if the assumed value were the comparison base: the same
thresholds and the same boundaries (``orange_margin``, ``day_budget_margin``,
``progress_tolerance``), so green means "on target", yellow "short by no more than the
margin", orange "short by more". Red needs no assumption: the target is lost already
(cannot be met, beyond the best stretch on record, deadline passed). :func:`needed_for_levels`
is the inverse: for each level, the range of assumed values that gives it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .air import record_floor, required_remaining_mean
from .days import ratio_as_fraction
from .evaluation import Level, fmt, fmt_share, json_ready, with_unit
from .seasonal import DailyTarget
from .spec import Kind

LEVEL_WORDS = {
    Level.GREEN: ("可以完成", "on target"),
    Level.YELLOW: ("存在风险（差距在阈值以内）", "at risk (short within the margin)"),
    Level.ORANGE: ("风险严重（差距超过阈值）", "serious (short beyond the margin)"),
    Level.RED: ("已无法完成", "can no longer be met"),
}


@dataclass(frozen=True)
class LevelRange:
    """The assumed values that give one level: ``low`` ≤ value ≤ ``high`` (None = unbounded).

    Where a boundary value itself belongs is said by ``low_open``/``high_open`` (True: the
    boundary is excluded).
    """

    level: Level
    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False

    def contains(self, value: float) -> bool:
        above = self.low is None or (value > self.low - 1e-12 if not self.low_open else value > self.low + 1e-12)
        below = self.high is None or (value < self.high + 1e-12 if not self.high_open else value < self.high - 1e-12)
        return above and below

    def as_dict(self) -> dict[str, Any]:
        return json_ready({"level": int(self.level), "colour": self.level.colour, "low": self.low,
                           "high": self.high, "low_open": self.low_open, "high_open": self.high_open})


@dataclass(frozen=True)
class WhatIf:
    """The answer to one what-if: the end value and level under the assumed remaining value."""

    kind: str
    metric: str
    unit: str
    assumed: float
    end_value: float
    meets: bool
    level: Level
    lost: str | None  # why no assumption helps: "cannot_be_met", "beyond_record", "overdue", "period_over"
    explanation_zh: str
    explanation_en: str
    needed: list[LevelRange] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return json_ready(
            {
                "kind": self.kind, "metric": self.metric, "unit": self.unit, "assumed": self.assumed,
                "end_value": self.end_value, "meets": self.meets, "level": int(self.level),
                "colour": self.level.colour, "lost": self.lost, "explanation_zh": self.explanation_zh,
                "explanation_en": self.explanation_en, "needed": [n.as_dict() for n in self.needed],
                "figures": dict(self.figures),
            }
        )


def daily_level(target: DailyTarget, remaining: float) -> tuple[Level, str | None]:
    """The level under an assumed remaining value, and why it is lost whatever the value (or None)."""
    lost = lost_reason(target)
    if lost == "period_over":
        return (Level.GREEN if target.actual_meets() else Level.RED), lost
    if lost:
        return Level.RED, lost
    return _range_level(needed_ranges(target), remaining), None


def _range_level(ranges: list[LevelRange], value: float) -> Level:
    for level_range in ranges:
        if level_range.contains(value):
            return level_range.level
    return Level.ORANGE  # pragma: no cover - the ranges cover the line


def lost_reason(target: DailyTarget) -> str | None:
    """Why the rest of the period cannot change the outcome: over, or lost whatever happens."""
    w = target.window
    if w.is_over:
        return "period_over"
    if target.kind == Kind.PERIOD_MEAN:
        required = _required(target)
        if required < 0:
            return "cannot_be_met"
        floor = record_floor(list(target.past), w.observed, w.days_in_period, w.days_remaining)
        return "beyond_record" if floor is not None and required < floor else None
    if target.kind == Kind.DAY_BUDGET:
        return "cannot_be_met" if target.goal - target.observed_total < 0 else None
    if target.kind == Kind.PERCENTILE:
        return "cannot_be_met" if target.observed_total > target.certain else None
    still = target.goal - target.observed_total
    return "cannot_be_met" if still > w.days_remaining else None


def _required(target: DailyTarget) -> float:
    w = target.window
    return required_remaining_mean(target.goal, w.days_in_period, target.observed_total, w.days_remaining)


def needed_for_levels(target: DailyTarget) -> list[LevelRange]:
    """The inverse of :func:`what_if`: for each level, the assumed remaining values that give it.

    Empty when the outcome no longer depends on the rest of the period (over, or lost).
    """
    if lost_reason(target):
        return []
    return needed_ranges(target)


def needed_ranges(target: DailyTarget) -> list[LevelRange]:
    w, margin = target.window, target.thresholds
    if target.kind == Kind.PERIOD_MEAN:
        # green: A ≤ R; yellow: R/A − 1 ≥ −m, i.e. A ≤ R/(1 − m); orange beyond
        required = _required(target)
        if margin.orange_margin >= 1:
            return [LevelRange(Level.GREEN, 0.0, required), LevelRange(Level.YELLOW, required, None, True)]
        edge = required / (1 - margin.orange_margin)
        return [
            LevelRange(Level.GREEN, 0.0, required),
            LevelRange(Level.YELLOW, required, edge, low_open=True),
            LevelRange(Level.ORANGE, edge, None, low_open=True),
        ]
    if target.kind in (Kind.DAY_BUDGET, Kind.PERCENTILE):
        # H heavy (or exceeding) days to come against `left`: see period.level_from_days
        left = (target.goal if target.kind == Kind.DAY_BUDGET else target.allowance) - target.observed_total
        edge = left + margin.day_budget_margin
        return [
            LevelRange(Level.GREEN, 0.0, left),
            LevelRange(Level.YELLOW, left, edge, low_open=True),
            LevelRange(Level.ORANGE, edge, float(w.days_remaining), low_open=True),
        ]
    # day ratio: q = still needed / r; green a ≥ q; yellow q/a − 1 ≤ m, i.e. a ≥ q/(1 + m); orange below
    still = max(target.goal - target.observed_total, 0.0)
    q = still / w.days_remaining
    if q == 0:
        return [LevelRange(Level.GREEN, 0.0, 1.0)]
    edge = q / (1 + margin.orange_margin)
    return [
        LevelRange(Level.ORANGE, 0.0, edge, high_open=True),
        LevelRange(Level.YELLOW, edge, q, high_open=True),
        LevelRange(Level.GREEN, q, 1.0),
    ]


def check_assumed(target: DailyTarget, assumed: float) -> float:
    """The assumed value in the rule's terms; ``ValueError`` (both languages) when it cannot happen."""
    if assumed is None or not math.isfinite(float(assumed)):
        raise ValueError("假设值须为有限数字 / the assumed value must be a finite number")
    value = float(assumed)
    r = target.window.days_remaining
    if target.kind == Kind.DAY_RATIO:
        value = ratio_as_fraction(value, target.spec.unit)
        if not 0 <= value <= 1:
            raise ValueError("优良天数比例须在 0 至 100% 之间 / a good-day share must be between 0 and 100%")
    elif target.kind in (Kind.DAY_BUDGET, Kind.PERCENTILE) and not 0 <= value <= r:
        raise ValueError(f"剩余天数为 {r} 天，假设的天数须在 0 至 {r} 之间 / "
                         f"{r} days remain: the assumed days must be between 0 and {r}")
    elif value < 0:
        raise ValueError("浓度不能为负 / a concentration cannot be negative")
    return value


def what_if(target: DailyTarget, assumed: float) -> WhatIf:
    """The end value and level if the remaining days go as ``assumed`` says (see the module doc)."""
    value = check_assumed(target, assumed)
    spec, w = target.spec, target.window
    level, lost = daily_level(target, value)
    if lost == "period_over":
        end, meets = target.actual_end(), target.actual_meets()
    else:
        end, meets = target.end_value(value), target.meets(value)
    in_days = target.kind == Kind.PERCENTILE and lost != "period_over"  # ends in days above T
    goal_zh, goal_en = target.goal_words()
    if in_days:
        goal_zh = goal_en = f"≤ {target.allowance} 天"
    level_zh, level_en = LEVEL_WORDS[level]
    if lost == "period_over":
        text_zh = f"{spec.name}考核期已结束，结果为 {target.end_words(end)}，推演不再改变结果。"
        text_en = f"The period for {spec.name} is over at {target.end_words(end)}; no assumption changes it."
    elif lost:
        why_zh = "即使剩余时段全部达到最好情况也无法完成" if lost == "cannot_be_met" else (
            "所需剩余日均值低于有记录以来同样长度时段的最低均值")
        why_en = "even a perfect rest of the period would not do" if lost == "cannot_be_met" else (
            "the remaining mean needed is below the best stretch of that length on record")
        text_zh = f"{spec.name}{why_zh}，无论剩余时段如何均无法达到目标 {goal_zh}。"
        text_en = f"{spec.name}: {why_en}; whatever the rest of the period does, the target {goal_en} is lost."
    else:
        rest_zh, rest_en = target.remaining_words(value)
        text_zh = (
            f"{spec.name}推演：若{rest_zh}，期末{'超标天数' if in_days else ''}为 {target.end_words(end, in_days)}，"
            f"目标 {goal_zh}，"
            f"{'达标' if meets else '未达标'}，{level_zh}。"
        )
        text_en = (
            f"{spec.name} what-if: with {rest_en}, the period ends at {target.end_words(end, in_days)}"
            f"{' above the limit' if in_days else ''} against "
            f"{goal_en}: {'met' if meets else 'missed'}, {level_en}."
        )
    ranges = needed_for_levels(target)
    return WhatIf(
        str(target.kind), spec.name, target.unit, value, end, meets, level, lost,
        text_zh + needed_words(target, ranges)[0], text_en + needed_words(target, ranges)[1], ranges,
        {"days_remaining": w.days_remaining, "days_in_period": w.days_in_period, "as_of": w.as_of.date()},
    )


def needed_words(target: DailyTarget, ranges: list[LevelRange]) -> tuple[str, str]:
    """"绿色需剩余日均 ≤ 16.6 μg/m³；黄色 ≤ 18.5 μg/m³" — the inverse in a sentence."""
    if not ranges:
        return "", ""

    def show(value: float) -> str:
        if target.kind == Kind.DAY_RATIO:
            return fmt_share(value)
        return with_unit(value, target.spec.unit) if target.kind == Kind.PERIOD_MEAN else f"{fmt(value)} 天"


    parts_zh, parts_en = [], []
    for rng in sorted(ranges, key=lambda r: r.level):
        colour_zh, colour_en = rng.level.colour_zh, rng.level.colour
        if target.kind == Kind.DAY_RATIO:
            if rng.low is None or rng.low == 0.0 and rng.level != Level.GREEN:
                continue
            parts_zh.append(f"{colour_zh}需 ≥ {show(rng.low)}")
            parts_en.append(f"{colour_en} needs ≥ {show(rng.low)}")
        elif rng.high is not None and rng.level != Level.ORANGE:
            parts_zh.append(f"{colour_zh}需 ≤ {show(rng.high)}")
            parts_en.append(f"{colour_en} needs ≤ {show(rng.high)}")
    what_zh = {"period_mean": "剩余日均值", "percentile": "剩余超标天数", "day_budget": "剩余天数内新增天数",
               "day_ratio": "剩余天数优良比例"}
    what_en = {"period_mean": "remaining mean", "percentile": "days above the limit to come",
               "day_budget": "heavy days to come", "day_ratio": "remaining good share"}
    return (
        f"反推（{what_zh[str(target.kind)]}）：" + "；".join(parts_zh) + "，更差为橙色。",
        f" Inverse ({what_en[str(target.kind)]}): " + "; ".join(parts_en) + "; worse is orange.",
    )

