"""Chart series for the dashboard, shaped for ECharts.

Every chart is ``{"name", "title", "x": [...], "series": [{"name", "data", "kind"}],
"unit", "link"}``: ``kind`` is "line" or "bar", ``data`` lines up with ``x`` (null where
there is no value), names are Chinese (translated by gettext). The page hands ``x`` to
``xAxis.data`` and each series to ``series`` with ``type = kind``.

The air charts read a target's daily series through the status engine's own loader
(:class:`tracker.services.evaluation.EvaluationInputs`), so the chart and the level are
computed from the same numbers.
"""
from __future__ import annotations

import math

import pandas as pd
from django.db.models import Case, Count, DateField, Q, Value, When
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from tracker.models import InspectionRound, MetricKind, RectificationItem, Target, TargetStatusChange
from tracker.services.errors import ServiceError
from tracker.services.evaluation import EvaluationInputs, target_spec
from tracker.status import derived_target
from tracker.status.days import day_flags

from . import figures
from .filters import FUNDS_LIST, ITEMS_LIST, TARGETS_LIST
from .loading import Snapshot, end_of
from .service import row_where, unit_rows

CHARTS = ("pm25", "good_days", "heavy_days", "funds_by_unit", "burndown", "level_history")


def _clean(values):
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        else:
            out.append(round(float(v), 2))
    return out


def series(name, data, kind="line", **extra):
    return {"name": name, "data": _clean(data), "kind": kind, **extra}


def chart(name, title, x, lines, unit, link, **extra):
    return {"name": name, "title": title, "x": [str(v) for v in x], "series": lines, "unit": unit, "link": link,
            **extra}


def build_chart(snapshot: Snapshot, user, name: str, target_id: int | None = None) -> dict:
    """The chart called ``name`` (one of :data:`CHARTS`) under the snapshot's filters."""
    if name not in CHARTS:
        raise ServiceError(f"未知的图表：{name!r}（可选：{'、'.join(CHARTS)}）。",
                           f"Unknown chart {name!r} (one of: {', '.join(CHARTS)}).", field="name", kind="not_found")
    if name in ("pm25", "good_days", "heavy_days"):
        return _air_chart(snapshot, name, target_id)
    return {"funds_by_unit": _funds_by_unit, "burndown": _burndown, "level_history": _level_history}[name](
        snapshot, user)


AIR_CHOICE = {
    "pm25": (("pm25",), (MetricKind.PERIOD_MEAN, MetricKind.BASELINE_CHANGE)),
    "good_days": (("good_day_ratio",), (MetricKind.DAY_RATIO,)),
    "heavy_days": (("heavy_pollution_days", "heavy_pollution_ratio"), (MetricKind.DAY_BUDGET,)),
}


def city_target(snapshot: Snapshot, name: str, target_id: int | None = None):
    """The target a city air chart follows: the one asked for (``target``), else the one of
    that metric led highest in the tree (the city's own), the plain kind before a baseline change."""
    codes, kinds = AIR_CHOICE[name]
    candidates = snapshot.targets.filter(kind__in=kinds).select_related("metric", "lead_unit")
    if target_id is not None:
        found = candidates.filter(pk=target_id).first()
        if found is None:
            raise ServiceError(f"目标不存在、无权查看或不适用于该图表：{target_id}。",
                               f"No such target for this chart, or not yours to see: {target_id}.", field="target")
        return found
    ordered = candidates.filter(metric__code__in=codes).annotate(depth=Length("lead_unit__path"))
    return ordered.order_by("-kind" if name == "pm25" else "kind", "depth", "code").first()


def _air_chart(snapshot: Snapshot, name: str, target_id):
    f = snapshot.filters
    title = {"pm25": _("PM2.5 累计均值与目标"), "good_days": _("优良天数比例"),
             "heavy_days": _("重污染天数与控制天数")}[name]
    target = city_target(snapshot, name, target_id)
    if target is None:
        return chart(name, title, [], [], "", f.link(TARGETS_LIST, category="air"), target=None)
    inputs = EvaluationInputs.load(f.as_of, Target.objects.filter(pk=target.pk))
    data, day_limit = inputs.target_data(inputs.targets[0])
    spec = target_spec(target)
    value = spec.target_value
    if spec.kind == MetricKind.BASELINE_CHANGE and value is not None and spec.baseline_value is not None:
        value = derived_target(spec.baseline_value, value, spec.comparator, spec.change_unit)
    about = {"id": target.pk, "code": target.code, "title": target.title, "level": target.level,
             "explanation": target.explanation_zh, "link": f"{TARGETS_LIST}{target.pk}/"}
    start, end = target.period_start, target.period_end
    last_year = data.last_year if data.last_year is not None else pd.Series(dtype="float64")
    daily = data.daily if data.daily is not None else pd.Series(dtype="float64")
    if name == "pm25":
        path = figures.cumulative_mean_path(daily, last_year, start, end, value if value is not None else math.nan,
                                            f.as_of)
        lines = [series(_("累计均值"), path["cumulative"]), series(_("目标值"), path["target"]),
                 series(_("剩余日均控制值"), path["required"]), series(_("去年同期累计均值"), path["last_year"])]
        unit = target.unit
    else:
        good = name == "good_days"
        limit = spec.day_limit if spec.day_limit is not None else day_limit
        flags = day_flags(daily, limit, good=good)
        previous = day_flags(last_year, limit, good=good)
        path = figures.day_count_path(flags if flags is not None else pd.Series(dtype="float64"),
                                      previous if previous is not None else pd.Series(dtype="float64"),
                                      start, end, f.as_of, ratio=good)
        target_line = [value] * len(path) if value is not None else [None] * len(path)
        if good:
            lines = [series(_("累计优良天数比例"), path["this_year"]), series(_("目标值"), target_line),
                     series(_("去年同期"), path["last_year"])]
            unit = "%"
        else:
            lines = [series(_("已发生重污染天数"), path["this_year"], "bar"), series(_("控制天数"), target_line),
                     series(_("去年同期"), path["last_year"])]
            unit = _("天")
    return chart(name, title, [d.date().isoformat() for d in path.index], lines, unit,
                 f"{TARGETS_LIST}{target.pk}/", target=about,
                 scale=name == "good_days")  # a ratio near 90%: an axis from 0 flattens every line


