"""Targets with a deadline: progress toward a value (资金执行率, 整改完成率, 造林亩数) and
milestones (上报整改方案).

A deadline counts working days when a Chinese working-day calendar is given
(``tracker.workdays.WorkdayCalendar``) and calendar days otherwise; the
explanations say which.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .evaluation import (
    Evaluation,
    Level,
    Reason,
    Thresholds,
    counted_from_not_started,
    fmt,
    fmt_pct,
    period_unknown,
    value_unknown,
    with_unit,
)
from .series import as_daily_series, as_date, as_day
from .spec import Comparator, TargetSpec


@dataclass(frozen=True)
class DaysLeft:
    """Days from ``as_of`` to a deadline (negative when late), the unit they are counted in, and
    the calendar's caveat, said once per sentence (never inside the unit)."""

    days: int
    unit_zh: str
    unit_en: str
    caveat_zh: str = ""
    caveat_en: str = ""

    def to_deadline(self, deadline: date, window: int) -> tuple[str, str]:
        """"距截止日 … 还有 3 个工作日（预警窗口 10 个工作日）", or "今日到期" on the day itself."""
        window_zh, window_en = f"预警窗口 {window} {self.unit_zh}", f"warning window {window} {self.unit_en}"
        if self.days == 0:
            return (
                f"截止日 {deadline} 即今日到期（{window_zh}）{self.caveat_zh}",
                f"the deadline of {deadline} is today ({window_en}){self.caveat_en}",
            )
        return (
            f"距截止日 {deadline} 还有 {self.days} {self.unit_zh}（{window_zh}）{self.caveat_zh}",
            f"{self.days} {self.unit_en} to the deadline of {deadline} ({window_en}){self.caveat_en}",
        )


def time_left(left: int, unit_zh: str, unit_en: str) -> tuple[str, str]:
    """How much time is left before a deadline not yet passed, in words: "今日到期" / "today"
    on the deadline day itself (0 left — never "仅剩 0 个工作日"), else "仅剩 3 个工作日" /
    "3 working days away". One wording for the status engine and the scans' letters."""
    if left == 0:
        return "今日到期", "today"
    return f"仅剩 {left} {unit_zh}", f"{left} {unit_en} away"


def days_until(as_of: date, deadline: date, calendar=None) -> DaysLeft:
    """Days from ``as_of`` to ``deadline`` (negative when late), with the unit in Chinese and English.

    With a calendar: working days after ``as_of`` up to and including the deadline
    (``WorkdayCalendar.working_days_between``); otherwise calendar days. When the
    calendar had to fall back to weekends only for some year, the caveat says so.
    """
    if calendar is None:
        return DaysLeft((deadline - as_of).days, "天（自然日）", "calendar days")
    days = calendar.working_days_between(as_of, deadline)
    fallback = tuple(getattr(calendar, "fallback_years", lambda a, b: ())(as_of, deadline))
    if fallback:
        return DaysLeft(
            days,
            "个工作日",
            "working days",
            f"（{'、'.join(str(y) for y in fallback)}年无节假日安排，工作日仅按周末计算，待核对）",
            f" (weekends only for {', '.join(map(str, fallback))}; to be checked)",
        )
    return DaysLeft(days, "个工作日", "working days")


def difference(value: float, unit: str, language: str = "zh") -> str:
    """The size of a gap in the target's unit; a gap between rates is in percentage points (个百分点)."""
    if unit == "%":
        return f"{fmt(abs(value))} {'个百分点' if language == 'zh' else 'points'}"
    return with_unit(abs(value), unit)


def expected_value(baseline: float, target: float, start: date, deadline: date, as_of: date) -> float:
    """Where the time-proportional path (时间进度) says the value should be on ``as_of``.

    expected = baseline + (target − baseline) × elapsed share, the share clipped to
    [0, 1]. A deadline on the start day means the whole way is expected at once.
    """
    span = (deadline - start).days
    share = 1.0 if span <= 0 else min(max((as_of - start).days / span, 0.0), 1.0)
    return baseline + (target - baseline) * share


