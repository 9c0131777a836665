"""The assessment period as the daily rules see it: which days are observed, which remain.

"Remaining" follows DOMAIN.md: every day of the period without a value, so a day
whose reading is missing counts as still to come, never as zero. Last year's same
days give the comparison base ("去年同期").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from .evaluation import Evaluation, Level, Reason, Thresholds, period_unknown, value_unknown
from .series import as_day, period_days, values_on_last_year_days
from .spec import TargetSpec


@dataclass(frozen=True)
class PeriodWindow:
    """The days of a period split into observed (up to ``as_of``) and remaining."""

    start: pd.Timestamp
    end: pd.Timestamp
    as_of: pd.Timestamp
    days: pd.DatetimeIndex
    observed: pd.Series
    remaining: pd.DatetimeIndex

    @classmethod
    def build(cls, spec: TargetSpec, daily: pd.Series, as_of: date) -> PeriodWindow:
        """Split ``daily`` (one value per day, see ``as_daily_series``) over the spec's period."""
        start, end, today = as_day(spec.period_start), as_day(spec.period_end), as_day(as_of)
        days = period_days(start, end)
        in_period = (daily.index >= start) & (daily.index <= min(today, end))
        observed = daily[in_period]
        return cls(start, end, today, days, observed, days.difference(observed.index))

    @property
    def days_in_period(self) -> int:
        return len(self.days)

    @property
    def days_observed(self) -> int:
        return len(self.observed)

    @property
    def days_remaining(self) -> int:
        return len(self.remaining)

    @property
    def days_missing(self) -> int:
        """Past days of the period (up to ``as_of``) that have no value."""
        return int((self.remaining <= self.as_of).sum())

    @property
    def is_over(self) -> bool:
        """The period has ended (or every day already has its value): judge by what happened."""
        return self.as_of > self.end or self.days_remaining == 0

    @property
    def not_started(self) -> bool:
        """Before the period, or on its first day with nothing reported yet."""
        return self.as_of < self.start or (self.as_of == self.start and self.days_observed == 0)

    def last_year_on(self, days: pd.DatetimeIndex, last_year: pd.Series | None) -> np.ndarray:
        """Last year's values on the same days (NaN where it has none)."""
        if last_year is None:
            return np.full(len(days), np.nan)
        return values_on_last_year_days(last_year, days)

    def figures(self) -> dict:
        return {
            "period_start": self.start.date(),
            "period_end": self.end.date(),
            "as_of": self.as_of.date(),
            "days_in_period": self.days_in_period,
            "days_observed": self.days_observed,
            "days_remaining": self.days_remaining,
            "days_missing": self.days_missing,
        }


def check_spec(spec: TargetSpec) -> Evaluation | None:
    """A flag for a target that cannot be evaluated yet (masked value, no period), else None."""
    if spec.target_value is None:
        return value_unknown(spec.name)
    if spec.period_start is None or spec.period_end is None:
        return period_unknown(spec.name)
    if spec.period_end < spec.period_start:
        raise ValueError(f"{spec.name}: period ends before it starts")
    return None


def not_started(spec: TargetSpec, window: PeriodWindow, figures: dict) -> Evaluation:
    start = window.start.date().isoformat()
    return Evaluation(
        Level.GREEN,
        Reason.NOT_STARTED,
        f"{spec.name}考核期自 {start} 起，尚未开始。",
        f"The assessment period for {spec.name} starts on {start}; nothing to judge yet.",
        figures,
    )


def no_data(spec: TargetSpec, window: PeriodWindow, figures: dict) -> Evaluation:
    """Nothing observed in a running (or finished) period: itself a flag, like a missing daily report."""
    return Evaluation(
        Level.YELLOW,
        Reason.NO_DATA,
        f"{spec.name}考核期（{window.start.date()} 至 {window.end.date()}）内尚无监测数据，"
        "无法评估，请核查数据报送。",
        f"No observations for {spec.name} in the period {window.start.date()} to {window.end.date()}; "
        "check that data is being reported.",
        figures,
    )


