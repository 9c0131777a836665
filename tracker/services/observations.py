"""Bulk upsert of observations (监测数据/进展) pushed by monitoring systems and units.

A row is identified by site + metric + date (a station's reading) or target + date (a
point of the target's own series), by codes. A row whose value and note are unchanged is
counted as unchanged and not written again.

The upsert is set-based (see ``tracker.services.bulk``): every row is checked first —
scope, codes, value, date, with the same rules and messages as a single entry — then
the existing readings are looked up by natural key, one query per chunk, and the new and
changed ones written in batches with their history and change-feed rows. Its number of
queries does not depend on the number of rows."""
import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tracker.access import READ, WRITE, owned, restrict
from tracker.models import Metric, Observation, Site, Target

from .bulk import (
    BulkSummary, RowError, UpsertPlan, check_rows, chunked, commit_plan, parse_date, parse_decimal, parse_text,
    refused_reference, row_errors, screen_rows, write_upserts,
)
from .errors import ServiceError
from .plausibility import check_observation_date, check_value

# What a bulk row may change on an existing reading.
UPDATE_FIELDS = ("value", "note", "source", "reported_by")


def _codes(rows, name):
    return {row[name] for row in rows if isinstance(row, dict) and isinstance(row.get(name), str)}


def _scoped(base, codes, user):
    """code → (object, writable) for the codes the user may at least read."""
    base = base.filter(code__in=codes)
    writable = set(owned(base, user).values_list("pk", flat=True))
    return {obj.code: (obj, obj.pk in writable) for obj in restrict(base, user, READ)}


def _reference(table, row, name):
    code = row.get(name)
    if not isinstance(code, str) or code not in table or not table[code][1]:
        raise refused_reference(name, "编码", "Code", code)
    return table[code][0]


def _existing(keys):
    """Live readings for the natural keys ``keys`` — ("site", site id, metric id, date) or
    ("target", target id, date) — locked for this transaction: key → Observation. One
    query per chunk of keys; each query asks for the chunk's sites (or targets), metrics
    and dates and keeps the exact keys."""
    found = {}
    for kind in ("site", "target"):
        wanted = sorted(key for key in keys if key[0] == kind)
        for chunk in chunked(wanted):
            if kind == "site":
                condition = Q(site_id__in={k[1] for k in chunk}, metric_id__in={k[2] for k in chunk},
                              observed_on__in={k[3] for k in chunk})
            else:
                condition = Q(target_id__in={k[1] for k in chunk}, observed_on__in={k[2] for k in chunk})
            wanted_here = set(chunk)
            for obs in Observation.objects.select_for_update().filter(condition):
                key = (("site", obs.site_id, obs.metric_id, obs.observed_on) if kind == "site"
                       else ("target", obs.target_id, obs.observed_on))
                if key in wanted_here:
                    found[key] = obs
    return found


def upsert_observations(rows, user, *, partial=False, dry_run=False, source=Observation.Source.API):
    """Create or update observations in one transaction; returns a BulkSummary."""
    rows = screen_rows(rows)
    sites = _scoped(Site.objects.all(), _codes(rows, "site"), user)
    targets = _scoped(Target.objects.select_related("metric"), _codes(rows, "target"), user)
    metrics = {m.code: m for m in Metric.objects.filter(code__in=_codes(rows, "metric"))}
    today = timezone.localdate()

    def parse_row(index, row):
        """A valid row → (natural key, the fields of a new reading); or RowError."""
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
            key = ("site", site.pk, metric.pk, observed_on)
            fields = {"site": site, "metric": metric, "target": None}
        else:
            target = _reference(targets, row, "target")
            metric = target.metric
            if row.get("metric") not in (None, "", metric.code):
                raise RowError("metric", f"目标“{target.code}”的指标是“{metric.code}”。",
                               f"Target {target.code!r} measures {metric.code!r}.")
            with row_errors():
                check_value(metric, value)
                check_observation_date(observed_on, today, target=target)
            key = ("target", target.pk, observed_on)
            fields = {"target": target, "metric": metric, "site": None}
        return key, {**fields, "observed_on": observed_on}, {"value": value, "note": note, "source": source,
                                                             "reported_by": user}

    summary = BulkSummary(dry_run=dry_run)
    with transaction.atomic():
        accepted = check_rows(rows, parse_row, summary)
        plan = UpsertPlan(_existing({key for _, (key, _, _) in accepted}), compared=("value", "note"))
        for index, (key, identity, values) in accepted:
            plan.upsert(key, lambda identity=identity, values=values: Observation(**identity, **values), values,
                        summary, index)
        commit_plan(summary, lambda: write_upserts(Observation, plan, user=user, update_fields=UPDATE_FIELDS),
                    partial=partial, dry_run=dry_run)
    return summary


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