def trend_per_day(observed: pd.Series, as_of: date, window_days: int, start: date | None, baseline: float):
    """Slope (units per day) of a least-squares line through the recent observations.

    Uses the observations of the last ``window_days`` days; with fewer than two,
    the last two observations; with only one, the line from (start, baseline) to it.
    None when no line can be drawn.
    """
    recent = observed[observed.index >= as_day(as_of) - pd.Timedelta(days=window_days)]
    if len(recent) < 2:
        recent = observed.iloc[-2:]
    if len(recent) < 2:
        if len(recent) == 1 and start is not None and as_day(start) < recent.index[0]:
            recent = pd.concat([pd.Series([baseline], index=[as_day(start)]), recent])
        else:
            return None
    x = ((recent.index - recent.index[0]) / pd.Timedelta(days=1)).to_numpy(dtype="float64")
    y = recent.to_numpy(dtype="float64")
    # The least-squares slope in closed form: exact for whole-number reports (two reports 50 days
    # apart, 25 points → 0.5 a day, not np.polyfit's 0.49999999999999983), so boundaries hold.
    dx = x - x.mean()
    return float((dx * (y - y.mean())).sum() / (dx * dx).sum())


def evaluate_progress(
    spec: TargetSpec,
    progress: pd.Series | None,
    as_of: date,
    thresholds: Thresholds | None = None,
    calendar=None,
) -> Evaluation:
    """Progress toward T by a deadline, for rates (%) and counts alike.

    Met at any time: achieved (green). Past the deadline unmet: overdue (red).
    Otherwise: behind the time-proportional path by more than ``progress_tolerance``
    of the baseline-to-target distance is at risk (yellow); so is a projection
    (latest value + recent trend × days left) that falls short of T by more than the
    same tolerance; both together are serious (orange). Unmet inside the warning
    window is at least yellow (due_soon). ``<=`` targets (bring a count down) work
    the same way with the direction reversed; ``=`` is read as "reach".
    """
    if spec.target_value is None:
        return value_unknown(spec.name)
    if spec.due is None:
        return period_unknown(spec.name, "完成时限", "deadline")
    if spec.comparator not in (Comparator.AT_LEAST, Comparator.AT_MOST, Comparator.EQUAL):
        raise ValueError(f"progress targets use >=, <= or =; got {spec.comparator}")
    thresholds = thresholds or Thresholds()
    as_of = as_date(as_of)
    direction = -1.0 if spec.comparator == Comparator.AT_MOST else 1.0
    target, unit, name, deadline = spec.target_value, spec.unit, spec.name, as_date(spec.due)
    baseline = spec.baseline_value if spec.baseline_value is not None else 0.0
    series = as_daily_series(progress)
    series = series[series.index <= as_day(as_of)]
    actual = float(series.iloc[-1]) if len(series) else None
    days_left = days_until(as_of, deadline, calendar)
    left = days_left.days
    distance = abs(target - baseline)
    met = actual is not None and direction * (actual - target) >= 0
    figures = {
        "as_of": as_of,
        "deadline": deadline,
        "target_value": target,
        "baseline_value": baseline,
        "observed_value": actual,
        "last_report_date": series.index[-1].date() if len(series) else None,
        "expected_value": None,
        "gap_to_expected": None,
        "projected_value": None,
        "trend_per_day": None,
        "days_to_deadline": left,
        "days_to_deadline_basis": "working" if calendar is not None else "calendar",
    }
    used = {
        "progress_tolerance": thresholds.progress_tolerance,
        "trend_window_days": thresholds.trend_window_days,
        "warning_window_days": thresholds.warning_window_days,
    }
    sign = "≤" if spec.comparator == Comparator.AT_MOST else "≥"
    goal_zh, goal_en = f"目标 {sign} {with_unit(target, unit)}", f"target {sign} {with_unit(target, unit)}"
    if met:
        return Evaluation(
            Level.GREEN,
            Reason.ACHIEVED,
            f"{name}截至 {as_of} 为 {with_unit(actual, unit)}，已达到{goal_zh}。",
            f"{name} is {with_unit(actual, unit)} as of {as_of}: the {goal_en} is reached.",
            figures,
        )
    if as_of > deadline:
        now_zh = f"为 {with_unit(actual, unit)}" if actual is not None else "无进展数据"
        now_en = f"is {with_unit(actual, unit)}" if actual is not None else "has no progress report"
        return Evaluation(
            Level.RED,
            Reason.OVERDUE,
            f"{name}截止日 {deadline} 已过 {-left} {days_left.unit_zh}，{now_zh}，未达到{goal_zh}"
            f"{days_left.caveat_zh}。",
            f"{name} is {-left} {days_left.unit_en} past its deadline of {deadline} and {now_en}; "
            f"the {goal_en} is not met{days_left.caveat_en}.",
            figures,
        )
    if spec.period_start is not None and as_of < as_date(spec.period_start):
        return counted_from_not_started(name, spec.period_start, figures)
    window_zh, window_en = days_left.to_deadline(deadline, thresholds.warning_window_days)
    due_soon = left <= thresholds.warning_window_days
    if actual is None:
        return Evaluation(
            Level.YELLOW,
            Reason.DUE_SOON if due_soon else Reason.NO_DATA,
            f"{name}尚无进展数据，{goal_zh}，{window_zh}，请报送进展。",
            f"{name} has no progress report yet ({goal_en}); {window_en}. Progress should be reported.",
            figures,
            used,
        )

    behind = False
    parts_zh, parts_en = [], []
    if spec.period_start is not None:
        expected = expected_value(baseline, target, as_date(spec.period_start), deadline, as_of)
        gap = direction * (expected - actual) / distance if distance else 0.0
        behind = gap > thresholds.progress_tolerance
        figures.update(expected_value=expected, gap_to_expected=gap)
        if gap > 0:
            parts_zh.append(
                f"按时间进度应达 {with_unit(expected, unit)}，落后 {difference(expected - actual, unit)}"
                f"（为目标增量的 {fmt_pct(gap)}，容差 {fmt_pct(thresholds.progress_tolerance)}）"
            )
            parts_en.append(
                f"the time-proportional path expects {with_unit(expected, unit)}, "
                f"{difference(expected - actual, unit, 'en')} behind ({fmt_pct(gap)} of the distance to go; "
                f"tolerance {fmt_pct(thresholds.progress_tolerance)})"
            )
        else:
            parts_zh.append(f"按时间进度应达 {with_unit(expected, unit)}，进度正常")
            parts_en.append(f"on or ahead of the time-proportional path ({with_unit(expected, unit)})")

    slope = trend_per_day(series, as_of, thresholds.trend_window_days, spec.period_start, baseline)
    misses = False
    if slope is not None:
        projected = actual + slope * (deadline - as_of).days
        shortfall = direction * (target - projected) / distance if distance else 0.0
        misses = shortfall > thresholds.progress_tolerance
        figures.update(projected_value=projected, trend_per_day=slope)
        verdict_zh = "达不到目标" if misses else "可以完成"
        verdict_en = f"short of the {goal_en}" if misses else "enough"
        parts_zh.append(
            f"按近 {thresholds.trend_window_days} 天趋势（每天 {slope:+.2f}）推算截止日约 "
            f"{with_unit(projected, unit)}，{verdict_zh}"
        )
        parts_en.append(
            f"the trend of the last {thresholds.trend_window_days} days ({slope:+.2f} a day) projects "
            f"{with_unit(projected, unit)} by the deadline, {verdict_en}"
        )

    if behind and misses:
        level, reason = Level.ORANGE, Reason.PROJECTED_TO_MISS
    elif behind:
        level, reason = Level.YELLOW, Reason.BEHIND_EXPECTED_PATH
    elif misses:
        level, reason = Level.YELLOW, Reason.PROJECTED_TO_MISS
    elif due_soon:
        level, reason = Level.YELLOW, Reason.DUE_SOON
    else:
        level, reason = Level.GREEN, Reason.ON_TRACK
    return Evaluation(
        level,
        reason,
        f"{name}截至 {as_of} 为 {with_unit(actual, unit)}，{goal_zh}；"
        + "；".join(parts_zh)
        + f"；{window_zh}。",
        f"{name} is {with_unit(actual, unit)} as of {as_of} ({goal_en}); "
        + "; ".join(parts_en)
        + f"; {window_en}.",
        figures,
        used,
    )


