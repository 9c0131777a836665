"""Where a daily target will end up: the seasonal projection (季节性预测) with a band and a probability.

Leaders ask "where will we end up?", not only "are we on track?". The answer reads the
shape of past years: this year's level relative to the same days of a past year, applied
to that year's remaining days, gives one path for the rest of the period; every past year
on record gives one, and their spread gives the band. The probability is the share of
those past-year patterns under which the target would be met. Pure like the rest of
:mod:`tracker.status`: data and ``as_of`` in, a :class:`Projection` out.

The daily kinds (period mean, day budget, day ratio) share :class:`DailyTarget`, the
figures every projection, allowance (:mod:`.allowances`) and what-if (:mod:`.whatif`)
works from. "The remaining value" is said in the target's own terms: the mean of the
remaining days (period mean), the days still to exceed T (percentile), the heavy days
still to come (day budget), the share of good days among the remaining days (day ratio).
A percentile's projected end value is the percentile itself (HJ 663 linear interpolation
over this year's days and the projected ones).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from .air import percentile_allowance
from .days import count_needed, day_budget, day_flags, meets_share, ratio_as_fraction
from .dispatch import derived_target
from .evaluation import Level, Thresholds, fmt, fmt_share, json_ready, with_unit
from .period import PeriodWindow, check_spec
from .series import as_daily_series, day_index
from .spec import Comparator, Kind, TargetData, TargetSpec

PROJECTED_KINDS = (Kind.PERIOD_MEAN, Kind.PERCENTILE, Kind.DAY_BUDGET, Kind.DAY_RATIO)
CONCENTRATION_KINDS = (Kind.PERIOD_MEAN, Kind.PERCENTILE)

# A calendar month of this year and a past year counts as a separate level ratio for the
# band when both have at least this many readings on the same days.
MONTH_MIN_DAYS = 10


def effective_spec(spec: TargetSpec) -> TargetSpec:
    """The spec the rule reads: a baseline change (下降10%) becomes its inner kind with T derived."""
    if spec.kind != Kind.BASELINE_CHANGE:
        return spec
    inner = spec.inner_kind or Kind.PERIOD_MEAN
    if spec.target_value is None or spec.baseline_value is None:
        return replace(spec, kind=inner, target_value=None, inner_kind=None)
    target = derived_target(spec.baseline_value, spec.target_value, spec.comparator, spec.change_unit)
    comparator = Comparator.AT_MOST if spec.comparator == Comparator.DECREASE_BY else Comparator.AT_LEAST
    return replace(spec, kind=inner, comparator=comparator, target_value=target, inner_kind=None)


def past_years(data: TargetData) -> tuple[pd.Series, ...]:
    """The past periods' daily series, one year back first: ``data.past_years``, else ``last_year``."""
    if data.past_years:
        return tuple(data.past_years)
    return (data.last_year,) if data.last_year is not None else ()


def values_years_back(series: pd.Series, days: pd.DatetimeIndex, years: int) -> np.ndarray:
    """A past year's values on the days ``years`` years before ``days`` (29 Feb → 28 Feb); NaN where none."""
    if len(days) == 0 or series is None or series.empty:
        return np.full(len(days), np.nan)
    return series.reindex(day_index(days - pd.DateOffset(years=years))).to_numpy(dtype="float64")


