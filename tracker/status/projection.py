"""One entry point per question for any target: where it will end (:func:`project_target`), what
each remaining month may use (:func:`target_allowances`), and what-if (:func:`what_if_target`).

Daily kinds (period mean, day budget, day ratio, and baseline changes over them) go through
:mod:`.seasonal`, :mod:`.allowances` and :mod:`.whatif`. Progress targets (资金执行率, 整改完成率,
造林亩数) are projected here: the recent trend as today's rule draws it, with a band from the
other paces the data show (the average pace since the start, the pace between the last two
reports); the monthly allowance is the value to reach by each month's end on the straight line
to the target; a what-if assumes a pace per month (30 days).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd

from .allowances import MonthAllowance, monthly_allowances
from .evaluation import Level, Thresholds, fmt, fmt_share, with_unit
from .progress import evaluate_progress
from .seasonal import PROJECTED_KINDS, DailyTarget, Projection, Scenario, daily_target, effective_spec, scenarios
from .series import as_daily_series, as_date, as_day
from .spec import Comparator, Kind, TargetData, TargetSpec
from .whatif import LevelRange, WhatIf, daily_level, what_if

MONTH_DAYS = 30  # a "month" of progress pace


def is_projectable(spec: TargetSpec) -> bool:
    """Whether a target has a projection, allowances and a what-if (daily kinds and progress)."""
    return effective_spec(spec).kind in (*PROJECTED_KINDS, Kind.PROGRESS)


def project_target(
    spec: TargetSpec, data: TargetData | None, as_of: date, thresholds: Thresholds | None = None, calendar=None
) -> Projection:
    """Where the target is projected to end, with a band and a probability of meeting it."""
    inner = effective_spec(spec)
    if inner.kind == Kind.PROGRESS:
        return _project_progress(inner, data or TargetData(), as_of, thresholds or Thresholds(), calendar)
    return project_daily(daily_target(spec, data, as_of, thresholds))


def project_daily(target: DailyTarget) -> Projection:
    """The seasonal projection of a daily target (see :mod:`.seasonal`)."""
    spec, w = target.spec, target.window
    goal_zh, goal_en = target.goal_words()
    if w.is_over:
        end = target.actual_end()
        level, _ = daily_level(target, 0.0)
        return Projection(
            str(target.kind), spec.name, target.unit, spec.target_value, end, end, end,
            1.0 if level == Level.GREEN else 0.0, level, None, "period_over", 0,
            f"{spec.name}考核期已结束，结果为 {target.end_words(end)}（目标 {goal_zh}）。",
            f"The period for {spec.name} is over at {target.end_words(end)} (target {goal_en}).",
        )
    central_paths, band_paths = scenarios(target)
    if not central_paths:
        return Projection(
            str(target.kind), spec.name, target.unit, spec.target_value, None, None, None, None,
            Level.YELLOW, None, "no_data", 0,
            f"{spec.name}尚无本期数据，也无往年同期数据，暂无法推算。",
            f"{spec.name} has no data this period and no past years: nothing to project from.",
        )
    remaining = sum(s.remaining for s in central_paths) / len(central_paths)
    if target.kind == Kind.PERCENTILE:  # a percentile is not linear in the days: average the paths' ends
        central = sum(s.end_value for s in central_paths) / len(central_paths)
    else:
        central = target.end_value(remaining)
    every = central_paths + band_paths
    ends = [s.end_value for s in every] + [central]
    low, high = min(ends), max(ends)
    probability = sum(s.meets for s in every) / len(every)
    level, _ = daily_level(target, remaining)
    years = len({s.years_back for s in central_paths if s.years_back is not None})
    basis = "past_years" if years else "so_far"
    basis_zh = f"按 {years} 个往年同期走势" if years else "按本期目前水平（无往年同期数据）"
    basis_en = f"from the pattern of {years} past year(s)" if years else "from the level so far (no past years)"
    return Projection(
        str(target.kind), spec.name, target.unit, spec.target_value, central, low, high, probability,
        level, remaining, basis, years,
        f"{spec.name}{basis_zh}推算，期末约 {target.end_words(central)}（区间 {target.end_words(low)}–"
        f"{target.end_words(high)}），目标 {goal_zh}，{len(every)} 种情形中 {sum(s.meets for s in every)} 种达标"
        f"（达标可能性 {fmt_share(probability, 0)}），推演等级{level.colour_zh}。",
        f"{spec.name} projected {basis_en}: about {target.end_words(central)} at the end (band "
        f"{target.end_words(low)}–{target.end_words(high)}) against {goal_en}; {sum(s.meets for s in every)} of "
        f"{len(every)} scenarios meet it (probability {fmt_share(probability, 0)}), level {level.colour}.",
        every,
    )


def target_allowances(
    spec: TargetSpec, data: TargetData | None, as_of: date, thresholds: Thresholds | None = None
) -> list[MonthAllowance]:
    """The control value of each remaining month (分解到月); see :mod:`.allowances`."""
    inner = effective_spec(spec)
    if inner.kind == Kind.PROGRESS:
        return _progress_allowances(inner, data or TargetData(), as_of)
    return monthly_allowances(daily_target(spec, data, as_of, thresholds))


def what_if_target(
    spec: TargetSpec,
    data: TargetData | None,
    as_of: date,
    assumed: float,
    thresholds: Thresholds | None = None,
    calendar=None,
) -> WhatIf:
    """The end value and level if the rest of the period goes as ``assumed``; see :mod:`.whatif`."""
    inner = effective_spec(spec)
    if inner.kind == Kind.PROGRESS:
        return _progress_what_if(inner, data or TargetData(), as_of, assumed, thresholds or Thresholds(), calendar)
    return what_if(daily_target(spec, data, as_of, thresholds), assumed)


# -- progress ---------------------------------------------------------------------------------


def _progress_state(spec: TargetSpec, data: TargetData, as_of: date, thresholds: Thresholds, calendar):
    if spec.target_value is None or spec.due is None:
        raise ValueError(f"{spec.name}: the target value or deadline is not known yet")
    evaluation = evaluate_progress(spec, data.progress, as_of, thresholds, calendar)
    series = as_daily_series(data.progress)
    series = series[series.index <= as_day(as_of)]
    return evaluation, series


def _direction(spec: TargetSpec) -> float:
    return -1.0 if spec.comparator == Comparator.AT_MOST else 1.0


def _progress_level(spec, evaluation, projected: float, thresholds: Thresholds) -> Level:
    """The progress rule's level for a projected end value: behind the path and/or short at the end."""
    figures = evaluation.figures
    if evaluation.reason == "achieved":
        return Level.GREEN
    if evaluation.reason == "overdue":
        return Level.RED
    baseline = figures["baseline_value"]
    distance = abs(spec.target_value - baseline)
    direction = _direction(spec)
    behind = (figures["gap_to_expected"] or 0.0) > thresholds.progress_tolerance
    shortfall = direction * (spec.target_value - projected) / distance if distance else 0.0
    misses = shortfall > thresholds.progress_tolerance
    if behind and misses:
        return Level.ORANGE
    return Level.YELLOW if behind or misses else Level.GREEN


