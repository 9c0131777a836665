"""Targets that count days: the heavy-pollution day budget (重污染天数 ≤ K) and the good-day ratio
(优良天数比例 ≥ p).

Data may be booleans per day (True = a heavy-pollution day, or a good day) or
numbers such as the daily AQI compared with ``spec.day_limit`` (above 200 is heavy
pollution; at or below 100 is good).
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from .evaluation import Evaluation, Level, Reason, Thresholds, fmt, fmt_pct, fmt_share
from .period import (
    PeriodWindow,
    check_spec,
    day_reason,
    days_left_evaluation,
    no_data,
    not_started,
    period_over,
)
from .series import as_daily_series
from .spec import Comparator, TargetSpec


def day_flags(values: pd.Series | None, day_limit: float | None, good: bool) -> pd.Series | None:
    """1.0 for each day that counts (a heavy day, or a good day), 0.0 otherwise, one per day.

    Duplicates on a day are read cautiously: a day is heavy if any reading says so,
    and good only if every reading says so.
    """
    if values is None:
        return None
    if day_limit is None:
        daily = as_daily_series(values, how="min" if good else "max")
        return (daily != 0).astype("float64")
    daily = as_daily_series(values, how="max")
    return (daily <= day_limit if good else daily > day_limit).astype("float64")


def ratio_as_fraction(value: float, unit: str) -> float:
    """91.6 with unit "%" (or any value above 1) → 0.916; a fraction stays as it is."""
    return value / 100 if unit == "%" or value > 1 else value


# Shares are published to 0.1 percentage point (4 of 6 sections is "66.7%"), and
# targets are written the same way, so a share meets its target when it does after
# rounding to that precision: half a unit of the last digit is allowed.
SHARE_PRECISION = 0.0005


def meets_share(share: float, target: float) -> bool:
    """share ≥ target as the bulletin would print them (to 0.1 percentage point)."""
    return share >= target - SHARE_PRECISION - 1e-12


def count_needed(target: float, total: int) -> int:
    """Fewest items out of ``total`` for a share ≥ ``target``: 91.6% of 365 days → 335; 66.7% of 6 → 4."""
    return max(math.ceil(round((target - SHARE_PRECISION) * total, 9)), 0)


def count_allowed(target: float, total: int) -> int:
    """Most items out of ``total`` for a share ≤ ``target``: 16.7% of 6 sections → 1."""
    return math.floor(round((target + SHARE_PRECISION) * total, 9))


def day_budget(target_value: float, unit: str, days_in_period: int) -> int:
    """K, the heavy days allowed: a count as written (3 天), or a ratio of the period's days.

    "重污染天数比率 ≤ 1.0%" (unit "%") over 365 days allows ⌊1.0% × 365⌋ = 3 days, at the
    published precision (see :func:`count_allowed`); a count is its whole part.
    """
    if unit == "%":
        return count_allowed(target_value / 100, days_in_period)
    return math.floor(target_value + 1e-9)


def evaluate_day_budget(
    spec: TargetSpec,
    daily: pd.Series | None,
    as_of: date,
    thresholds: Thresholds | None = None,
    last_year: pd.Series | None = None,
) -> Evaluation:
    """At most K heavy-pollution days in the period (重污染天数 ≤ K).

    Used u, left K − u. More than K used: cannot be met (red). None left while days
    remain: "没有剩余控制天数" (orange). Otherwise compared with the heavy days last
    year had over the same remaining days: more than are left is at risk (yellow),
    more by over ``day_budget_margin`` days serious (orange).
    """
    flag = check_spec(spec)
    if flag:
        return flag
    if spec.comparator != Comparator.AT_MOST:
        raise ValueError(f"a day budget is an upper limit (<=); got {spec.comparator}")
    thresholds = thresholds or Thresholds()
    flags = day_flags(daily, spec.day_limit, good=False)
    previous = day_flags(last_year, spec.day_limit, good=False)
    window = PeriodWindow.build(spec, flags, as_of)
    name, n, r = spec.name, window.days_observed, window.days_remaining
    budget = day_budget(spec.target_value, spec.unit, window.days_in_period)
    used_days = int(window.observed.sum())
    left = budget - used_days
    figures = {
        **window.figures(),
        "target_value": budget,
        "target_ratio": spec.target_value / 100 if spec.unit == "%" else None,
        "observed_value": used_days,
        "remaining_allowance": left,
        "comparison_base": None,
        "last_year_same_period": None,
        "last_year_days": 0,
    }
    used = {"day_budget_margin": thresholds.day_budget_margin}
    if window.not_started:
        return not_started(spec, window, figures)
    if n == 0:
        return no_data(spec, window, figures)
    ratio_zh = ratio_en = ""
    if spec.unit == "%":
        ratio_zh = f"（比率 ≤ {fmt(spec.target_value)}%，全期 {window.days_in_period} 天）"
        ratio_en = f" ({fmt(spec.target_value)}% of the period's {window.days_in_period} days)"
    head_zh = f"{name}截至 {window.as_of.date()} 已出现 {used_days} 天，控制目标 ≤ {budget} 天{ratio_zh}。"
    head_en = f"{name}: {used_days} days so far against a budget of at most {budget}{ratio_en}."
    if window.is_over:
        met = used_days <= budget
        return Evaluation(
            Level.GREEN if met else Level.RED,
            Reason.ACHIEVED if met else Reason.MISSED,
            f"{name}考核期已结束，共 {used_days} 天，{'达到' if met else '未达到'}控制目标 ≤ {budget} 天。",
            f"The period is over: {used_days} days against a budget of {budget}, "
            f"{'met' if met else 'missed'}.",
            figures,
        )
    if left < 0:
        return Evaluation(
            Level.RED,
            Reason.CANNOT_BE_MET,
            head_zh + f"已超出 {-left} 天，目标已无法完成。",
            head_en + f" The budget is exceeded by {-left}; the target can no longer be met.",
            figures,
        )
    if left == 0:
        return Evaluation(
            Level.ORANGE,
            Reason.NO_MARGIN_LEFT,
            head_zh + f"没有剩余控制天数，剩余 {r} 天内再出现一天即无法完成。",
            head_en
            + f" No days are left in the budget; one more in the remaining {r} days misses the target.",
            figures,
        )
    if left >= r:
        return Evaluation(
            Level.GREEN,
            Reason.SECURED,
            head_zh + f"剩余控制天数 {left} 天，不少于剩余的 {r} 天，目标已有保障。",
            head_en + f" {left} days are left in the budget, no fewer than the {r} days remaining; "
            "the target is safe.",
            figures,
        )
    return days_left_evaluation(
        window, previous, lambda v: v, used_days / n, left, thresholds, figures, used,
        last_year_key="last_year_same_period",
        head=(head_zh, head_en),
        left_words=(f"剩余控制天数 {left} 天（剩余 {r} 天）", f"{left} days are left for the remaining {r}"),
        base_words={
            "last_year": ("去年同期剩余天数中约", "the same days last year had"),
            "so_far": ("按目前频率，剩余天数中约", "at the pace so far, the rest would bring"),
        },
        beyond_en="what is left",
    )


def evaluate_day_ratio(
    spec: TargetSpec,
    daily: pd.Series | None,
    as_of: date,
    thresholds: Thresholds | None = None,
    last_year: pd.Series | None = None,
) -> Evaluation:
    """Share of good days in the period ≥ p (优良天数比例).

    g good days of n observed; the period needs ⌈p·N⌉ good days, so ⌈p·N⌉ − g of the
    r remaining days must be good. A required remaining ratio above 1 is impossible
    (red), exactly 1 leaves no margin (orange). Above last year's good-day ratio over
    the same remaining days is at risk (yellow), by more than ``orange_margin``
    (relative) serious (orange). Once the period is over the ratio over the observed
    days decides.
    """
    flag = check_spec(spec)
    if flag:
        return flag
    if spec.comparator not in (Comparator.AT_LEAST, Comparator.EQUAL):
        raise ValueError(f"a good-day ratio is a lower limit (>=); got {spec.comparator}")
    thresholds = thresholds or Thresholds()
    flags = day_flags(daily, spec.day_limit, good=True)
    previous = day_flags(last_year, spec.day_limit, good=True)
    window = PeriodWindow.build(spec, flags, as_of)
    share = ratio_as_fraction(spec.target_value, spec.unit)
    name, n, big_n, r = spec.name, window.days_observed, window.days_in_period, window.days_remaining
    good_days = int(window.observed.sum())
    needed_total = count_needed(share, big_n)
    still_needed = needed_total - good_days
    figures = {
        **window.figures(),
        "target_value": share,
        "observed_value": good_days / n if n else None,
        "good_days": good_days,
        "good_days_needed": needed_total,
        "required_remaining_count": max(still_needed, 0),
        "required_remaining_ratio": None,
        "comparison_base": None,
        "last_year_same_period": None,
        "last_year_days": 0,
        "required_change_vs_last_year": None,
    }
    used = {"orange_margin": thresholds.orange_margin}
    if window.not_started:
        return not_started(spec, window, figures)
    if n == 0:
        return no_data(spec, window, figures)
    ratio = good_days / n
    head_zh = (
        f"{name}截至 {window.as_of.date()} 为 {fmt_share(ratio)}（{n} 天中 {good_days} 天），"
        f"目标 ≥ {fmt_share(share)}，全期 {big_n} 天需 {needed_total} 天。"
    )
    head_en = (
        f"{name} is {fmt_share(ratio)} so far ({good_days} of {n} days) against ≥ {fmt_share(share)}, "
        f"which needs {needed_total} of the period's {big_n} days."
    )
    if window.is_over:
        return period_over(
            meets_share(ratio, share),
            name,
            f"为 {fmt_share(ratio)}",
            f"{name} was {fmt_share(ratio)}",
            f"≥ {fmt_share(share)}",
            figures,
        )
    if still_needed <= 0:
        return Evaluation(
            Level.GREEN,
            Reason.SECURED,
            head_zh + "所需天数已达到，目标已有保障。",
            head_en + " Enough good days are already in; the target is safe.",
            figures,
        )
    required = still_needed / r
    figures["required_remaining_ratio"] = required
    need_zh = f"剩余 {r} 天中需有 {still_needed} 天达标（{fmt_share(required)}）"
    need_en = f"{still_needed} of the remaining {r} days must be good ({fmt_share(required)})"
    if required > 1:
        return Evaluation(
            Level.RED,
            Reason.CANNOT_BE_MET,
            head_zh + f"{need_zh}，已不可能完成。",
            head_en + f" {need_en}, which is impossible.",
            figures,
        )
    if still_needed == r:
        return Evaluation(
            Level.ORANGE,
            Reason.NO_MARGIN_LEFT,
            head_zh + f"剩余 {r} 天必须全部达标，已没有余量。",
            head_en + f" Every one of the remaining {r} days must be good; there is no margin left.",
            figures,
        )
    last = window.last_year_on(window.remaining, previous)
    known = last[~np.isnan(last)]
    if known.size:
        base, base_kind = float(known.mean()), "last_year"
        figures.update(last_year_same_period=base, last_year_days=int(known.size))
    else:
        base, base_kind = ratio, "so_far"
    figures["comparison_base"] = base_kind
    change = required / base - 1 if base > 0 else None
    if base_kind == "last_year":
        figures["required_change_vs_last_year"] = change
    if change is None or change > thresholds.orange_margin:
        level = Level.ORANGE
    elif change > 0:
        level = Level.YELLOW
    else:
        level = Level.GREEN
    base_zh = "去年同期" if base_kind == "last_year" else "目前"
    base_en = "the same days last year" if base_kind == "last_year" else "the ratio so far"
    if change is None:
        compare_zh, compare_en = "", ""
    else:
        # Readers of a ratio expect percentage points (92.3% vs 84.6% is 7.7 个百分点); relative in brackets.
        points = fmt(abs(required - base) * 100)
        if change > 0:
            compare_zh = f"，需高出 {points} 个百分点（相对提高 {fmt_pct(change)}）"
            compare_en = f", {points} points better ({fmt_pct(change)} relative)"
        elif points == fmt(0.0):
            compare_zh, compare_en = "，持平即可", ", matching it is enough"
        else:
            compare_zh = f"，可低 {points} 个百分点（相对 {fmt_pct(change)}）"
            compare_en = f", {points} points of room ({fmt_pct(change)} relative)"
    return Evaluation(
        level,
        day_reason(level, base_kind),
        head_zh + f"{need_zh}，{base_zh}为 {fmt_share(base)}{compare_zh}"
        f"（橙色阈值 {fmt_pct(thresholds.orange_margin)}）。",
        head_en + f" {need_en}; {base_en}: {fmt_share(base)}{compare_en} "
        f"(orange margin {fmt_pct(thresholds.orange_margin)}).",
        figures,
        used,
    )
