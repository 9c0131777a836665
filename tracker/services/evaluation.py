"""The evaluation pass (四色预警测算): every active target's status as of one date, stored.

The rules are the pure functions of :mod:`tracker.status`; this module only feeds them
and stores what they say. Loading is set-wise — one query each for the targets, their
site links, the sites, the catalogue, all site observations, all target series, the
thresholds and the calendar — so a pass over 30 targets costs the same number of
queries as a pass over 3. Writing touches only targets whose stored verdict changed
(level, reason, explanations or figures), and adds one ``TargetStatusChange`` for each
target whose *level* changed, in one transaction: a second pass with the same ``as_of``
writes nothing. See docs/status-rules.md, "The evaluation pass".
"""
from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd
from django.db import transaction
from django.utils import timezone

from tracker.models import Metric, Observation, Site, StatusThresholds, Target, TargetStatusChange
from tracker.services.calendar import load_calendar
from tracker.signals import UPDATED, announce
from tracker.status import (
    Evaluation, Kind, Level, Reason, TargetData, TargetSpec, Thresholds, evaluate_target,
    latest_site_classes,
)
from tracker.status.series import SiteDays
from tracker.workdays import WorkdayIndex
from tracker.status.aqi import AQI_POLLUTANTS, GOOD_DAY_AQI, HEAVY_DAY_AQI, daily_aqi

logger = logging.getLogger(__name__)


# The catalogue entry whose site observations are water classes (1..6), read by share-of-sites
# targets whose own metric is the share itself (断面优良比例, 水源地达标率).
WATER_CLASS_METRIC = "water_class"

DAILY_RULES = {Kind.PERIOD_MEAN, Kind.PERCENTILE, Kind.DAY_BUDGET, Kind.DAY_RATIO}
DAY_RULES = {Kind.DAY_BUDGET, Kind.DAY_RATIO}
CHANGE_UNITS = {"": "%", "%": "%", "个百分点": "points", "points": "points"}
RESULT_FIELDS = ("level", "reason", "explanation_zh", "explanation_en", "figures")


@dataclass(frozen=True)
class LevelChange:
    """A target whose level moved in this pass (also written as a ``TargetStatusChange``)."""

    target_id: int
    code: str
    old_level: int | None
    new_level: int
    reason: str


@dataclass(frozen=True)
class TargetResult:
    target: Target
    evaluation: Evaluation


@dataclass
class EvaluationSummary:
    """What a pass found and wrote: targets by level, which rows changed, which levels moved."""

    as_of: date
    counts: dict[int, int] = field(default_factory=dict)
    changed_ids: list[int] = field(default_factory=list)
    level_changes: list[LevelChange] = field(default_factory=list)
    failed_ids: list[int] = field(default_factory=list)
    results: list[TargetResult] = field(default_factory=list)


def evaluate_all(as_of: date, *, targets=None) -> EvaluationSummary:
    """Evaluate every active target (or the active ones among ``targets``: instances, ids or a
    queryset) as of ``as_of`` and store the results. Safe to run twice: the second run with the
    same ``as_of`` writes nothing."""
    queryset = Target.objects.active()
    if targets is not None:
        ids = targets.values("pk") if hasattr(targets, "values") else [getattr(t, "pk", t) for t in targets]
        queryset = queryset.filter(pk__in=ids)
    return _run(as_of, queryset, save=True)


def evaluate_target_now(target: Target, as_of: date, *, save: bool = True) -> Evaluation:
    """One target's status as of ``as_of`` through the same loader (for a page or an API call);
    stored like the daily pass when ``save``."""
    summary = _run(as_of, Target.objects.filter(pk=target.pk), save=save)
    if not summary.results:
        raise Target.DoesNotExist(f"target {target.pk} does not exist or is deleted")
    return summary.results[0].evaluation


def _run(as_of: date, queryset, *, save: bool) -> EvaluationSummary:
    inputs = EvaluationInputs.load(as_of, queryset)
    summary = EvaluationSummary(as_of=as_of)
    for target in inputs.targets:
        evaluation = inputs.evaluate(target)
        if evaluation.reason == Reason.CANNOT_EVALUATE:
            summary.failed_ids.append(target.pk)
        summary.results.append(TargetResult(target, evaluation))
    summary.counts = {level: 0 for level in Level}
    summary.counts.update(Counter(int(r.evaluation.level) for r in summary.results))
    if save:
        summary.changed_ids, summary.level_changes = write_results(summary.results, as_of)
    return summary


# -- loading ----------------------------------------------------------------------------