def _project_progress(spec, data, as_of, thresholds, calendar) -> Projection:
    evaluation, series = _progress_state(spec, data, as_of, thresholds, calendar)
    f, unit = evaluation.figures, spec.unit
    actual, deadline = f["observed_value"], as_date(spec.due)
    if actual is None or evaluation.reason in ("achieved", "overdue"):
        value = actual
        return Projection(
            "progress", spec.name, unit, spec.target_value, value, value, value,
            None if value is None else (1.0 if evaluation.level == Level.GREEN else 0.0), evaluation.level, None,
            "period_over" if value is not None else "no_data", 0, evaluation.explanation_zh, evaluation.explanation_en,
        )
    days_left = max((deadline - as_date(as_of)).days, 0)
    paces = []
    if f["trend_per_day"] is not None:
        paces.append(("trend", f["trend_per_day"]))
    if spec.period_start is not None and as_date(as_of) > as_date(spec.period_start):
        paces.append(("since_start", (actual - f["baseline_value"]) / (as_date(as_of) - as_date(spec.period_start)).days))
    if len(series) >= 2:
        last_two = series.iloc[-2:]
        paces.append(("last_two", float(last_two.iloc[1] - last_two.iloc[0]) / (last_two.index[1] - last_two.index[0]).days))
    if not paces:
        paces.append(("flat", 0.0))
    goal = spec.target_value
    direction = _direction(spec)
    paths = [Scenario(label, None, pace * MONTH_DAYS, actual + pace * days_left,
                      direction * (actual + pace * days_left - goal) >= 0) for label, pace in paces]
    central = paths[0]
    ends = [p.end_value for p in paths]
    probability = sum(p.meets for p in paths) / len(paths)
    level = _progress_level(spec, evaluation, central.end_value, thresholds)
    sign = "≤" if spec.comparator == Comparator.AT_MOST else "≥"
    return Projection(
        "progress", spec.name, unit, goal, central.end_value, min(ends), max(ends), probability, level,
        central.remaining, "trend", 0,
        f"{spec.name}按目前进度推算，截止日 {deadline} 约 {with_unit(central.end_value, unit)}（区间 "
        f"{with_unit(min(ends), unit)}–{with_unit(max(ends), unit)}，按近期趋势、自开始以来平均进度和最近两次报送），"
        f"目标 {sign} {with_unit(goal, unit)}，{len(paths)} 种进度中 {sum(p.meets for p in paths)} 种达标，"
        f"推演等级{level.colour_zh}。",
        f"{spec.name} projected from its pace: about {with_unit(central.end_value, unit)} by {deadline} (band "
        f"{with_unit(min(ends), unit)}–{with_unit(max(ends), unit)}: recent trend, average pace since the start, "
        f"last two reports) against {sign} {with_unit(goal, unit)}; {sum(p.meets for p in paths)} of {len(paths)} "
        f"paces meet it, level {level.colour}.",
        paths,
    )


