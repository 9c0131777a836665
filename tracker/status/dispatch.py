"""One entry point for every kind: ``evaluate_target(spec, data, as_of, thresholds, calendar)``.

Also the change-against-baseline rule (PM2.5 下降 10%, 同比), which derives the
target value from a baseline and hands over to the rule of its inner kind.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from .air import evaluate_percentile, evaluate_period_mean
from .days import evaluate_day_budget, evaluate_day_ratio
from .evaluation import Evaluation, Thresholds, fmt, value_unknown, with_unit
from .progress import evaluate_milestone, evaluate_progress
from .rank import evaluate_rank
from .sites import evaluate_site_share
from .spec import Comparator, Kind, TargetData, TargetSpec


def evaluate_target(
    spec: TargetSpec,
    data: TargetData | None,
    as_of: date,
    thresholds: Thresholds | None = None,
    calendar=None,
) -> Evaluation:
    """The status of one target on ``as_of``, by the rule for its kind. Pure: no database, no clock.

    ``calendar`` (a ``tracker.workdays.WorkdayCalendar``) makes deadline windows
    count Chinese working days; without it they count calendar days.
    """
    data = data or TargetData()
    thresholds = thresholds or Thresholds()
    kind = spec.kind
    if kind == Kind.PERIOD_MEAN:
        return evaluate_period_mean(spec, data.daily, as_of, thresholds, data.last_year)
    if kind == Kind.PERCENTILE:
        return evaluate_percentile(spec, data.daily, as_of, thresholds, data.last_year)
    if kind == Kind.DAY_BUDGET:
        return evaluate_day_budget(spec, data.daily, as_of, thresholds, data.last_year)
    if kind == Kind.DAY_RATIO:
        return evaluate_day_ratio(spec, data.daily, as_of, thresholds, data.last_year)
    if kind == Kind.SITE_SHARE:
        return evaluate_site_share(spec, data.site_classes, as_of, thresholds, data.site_standards)
    if kind == Kind.PROGRESS:
        return evaluate_progress(spec, data.progress, as_of, thresholds, calendar)
    if kind == Kind.BASELINE_CHANGE:
        return evaluate_baseline_change(spec, data, as_of, thresholds, calendar)
    if kind == Kind.RANK:
        return evaluate_rank(spec, data.ranks, as_of, thresholds)
    if kind == Kind.MILESTONE:
        return evaluate_milestone(spec, data.done_on, as_of, thresholds, calendar)
    raise ValueError(f"no status rule for kind {kind!r}")  # pragma: no cover - Kind() already refuses


def derived_target(
    baseline: float, change: float, comparator: Comparator | str, change_unit: str = "%"
) -> float:
    """The target value implied by a change against a baseline.

    decrease_by 10 (%) of 35 → 31.5; increase_by 3.4 points of 66.7 → 70.1.
    ``change_unit`` "%" is relative to the baseline, "points" is absolute.
    """
    comparator = Comparator(comparator)
    if comparator not in (Comparator.DECREASE_BY, Comparator.INCREASE_BY):
        raise ValueError(f"a baseline change needs decrease_by or increase_by; got {comparator}")
    sign = -1.0 if comparator == Comparator.DECREASE_BY else 1.0
    if change_unit == "%":
        return baseline * (1 + sign * change / 100)
    if change_unit == "points":
        return baseline + sign * change
    raise ValueError(f"change_unit must be '%' or 'points'; got {change_unit!r}")


def evaluate_baseline_change(
    spec: TargetSpec,
    data: TargetData | None,
    as_of: date,
    thresholds: Thresholds | None = None,
    calendar=None,
) -> Evaluation:
    """Change against a baseline (下降10%, 同比不降反升): derive T, then apply the inner kind's rule.

    The floor "不降反升" is decrease_by 0 from last year's full-period mean. A
    masked change ("下降X%") or a missing baseline is ``value_unknown``.
    """
    inner_kind = spec.inner_kind or Kind.PERIOD_MEAN
    if inner_kind == Kind.BASELINE_CHANGE:
        raise ValueError("a baseline change cannot wrap another baseline change")
    if spec.target_value is None or spec.baseline_value is None:
        return value_unknown(spec.name, {"baseline_value": spec.baseline_value, "change": spec.target_value})
    target = derived_target(spec.baseline_value, spec.target_value, spec.comparator, spec.change_unit)
    decreasing = spec.comparator == Comparator.DECREASE_BY
    if inner_kind == Kind.RANK:
        raise ValueError("rank targets are not derived from a baseline")
    inner_comparator = Comparator.AT_MOST if decreasing else Comparator.AT_LEAST
    inner = replace(spec, kind=inner_kind, comparator=inner_comparator, target_value=target, inner_kind=None)
    result = evaluate_target(inner, data, as_of, thresholds, calendar)
    change_text = f"{fmt(spec.target_value)}{'%' if spec.change_unit == '%' else ' 个百分点'}"
    change_en = f"{fmt(spec.target_value)}{'%' if spec.change_unit == '%' else ' points'}"
    verb_zh, verb_en = ("下降", "down") if decreasing else ("提高", "up")
    prefix_zh = (
        f"目标值由基准 {with_unit(spec.baseline_value, spec.unit)} {verb_zh} {change_text} 得出 "
        f"{with_unit(target, spec.unit)}。"
    )
    prefix_en = (
        f"Target {with_unit(target, spec.unit)} is the baseline {with_unit(spec.baseline_value, spec.unit)} "
        f"{verb_en} {change_en}. "
    )
    return Evaluation(
        result.level,
        result.reason,
        prefix_zh + result.explanation_zh,
        prefix_en + result.explanation_en,
        {
            **result.figures,
            "baseline_value": spec.baseline_value,
            "change": spec.target_value,
            "derived_target": target,
        },
        result.thresholds_used,
    )