@dataclass(frozen=True)
class DailyTarget:
    """A daily target reduced to what projection, allowances and what-if share.

    ``values`` are this period's daily values (concentrations, or 1.0/0.0 day flags),
    ``past`` the past periods' (index 0 = one year back), ``window`` splits the period
    into observed and remaining days. ``goal`` is T for a mean, K for a day budget and
    the good days needed (⌈p·N⌉) for a day ratio.
    """

    spec: TargetSpec
    kind: Kind
    window: PeriodWindow
    past: tuple[pd.Series, ...]
    thresholds: Thresholds
    goal: float
    allowance: int | None = None  # percentile: days of the period that may exceed T (safe allowance)
    certain: int | None = None  # percentile: more exceeding days than this and failure is certain

    @property
    def observed_total(self) -> float:
        """S: the sum of the observed values, the days above T so far (percentile), or the heavy/good days."""
        if self.kind == Kind.PERCENTILE:
            return float(np.count_nonzero(self.window.observed.to_numpy() > self.goal))
        return float(self.window.observed.sum())

    def percentile_of(self, path: np.ndarray) -> float:
        """The period's percentile if the remaining days took the values ``path`` (HJ 663: linear)."""
        values = np.concatenate([self.window.observed.to_numpy(dtype="float64"), path])
        return float(np.percentile(values, self.spec.percentile * 100))

    @property
    def past_has_data(self) -> bool:
        return any(p is not None and not p.empty for p in self.past)

    @property
    def unit(self) -> str:
        if self.kind in CONCENTRATION_KINDS:
            return self.spec.unit
        return "天" if self.kind == Kind.DAY_BUDGET else "%"

    def end_value(self, remaining: float) -> float:
        """The period's end value if the remaining days go as ``remaining`` says (see the module doc)."""
        w = self.window
        if self.kind == Kind.PERIOD_MEAN:
            return (self.observed_total + remaining * w.days_remaining) / w.days_in_period
        if self.kind in (Kind.DAY_BUDGET, Kind.PERCENTILE):
            return self.observed_total + remaining  # days: heavy, or above T
        return (self.observed_total + remaining * w.days_remaining) / w.days_in_period

    def meets(self, remaining: float) -> bool:
        """Whether the period ends on target if the remaining days go as ``remaining`` says."""
        if self.kind == Kind.DAY_RATIO:
            return self.observed_total + remaining * self.window.days_remaining >= self.goal - 1e-9
        # a mean against T, heavy days against K, days above T against the safe allowance
        limit = self.allowance if self.kind == Kind.PERCENTILE else self.goal
        return self.end_value(remaining) <= limit + 1e-9

    def actual_end(self) -> float:
        """What the period ended at, from the observed days only (once it is over)."""
        observed = self.window.observed
        if self.kind == Kind.DAY_BUDGET:
            return self.observed_total
        if self.kind == Kind.PERCENTILE:
            return self.percentile_of(np.array([])) if len(observed) else float("nan")
        return self.observed_total / len(observed) if len(observed) else float("nan")

    def actual_meets(self) -> bool:
        """Whether the period, as observed, met the target (the rules' period-over verdict)."""
        end = self.actual_end()
        if self.kind == Kind.DAY_RATIO:
            return meets_share(end, ratio_as_fraction(self.spec.target_value, self.spec.unit))
        return end <= self.goal + 1e-9

    def goal_words(self) -> tuple[str, str]:
        if self.kind == Kind.DAY_RATIO:
            share = fmt_share(ratio_as_fraction(self.spec.target_value, self.spec.unit))
            return f"≥ {share}", f"≥ {share}"
        return f"≤ {with_unit(self.goal, self.unit)}", f"≤ {with_unit(self.goal, self.unit)}"

    def end_words(self, value: float, days: bool = False) -> str:
        """An end value as printed; ``days`` for a percentile's what-if, which ends in days above T."""
        if days:
            return f"{fmt(value)} 天"
        return fmt_share(value) if self.kind == Kind.DAY_RATIO else with_unit(value, self.unit)

    def remaining_words(self, remaining: float) -> tuple[str, str]:
        """"剩余 38 天日均 30.0 μg/m³" / "the remaining 38 days at 30.0 μg/m³ on average"."""
        r = self.window.days_remaining
        if self.kind == Kind.PERIOD_MEAN:
            return f"剩余 {r} 天日均 {with_unit(remaining, self.unit)}", (
                f"the remaining {r} days averaging {with_unit(remaining, self.unit)}"
            )
        if self.kind == Kind.DAY_BUDGET:
            return f"剩余 {r} 天再出现 {fmt(remaining)} 天", f"{fmt(remaining)} more days in the remaining {r}"
        if self.kind == Kind.PERCENTILE:
            limit = with_unit(self.goal, self.unit)
            return (f"剩余 {r} 天中再有 {fmt(remaining)} 天超过 {limit}",
                    f"{fmt(remaining)} of the remaining {r} days above {limit}")
        return f"剩余 {r} 天中 {fmt_share(remaining)} 为优良", f"{fmt_share(remaining)} of the remaining {r} days good"


