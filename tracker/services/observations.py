"""Bulk upsert of observations (监测数据/进展) pushed by monitoring systems and units.

A row is identified by site + metric + date (a station's reading) or target + date (a
point of the target's own series), by codes. A row whose value and note are unchanged is
counted as unchanged and not written again."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tracker.access import READ, WRITE, owned, restrict
from tracker.models import Metric, Observation, Site, Target

from .bulk import (
    CREATED, UNCHANGED, UPDATED, RowError, parse_date, parse_decimal, parse_text, refused_reference, row_errors,
    run_bulk, screen_rows,
)
from .errors import ServiceError
from .plausibility import check_observation_date, check_value


def _codes(rows, name):
    return {row[name] for row in rows if isinstance(row, dict) and isinstance(row.get(name), str)}


def _scoped(model, codes, user):
    """code → (object, writable) for the codes the user may at least read."""
    base = model.objects.filter(code__in=codes)
    writable = set(owned(base, user).values_list("pk", flat=True))
    return {obj.code: (obj, obj.pk in writable) for obj in restrict(base, user, READ)}


def _reference(table, row, name):
    code = row.get(name)
    if not isinstance(code, str) or code not in table or not table[code][1]:
        raise refused_reference(name, "编码", "Code", code)
    return table[code][0]


def upsert_observations(rows, user, *, partial=False, dry_run=False, source=Observation.Source.API):
    """Create or update observations in one transaction; returns a BulkSummary."""
    rows = screen_rows(rows)
    sites = _scoped(Site, _codes(rows, "site"), user)
    targets = _scoped(Target, _codes(rows, "target"), user)
    metrics = {m.code: m for m in Metric.objects.filter(code__in=_codes(rows, "metric"))}
    today = timezone.localdate()

    def apply_row(index, row):
        if bool(row.get("site")) == bool(row.get("target")):
            raise RowError(None, "须且只能填写 site（站点编码）或 target（目标编码）之一。",
                           "Give exactly one of site (site code) or target (target code).")
        observed_on = parse_date(row, "observed_on")
        value = parse_decimal(row, "value")
        note = parse_text(row, "note", 300)
        if row.get("site"):
            site = _reference(sites, row, "site")
            metric = metrics.get(row.get("metric")) if isinstance(row.get("metric"), str) else None
            if metric is None:
                raise RowError("metric", f"指标编码“{row.get('metric')}”不存在。",
                               f"Unknown metric code {row.get('metric')!r}.")
            with row_errors():
                check_value(metric, value)
                check_observation_date(observed_on, today)
            existing = Observation.objects.filter(site=site, metric=metric, observed_on=observed_on).first()
            key = {"site": site, "metric": metric, "target": None}
        else:
            target = _reference(targets, row, "target")
            metric = target.metric
            if row.get("metric") not in (None, "", metric.code):
                raise RowError("metric", f"目标“{target.code}”的指标是“{metric.code}”。",
                               f"Target {target.code!r} measures {metric.code!r}.")
            with row_errors():
                check_value(metric, value)
                check_observation_date(observed_on, today, target=target)
            existing = Observation.objects.filter(target=target, observed_on=observed_on).first()
            key = {"target": target, "metric": metric, "site": None}
        if existing is None:
            Observation.objects.create(observed_on=observed_on, value=value, note=note, source=source,
                                       reported_by=user, **key)
            return CREATED
        if existing.value == value and existing.note == note:
            return UNCHANGED
        existing.value, existing.note, existing.source, existing.reported_by = value, note, source, user
        existing.save()
        return UPDATED

    return run_bulk(rows, apply_row, partial=partial, dry_run=dry_run)


def check_page_observation(metric, value, observed_on, *, as_of, target=None):
    """The API's checks (``plausibility``: the metric's range, no future date) and, for a
    point of a target's own series typed into its page, one more: it lies inside the
    target's period (the API also takes the baseline years before it; a form user who
    types last year's date has made a typing error)."""
    check_value(metric, value)
    check_observation_date(observed_on, as_of, slack=dt.timedelta(0))
    if target is not None and not (target.period_start <= observed_on <= target.period_end):
        raise ServiceError(
            f"日期须在考核期内（{target.period_start:%Y-%m-%d} 至 {target.period_end:%Y-%m-%d}）。",
            f"The date must lie in the target's period ({target.period_start} to {target.period_end}).",
            field="observed_on")


def record_observation(user, *, target, value, observed_on, site=None, note="", as_of=None):
    """Enter one value from a page (页面填报): a reading of ``site`` for the target's metric,
    or, without a site, a point of the target's own series (progress, a rate, a rank).
    The user must be able to write it (the site's unit or the target's lead unit). An
    existing value for that day is corrected in place, so history keeps the old one.
    Returns (observation, created)."""
    as_of = as_of or timezone.localdate()
    metric = target.metric
    if site is not None:
        if not target.sites.filter(pk=site.pk).exists():
            raise ServiceError("该站点不属于此目标。", "This site is not one of the target's sites.", field="site")
        if not owned(Site.objects.filter(pk=site.pk), user).exists():
            raise ServiceError("无权为该站点报送数据。", "You may not report data for this site.", kind="forbidden")
        check_page_observation(metric, value, observed_on, as_of=as_of)
        key = {"site": site, "metric": metric, "observed_on": observed_on}
    else:
        if not restrict(Target.objects.filter(pk=target.pk), user, WRITE).exists():
            raise ServiceError("无权为该目标报送进展。", "You may not report progress for this target.",
                               kind="forbidden")
        check_page_observation(metric, value, observed_on, as_of=as_of, target=target)
        key = {"target": target, "observed_on": observed_on}
    with transaction.atomic():
        existing = Observation.objects.select_for_update().filter(**key).first()
        if existing is None:
            return Observation.objects.create(**{"metric": metric, **key}, value=value, note=note,
                                              source=Observation.Source.FORM, reported_by=user), True
        existing.value, existing.note, existing.source, existing.reported_by = value, note, Observation.Source.FORM, user
        existing.save()
        return existing, False
