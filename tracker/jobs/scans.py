"""The scans: read the ledger set-wise, ask the pure rules, hand the findings to
:func:`tracker.jobs.flags.sync_flags`. Each scan covers every live record of its kind,
so a flag whose record no longer qualifies (signed off, done, deleted) is cleared.
"""
from __future__ import annotations

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from tracker.models import (
    DailyReport, Evidence, FundAllocation, Milestone, OrgUnit, RectificationItem, StatusThresholds, Target,
)
from tracker.services.calendar import pass_calendar

from . import rules
from .flags import Outcome, Signal, sync_flags

ITEM_CAUSES = ("deadline", "lookback_due", "evidence_missing")


def _signal(ct, subject_id, cause, unit_id, verdict):
    if verdict is None:
        return Signal(ct.id, subject_id, cause, unit_id, 0)
    return Signal(ct.id, subject_id, cause, unit_id, verdict.level, verdict.text,
                  {"reason": verdict.reason, **verdict.figures})


def _in_units(queryset, units, field):
    return queryset if units is None else queryset.filter(**{f"{field}__in": list(units)})


def deadline_signals(ct, rows, as_of, calendar, window, what):
    """Signals for ``rows`` of (id, unit id, deadline) not yet done. The verdict depends on
    the deadline alone, so it is asked once per distinct deadline, not once per row."""
    verdicts = {}
    signals = []
    for subject_id, unit_id, deadline in rows:
        if deadline not in verdicts:
            verdicts[deadline] = rules.deadline_verdict(deadline, as_of, calendar, window, what)
        verdict = verdicts[deadline]
        if verdict is not None:
            signals.append(_signal(ct, subject_id, "deadline", unit_id, verdict))
    return signals


def flagged_deadlines(queryset, field, as_of, calendar, window, what):
    """The distinct deadlines in ``queryset`` that the rule flags (a GROUP BY, then one
    verdict each): the rows worth loading are those with one of these dates."""
    dates = queryset.order_by().values_list(field, flat=True).distinct()
    return [d for d in dates if rules.deadline_verdict(d, as_of, calendar, window, what) is not None]


def item_signals(as_of, calendar, window, units=None):
    """Signals for every live rectification item (整改任务): deadline (due soon/overdue
    unless signed off), look-back due (回头看), evidence missing on a completion report.

    Set-wise: only rows that something is wrong with are loaded — items whose deadline is
    one the rule flags, signed-off items whose look-back date has come, completion reports
    with no live evidence. Only non-green signals are returned; :func:`sync_flags` clears
    the open flags that no signal asks for."""
    ct = ContentType.objects.get_for_model(RectificationItem)
    live = _in_units(RectificationItem.objects.all(), units, "lead_unit_id")
    open_items = live.exclude(state=RectificationItem.State.SIGNED_OFF)
    dates = flagged_deadlines(open_items, "deadline", as_of, calendar, window, "整改任务")
    signals = deadline_signals(ct, open_items.filter(deadline__in=dates).values_list("id", "lead_unit_id", "deadline")
                               .iterator(chunk_size=20_000), as_of, calendar, window, "整改任务")
    # 回头看: a stored look-back date that has come, or none stored (derived from the sign-off)
    signed = (live.filter(state=RectificationItem.State.SIGNED_OFF, lookback_done_at__isnull=True)
              .filter(Q(lookback_due__lte=as_of) | Q(lookback_due__isnull=True, signed_off_at__isnull=False))
              .values_list("id", "lead_unit_id", "signed_off_at", "lookback_due", "round__lookback_after_days"))
    lookbacks = {}
    for item_id, unit_id, signed_off_at, stored_due, after_days in signed.iterator(chunk_size=20_000):
        signed_on = timezone.localtime(signed_off_at).date() if signed_off_at else None
        due = stored_due or (signed_on and signed_on + timedelta(days=after_days))
        if (signed_on, due) not in lookbacks:
            lookbacks[signed_on, due] = rules.lookback_verdict(signed_on, due, False, as_of, calendar)
        if lookbacks[signed_on, due] is not None:
            signals.append(_signal(ct, item_id, "lookback_due", unit_id, lookbacks[signed_on, due]))
    missing = rules.evidence_verdict(True, 0)
    live_evidence = Evidence.objects.filter(item=OuterRef("pk"))
    for item_id, unit_id in (live.filter(state=RectificationItem.State.REPORTED).filter(~Exists(live_evidence))
                             .values_list("id", "lead_unit_id")):
        signals.append(_signal(ct, item_id, "evidence_missing", unit_id, missing))
    return ct, signals