def daily_target(
    spec: TargetSpec, data: TargetData | None, as_of: date, thresholds: Thresholds | None = None
) -> DailyTarget:
    """The shared view of a period-mean, day-budget or day-ratio target (baseline changes included).

    Raises ``ValueError`` for other kinds and for a target that cannot be evaluated yet
    (masked value, no period): there is nothing to project then.
    """
    spec = effective_spec(spec)
    data = data or TargetData()
    thresholds = thresholds or Thresholds()
    if spec.kind not in PROJECTED_KINDS:
        raise ValueError(f"no seasonal projection for kind {spec.kind}")
    if check_spec(spec) is not None:
        raise ValueError(f"{spec.name}: the target value or period is not known yet")
    past = past_years(data)
    if spec.kind in CONCENTRATION_KINDS:
        if spec.comparator != Comparator.AT_MOST:
            raise ValueError(f"{spec.kind} targets are upper limits (<=); got {spec.comparator}")
        if spec.kind == Kind.PERCENTILE and spec.percentile is None:
            raise ValueError(f"{spec.name}: a percentile target needs spec.percentile (0.90 for O3)")
        values = as_daily_series(data.daily)
        past_values = tuple(as_daily_series(p) for p in past)
    else:
        good = spec.kind == Kind.DAY_RATIO
        if good and spec.comparator not in (Comparator.AT_LEAST, Comparator.EQUAL):
            raise ValueError(f"a good-day ratio is a lower limit (>=); got {spec.comparator}")
        if not good and spec.comparator != Comparator.AT_MOST:
            raise ValueError(f"a day budget is an upper limit (<=); got {spec.comparator}")
        values = day_flags(data.daily, spec.day_limit, good=good)
        values = values if values is not None else as_daily_series(None)
        past_values = tuple(day_flags(p, spec.day_limit, good=good) for p in past)
    window = PeriodWindow.build(spec, values, as_of)
    n_days = window.days_in_period
    allowance = certain = None
    if spec.kind in CONCENTRATION_KINDS:
        goal = spec.target_value
        if spec.kind == Kind.PERCENTILE:
            allowance, certain = percentile_allowance(n_days, spec.percentile)
    elif spec.kind == Kind.DAY_BUDGET:
        goal = float(day_budget(spec.target_value, spec.unit, n_days))
    else:
        goal = float(count_needed(ratio_as_fraction(spec.target_value, spec.unit), n_days))
    return DailyTarget(spec, spec.kind, window, past_values, thresholds, goal, allowance, certain)


@dataclass(frozen=True)
class Scenario:
    """One way the rest of the period could go: a past year's pattern (and the level ratio applied)."""

    label: str
    years_back: int | None  # None: this year's pace so far
    remaining: float
    end_value: float
    meets: bool

    def as_dict(self) -> dict[str, Any]:
        return json_ready(
            {"label": self.label, "years_back": self.years_back, "remaining": self.remaining,
             "end_value": self.end_value, "meets": self.meets}
        )


@dataclass(frozen=True)
class Projection:
    """Where a target is projected to end: central value, band, probability, level, and why.

    ``central``, ``low`` and ``high`` are end-of-period values in the target's terms (a mean,
    a count of heavy days, a good-day share as a fraction, a progress value); ``low`` is the
    numerically lower edge. ``remaining_central`` is the remaining value the central path
    assumes (feed it to :func:`tracker.status.whatif.what_if` to get the same level back).
    ``probability`` is the share of ``scenarios`` that meet the target (None with none).
    """

    kind: str
    metric: str
    unit: str
    target_value: float | None
    central: float | None
    low: float | None
    high: float | None
    probability: float | None
    level: Level
    remaining_central: float | None
    basis: str  # "past_years", "so_far", "period_over", "trend"
    years_used: int
    explanation_zh: str
    explanation_en: str
    scenarios: list[Scenario] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return json_ready(
            {
                "kind": self.kind, "metric": self.metric, "unit": self.unit, "target_value": self.target_value,
                "central": self.central, "low": self.low, "high": self.high, "probability": self.probability,
                "level": int(self.level), "colour": self.level.colour, "remaining_central": self.remaining_central,
                "basis": self.basis, "years_used": self.years_used,
                "explanation_zh": self.explanation_zh, "explanation_en": self.explanation_en,
                "scenarios": [s.as_dict() for s in self.scenarios],
            }
        )


