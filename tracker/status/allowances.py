"""Monthly allowances (分解到月): what is left of the period, split into a control value per month.

Leaders ask "what must the rest of the year look like, month by month?". The room left
(the remaining sum T·N − S for a mean, the heavy days left for a budget, the non-good days
the period can still afford for a ratio) is split over the remaining months in proportion
to the seasonal shape of past years — winter months, dirtier every year, get more room
than summer — so that meeting every month's value meets the target (for a percentile: stays within the
safe allowance of days above T):

* period mean: month m with r_m remaining days and seasonal weight w_m (past years'
  mean on those days) gets the control mean a_m = c·w_m, with c = (T·N − S) / Σ r_m·w_m,
  so Σ r_m·a_m = T·N − S exactly;
* percentile / day budget / day ratio: whole days (days above T, heavy days, non-good days), split by the largest-remainder method with weights
  r_m × (past rate of heavy / non-good days), never more than the month's remaining days;
  the month's values add up exactly to what is left.

Pure: the :class:`tracker.status.seasonal.DailyTarget` in, a list of :class:`MonthAllowance` out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .evaluation import fmt, fmt_share, json_ready, with_unit
from .seasonal import DailyTarget, values_years_back
from .spec import Kind


@dataclass(frozen=True)
class MonthAllowance:
    """One remaining month's control value (月度控制值).

    ``control_value``: the month's remaining days must average at most this (period mean),
    have at most this many heavy days (day budget), or at least this many good days (day
    ratio; ``control_ratio`` is the same as a share of the month's remaining days).
    ``weight`` is the seasonal weight used (None when the split is flat).
    """

    month: str  # "2026-12"
    days_remaining: int
    control_value: float
    control_ratio: float | None
    weight: float | None
    explanation_zh: str
    explanation_en: str

    def as_dict(self) -> dict[str, Any]:
        return json_ready(
            {"month": self.month, "days_remaining": self.days_remaining, "control_value": self.control_value,
             "control_ratio": self.control_ratio, "weight": self.weight,
             "explanation_zh": self.explanation_zh, "explanation_en": self.explanation_en}
        )


def seasonal_weights(target: DailyTarget, days: pd.DatetimeIndex) -> np.ndarray:
    """Per remaining day, the past years' mean on the same day (NaN where no year has a reading).

    For a percentile the past values are first read as days above T (1.0 / 0.0).
    """
    stacked = [values_years_back(past, days, years) for years, past in enumerate(target.past, start=1)
               if past is not None and not past.empty]
    if target.kind == Kind.PERCENTILE:
        stacked = [np.where(np.isnan(v), np.nan, (v > target.goal).astype("float64")) for v in stacked]
    if not stacked:
        return np.full(len(days), np.nan)
    with np.errstate(all="ignore"):
        block = np.vstack(stacked)
        known = ~np.isnan(block)
        sums = np.where(known, block, 0.0).sum(axis=0)
        counts = known.sum(axis=0)
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def _month_table(target: DailyTarget, bad: bool) -> pd.DataFrame:
    """Remaining days per month and the month's seasonal weight (mean per day of the past values)."""
    days = target.window.remaining
    months = days.to_period("M")
    per_day = seasonal_weights(target, days)
    if bad and target.kind == Kind.DAY_RATIO:
        per_day = 1.0 - per_day  # the weight of a ratio's allowance is the share of non-good days
    frame = pd.DataFrame({"month": months.astype(str), "weight": per_day})
    table = frame.groupby("month", sort=True).agg(days=("weight", "size"), weight=("weight", "mean"))
    return table


def monthly_allowances(target: DailyTarget) -> list[MonthAllowance]:
    """The control value of each remaining month (see the module doc). Empty once the period is over."""
    w = target.window
    if w.is_over or w.days_remaining == 0:
        return []
    if target.kind == Kind.PERIOD_MEAN:
        return _mean_allowances(target)
    return _day_allowances(target)


def _mean_allowances(target: DailyTarget) -> list[MonthAllowance]:
    w, unit, name = target.window, target.spec.unit, target.spec.name
    table = _month_table(target, bad=False)
    room = target.goal * w.days_in_period - target.observed_total  # T·N − S
    weights = table["weight"]
    flat = weights.isna().all() or not (weights.fillna(0) > 0).any()
    if flat:
        weights = pd.Series(1.0, index=table.index)
    else:
        weights = weights.fillna(weights.mean()).clip(lower=0.0)
    scale = max(room, 0.0) / float((table["days"] * weights).sum()) if (table["days"] * weights).sum() else 0.0
    out = []
    for month, row in table.iterrows():
        control = scale * float(weights[month])
        weight = None if flat else float(weights[month])
        seasonal_zh = f"（季节权重 {fmt(weight)}）" if weight is not None else "（无往年数据，平均分配）"
        seasonal_en = f" (seasonal weight {fmt(weight)})" if weight is not None else " (no past years: an even split)"
        out.append(MonthAllowance(
            month, int(row["days"]), control, None, weight,
            f"{name} {month} 剩余 {int(row['days'])} 天日均值需控制在 {with_unit(control, unit)} 以下{seasonal_zh}。",
            f"{name}: the remaining {int(row['days'])} days of {month} must average at most "
            f"{with_unit(control, unit)}{seasonal_en}.",
        ))
    return out


def split_whole_days(total: int, weights: list[float], caps: list[int]) -> list[int]:
    """``total`` whole days over months in proportion to ``weights``, none above its cap.

    Largest remainder: each month gets the floor of its quota, the days still to place go
    to the largest fractional parts; a month at its cap passes its share on to the others.
    The result adds up to min(total, Σ caps).
    """
    total = max(0, min(int(total), sum(caps)))
    shares = [0] * len(caps)
    open_months = [i for i, cap in enumerate(caps) if cap > 0]
    while total > sum(shares) and open_months:
        left = total - sum(shares)
        weight_sum = sum(weights[i] for i in open_months)
        quotas = {i: left * (weights[i] / weight_sum if weight_sum > 0 else 1 / len(open_months))
                  for i in open_months}
        for i in open_months:
            shares[i] += min(math.floor(quotas[i] + 1e-9), caps[i] - shares[i])
        rest = total - sum(shares)
        by_remainder = sorted(open_months, key=lambda i: (-(quotas[i] - math.floor(quotas[i] + 1e-9)), i))
        for i in by_remainder:
            if rest == 0:
                break
            if shares[i] < caps[i]:
                shares[i] += 1
                rest -= 1
        open_months = [i for i in open_months if shares[i] < caps[i]]
    return shares


def _day_allowances(target: DailyTarget) -> list[MonthAllowance]:
    w, name = target.window, target.spec.name
    table = _month_table(target, bad=True)
    caps = [int(d) for d in table["days"]]
    rates = table["weight"]
    flat = rates.isna().all() or not (rates.fillna(0) > 0).any()
    rates = pd.Series(1.0, index=table.index) if flat else rates.fillna(rates.mean()).clip(lower=0.0)
    weights = [float(rates[m]) * caps[i] for i, m in enumerate(table.index)]
    if target.kind == Kind.DAY_BUDGET:
        room = int(target.goal - target.observed_total)  # heavy days left
    elif target.kind == Kind.PERCENTILE:
        room = int(target.allowance - target.observed_total)  # days that may still exceed T
    else:
        room = int(w.days_remaining - max(target.goal - target.observed_total, 0))  # non-good days affordable
    shares = split_whole_days(max(room, 0), weights, caps)
    out = []
    for i, month in enumerate(table.index):
        days, bad_days = caps[i], shares[i]
        weight = None if flat else float(rates[month])
        if target.kind == Kind.DAY_BUDGET:
            out.append(MonthAllowance(
                month, days, float(bad_days), bad_days / days, weight,
                f"{name} {month} 剩余 {days} 天中重污染天数不超过 {bad_days} 天。",
                f"{name}: at most {bad_days} heavy days in the remaining {days} days of {month}.",
            ))
        elif target.kind == Kind.PERCENTILE:
            limit = with_unit(target.goal, target.spec.unit)
            out.append(MonthAllowance(
                month, days, float(bad_days), bad_days / days, weight,
                f"{name} {month} 剩余 {days} 天中超过 {limit} 的天数不超过 {bad_days} 天。",
                f"{name}: at most {bad_days} of the remaining {days} days of {month} above {limit}.",
            ))
        else:
            good = days - bad_days
            out.append(MonthAllowance(
                month, days, float(good), good / days, weight,
                f"{name} {month} 剩余 {days} 天中至少 {good} 天优良（{fmt_share(good / days)}）。",
                f"{name}: at least {good} of the remaining {days} days of {month} good ({fmt_share(good / days)}).",
            ))
    return out
