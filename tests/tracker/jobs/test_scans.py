"""The scans against the database, each with an explicit as_of."""
import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.factories import (
    DisbursementFactory, FundAllocationFactory, MilestoneFactory, OrgUnitFactory, RectificationItemFactory,
    TargetFactory,
)
from tracker.jobs import scans
from tracker.models import CalendarDay, DailyReport, Evidence, Flag, FlagEvent, Notice, RectificationItem

from .conftest import at

D = dt.date


def flags_of(obj, cause=None):
    qs = Flag.objects.filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.id)
    return qs.filter(cause=cause) if cause else qs


def sign_off(item, who, when):
    RectificationItem.objects.filter(id=item.id).update(state="signed_off", signed_off_by=who, signed_off_at=when)
    item.refresh_from_db()


def test_item_overdue_by_one_working_day_across_national_day(unit, unit_staff, duty_supervisor):
    # given an item due on the eve of the National Day holiday
    item = RectificationItemFactory(lead_unit=unit, deadline=D(2026, 9, 30), state="in_progress")
    # when scanned on the first working day after it
    outcome = scans.scan_rectification_items(D(2026, 10, 8), now=at(D(2026, 10, 8)))
    # then one red flag, one working day late, with its history and a summons letter
    flag = flags_of(item, "deadline").get()
    assert (flag.level, flag.figures["overdue_workdays"], flag.unit) == (3, 1, unit)
    assert list(flag.events.values_list("event", "new_level")) == [("raised", 3)]
    assert flag.notices.get().kind == Notice.Kind.SUMMONS
    assert outcome.raised == 1


def test_item_due_soon_in_working_days_is_yellow(unit):
    item = RectificationItemFactory(lead_unit=unit, deadline=D(2026, 10, 9))
    scans.scan_rectification_items(D(2026, 9, 28), now=at(D(2026, 9, 28)))  # 4 working days, window 10
    flag = flags_of(item, "deadline").get()
    assert (flag.level, flag.figures["left_workdays"]) == (1, 4)
    assert flag.notices.get().kind == Notice.Kind.REMINDER


def test_staff_holiday_entry_changes_the_count(unit):
    # given staff marked 9 Oct 2026 as a local holiday
    CalendarDay.objects.create(day=D(2026, 10, 9), is_working_day=False, name="地方假日")
    item = RectificationItemFactory(lead_unit=unit, deadline=D(2026, 10, 8))
    # when scanned on the make-up Saturday 10 Oct
    scans.scan_rectification_items(D(2026, 10, 10), now=at(D(2026, 10, 10)))
    # then only 10 Oct counts as late (9 Oct is off)
    assert flags_of(item, "deadline").get().figures["overdue_workdays"] == 1


def test_overdue_rises_from_yellow_to_red_as_one_flag(unit):
    item = RectificationItemFactory(lead_unit=unit, deadline=D(2026, 9, 30))
    scans.scan_rectification_items(D(2026, 9, 28), now=at(D(2026, 9, 28)))
    scans.scan_rectification_items(D(2026, 10, 8), now=at(D(2026, 10, 8)))
    flag = flags_of(item, "deadline").get()
    assert flag.level == 3
    assert list(flag.events.values_list("event", "old_level", "new_level")) == [
        ("raised", None, 1), ("escalated", 1, 3)]
    assert sorted(flag.notices.values_list("kind", flat=True)) == ["reminder", "summons"]


def test_sign_off_clears_then_lookback_due_then_rebound_raises_again(unit, duty_supervisor):
    # given an overdue item with a red flag
    item = RectificationItemFactory(lead_unit=unit, deadline=D(2026, 3, 31), state="in_progress")
    scans.scan_rectification_items(D(2026, 4, 7), now=at(D(2026, 4, 7)))
    # when a supervisor signs it off, with a look-back due on 1 Jun
    sign_off(item, duty_supervisor, at(D(2026, 4, 10)))
    RectificationItem.objects.filter(id=item.id).update(lookback_due=D(2026, 6, 1))
    scans.scan_rectification_items(D(2026, 4, 13), now=at(D(2026, 4, 13)))
    # then the deadline flag is cleared and nothing else is open
    first = flags_of(item, "deadline").get()
    assert first.cleared_at is not None and first.events.last().event == "cleared"
    assert not Flag.objects.filter(cleared_at=None).exists()
    # when the look-back date comes
    scans.scan_rectification_items(D(2026, 6, 2), now=at(D(2026, 6, 2)))
    assert flags_of(item, "lookback_due").get().level == 1
    # when the look-back finds a rebound (反弹): back in progress with a new deadline, then overdue
    RectificationItem.objects.filter(id=item.id).update(
        state="in_progress", deadline=D(2026, 6, 30), rebound_count=1, lookback_done_at=at(D(2026, 6, 3)))
    scans.scan_rectification_items(D(2026, 7, 1), now=at(D(2026, 7, 1)))
    # then the look-back flag clears and a second, new deadline flag is raised red
    assert flags_of(item, "lookback_due").get().cleared_at is not None
    deadline_flags = flags_of(item, "deadline").order_by("raised_at")
    assert [(f.level, f.cleared_at is None) for f in deadline_flags] == [(3, False), (3, True)]