def rule_kind(target: Target) -> Kind:
    """The rule that reads the data: the target's kind, or for a baseline change the inner
    kind (the target's ``inner_kind``, else its metric's default kind, else period mean)."""
    kind = Kind(target.kind)
    if kind != Kind.BASELINE_CHANGE:
        return kind
    for candidate in (target.inner_kind, target.metric.kind):
        if candidate and candidate != Kind.BASELINE_CHANGE:
            return Kind(candidate)
    return Kind.PERIOD_MEAN


def target_spec(target: Target) -> TargetSpec:
    """The ledger row as the status engine sees it."""
    kind = Kind(target.kind)
    inner = rule_kind(target) if kind == Kind.BASELINE_CHANGE else None
    metric = target.metric
    return TargetSpec(
        kind=kind,
        comparator=target.comparator,
        target_value=_float(target.target_value),
        unit=target.unit,
        metric=metric.name,
        period_start=target.period_start,
        period_end=target.period_end,
        deadline=target.deadline,
        baseline_value=_float(target.baseline_value),
        percentile=_float(metric.percentile),
        inner_kind=inner,
        change_unit=CHANGE_UNITS.get(target.change_unit, target.change_unit),
        total_count=target.rank_total,
        day_limit=_float(target.day_limit),
        site_class_limit=target.class_limit,
    )


def _float(value):
    return None if value is None else float(value)


@dataclass
class SiteRow:
    id: int
    label: str
    standard_class: int | None
    unit_path: str


