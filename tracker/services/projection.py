"""Projection, monthly allowances and what-if (推演) for one target, from the database.

The target page and the API ask three questions of a target: where will it end up
(:func:`project_target`), what may each remaining month use (:func:`monthly_allowances`),
and what if the rest of the period went like this (:func:`what_if`, with the inverse:
the value needed for each level). The data come through the same loader as the evaluation
pass (:class:`tracker.services.evaluation.EvaluationInputs`), with up to
``HISTORY_YEARS`` past periods of observations for the seasonal shape; the answers come
from the pure rules in :mod:`tracker.status.projection`. Nothing is written.

Every function returns plain JSON-ready dicts with Chinese and English explanations.
A target with no projection (a milestone, a rank, a share of sites, a masked value) gets
``{"available": False, "explanation_zh": …, "explanation_en": …}`` from the read
functions, and a :class:`~tracker.services.errors.ServiceError` from :func:`what_if`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd

from tracker.models import Target
from tracker.services.errors import ServiceError
from tracker.services.evaluation import DAILY_RULES, EvaluationInputs, rule_kind, target_spec
from tracker.status import Kind, TargetData, TargetSpec, Thresholds
from tracker.status import projection as rules

HISTORY_YEARS = 3  # past periods read for the seasonal shape (more where the data go back further)

# What the assumed value of a what-if means, per rule (for forms and error messages).
ASSUMPTION = {
    Kind.PERIOD_MEAN: ("剩余天数的日均浓度", "the mean of the remaining days"),
    Kind.PERCENTILE: ("剩余天数中超过目标值的天数", "how many remaining days exceed the target value"),
    Kind.DAY_BUDGET: ("剩余天数中的重污染天数", "heavy-pollution days among the remaining days"),
    Kind.DAY_RATIO: ("剩余天数的优良天数比例（%）", "the share of good days among the remaining days (%)"),
    Kind.PROGRESS: ("每月（30 天）推进量", "progress per month (30 days)"),
}


@dataclass(frozen=True)
class LoadedTarget:
    """One target as the pure rules see it: the spec, its data (with past years), thresholds, calendar."""

    target: Target
    spec: TargetSpec
    data: TargetData
    thresholds: Thresholds
    calendar: Any
    rule: Kind


def load_target(target: Target, as_of: date, *, history_years: int = HISTORY_YEARS) -> LoadedTarget:
    """Load one target's data through the evaluation pass's loader, with ``history_years`` past periods."""
    loaded = load_targets(Target.objects.filter(pk=target.pk), as_of, history_years=history_years)
    if not loaded:
        raise Target.DoesNotExist(f"target {target.pk} does not exist or is deleted")
    return loaded[0]


def load_targets(queryset, as_of: date, *, history_years: int = HISTORY_YEARS) -> list[LoadedTarget]:
    """The active targets of ``queryset``, loaded set-wise in one pass of the evaluation loader."""
    inputs = EvaluationInputs.load(as_of, Target.objects.active().filter(pk__in=queryset.values("pk")),
                                   history_years=history_years)
    return [_loaded(inputs, row, history_years) for row in inputs.targets]


def _loaded(inputs: EvaluationInputs, row: Target, history_years: int) -> LoadedTarget:
    spec = target_spec(row)
    data, day_limit = inputs.target_data(row)
    if day_limit is not None and spec.day_limit is None:
        spec = replace(spec, day_limit=day_limit)
    rule = rule_kind(row)
    if rule in DAILY_RULES and row.period_start and row.period_end:
        series, _ = inputs.daily_source(row)
        data = replace(data, past_years=tuple(
            _period_slice(series, row.period_start, row.period_end, years) for years in range(1, history_years + 1)
        ))
    return LoadedTarget(row, spec, data, inputs.thresholds, inputs.calendar, rule)


def _period_slice(series: pd.Series, start: date, end: date, years: int) -> pd.Series:
    first = pd.Timestamp(start) - pd.DateOffset(years=years)
    last = pd.Timestamp(end) - pd.DateOffset(years=years)
    return series[(series.index >= first) & (series.index <= last)]


def _unavailable(loaded: LoadedTarget, as_of: date, why_zh: str, why_en: str) -> dict[str, Any]:
    return {"target_id": loaded.target.pk, "as_of": as_of.isoformat(), "available": False,
            "explanation_zh": why_zh, "explanation_en": why_en}


def _why_not(loaded: LoadedTarget) -> tuple[str, str] | None:
    """Why this target has no projection, or None when it has one."""
    spec = loaded.spec
    if not rules.is_projectable(spec):
        return (f"{loaded.target.title}：该类目标（{spec.kind}）不做预测与推演。",
                f"{loaded.target.title}: targets of kind {spec.kind} have no projection or what-if.")
    if spec.target_value is None or (spec.kind == Kind.BASELINE_CHANGE and spec.baseline_value is None):
        return (f"{loaded.target.title}：目标值待确认，暂无法预测。",
                f"{loaded.target.title}: the target value is unknown, so nothing can be projected.")
    if spec.due is None or (loaded.rule != Kind.PROGRESS and spec.period_start is None):
        return (f"{loaded.target.title}：考核期待确认，暂无法预测。",
                f"{loaded.target.title}: the period is not entered, so nothing can be projected.")
    return None


def project_target(target: Target, as_of: date) -> dict[str, Any]:
    """Where the target will end: central value, band (low/high), probability, level, with the
    scenarios behind them; ``{"available": False, …}`` when it has no projection."""
    loaded = load_target(target, as_of)
    why = _why_not(loaded)
    if why:
        return _unavailable(loaded, as_of, *why)
    try:
        projection = rules.project_target(loaded.spec, loaded.data, as_of, loaded.thresholds, loaded.calendar)
    except ValueError as error:
        return _unavailable(loaded, as_of, f"无法推算（{error}）。", f"Cannot be projected ({error}).")
    return {"target_id": target.pk, "as_of": as_of.isoformat(), "available": True, **projection.as_dict()}


def monthly_allowances(target: Target, as_of: date) -> list[dict[str, Any]]:
    """The control value of each remaining month (分解到月); an empty list when there is none."""
    loaded = load_target(target, as_of)
    if _why_not(loaded):
        return []
    try:
        months = rules.target_allowances(loaded.spec, loaded.data, as_of, loaded.thresholds)
    except ValueError:
        return []
    return [m.as_dict() for m in months]


def projection_with_allowances(target: Target, as_of: date) -> dict[str, Any]:
    """The projection and the monthly allowances in one answer (one load), for the target page and API."""
    loaded = load_target(target, as_of)
    why = _why_not(loaded)
    if why:
        return {**_unavailable(loaded, as_of, *why), "projection": None, "allowances": []}
    try:
        projection = rules.project_target(loaded.spec, loaded.data, as_of, loaded.thresholds, loaded.calendar)
        months = rules.target_allowances(loaded.spec, loaded.data, as_of, loaded.thresholds)
    except ValueError as error:
        return {**_unavailable(loaded, as_of, f"无法推算（{error}）。", f"Cannot be projected ({error})."),
                "projection": None, "allowances": []}
    zh, en = ASSUMPTION[_assumption_kind(loaded)]
    return {
        "target_id": target.pk, "as_of": as_of.isoformat(), "available": True,
        "assumption_zh": zh, "assumption_en": en,
        "projection": projection.as_dict(), "allowances": [m.as_dict() for m in months],
    }


def _assumption_kind(loaded: LoadedTarget) -> Kind:
    return loaded.rule if loaded.rule in ASSUMPTION else Kind.PERIOD_MEAN


def parse_assumed(raw: Any) -> float:
    """The assumed value from a form or JSON body; a bilingual ``ServiceError`` when it is no number."""
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = math.nan
    if isinstance(raw, bool) or not math.isfinite(value):
        raise ServiceError("假设值须为数字。", "The assumed value must be a number.", field="assumed")
    return value


def what_if(target: Target, as_of: date, assumed: Any) -> dict[str, Any]:
    """The end value and level if the rest of the period goes as ``assumed`` says, and the value
    needed for each level (the inverse). Writes nothing. ``ServiceError`` for a target with no
    what-if or an assumption that cannot happen (a share above 100%, more heavy days than remain)."""
    value = parse_assumed(assumed)
    loaded = load_target(target, as_of)
    why = _why_not(loaded)
    if why:
        raise ServiceError(*why)
    try:
        answer = rules.what_if_target(loaded.spec, loaded.data, as_of, value, loaded.thresholds, loaded.calendar)
    except ValueError as error:
        zh, _, en = str(error).partition(" / ")
        raise ServiceError(zh or str(error), en or str(error), field="assumed") from error
    meaning_zh, meaning_en = ASSUMPTION[_assumption_kind(loaded)]
    return {"target_id": target.pk, "as_of": as_of.isoformat(), "assumption_zh": meaning_zh,
            "assumption_en": meaning_en, **answer.as_dict()}


def needed_for_levels(target: Target, as_of: date) -> list[dict[str, Any]]:
    """The inverse on its own: for each level, the assumed values that give it (empty when none).

    The ranges do not depend on the assumption, so a what-if of 0 (possible for every rule) carries them.
    """
    loaded = load_target(target, as_of)
    if _why_not(loaded):
        return []
    try:
        answer = rules.what_if_target(loaded.spec, loaded.data, as_of, 0.0, loaded.thresholds, loaded.calendar)
    except ValueError:
        return []
    return [n.as_dict() for n in answer.needed]


def projection_figures_for(queryset, as_of: date) -> dict[int, dict[str, Any] | None]:
    """Target id → the projection's headline figures, for ``evaluate --json`` (one set-wise load)."""
    return {loaded.target.pk: projection_figures(loaded, as_of) for loaded in load_targets(queryset, as_of)}


def projection_figures(loaded: LoadedTarget, as_of: date) -> dict[str, Any] | None:
    """The projection's headline figures (None when the target has none)."""
    if _why_not(loaded):
        return None
    try:
        projection = rules.project_target(loaded.spec, loaded.data, as_of, loaded.thresholds, loaded.calendar)
        months = rules.target_allowances(loaded.spec, loaded.data, as_of, loaded.thresholds)
    except ValueError:
        return None
    return {
        "projected_value": projection.central, "projected_low": projection.low, "projected_high": projection.high,
        "projected_probability": projection.probability, "projected_level": int(projection.level),
        "projection_basis": projection.basis, "projection_years": projection.years_used,
        "monthly_allowances": [{"month": m.month, "control_value": m.control_value} for m in months],
    }