def scan_rectification_items(as_of, *, now=None, units=None):
    """Flags for rectification items; ``units`` limits the pass to items (and open flags)
    of those lead units, so a pass can be split across workers by unit."""
    calendar = pass_calendar()
    window = StatusThresholds.current().warning_window_days
    ct, signals = item_signals(as_of, calendar, window, units)
    return sync_flags(signals, subject_type=ct, causes=ITEM_CAUSES, as_of=as_of, now=now, calendar=calendar,
                      units=units)


def scan_milestones(as_of, *, now=None, units=None):
    """Stage tasks (阶段性任务) of long-term items and projects: due soon or overdue until done."""
    calendar = pass_calendar()
    window = StatusThresholds.current().warning_window_days
    ct = ContentType.objects.get_for_model(Milestone)
    live = (Milestone.objects.filter(Q(item__isnull=True) | Q(item__deleted_at__isnull=True))
            .filter(Q(project__isnull=True) | Q(project__deleted_at__isnull=True))
            .annotate(unit_id=Coalesce("item__lead_unit_id", "project__lead_unit_id")).filter(done_on__isnull=True))
    live = _in_units(live, units, "unit_id")
    dates = flagged_deadlines(live, "due_on", as_of, calendar, window, "阶段性任务")
    signals = deadline_signals(ct, live.filter(due_on__in=dates).values_list("id", "unit_id", "due_on"),
                               as_of, calendar, window, "阶段性任务")
    return sync_flags(signals, subject_type=ct, causes=("deadline",), as_of=as_of, now=now, calendar=calendar,
                      units=units)


def scan_funds(as_of, *, now=None, units=None):
    """Special funds (专项资金): execution rate behind the linear path, or unmet at the deadline."""
    tolerance = StatusThresholds.current().progress_tolerance
    ct = ContentType.objects.get_for_model(FundAllocation)
    signals = []
    for fund in _in_units(FundAllocation.objects.with_paid(), units, "unit_id"):
        verdict = rules.fund_verdict(fund.amount, fund.paid, fund.target_rate, fund.allocated_on,
                                     fund.execution_deadline, as_of, tolerance)
        signals.append(_signal(ct, fund.id, "fund_execution", fund.unit_id, verdict))
    return sync_flags(signals, subject_type=ct, causes=("fund_execution",), as_of=as_of, now=now, units=units)


def scan_daily_reports(as_of, *, now=None, units=None):
    """日报告: after the cutoff, flag every unit with the duty that filed nothing for
    ``as_of``; clear the flag of a unit that did. Not a working day: nothing to check."""
    calendar = pass_calendar()
    ct = ContentType.objects.get_for_model(OrgUnit)
    if not calendar.is_working_day(as_of):
        return Outcome()
    filed = set(DailyReport.objects.filter(report_date=as_of).values_list("unit_id", flat=True))
    signals = [
        _signal(ct, uid, "daily_report_missing", uid, rules.daily_report_verdict(True, uid in filed, as_of, calendar))
        for uid in _in_units(OrgUnit.objects.filter(has_daily_report_duty=True), units, "id")
        .values_list("id", flat=True)
    ]
    return sync_flags(signals, subject_type=ct, causes=("daily_report_missing",), as_of=as_of, now=now,
                      calendar=calendar, units=units)


def sync_target_flags(as_of, *, now=None, units=None):
    """Flags for targets follow the level stored on ``Target`` (by whoever computed it):
    raised or escalated when it rises, lowered or cleared when it falls. A target with no
    level yet, inactive or deleted, carries no flag."""
    ct = ContentType.objects.get_for_model(Target)
    signals = [
        Signal(ct.id, tid, "target_status", unit_id, level or 0, explanation or "",
               {"reason": reason, **(figures or {})})
        for tid, unit_id, level, reason, explanation, figures in _in_units(
            Target.objects.active().filter(level__gt=0), units, "lead_unit_id").values_list(
            "id", "lead_unit_id", "level", "reason", "explanation_zh", "figures")
    ]
    return sync_flags(signals, subject_type=ct, causes=("target_status",), as_of=as_of, now=now, units=units)