class EvaluationInputs:
    """Everything a pass reads, loaded set-wise, and the per-target views of it."""

    def __init__(self, as_of, targets, links, sites, metrics, site_obs, own_series, thresholds, calendar):
        self.as_of = as_of
        self.targets = targets
        self.links = links  # target id → [site id]
        self.sites = sites  # site id → SiteRow
        self.metrics = metrics  # code → id
        self.site_obs = site_obs  # metric id → DataFrame [site_id, day, value]
        self.own_series = own_series  # target id → Series by day
        self.thresholds = thresholds
        self.calendar = calendar
        self._daily_cache: dict = {}
        self._site_days: dict[int, SiteDays] = {}  # metric id → its day × site matrix

    history_years = 1  # past periods of site observations loaded (the projection reads more)

    @classmethod
    def load(cls, as_of: date, queryset, *, history_years: int = 1) -> EvaluationInputs:
        targets = list(queryset.select_related("metric", "lead_unit").order_by("code"))
        target_ids = queryset.values("pk")
        links = defaultdict(list)
        for target_id, site_id in Target.sites.through.objects.filter(target_id__in=target_ids).values_list(
            "target_id", "site_id"
        ).order_by("target_id", "site_id"):
            links[target_id].append(site_id)
        sites = _load_sites()
        metrics = dict(Metric.objects.values_list("code", "id"))
        own_series = _load_own_series(target_ids, as_of) if targets else {}
        inputs = cls(as_of, targets, links, sites, metrics, {}, own_series,
                     Thresholds.from_object(StatusThresholds.current()), WorkdayIndex(load_calendar()))
        inputs.history_years = history_years
        inputs.site_obs = inputs._load_site_observations()
        return inputs

    # which site observations the targets need, and over which days
    def _site_metric_ids(self, target: Target) -> list[int]:
        rule, metric = rule_kind(target), target.metric
        if metric.is_site_metric and (rule in DAILY_RULES or rule == Kind.SITE_SHARE):
            return [metric.id]
        if rule == Kind.SITE_SHARE:
            return [self.metrics[WATER_CLASS_METRIC]] if WATER_CLASS_METRIC in self.metrics else []
        if rule in DAY_RULES and target.pk not in self.own_series:
            return [self.metrics[code] for code in AQI_POLLUTANTS if code in self.metrics]
        return []

    def site_ids(self, target: Target) -> list[int]:
        """The target's linked sites; with none linked, every site in the lead unit's subtree."""
        linked = [site_id for site_id in self.links.get(target.pk, []) if site_id in self.sites]
        if linked or self.links.get(target.pk):
            return linked
        prefix = target.lead_unit.path
        return sorted(s.id for s in self.sites.values() if prefix and s.unit_path.startswith(prefix))

    def _load_site_observations(self) -> dict[int, pd.DataFrame]:
        metric_ids, site_ids, first, last = set(), set(), None, None
        for target in self.targets:
            wanted = self._site_metric_ids(target)
            if not wanted:
                continue
            metric_ids.update(wanted)
            site_ids.update(self.site_ids(target))
            # last year's same period comes along; a class older than that is stale anyway
            start = _last_year(target.period_start, self.history_years)
            end = self.as_of if rule_kind(target) == Kind.SITE_SHARE else min(target.period_end, self.as_of)
            first = start if first is None else min(first, start)
            last = end if last is None else max(last, end)
        if not metric_ids or not site_ids or first > last:
            return {}
        rows = Observation.objects.filter(
            metric_id__in=sorted(metric_ids), site_id__in=sorted(site_ids), observed_on__range=(first, last)
        ).values_list("metric_id", "site_id", "observed_on", "value")
        frame = pd.DataFrame(list(rows), columns=["metric_id", "site_id", "day", "value"])
        frame["day"] = pd.to_datetime(frame["day"])
        frame["value"] = frame["value"].astype("float64")
        return {metric_id: part.drop(columns="metric_id") for metric_id, part in frame.groupby("metric_id")}

    # per-target views
    def city_daily(self, site_ids: list[int], metric_id: int) -> pd.Series:
        """The daily city mean of one metric over these sites (cached: targets share stations)."""
        key = (tuple(site_ids), metric_id)
        if key not in self._daily_cache:
            if metric_id not in self._site_days:
                frame = self.site_obs.get(metric_id)
                if frame is None:
                    frame = pd.DataFrame(columns=["site_id", "day", "value"])
                self._site_days[metric_id] = SiteDays(frame, site="site_id", date_col="day")
            self._daily_cache[key] = self._site_days[metric_id].city_mean(site_ids)
        return self._daily_cache[key]

    def city_aqi(self, site_ids: list[int]) -> pd.Series:
        """The daily AQI of the city mean concentrations over these sites (cached too)."""
        key = (tuple(site_ids), "aqi")
        if key not in self._daily_cache:
            self._daily_cache[key] = daily_aqi({code: self.city_daily(site_ids, self.metrics[code])
                                                for code in AQI_POLLUTANTS if code in self.metrics})
        return self._daily_cache[key]

    def daily_source(self, target: Target) -> tuple[pd.Series, float | None]:
        """The daily series a daily rule reads and the day limit to apply to it."""
        rule, metric = rule_kind(target), target.metric
        day_limit = _float(target.day_limit)
        if metric.is_site_metric:
            return self.city_daily(self.site_ids(target), metric.id), day_limit
        if rule in DAY_RULES and target.pk not in self.own_series:
            default = GOOD_DAY_AQI if rule == Kind.DAY_RATIO else HEAVY_DAY_AQI
            return self.city_aqi(self.site_ids(target)), day_limit if day_limit is not None else default
        return self.own_series.get(target.pk, _empty_series()), day_limit

    def target_data(self, target: Target) -> tuple[TargetData, float | None]:
        rule = rule_kind(target)
        if rule in DAILY_RULES:
            series, day_limit = self.daily_source(target)
            start, end = pd.Timestamp(target.period_start), pd.Timestamp(min(target.period_end, self.as_of))
            last_start, last_end = pd.Timestamp(_last_year(target.period_start)), pd.Timestamp(
                _last_year(target.period_end))
            daily, last_year = _between(series, start, end), _between(series, last_start, last_end)
            return TargetData(daily=daily, last_year=last_year), day_limit
        if rule == Kind.SITE_SHARE:
            return self._site_share_data(target), None
        own = self.own_series.get(target.pk)
        if rule == Kind.PROGRESS:
            return TargetData(progress=own), None
        if rule == Kind.RANK:
            return TargetData(ranks=own), None
        return TargetData(done_on=target.done_on), None

    def _site_share_data(self, target: Target) -> TargetData:
        metric_ids = self._site_metric_ids(target)
        site_ids = self.site_ids(target)
        frame = self.site_obs.get(metric_ids[0]) if metric_ids else None
        if frame is None:
            return TargetData(site_classes={})
        key = (tuple(site_ids), "classes")
        if key not in self._daily_cache:  # sections' latest classes, shared by targets over the same sections
            rows = frame[frame["site_id"].isin(site_ids)]
            labels = {site_id: self.sites[site_id].label for site_id in site_ids}
            labelled = pd.DataFrame({"site": rows["site_id"].map(labels), "date": rows["day"], "value": rows["value"]})
            self._daily_cache[key] = latest_site_classes(labelled, self.as_of)
        classes = dict(self._daily_cache[key])
        standards = None
        if target.class_limit is None:
            standards = {self.sites[i].label: self.sites[i].standard_class for i in site_ids
                         if self.sites[i].standard_class is not None}
        return TargetData(site_classes=classes, site_standards=standards)

    def evaluate(self, target: Target) -> Evaluation:
        """The target's evaluation; an entry the rules cannot read gets ``cannot_evaluate``."""
        try:
            spec = target_spec(target)
            data, day_limit = self.target_data(target)
            if day_limit is not None and spec.day_limit is None:
                spec = replace(spec, day_limit=day_limit)
            return evaluate_target(spec, data, self.as_of, self.thresholds, self.calendar)
        except Exception as error:  # noqa: BLE001 — one bad ledger entry must not stop the pass
            # One line per target, no traceback: a misconfigured entry recurs on every pass.
            logger.warning("target %s (%s) cannot be evaluated: %s: %s", target.pk, target.code,
                           type(error).__name__, error)
            return cannot_evaluate(target, error)