def level_ratio(this: np.ndarray, past: np.ndarray) -> float | None:
    """This year's level relative to a past year's on the same days (both read): mean / mean."""
    both = ~np.isnan(this) & ~np.isnan(past)
    if not both.any() or past[both].mean() <= 0:
        return None
    with np.errstate(over="ignore", invalid="ignore"):
        ratio = float(this[both].mean() / past[both].mean())
    return ratio if math.isfinite(ratio) else None  # a past mean too small to divide by tells nothing


def _month_ratios(target: DailyTarget, past: pd.Series, years: int) -> list[tuple[str, float]]:
    """The level ratio of each observed calendar month with enough paired days (for the band)."""
    observed = target.window.observed
    past_values = values_years_back(past, observed.index, years)
    out = []
    for month, idx in pd.Series(np.arange(len(observed)), index=observed.index).groupby(
        observed.index.to_period("M")
    ):
        this, then = observed.to_numpy()[idx.to_numpy()], past_values[idx.to_numpy()]
        if np.count_nonzero(~np.isnan(then)) >= MONTH_MIN_DAYS:
            ratio = level_ratio(this, then)
            if ratio is not None:
                out.append((str(month), ratio))
    return out


def scenarios(target: DailyTarget) -> tuple[list[Scenario], list[Scenario]]:
    """(central scenarios, band-only scenarios) for the remaining days.

    Central: one per past year with readings on the remaining days — that year's remaining
    mean scaled by this year's level ratio (a mean), or that year's rate of heavy/good
    days over them (day flags: too sparse for a ratio). Band-only: for a mean, the same
    year's remaining days scaled by each observed month's own ratio; for day flags, this
    year's pace so far. With no past year at all the pace so far is the central path, and
    (for a mean) each observed month's mean joins the band.
    """
    w = target.window
    central, extra = [], []
    for years, past in enumerate(target.past, start=1):
        if past is None or past.empty:
            continue
        rest = values_years_back(past, w.remaining, years)
        if np.isnan(rest).all():
            continue
        rest = np.where(np.isnan(rest), np.nanmean(rest), rest)  # a gap last year: that year's mean
        label_year = (w.end - pd.DateOffset(years=years)).year
        if target.kind in CONCENTRATION_KINDS:
            ratio = level_ratio(w.observed.to_numpy(), values_years_back(past, w.observed.index, years))
            central.append(_path(target, f"{label_year}", years, rest * (1.0 if ratio is None else ratio)))
            for month, month_ratio in _month_ratios(target, past, years):
                extra.append(_path(target, f"{label_year}×{month}", years, rest * month_ratio))
        else:
            central.append(_path(target, f"{label_year}", years, rest))
    from_past = bool(central)
    observed = w.observed.to_numpy(dtype="float64")
    if w.days_observed and (target.kind not in CONCENTRATION_KINDS or not from_past):
        (extra if from_past else central).append(_so_far(target, "so_far", observed))
    if target.kind in CONCENTRATION_KINDS and not from_past:
        for month, values in w.observed.groupby(w.observed.index.to_period("M")):
            extra.append(_so_far(target, f"so_far×{month}", values.to_numpy(dtype="float64")))
    return central, extra


def _so_far(target: DailyTarget, label: str, values: np.ndarray) -> Scenario:
    """The remaining days going like ``values`` (this year's days so far, or one month of them)."""
    r = target.window.days_remaining
    if target.kind == Kind.PERCENTILE:
        path = np.resize(np.sort(values), r) if r else np.array([])
        return _path(target, label, None, path)
    return _path(target, label, None, np.full(r, float(values.mean())))


def _path(target: DailyTarget, label: str, years: int | None, path: np.ndarray) -> Scenario:
    """A scenario from the values the remaining days would take (concentrations or day flags)."""
    if target.kind == Kind.PERCENTILE:
        above = float(np.count_nonzero(path > target.goal))
        end = target.percentile_of(path)
        return Scenario(label, years, above, end, end <= target.goal)
    mean = float(path.mean()) if len(path) else 0.0
    remaining = mean * len(path) if target.kind == Kind.DAY_BUDGET else mean
    return _scenario(target, label, years, remaining)


def _scenario(target: DailyTarget, label: str, years: int | None, remaining: float) -> Scenario:
    return Scenario(label, years, remaining, target.end_value(remaining), target.meets(remaining))

