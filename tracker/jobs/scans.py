"""The scans: read the ledger set-wise, ask the pure rules, hand the findings to
:func:`tracker.jobs.flags.sync_flags`. Each scan covers every live record of its kind,
so a flag whose record no longer qualifies (signed off, done, deleted) is cleared.
"""
from __future__ import annotations

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone

from tracker.models import (
    DailyReport, FundAllocation, Milestone, OrgUnit, RectificationItem, StatusThresholds, Target,
)
from tracker.services.calendar import load_calendar

from . import rules
from .flags import Outcome, Signal, sync_flags

ITEM_CAUSES = ("deadline", "lookback_due", "evidence_missing")


def _signal(ct, subject_id, cause, unit_id, verdict):
    if verdict is None:
        return Signal(ct.id, subject_id, cause, unit_id, 0)
    return Signal(ct.id, subject_id, cause, unit_id, verdict.level, verdict.text,
                  {"reason": verdict.reason, **verdict.figures})


def item_signals(as_of, calendar, window):
    """Signals for every live rectification item (整改任务): deadline (due soon/overdue
    unless signed off), look-back due (回头看), evidence missing on a completion report."""
    ct = ContentType.objects.get_for_model(RectificationItem)
    items = (RectificationItem.objects.select_related("round")
             .annotate(evidence_count=Count("evidence", filter=Q(evidence__deleted_at__isnull=True))))
    signals = []
    for item in items:
        signed_off = item.state == RectificationItem.State.SIGNED_OFF
        deadline = None if signed_off else rules.deadline_verdict(item.deadline, as_of, calendar, window, "整改任务")
        signals.append(_signal(ct, item.id, "deadline", item.lead_unit_id, deadline))
        lookback = None
        if signed_off:
            signed_on = timezone.localtime(item.signed_off_at).date() if item.signed_off_at else None
            due = item.lookback_due or (signed_on and signed_on + timedelta(days=item.round.lookback_after_days))
            lookback = rules.lookback_verdict(signed_on, due, item.lookback_done_at is not None, as_of, calendar)
        signals.append(_signal(ct, item.id, "lookback_due", item.lead_unit_id, lookback))
        evidence = rules.evidence_verdict(item.state == RectificationItem.State.REPORTED, item.evidence_count)
        signals.append(_signal(ct, item.id, "evidence_missing", item.lead_unit_id, evidence))
    return ct, signals


def scan_rectification_items(as_of, *, now=None):
    calendar = load_calendar()
    window = StatusThresholds.current().warning_window_days
    ct, signals = item_signals(as_of, calendar, window)
    return sync_flags(signals, subject_type=ct, causes=ITEM_CAUSES, as_of=as_of, now=now, calendar=calendar)


def scan_milestones(as_of, *, now=None):
    """Stage tasks (阶段性任务) of long-term items and projects: due soon or overdue until done."""
    calendar = load_calendar()
    window = StatusThresholds.current().warning_window_days
    ct = ContentType.objects.get_for_model(Milestone)
    rows = (Milestone.objects.filter(Q(item__isnull=True) | Q(item__deleted_at__isnull=True))
            .filter(Q(project__isnull=True) | Q(project__deleted_at__isnull=True))
            .values_list("id", "due_on", "done_on", "item__lead_unit_id", "project__lead_unit_id"))
    signals = []
    for mid, due_on, done_on, item_unit, project_unit in rows:
        verdict = None if done_on else rules.deadline_verdict(due_on, as_of, calendar, window, "阶段性任务")
        signals.append(_signal(ct, mid, "deadline", item_unit or project_unit, verdict))
    return sync_flags(signals, subject_type=ct, causes=("deadline",), as_of=as_of, now=now, calendar=calendar)


def scan_funds(as_of, *, now=None):
    """Special funds (专项资金): execution rate behind the linear path, or unmet at the deadline."""
    tolerance = StatusThresholds.current().progress_tolerance
    ct = ContentType.objects.get_for_model(FundAllocation)
    signals = []
    for fund in FundAllocation.objects.with_paid():
        verdict = rules.fund_verdict(fund.amount, fund.paid, fund.target_rate, fund.allocated_on,
                                     fund.execution_deadline, as_of, tolerance)
        signals.append(_signal(ct, fund.id, "fund_execution", fund.unit_id, verdict))
    return sync_flags(signals, subject_type=ct, causes=("fund_execution",), as_of=as_of, now=now)


def scan_daily_reports(as_of, *, now=None):
    """日报告: after the cutoff, flag every unit with the duty that filed nothing for
    ``as_of``; clear the flag of a unit that did. Not a working day: nothing to check."""
    calendar = load_calendar()
    ct = ContentType.objects.get_for_model(OrgUnit)
    if not calendar.is_working_day(as_of):
        return Outcome()
    filed = set(DailyReport.objects.filter(report_date=as_of).values_list("unit_id", flat=True))
    signals = [
        _signal(ct, uid, "daily_report_missing", uid, rules.daily_report_verdict(True, uid in filed, as_of, calendar))
        for uid in OrgUnit.objects.filter(has_daily_report_duty=True).values_list("id", flat=True)
    ]
    return sync_flags(signals, subject_type=ct, causes=("daily_report_missing",), as_of=as_of, now=now,
                      calendar=calendar)


def sync_target_flags(as_of, *, now=None):
    """Flags for targets follow the level stored on ``Target`` (by whoever computed it):
    raised or escalated when it rises, lowered or cleared when it falls. A target with no
    level yet, inactive or deleted, carries no flag."""
    ct = ContentType.objects.get_for_model(Target)
    signals = [
        Signal(ct.id, tid, "target_status", unit_id, level or 0, explanation or "",
               {"reason": reason, **(figures or {})})
        for tid, unit_id, level, reason, explanation, figures in Target.objects.active().values_list(
            "id", "lead_unit_id", "level", "reason", "explanation_zh", "figures")
    ]
    return sync_flags(signals, subject_type=ct, causes=("target_status",), as_of=as_of, now=now)