def cannot_evaluate(target: Target, error: Exception) -> Evaluation:
    """A ledger entry the rules cannot read (kind and comparator do not fit, a percentile
    without p …): flagged yellow so someone corrects it, like a masked value."""
    return Evaluation(
        Level.YELLOW,
        Reason.CANNOT_EVALUATE,
        f"{target.title}：目标设置有误，无法测算（{error}），请核对算法、比较方式和目标值。",
        f"{target.title}: the target's settings cannot be evaluated ({error}); check its kind, "
        "comparator and values.",
        {"error": str(error)},
    )


def _load_sites() -> dict[int, SiteRow]:
    rows = list(Site.objects.values_list("id", "code", "name", "standard_class", "unit__path"))
    names = Counter(name for _, _, name, _, _ in rows)
    # Explanations name sites by name; a name two sites share gets the code beside it.
    return {
        site_id: SiteRow(site_id, name if names[name] == 1 else f"{name}（{code}）", standard, path or "")
        for site_id, code, name, standard, path in rows
    }


def _load_own_series(target_ids, as_of: date) -> dict[int, pd.Series]:
    rows = Observation.objects.filter(target_id__in=target_ids, observed_on__lte=as_of).values_list(
        "target_id", "observed_on", "value").order_by("target_id", "observed_on")  # in order: no re-sorting later
    grouped: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for target_id, day, value in rows:
        grouped[target_id][0].append(day)
        grouped[target_id][1].append(float(value))
    return {tid: pd.Series(values, index=pd.DatetimeIndex(days).as_unit("ns"), dtype="float64")
            for tid, (days, values) in grouped.items()}


def _between(series: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """The days from ``start`` to ``end`` inclusive: two binary searches on a sorted index."""
    if not series.index.is_monotonic_increasing:
        return series[(series.index >= start) & (series.index <= end)]
    return series.iloc[series.index.searchsorted(start, "left"):series.index.searchsorted(end, "right")]


def _empty_series() -> pd.Series:
    return pd.Series([], index=pd.DatetimeIndex([]), dtype="float64")


def _last_year(day: date, years: int = 1) -> date:
    return (pd.Timestamp(day) - pd.DateOffset(years=years)).date()


# -- writing ----------------------------------------------------------------------------


def stored_result(values) -> tuple:
    """(level, reason, explanation_zh, explanation_en, figures) comparable across a JSON round trip."""
    level, reason, zh, en, figures = values
    return (level, reason or "", zh or "", en or "", json.loads(json.dumps(figures or {}, sort_keys=True)))


def new_result(evaluation: Evaluation) -> tuple:
    return stored_result((int(evaluation.level), str(evaluation.reason), evaluation.explanation_zh,
                          evaluation.explanation_en, evaluation.figures))


def write_results(results: list[TargetResult], as_of: date) -> tuple[list[int], list[LevelChange]]:
    """Store the verdicts that differ from what is stored, and one status change per level that
    moved, in one transaction. Rows are re-read under a row lock first, so two passes running
    at once cannot both record the same change."""
    wanted = {r.target.pk: (r.target, new_result(r.evaluation)) for r in results}
    candidates = [pk for pk, (target, new) in wanted.items()
                  if stored_result(tuple(getattr(target, f) for f in RESULT_FIELDS)) != new]
    if not candidates:
        return [], []
    now = timezone.now()
    with transaction.atomic():
        locked = {row[0]: stored_result(row[1:]) for row in Target.all_objects.select_for_update()
                  .filter(pk__in=candidates).values_list("pk", *RESULT_FIELDS)}
        changed, level_changes, history = [], [], []
        for pk in candidates:
            if pk not in locked or locked[pk] == wanted[pk][1]:
                continue
            target, new = wanted[pk]
            old_level = locked[pk][0]
            target.level, target.reason, target.explanation_zh, target.explanation_en, target.figures = new
            target.evaluated_at = target.updated_at = now
            changed.append(target)
            if old_level != target.level:
                level_changes.append(LevelChange(pk, target.code, old_level, target.level, target.reason))
                history.append(TargetStatusChange(
                    target_id=pk, created_at=now, as_of=as_of, old_level=old_level, new_level=target.level,
                    reason=target.reason, explanation_zh=target.explanation_zh,
                ))
        if changed:
            Target.all_objects.bulk_update(
                changed, [*RESULT_FIELDS, "evaluated_at", "updated_at"], batch_size=500)
            TargetStatusChange.objects.bulk_create(history)
            announce(Target, [t.pk for t in changed], UPDATED)
    return [t.pk for t in changed], level_changes