def period_over(
    met: bool, name: str, outcome_zh: str, outcome_en: str, goal: str, figures: dict
) -> Evaluation:
    """The period is over and the outcome decides: achieved (green) or missed (red).

    ``outcome_zh``/``outcome_en`` say what the period ended at ("期间均值 35 µg/m³" /
    "PM2.5 averaged 35 µg/m³"); ``goal`` is the target as written ("≤ 35 µg/m³").
    """
    return Evaluation(
        Level.GREEN if met else Level.RED,
        Reason.ACHIEVED if met else Reason.MISSED,
        f"{name}考核期已结束，{outcome_zh}，{'达到' if met else '未达到'}目标 {goal}。",
        f"The period is over: {outcome_en}, {'meeting' if met else 'missing'} the target of {goal}.",
        figures,
    )


def mean_or_none(values: np.ndarray) -> float | None:
    """Mean of the known values; None when none are known."""
    known = values[~np.isnan(values)]
    return float(known.mean()) if known.size else None


def expected_bad_days(window: PeriodWindow, previous: pd.Series | None, counts, so_far_rate: float):
    """Expected bad days over the remaining days: last year's rate on those days, else the rate so far.

    Returns (expected count, "last_year" or "so_far", last-year days used). Using a
    rate scaled to the remaining days keeps a gap in last year's data from looking
    like a clean day.
    """
    last = window.last_year_on(window.remaining, previous)
    known = last[~np.isnan(last)]
    if known.size:
        # Rounded so that a rate of 10/30 over 30 days is 10 days, not 10.000000000000002.
        return round(float(np.mean(counts(known))) * window.days_remaining, 9), "last_year", int(known.size)
    return round(so_far_rate * window.days_remaining, 9), "so_far", 0


def level_from_days(left: float, expected: float, thresholds: Thresholds) -> Level:
    """Fewer days left than the comparison base expects → yellow; more than the margin short → orange."""
    if expected - left > thresholds.day_budget_margin:
        return Level.ORANGE
    if left < expected:
        return Level.YELLOW
    return Level.GREEN


def day_reason(level: Level, base_kind: str) -> Reason:
    """The reason code for a level judged against a comparison base: yellow is at risk, orange serious."""
    if level == Level.GREEN:
        return Reason.ON_TRACK
    if base_kind == "so_far":
        return Reason.AT_RISK_VS_SO_FAR if level == Level.YELLOW else Reason.SERIOUS_VS_SO_FAR
    return Reason.AT_RISK_VS_LAST_YEAR if level == Level.YELLOW else Reason.SERIOUS_VS_LAST_YEAR


def days_left_evaluation(
    window: PeriodWindow,
    previous: pd.Series | None,
    counts,
    so_far_rate: float,
    left: int,
    thresholds: Thresholds,
    figures: dict,
    used: dict,
    *,
    last_year_key: str,
    head: tuple[str, str],
    left_words: tuple[str, str],
    base_words: dict[str, tuple[str, str]],
    beyond_en: str,
) -> Evaluation:
    """Judge the ``left`` days a rule may still spend against the bad days its comparison base expects.

    Shared by the percentile rule (days that may still exceed the limit) and the day
    budget (重污染天数 still allowed); see :func:`expected_bad_days` and
    :func:`level_from_days`. Each rule keeps its own wording: ``left_words`` says what
    is left, ``base_words[base_kind]`` leads into the expected count ("去年同期剩余天数约超标"
    / "the same days last year had"), and ``beyond_en`` names what the orange margin is
    counted beyond. The expected count goes into ``figures[last_year_key]`` when it
    comes from last year.
    """
    base, base_kind, base_days = expected_bad_days(window, previous, counts, so_far_rate)
    figures.update(
        {
            "comparison_base": base_kind,
            last_year_key: base if base_kind == "last_year" else None,
            "last_year_days": base_days,
        }
    )
    level = level_from_days(left, base, thresholds)
    margin = thresholds.day_budget_margin
    (head_zh, head_en), (left_zh, left_en) = head, left_words
    base_zh, base_en = base_words[base_kind]
    return Evaluation(
        level,
        day_reason(level, base_kind),
        head_zh + f"{left_zh}，{base_zh} {base:.1f} 天（橙色阈值：多出 {margin} 天以上）。",
        head_en + f" {left_en}; {base_en} about {base:.1f} "
        f"(orange when more than {margin} days beyond {beyond_en}).",
        figures,
        used,
    )
