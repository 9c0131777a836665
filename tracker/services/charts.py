"""A target's chart: its series against the target path, from the same loader the status
engine reads (so the picture and the verdict never disagree).

The result is ECharts-ready: ``{"title", "unit", "x": [dates], "series": [{"name", "kind",
"data", "dashed"}], "note"}``; ``None`` when the kind has no series worth drawing (a
milestone, a share of sites — those pages show a table instead).

- period mean (PM2.5 …): cumulative mean so far, the target, last year's cumulative mean
  over the same days, and the required remaining mean (剩余控制值) from today to the end;
- day budget (重污染天数): days used so far against the budget;
- day ratio (优良天数比例): cumulative ratio against the target;
- percentile (O3 P90 …): the daily values and the limit;
- progress (funds, counts): reported values against the expected path (序时进度);
- rank: the rank over time against the line it must stay above.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from django.utils.translation import gettext as _  # series names in the reader's language

from tracker.models import MetricKind, Target
from tracker.status.aqi import GOOD_DAY_AQI, HEAVY_DAY_AQI

from .evaluation import EvaluationInputs, rule_kind

K = MetricKind


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _aligned(series: pd.Series, days: list[date]) -> list:
    """Values of ``series`` on ``days`` (None where missing), rounded for the page."""
    lookup = {ts.date(): value for ts, value in series.items()}
    return [None if lookup.get(d) is None or pd.isna(lookup.get(d)) else round(float(lookup[d]), 2) for d in days]


def _shift_year(series: pd.Series) -> pd.Series:
    shifted = series.copy()
    shifted.index = [ts + pd.DateOffset(years=1) for ts in series.index]
    return shifted


def _cumulative_mean(series: pd.Series) -> pd.Series:
    series = series.dropna().sort_index()
    return series.expanding().mean()


def _flag_days(series: pd.Series, heavy: bool, limit) -> pd.Series:
    """Booleans: a heavy-pollution day (value above the limit) or a good day (at or below)."""
    if series.dtype == bool:
        return series
    return series > limit if heavy else series <= limit


def target_chart(target: Target, as_of: date) -> dict | None:
    """The chart of ``target`` as of ``as_of`` (see the module docstring)."""
    inputs = EvaluationInputs.load(as_of, Target.objects.filter(pk=target.pk))
    if not inputs.targets:
        return None
    target = inputs.targets[0]
    rule = rule_kind(target)
    try:
        data, day_limit = inputs.target_data(target)
    except Exception:  # noqa: BLE001 — a misconfigured target has its explanation; no picture
        return None
    end = target.period_end
    days = _days(target.period_start, end)
    x = [d.isoformat() for d in days]
    value = float(target.target_value) if target.target_value is not None else None
    unit = target.unit or target.metric.unit
    series, note = [], ""
    if rule == K.PERIOD_MEAN and data.daily is not None:
        series.append({"name": _("累计均值"), "kind": "line", "data": _aligned(_cumulative_mean(data.daily), days)})
        if data.last_year is not None and len(data.last_year):
            series.append({"name": _("去年同期累计均值"), "kind": "line", "dashed": True,
                           "data": _aligned(_cumulative_mean(_shift_year(data.last_year)), days)})
        required = (target.figures or {}).get("required_remaining_mean")
        if required is not None and as_of < end:
            series.append({"name": _("剩余日均值需控制在"), "kind": "line", "dashed": True,
                           "data": [round(float(required), 2) if d > as_of else None for d in days]})
        series.append({"name": _("日均值"), "kind": "scatter", "data": _aligned(data.daily, days)})
        if value is not None:
            series.append({"name": _("目标"), "kind": "line", "dashed": True, "data": [value] * len(days)})
    elif rule in (K.DAY_BUDGET, K.DAY_RATIO) and data.daily is not None:
        heavy = rule == K.DAY_BUDGET
        limit = day_limit if day_limit is not None else (HEAVY_DAY_AQI if heavy else GOOD_DAY_AQI)
        flags = _flag_days(data.daily.dropna().sort_index(), heavy, limit)
        if heavy:
            used = flags.astype(int).cumsum()
            series.append({"name": _("已用天数"), "kind": "line", "data": _aligned(used, days)})
            if value is not None:
                budget = value
                if target.unit == "%":  # a ratio budget: the share of the period's days
                    budget = int(value / 100 * len(days))
                series.append({"name": _("全期可用天数"), "kind": "line", "dashed": True, "data": [budget] * len(days)})
            unit = "天"
        else:
            ratio = flags.astype(float).expanding().mean() * 100
            series.append({"name": _("累计优良天数比例"), "kind": "line", "data": _aligned(ratio, days)})
            if data.last_year is not None and len(data.last_year):
                last = _flag_days(_shift_year(data.last_year).dropna().sort_index(), False, limit)
                series.append({"name": _("去年同期"), "kind": "line", "dashed": True,
                               "data": _aligned(last.astype(float).expanding().mean() * 100, days)})
            if value is not None:
                series.append({"name": _("目标"), "kind": "line", "dashed": True, "data": [value] * len(days)})
            unit = "%"
    elif rule == K.PERCENTILE and data.daily is not None:
        series.append({"name": _("日值"), "kind": "scatter", "data": _aligned(data.daily, days)})
        if value is not None:
            series.append({"name": _("目标"), "kind": "line", "dashed": True, "data": [value] * len(days)})
    elif rule in (K.PROGRESS, K.RANK):
        points = data.progress if rule == K.PROGRESS else data.ranks
        if points is None or not len(points):
            return None
        points = points.sort_index()
        reported = _aligned(points, days)
        series.append({"name": _("实际进度") if rule == K.PROGRESS else _("排名"), "kind": "line", "data": reported,
                       "connect": True})
        if rule == K.PROGRESS and value is not None:
            base = float(target.baseline_value) if target.baseline_value is not None else 0.0
            span = max((end - target.period_start).days, 1)
            series.append({"name": _("序时进度"), "kind": "line", "dashed": True,
                           "data": [round(base + (value - base) * (d - target.period_start).days / span, 2)
                                    for d in days]})
            series.append({"name": _("目标"), "kind": "line", "dashed": True, "data": [value] * len(days)})
        if rule == K.RANK:
            note = "名次越小越好 / a smaller rank is better"
    else:
        return None
    if not any(v is not None for s in series for v in s["data"]):
        return None
    return {"title": target.title, "unit": unit, "x": x, "series": series, "as_of": as_of.isoformat(), "note": note}
