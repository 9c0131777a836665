"""A user's worklist (待办): the targets and rectification items in their scope, most
urgent first, with what is due today (the daily report) and what asks for an answer
(open flags, notices awaiting a response).

Urgency is the warning level (red first), then working days left (overdue first). An
item's level is the scans' own deadline rule (``tracker.jobs.rules.deadline_verdict``):
red when overdue, yellow inside the warning window; a target's is the status engine's
stored level. Items already signed off and inactive targets are not work.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from tracker.access import READ, WRITE, can_write_everything, restrict
from tracker.jobs.rules import deadline_verdict
from tracker.models import DailyReport, Flag, Level, Notice, OrgUnit, RectificationItem, StatusThresholds, Target
from tracker.services.calendar import load_calendar
from tracker.services.reports import may_report_for

State = RectificationItem.State


@dataclass
class WorkRow:
    """One line of the worklist: a target or an item, its level and working days left."""

    kind: str  # "target" | "item"
    kind_label: str
    title: str
    unit: str
    level: int | None
    left_workdays: int | None
    deadline: date | None
    url: str
    status: str = ""
    explanation: str = ""

    @property
    def overdue(self):
        return self.left_workdays is not None and self.left_workdays < 0

    def sort_key(self):
        level = -1 if self.level is None else self.level
        left = self.left_workdays if self.left_workdays is not None else 10 ** 6
        return (not self.overdue, -level, left, self.title)


@dataclass
class Worklist:
    rows: list[WorkRow]
    counts: dict[int, int]
    daily_report_units: list[OrgUnit] = field(default_factory=list)
    open_flags: list[Flag] = field(default_factory=list)
    open_notices: list[Notice] = field(default_factory=list)

    def filtered(self, level: int | None):
        return self.rows if level is None else [row for row in self.rows if row.level == level]


def _item_row(item, as_of, calendar, window):
    left = calendar.working_days_between(as_of, item.deadline)
    if item.state == State.REPORTED:
        level, status = None, str(State.REPORTED.label)
    else:
        verdict = deadline_verdict(item.deadline, as_of, calendar, window)
        level, status = (verdict.level if verdict else Level.GREEN), item.get_state_display()
    return WorkRow("item", _("整改任务"), _("%(round)s 第%(number)s项：%(problem)s") % {"round": item.round.name, "number": item.number, "problem": item.problem}, item.lead_unit.short_name or item.lead_unit.name,
                   level, left, item.deadline, reverse("pages:item", args=[item.pk]), status)


def _target_row(target, as_of, calendar):
    left = calendar.working_days_between(as_of, target.deadline)
    return WorkRow("target", _("目标指标"), target.title, target.lead_unit.short_name or target.lead_unit.name, target.level, left, target.deadline,
                   reverse("pages:target", args=[target.pk]),
                   target.get_level_display() if target.level is not None else "待测算", target.explanation_zh)


def units_due_daily_report(user, as_of, calendar=None):
    """The user's units that owe a daily report (日报告/零报告) for ``as_of``: units with the
    duty the user may write for, on a working day, with none filed yet."""
    calendar = calendar or load_calendar()
    if not calendar.is_working_day(as_of):
        return []
    units = [unit for unit in restrict(OrgUnit.objects.filter(has_daily_report_duty=True), user, READ)
             if may_report_for(user, unit)] if not can_write_everything(user) else []
    filed = set(DailyReport.objects.filter(report_date=as_of).values_list("unit_id", flat=True))
    return [unit for unit in units if unit.pk not in filed]


def worklist_for(user, as_of: date, *, own_only=True) -> Worklist:
    """The worklist of ``user`` on ``as_of``. ``own_only`` keeps the records the user may
    write (their units' own work); otherwise everything they may read."""
    action = WRITE if own_only else READ
    calendar = load_calendar()
    window = StatusThresholds.current().warning_window_days
    targets = restrict(Target.objects.active(), user, action).select_related("lead_unit")
    items = (restrict(RectificationItem.objects.exclude(state=State.SIGNED_OFF), user, action)
             .select_related("round", "lead_unit"))
    rows = [_target_row(t, as_of, calendar) for t in targets] + [_item_row(i, as_of, calendar, window) for i in items]
    rows.sort(key=WorkRow.sort_key)
    counts = {level.value: 0 for level in Level}
    for row in rows:
        if row.level is not None:
            counts[row.level] += 1
    flags = (restrict(Flag.objects.filter(cleared_at__isnull=True, acknowledged_at__isnull=True), user, READ)
             .select_related("unit", "subject_type").order_by("-level", "raised_at")[:20])
    notices = (restrict(Notice.objects.filter(responded_at__isnull=True), user, READ)
               .select_related("unit").order_by("response_due")[:20])
    return Worklist(rows, counts, units_due_daily_report(user, as_of, calendar), list(flags), list(notices))