def test_lookback_date_derived_from_sign_off_when_not_set(unit, duty_supervisor):
    item = RectificationItemFactory(lead_unit=unit, deadline=D(2026, 3, 31))
    item.round.lookback_after_days = 30
    item.round.save()
    sign_off(item, duty_supervisor, at(D(2026, 4, 1)))
    scans.scan_rectification_items(D(2026, 4, 30), now=at(D(2026, 4, 30)))
    assert not flags_of(item, "lookback_due").exists()
    scans.scan_rectification_items(D(2026, 5, 1), now=at(D(2026, 5, 1)))
    assert flags_of(item, "lookback_due").get().figures["lookback_due"] == "2026-05-01"


def test_completion_report_without_evidence_flagged_until_evidence_arrives(unit):
    item = RectificationItemFactory(lead_unit=unit, state="reported", completion_reported_at=at(D(2026, 5, 1)))
    scans.scan_rectification_items(D(2026, 5, 6), now=at(D(2026, 5, 6)))
    assert flags_of(item, "evidence_missing").get().level == 1
    Evidence.objects.create(item=item, file="evidence/x.jpg", description="现场照片")
    scans.scan_rectification_items(D(2026, 5, 7), now=at(D(2026, 5, 7)))
    assert flags_of(item, "evidence_missing").get().cleared_at is not None


def test_deleted_item_flag_is_cleared(unit):
    item = RectificationItemFactory(lead_unit=unit, deadline=D(2026, 3, 31))
    scans.scan_rectification_items(D(2026, 4, 7), now=at(D(2026, 4, 7)))
    item.soft_delete()
    scans.scan_rectification_items(D(2026, 4, 8), now=at(D(2026, 4, 8)))
    assert flags_of(item).get().cleared_at is not None


def test_project_milestone_overdue_until_done(unit):
    milestone = MilestoneFactory(project__lead_unit=unit, due_on=D(2026, 6, 30))
    scans.scan_milestones(D(2026, 7, 2), now=at(D(2026, 7, 2)))
    flag = flags_of(milestone, "deadline").get()
    assert (flag.level, flag.unit, flag.figures["overdue_workdays"]) == (3, unit, 2)
    milestone.done_on = D(2026, 7, 3)
    milestone.save()
    scans.scan_milestones(D(2026, 7, 6), now=at(D(2026, 7, 6)))
    assert flags_of(milestone).get().cleared_at is not None


def test_fund_behind_expected_path_is_yellow_with_thresholds_tolerance(unit):
    fund = FundAllocationFactory(unit=unit, amount=Decimal("1000"), allocated_on=D(2026, 1, 1),
                                 execution_deadline=D(2026, 12, 31))
    DisbursementFactory(allocation=fund, amount=Decimal("300"))
    scans.scan_funds(D(2026, 7, 2), now=at(D(2026, 7, 2)))
    flag = flags_of(fund, "fund_execution").get()
    assert (flag.level, flag.figures["rate"], flag.figures["reason"]) == (1, "30.00", "fund_behind")
    DisbursementFactory(allocation=fund, amount=Decimal("200"))
    scans.scan_funds(D(2026, 7, 3), now=at(D(2026, 7, 3)))
    assert flags_of(fund).get().cleared_at is not None


def test_missing_daily_report_flagged_on_working_day_cleared_when_filed(unit):
    unit.has_daily_report_duty = True
    unit.save()
    quiet = OrgUnitFactory(has_daily_report_duty=False)
    # a holiday: nothing to check
    scans.scan_daily_reports(D(2026, 10, 5), now=at(D(2026, 10, 5), 18))
    assert not Flag.objects.exists()
    scans.scan_daily_reports(D(2026, 10, 8), now=at(D(2026, 10, 8), 18))
    flag = flags_of(unit, "daily_report_missing").get()
    assert flag.figures["report_date"] == "2026-10-08"
    assert not flags_of(quiet).exists()
    DailyReport.objects.create(unit=unit, report_date=D(2026, 10, 9), is_zero=True)
    scans.scan_daily_reports(D(2026, 10, 9), now=at(D(2026, 10, 9), 18))
    assert flags_of(unit).get().cleared_at is not None


@pytest.mark.parametrize("levels, events", [
    ([1], [("raised", 1)]),
    ([1, 2], [("raised", 1), ("escalated", 2)]),
    ([3, 1], [("raised", 3), ("lowered", 1)]),
    ([2, 0], [("raised", 2), ("cleared", 0)]),
    ([2, None], [("raised", 2), ("cleared", 0)]),
    ([0, 0], []),
])
def test_target_flag_follows_stored_level(unit, levels, events):
    target = TargetFactory(lead_unit=unit)
    for i, level in enumerate(levels):
        type(target).objects.filter(id=target.id).update(level=level, reason="test", explanation_zh=f"第{i}次")
        scans.sync_target_flags(D(2026, 5, 6), now=at(D(2026, 5, 6 + i)))
    assert list(FlagEvent.objects.filter(flag__cause="target_status").values_list("event", "new_level")) == events


def test_inactive_target_flag_is_cleared(unit):
    target = TargetFactory(lead_unit=unit, level=2)
    scans.sync_target_flags(D(2026, 5, 6), now=at(D(2026, 5, 6)))
    type(target).objects.filter(id=target.id).update(is_active=False)
    scans.sync_target_flags(D(2026, 5, 7), now=at(D(2026, 5, 7)))
    assert flags_of(target).get().cleared_at is not None