def evaluate_milestone(
    spec: TargetSpec,
    done_on: date | None,
    as_of: date,
    thresholds: Thresholds | None = None,
    calendar=None,
) -> Evaluation:
    """A step due by a date (30 个工作日内上报整改方案): done or not.

    Done on or before ``as_of``: green (late completion is noted in the figures).
    Not done past the deadline: overdue (red). Not done within ``warning_window_days``
    of it: due soon (yellow) — working days with a calendar, calendar days without.
    """
    name, deadline = spec.name, spec.due
    if deadline is None:
        return period_unknown(name, "完成时限", "deadline")
    thresholds = thresholds or Thresholds()
    as_of, deadline = as_date(as_of), as_date(deadline)
    done_on = as_date(done_on) if done_on is not None else None
    done = done_on is not None and done_on <= as_of
    days_left = days_until(as_of, deadline, calendar)
    left, unit_zh, unit_en = days_left.days, days_left.unit_zh, days_left.unit_en
    caveat_zh, caveat_en = days_left.caveat_zh, days_left.caveat_en
    figures = {
        "as_of": as_of,
        "deadline": deadline,
        "done_on": done_on if done else None,
        "days_to_deadline": left,
        "days_to_deadline_basis": "working" if calendar is not None else "calendar",
        "days_late": None,
    }
    used = {"warning_window_days": thresholds.warning_window_days}
    if done:
        late = days_until(deadline, done_on, calendar).days
        figures["days_late"] = max(late, 0)
        late_zh = f"，逾期 {late} {unit_zh}" if late > 0 else ""
        late_en = f", {late} {unit_en} late" if late > 0 else ""
        return Evaluation(
            Level.GREEN,
            Reason.ACHIEVED,
            f"{name}已于 {done_on} 完成（时限 {deadline}{late_zh}）。",
            f"{name} was done on {done_on} (due {deadline}{late_en}).",
            figures,
        )
    if as_of > deadline:
        return Evaluation(
            Level.RED,
            Reason.OVERDUE,
            f"{name}时限 {deadline}，已逾期 {-left} {unit_zh}，尚未完成{caveat_zh}。",
            f"{name} was due on {deadline} and is {-left} {unit_en} overdue{caveat_en}.",
            figures,
            used,
        )
    window_zh = f"（预警窗口 {thresholds.warning_window_days} {unit_zh}）{caveat_zh}"
    window_en = f" (warning window {thresholds.warning_window_days} {unit_en}){caveat_en}"
    if left <= thresholds.warning_window_days:
        when_zh, when_en = time_left(left, unit_zh, unit_en)
        return Evaluation(
            Level.YELLOW,
            Reason.DUE_SOON,
            f"{name}时限 {deadline}，{when_zh}，尚未完成{window_zh}。",
            f"{name} is due on {deadline}, {when_en}, and not yet done{window_en}.",
            figures,
            used,
        )
    return Evaluation(
        Level.GREEN,
        Reason.ON_TRACK,
        f"{name}时限 {deadline}，还有 {left} {unit_zh}{window_zh}。",
        f"{name} is due on {deadline}, {left} {unit_en} away{window_en}.",
        figures,
        used,
    )