def _month_ends(start: date, deadline: date) -> list[date]:
    """The last day of each month from ``start``'s month to the deadline (the deadline itself last)."""
    ends, day = [], start
    while day <= deadline:
        month_end = (pd.Timestamp(day) + pd.offsets.MonthEnd(0)).date()
        ends.append(min(month_end, deadline))
        day = month_end + timedelta(days=1)
    return ends


def _progress_allowances(spec: TargetSpec, data: TargetData, as_of: date) -> list[MonthAllowance]:
    """Progress: the value to reach by each month's end, on the straight line from today to the target."""
    if spec.target_value is None or spec.due is None:
        raise ValueError(f"{spec.name}: the target value or deadline is not known yet")
    as_of, deadline = as_date(as_of), as_date(spec.due)
    series = as_daily_series(data.progress)
    series = series[series.index <= as_day(as_of)]
    start_value = float(series.iloc[-1]) if len(series) else (spec.baseline_value or 0.0)
    goal, unit, total = spec.target_value, spec.unit, (deadline - as_of).days
    # On or past the deadline (total ≤ 0) no month is left: _month_ends(first, deadline) is empty.
    if _direction(spec) * (start_value - goal) >= 0:
        return []
    out, first = [], as_of + timedelta(days=1)
    for end in _month_ends(first, deadline):
        value = start_value + (goal - start_value) * (end - as_of).days / total
        month = f"{end:%Y-%m}"
        out.append(MonthAllowance(
            month, (end - max(first, end.replace(day=1))).days + 1, value, None, None,
            f"{spec.name} {end} 前需达到 {with_unit(value, unit)}（按剩余时间均匀推进）。",
            f"{spec.name} must reach {with_unit(value, unit)} by {end} (an even pace to the deadline).",
        ))
    return out


def _progress_what_if(spec, data, as_of, assumed, thresholds, calendar) -> WhatIf:
    if assumed is None or not math.isfinite(float(assumed)):
        raise ValueError("假设值须为有限数字 / the assumed value must be a finite number")
    evaluation, _ = _progress_state(spec, data, as_of, thresholds, calendar)
    f, unit, goal = evaluation.figures, spec.unit, spec.target_value
    actual = f["observed_value"] if f["observed_value"] is not None else f["baseline_value"]
    deadline = as_date(spec.due)
    days_left = max((deadline - as_date(as_of)).days, 0)
    pace = float(assumed)
    end = actual + pace * days_left / MONTH_DAYS
    direction = _direction(spec)
    upper = spec.comparator == Comparator.AT_MOST  # an upper limit (≤): lower paces are better
    level = _progress_level(spec, evaluation, end, thresholds)
    lost = "overdue" if evaluation.reason == "overdue" else None
    meets = direction * (end - goal) >= 0
    # inverse: the pace whose projection is short by exactly the tolerance
    distance = abs(goal - f["baseline_value"])
    edge_value = goal - direction * thresholds.progress_tolerance * distance
    edge_pace = (edge_value - actual) * MONTH_DAYS / days_left if days_left else None
    behind = (f["gap_to_expected"] or 0.0) > thresholds.progress_tolerance
    needed: list[LevelRange] = []
    if edge_pace is not None and lost is None and evaluation.reason != "achieved":
        good, bad = (Level.YELLOW, Level.ORANGE) if behind else (Level.GREEN, Level.YELLOW)
        if upper:
            needed = [LevelRange(good, None, edge_pace), LevelRange(bad, edge_pace, None, low_open=True)]
        else:
            needed = [LevelRange(bad, None, edge_pace, high_open=True), LevelRange(good, edge_pace, None)]
    need_zh = need_en = ""
    if edge_pace is not None and needed:
        best = min(needed, key=lambda n: n.level).level
        sign = "≤" if upper else "≥"
        need_zh = f"反推：每月进度 {sign} {fmt(edge_pace, 2)} {unit} 为{best.colour_zh}色。"
        need_en = f" Inverse: a monthly pace {sign} {fmt(edge_pace, 2)} {unit} gives {best.colour}."
    return WhatIf(
        "progress", spec.name, unit, pace, end, meets, level, lost,
        f"{spec.name}推演：若每月推进 {fmt(pace, 2)} {unit}，截止日 {deadline} 约 {with_unit(end, unit)}，"
        f"目标 {with_unit(goal, unit)}，{'达标' if meets else '未达标'}，等级{level.colour_zh}。" + need_zh,
        f"{spec.name} what-if: at {fmt(pace, 2)} {unit} a month, about {with_unit(end, unit)} by {deadline} "
        f"against {with_unit(goal, unit)}: {'met' if meets else 'missed'}, level {level.colour}." + need_en,
        needed,
        {"days_to_deadline": days_left, "as_of": as_date(as_of), "month_days": MONTH_DAYS},
    )