def _funds_by_unit(snapshot: Snapshot, user):
    f = snapshot.filters
    funds = figures.fund_execution(snapshot.funds, f.as_of)
    paths = funds["unit_id"].map(dict(zip(snapshot.units["id"], snapshot.units["path"]))).fillna("")
    rows, names = unit_rows(snapshot, paths.astype(str))
    funds = funds.assign(row=rows.to_numpy()).dropna(subset=["row"])
    x, rate, expected, target, links = [], [], [], [], []
    for row, part in funds.groupby("row", sort=True):
        totals = figures.weighted_execution(part)
        x.append(names[int(row)])
        rate.append(totals["rate"])
        expected.append(totals["expected"])
        target.append(totals["target"])
        links.append(f.link(FUNDS_LIST, **row_where("unit", int(row), set(snapshot.roots))))
    return chart("funds_by_unit", _("各单位专项资金执行率"), x,
                 [series(_("执行率"), rate, "bar"), series(_("序时进度"), expected), series(_("年底目标"), target)],
                 "%", f.link(FUNDS_LIST), links=links)


def _burndown(snapshot: Snapshot, user):
    f = snapshot.filters
    days = figures.week_ends(f.year_start, f.as_of)
    # Each signed-off item counts at the first day of the axis on or after its sign-off (by the
    # end of that day, local time), so "signed off by day d" holds for the same axis days as
    # with the exact day; a sign-off after as_of is on no day. Comparing the moment with a
    # few dozen bounds costs the database half of converting every moment to a local date,
    # and a round has at most one row per axis day.
    signed_on = Case(When(~Q(state=RectificationItem.State.SIGNED_OFF), then=Value(None)),
                     *[When(signed_off_at__lt=end_of(day), then=Value(day)) for day in days],
                     default=None, output_field=DateField())
    rows = (snapshot.querysets["item"].order_by().values("round_id", day=signed_on).annotate(n=Count("*"))
            .values_list("round_id", "day", "n"))
    items = pd.DataFrame.from_records(list(rows), columns=["round_id", "signed_on", "n"])
    rounds = pd.DataFrame.from_records(
        list(InspectionRound.objects.filter(pk__in=set(items["round_id"])).values_list("pk", "name", "feedback_on",
                                                                                      "year")),
        columns=["round_id", "round", "feedback_on", "year"])
    # A round's items are on the list from its feedback day (反馈), else from 1 January of its year.
    rounds["listed_on"] = pd.to_datetime(rounds["feedback_on"]).fillna(
        pd.to_datetime(rounds["year"].astype(str) + "-01-01"))
    items = items.merge(rounds[["round_id", "round", "listed_on"]], on="round_id")
    table = figures.burndown(items, days)
    lines = [series(name, table[(round_id, name)], round_id=int(round_id), link=f.link(ITEMS_LIST, round=int(round_id)))
             for round_id, name in table.columns]
    return chart("burndown", _("督察整改未销号问题（按轮次）"), [d.isoformat() for d in days], lines, _("项"),
                 f.link(ITEMS_LIST))


def _level_history(snapshot: Snapshot, user):
    f = snapshot.filters
    days = figures.week_ends(f.year_start, f.as_of)
    # The targets queryset is already scoped by the access rule; its changes are the user's to see.
    changes = pd.DataFrame.from_records(
        list(TargetStatusChange.objects.filter(target__in=snapshot.targets.values("pk"), as_of__lte=f.as_of)
             .order_by().values_list("id", "target_id", "as_of", "created_at", "new_level")),
        columns=["id", "target_id", "as_of", "created_at", "new_level"])
    table = figures.level_history(changes, set(changes["target_id"]), days)
    names = {3: _("红色"), 2: _("橙色"), 1: _("黄色"), 0: _("绿色")}
    colours = {3: "red", 2: "orange", 1: "yellow", 0: "green"}
    lines = [series(names[lv], table[lv], "bar", colour=colours[lv], stack="levels",
                    link=f.link(TARGETS_LIST, level=lv)) for lv in figures.LEVELS]
    return chart("level_history", _("目标指标预警等级变化"), [d.isoformat() for d in days], lines, _("项"),
                 f.link(TARGETS_LIST))
