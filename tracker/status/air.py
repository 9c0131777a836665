"""Air-quality concentration targets: the period mean (PM2.5, PM10, NO2, SO2) and the percentile (O3, CO).

Both answer the speech's question "what must the rest of the period look like?":
the mean rule gives the remaining control value (剩余控制值, "剩余日均值需控制在…以下"),
the percentile rule the number of days that may still exceed the limit.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from .evaluation import Evaluation, Level, Reason, Thresholds, fmt_pct, with_unit
from .period import (
    PeriodWindow,
    check_spec,
    day_reason,
    days_left_evaluation,
    mean_or_none,
    no_data,
    not_started,
    period_over,
)
from .series import as_daily_series
from .spec import Comparator, TargetSpec


def required_remaining_mean(
    target: float, days_in_period: int, observed_sum: float, days_remaining: int
) -> float:
    """R = (T·N − S) / r: the mean the remaining days must not exceed for the period mean to be ≤ T."""
    if days_remaining <= 0:
        raise ValueError("no days remain")
    return (target * days_in_period - observed_sum) / days_remaining


def _require_at_most(spec: TargetSpec) -> None:
    if spec.comparator != Comparator.AT_MOST:
        raise ValueError(f"{spec.kind} targets are upper limits (<=); got {spec.comparator}")


def _change_words(change: float) -> tuple[str, str]:
    """'需同比下降 17.4%' / 'a 17.4% year-on-year cut is needed', or the room to rise.

    A change that prints as 0.0% is said in words: no room and no cut reads "持平".
    """
    prints_zero = fmt_pct(change) == fmt_pct(0.0)
    if change < 0:
        if prints_zero:
            return "需略低于去年同期（降幅不足 0.1%）", "slightly below last year is needed (a cut under 0.1%)"
        return f"需同比下降 {fmt_pct(change)}", f"a cut of {fmt_pct(change)} on last year is needed"
    if prints_zero:
        return "与去年同期持平即可", "matching last year is enough"
    return (
        f"比去年同期高 {fmt_pct(change)} 以内即可",
        f"up to {fmt_pct(change)} above last year is still fine",
    )


def _so_far_words(change: float) -> tuple[str, str]:
    """The required change against the mean so far, in words ("需比目前均值低 44.3%")."""
    if change < 0:
        return f"需比目前均值低 {fmt_pct(change)}", f"{fmt_pct(change)} below the mean so far"
    if fmt_pct(change) == fmt_pct(0.0):
        return "与目前均值持平即可", "matching the mean so far"
    return f"可比目前均值高 {fmt_pct(change)}", f"{fmt_pct(change)} above the mean so far"


# A past period counts as a record for the physical floor only when it is nearly complete, and a
# stretch of days counts when nearly all of its days have a reading.
RECORD_COVERAGE = 0.9


def record_floor(
    past: list[pd.Series | None], this_year: pd.Series | None, days_in_period: int, stretch: int
) -> float | None:
    """The lowest mean any ``stretch`` consecutive days reached in the periods on record (物理下限).

    ``past`` holds the past periods' daily series (last year's period …); only one with
    readings on at least ``RECORD_COVERAGE`` of ``days_in_period`` days is a record (a few
    weeks of last year's data say nothing about what is possible). When there is a record,
    this year's days so far count too. A stretch counts when at least ``RECORD_COVERAGE``
    of its days have a reading. None when there is no record or no stretch qualifies.
    """
    records = [s for s in past if s is not None and len(s) >= RECORD_COVERAGE * days_in_period]
    if not records:
        return None
    lows = [_lowest_stretch_mean(s, stretch) for s in [*records, this_year] if s is not None and len(s)]
    lows = [low for low in lows if low is not None]
    return min(lows) if lows else None


def _lowest_stretch_mean(series: pd.Series, stretch: int) -> float | None:
    """The lowest mean of ``stretch`` consecutive calendar days with enough readings, or None."""
    index = series.index
    if isinstance(index, pd.DatetimeIndex) and index.tz is None and series.dtype == "float64":
        # Targets over the same stations and period ask this of the same series: remembered by value.
        return _lowest_stretch_mean_of(index.as_unit("ns").asi8.tobytes(), series.to_numpy().tobytes(), stretch)
    return _rolling_low(series, stretch)


@lru_cache(maxsize=4096)
def _lowest_stretch_mean_of(days: bytes, values: bytes, stretch: int) -> float | None:
    index = pd.DatetimeIndex(np.frombuffer(days, dtype="int64").view("datetime64[ns]"))
    return _rolling_low(pd.Series(np.frombuffer(values, dtype="float64"), index=index), stretch)


def _rolling_low(series: pd.Series, stretch: int) -> float | None:
    days = pd.date_range(series.index.min(), series.index.max(), freq="D")
    means = series.reindex(days).rolling(stretch, min_periods=math.ceil(RECORD_COVERAGE * stretch)).mean()
    means = means.dropna()
    return float(means.min()) if len(means) else None


def _level_from_change(change: float, thresholds: Thresholds) -> Level:
    """Better than the comparison base required → yellow; by more than the orange margin → orange."""
    if change < -thresholds.orange_margin:
        return Level.ORANGE
    if change < 0:
        return Level.YELLOW
    return Level.GREEN


def evaluate_period_mean(
    spec: TargetSpec,
    daily: pd.Series | None,
    as_of: date,
    thresholds: Thresholds | None = None,
    last_year: pd.Series | None = None,
) -> Evaluation:
    """Mean over the period ≤ T, judged by the required remaining mean R = (T·N − S)/r.

    R < 0: cannot be met (red). Otherwise R is compared with last year's mean B
    over the same remaining days: R below B is at risk (yellow), below by more than
    ``orange_margin`` serious (orange); the required change is R/B − 1. Without any
    last-year data the mean so far stands in for B. Once the period is over the
    actual mean decides: achieved or missed.
    """
    flag = check_spec(spec)
    if flag:
        return flag
    _require_at_most(spec)
    thresholds = thresholds or Thresholds()
    series = as_daily_series(daily)
    previous = as_daily_series(last_year) if last_year is not None else None
    window = PeriodWindow.build(spec, series, as_of)
    target, unit, name = spec.target_value, spec.unit, spec.name
    n, big_n, r = window.days_observed, window.days_in_period, window.days_remaining
    observed_sum = float(window.observed.sum())
    observed_mean = observed_sum / n if n else None
    last_year_to_date = mean_or_none(window.last_year_on(window.observed.index, previous))
    figures = {
        **window.figures(),
        "target_value": target,
        "observed_value": observed_mean,
        "last_year_to_date": last_year_to_date,
        "change_vs_last_year_to_date": (
            observed_mean / last_year_to_date - 1 if observed_mean is not None and last_year_to_date else None
        ),
        "required_remaining_mean": None,
        "comparison_base": None,
        "last_year_same_period": None,
        "last_year_days": 0,
        "required_change_vs_last_year": None,
        "required_change_vs_so_far": None,
        "record_floor": None,
    }
    used = {"orange_margin": thresholds.orange_margin}
    if window.not_started:
        return not_started(spec, window, figures)
    if n == 0:
        return no_data(spec, window, figures)

    head_zh = (
        f"{name}截至 {window.as_of.date()} 均值 {with_unit(observed_mean, unit)}"
        f"（{big_n} 天中已有 {n} 天数据），目标 ≤ {with_unit(target, unit)}。"
    )
    head_en = (
        f"{name} averages {with_unit(observed_mean, unit)} so far ({n} of {big_n} days observed) "
        f"against a target of ≤ {with_unit(target, unit)}."
    )
    if window.is_over:
        return period_over(
            observed_mean <= target,
            name,
            f"期间均值 {with_unit(observed_mean, unit)}",
            f"{name} averaged {with_unit(observed_mean, unit)}",
            f"≤ {with_unit(target, unit)}",
            figures,
        )

    required = required_remaining_mean(target, big_n, observed_sum, r)
    figures["required_remaining_mean"] = required
    if required < 0:
        return Evaluation(
            Level.RED,
            Reason.CANNOT_BE_MET,
            head_zh + f"即使剩余 {r} 天浓度为零也无法完成（所需剩余日均值 {with_unit(required, unit)}），"
            "目标已无法实现。",
            head_en + f" Even {r} days of zero would not bring it down (required remaining mean "
            f"{with_unit(required, unit)}); the target can no longer be met.",
            figures,
        )
    floor = record_floor([previous], window.observed, big_n, r)
    figures["record_floor"] = floor
    if floor is not None and required < floor:
        return Evaluation(
            Level.RED,
            Reason.BEYOND_RECORD,
            head_zh + f"剩余 {r} 天日均值需控制在 {with_unit(required, unit)} 以下，低于有记录以来任意连续 {r} 天"
            f"的最低均值 {with_unit(floor, unit)}，实际上已无法完成。",
            head_en + f" The remaining {r} days would have to average below {with_unit(required, unit)}, "
            f"lower than any {r} consecutive days on record ({with_unit(floor, unit)} at best); "
            "in practice the target can no longer be met.",
            figures,
        )

    if required == 0:
        return Evaluation(
            Level.ORANGE,
            Reason.NO_MARGIN_LEFT,
            head_zh + f"剩余 {r} 天日均值须为零才能完成，已没有余量。",
            head_en + f" The remaining {r} days would all have to be zero; there is no margin left.",
            figures,
        )

    base = mean_or_none(window.last_year_on(window.remaining, previous))
    base_days = int(np.count_nonzero(~np.isnan(window.last_year_on(window.remaining, previous))))
    need_zh = f"剩余 {r} 天日均值需控制在 {with_unit(required, unit)} 以下"
    need_en = f"The remaining {r} days must average below {with_unit(required, unit)}"
    margin_zh = f"（橙色阈值 {fmt_pct(thresholds.orange_margin)}）"
    margin_en = f" (orange margin {fmt_pct(thresholds.orange_margin)})"
    if base is not None and base > 0:
        change = required / base - 1
        figures.update(
            comparison_base="last_year",
            last_year_same_period=base,
            last_year_days=base_days,
            required_change_vs_last_year=change,
        )
        level = _level_from_change(change, thresholds)
        words_zh, words_en = _change_words(change)
        return Evaluation(
            level,
            day_reason(level, "last_year"),
            head_zh + f"{need_zh}，去年同期 {with_unit(base, unit)}，{words_zh}{margin_zh}。",
            head_en + f" {need_en}; the same days last year averaged {with_unit(base, unit)}, "
            f"so {words_en}{margin_en}.",
            figures,
            used,
        )

    # No last-year data for the remaining days: the pace so far is the only yardstick.
    change = required / observed_mean - 1 if observed_mean > 0 else 0.0
    figures.update(comparison_base="so_far", required_change_vs_so_far=change)
    level = _level_from_change(change, thresholds)
    direction_zh, direction_en = _so_far_words(change)
    return Evaluation(
        level,
        day_reason(level, "so_far"),
        head_zh
        + f"{need_zh}，{direction_zh}（无去年同期数据；橙色阈值 {fmt_pct(thresholds.orange_margin)}）。",
        head_en + f" {need_en}, {direction_en} (no last-year data for these days; "
        f"orange margin {fmt_pct(thresholds.orange_margin)}).",
        figures,
        used,
    )


def percentile_allowance(days_in_period: int, percentile: float) -> tuple[int, int]:
    """How many days of a period may exceed T for the period's percentile to stay ≤ T.

    HJ 663 takes the p-th percentile of the N daily values by linear interpolation
    between the sorted values X(s) and X(s+1), where k = 1 + (N − 1)·p and s = ⌊k⌋.
    With E days above T:

    * if E ≤ N − ⌈k⌉, both X(s) and X(s+1) are ≤ T, so the percentile is ≤ T whatever
      values the exceeding days have — the *safe allowance*;
    * if E > N − ⌊k⌋, X(s) itself is above T, so the percentile is above T — *certain failure*.

    When k is a whole number the two bounds coincide; otherwise there is one day in
    between whose outcome depends on how far the values lie above and below T.
    Returns (safe allowance, certain-failure bound).
    """
    k = round(1 + (days_in_period - 1) * percentile, 9)  # round away float noise such as 327.59999
    return days_in_period - math.ceil(k), days_in_period - math.floor(k)


def evaluate_percentile(
    spec: TargetSpec,
    daily: pd.Series | None,
    as_of: date,
    thresholds: Thresholds | None = None,
    last_year: pd.Series | None = None,
) -> Evaluation:
    """The p-th percentile of daily values ≤ T (O3: 90th of daily max 8-hour means; CO: 95th).

    A mean rule is wrong here: what matters is how many days exceed T. The rule
    counts the days so far above T (e) against the safe allowance for the whole
    period (see :func:`percentile_allowance`); what is left, a = allowance − e, is
    how many of the remaining days may still exceed T. Red when failure is certain,
    orange when nothing is left, yellow when last year's same remaining days had
    more exceedances than are left (orange beyond ``day_budget_margin``).
    """
    flag = check_spec(spec)
    if flag:
        return flag
    _require_at_most(spec)
    if spec.percentile is None:
        raise ValueError(f"{spec.name}: a percentile target needs spec.percentile (0.90 for O3, 0.95 for CO)")
    thresholds = thresholds or Thresholds()
    series = as_daily_series(daily)
    previous = as_daily_series(last_year) if last_year is not None else None
    window = PeriodWindow.build(spec, series, as_of)
    target, unit, name, p = spec.target_value, spec.unit, spec.name, spec.percentile
    label_zh, label_en = f"第{round(p * 100)}百分位数", f"{round(p * 100)}th percentile"
    n, big_n, r = window.days_observed, window.days_in_period, window.days_remaining
    values = window.observed.to_numpy()
    observed_pct = float(np.percentile(values, p * 100)) if n else None
    exceeded = int(np.count_nonzero(values > target))
    safe, certain = percentile_allowance(big_n, p)
    left = safe - exceeded
    figures = {
        **window.figures(),
        "target_value": target,
        "percentile": p,
        "observed_value": observed_pct,
        "days_exceeding": exceeded,
        "allowed_exceeding_days": safe,
        "remaining_allowance": left,
        "comparison_base": None,
        "last_year_exceeding_days": None,
        "last_year_days": 0,
    }
    used = {"day_budget_margin": thresholds.day_budget_margin}
    if window.not_started:
        return not_started(spec, window, figures)
    if n == 0:
        return no_data(spec, window, figures)

    head_zh = (
        # the catalogue's name may already end in the label ("…第90百分位数")
        f"{name}{'' if name.endswith(label_zh) else label_zh}"
        f"截至 {window.as_of.date()} 为 {with_unit(observed_pct, unit)}，"
        f"目标 ≤ {with_unit(target, unit)}；全期 {big_n} 天中超过 {with_unit(target, unit)} 的天数"
        f"不超过 {safe} 天方可确保达标，已超标 {exceeded} 天。"
    )
    head_en = (
        f"{name}'s {label_en} is {with_unit(observed_pct, unit)} so far against ≤ {with_unit(target, unit)}; "
        f"at most {safe} of the period's {big_n} days may exceed {with_unit(target, unit)}, "
        f"and {exceeded} already have."
    )
    if window.is_over:
        return period_over(
            observed_pct <= target,
            name,
            f"{label_zh} {with_unit(observed_pct, unit)}",
            f"{name}'s {label_en} was {with_unit(observed_pct, unit)}",
            f"≤ {with_unit(target, unit)}",
            figures,
        )
    if exceeded > certain:
        return Evaluation(
            Level.RED,
            Reason.CANNOT_BE_MET,
            head_zh + f"超标天数已超过 {certain} 天，{label_zh}必然高于目标，已无法完成。",
            head_en
            + f" More than {certain} days have exceeded it, so the {label_en} cannot end at or below target.",
            figures,
        )
    if left <= 0:
        return Evaluation(
            Level.ORANGE,
            Reason.NO_MARGIN_LEFT,
            head_zh
            + f"剩余 {r} 天已没有可超标天数，再出现一天超标即{'无法完成' if left == 0 else '基本无法完成'}。",
            head_en + f" None of the remaining {r} days may exceed it; there is no margin left.",
            figures,
        )
    if left >= r:
        return Evaluation(
            Level.GREEN,
            Reason.SECURED,
            head_zh + f"剩余 {r} 天即使全部超标也能达标。",
            head_en + f" Even if all {r} remaining days exceeded it, the target would hold.",
            figures,
        )
    return days_left_evaluation(
        window, previous, lambda v: v > target, exceeded / n, left, thresholds, figures, used,
        last_year_key="last_year_exceeding_days",
        head=(head_zh, head_en),
        left_words=(f"剩余 {r} 天中最多还可超标 {left} 天", f"Of the remaining {r} days at most {left} may exceed it"),
        base_words={
            "last_year": ("去年同期剩余天数约超标", "the same days last year had"),
            "so_far": ("按目前超标频率，剩余天数约超标", "at the pace so far, the remaining days would bring"),
        },
        beyond_en="the allowance",
    )
