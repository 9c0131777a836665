"""The pure rules of the scans: explicit as_of, the real Chinese working-day calendar."""
import datetime as dt
from decimal import Decimal

import pytest

from tracker.jobs import rules
from tracker.workdays import WorkdayCalendar

CAL = WorkdayCalendar()  # 2026 statutory schedule: National Day off 1–7 Oct, Mid-Autumn 25 Sep


def test_deadline_on_eve_of_national_day_is_one_working_day_late_after_it():
    # given a deadline on Wed 30 Sep 2026 and the holiday 1–7 Oct
    # when checked on Thu 8 Oct, the first working day after
    verdict = rules.deadline_verdict(dt.date(2026, 9, 30), dt.date(2026, 10, 8), CAL, 10)
    # then it is red, one working day (eight calendar days) late
    assert (verdict.level, verdict.reason) == (rules.RED, "overdue")
    assert verdict.figures["overdue_workdays"] == 1
    assert verdict.figures["overdue_days"] == 8


def test_due_soon_counts_working_days_not_calendar_days():
    # 11 calendar days before Fri 9 Oct, but only 4 working days (29, 30 Sep, 8, 9 Oct)
    verdict = rules.deadline_verdict(dt.date(2026, 10, 9), dt.date(2026, 9, 28), CAL, 5)
    assert (verdict.level, verdict.reason) == (rules.YELLOW, "due_soon")
    assert verdict.figures["left_workdays"] == 4


@pytest.mark.parametrize("as_of, expected", [
    (dt.date(2026, 9, 1), None),  # far from the deadline
    (dt.date(2026, 10, 9), rules.YELLOW),  # due today: 0 working days left
    (dt.date(2026, 10, 10), rules.RED),  # a make-up Saturday after the deadline
])
def test_deadline_levels(as_of, expected):
    verdict = rules.deadline_verdict(dt.date(2026, 10, 9), as_of, CAL, 5)
    assert (verdict.level if verdict else None) == expected


def test_lookback_due_only_once_its_date_has_come_and_not_done():
    due = dt.date(2026, 6, 1)
    assert rules.lookback_verdict(dt.date(2025, 12, 1), due, False, dt.date(2026, 5, 29), CAL) is None
    assert rules.lookback_verdict(dt.date(2025, 12, 1), due, True, dt.date(2026, 6, 2), CAL) is None
    verdict = rules.lookback_verdict(dt.date(2025, 12, 1), due, False, dt.date(2026, 6, 2), CAL)
    assert (verdict.level, verdict.reason) == (rules.YELLOW, "lookback_due")


def test_completion_report_without_evidence_is_yellow():
    assert rules.evidence_verdict(True, 0).reason == "evidence_missing"
    assert rules.evidence_verdict(True, 2) is None
    assert rules.evidence_verdict(False, 0) is None


@pytest.mark.parametrize("paid, as_of, expected", [
    ("300", dt.date(2026, 7, 2), rules.YELLOW),  # 30% paid, 50% expected, 5 points tolerance
    ("460", dt.date(2026, 7, 2), None),  # 46% is within the tolerance of 50%
    ("900", dt.date(2027, 1, 1), rules.RED),  # deadline passed at 90% of 100%
    ("1000", dt.date(2027, 1, 1), None),  # met
])
def test_fund_execution_against_linear_path(paid, as_of, expected):
    verdict = rules.fund_verdict(Decimal("1000"), Decimal(paid), None, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                 as_of, Decimal("0.05"))
    assert (verdict.level if verdict else None) == expected


def test_fund_behind_figures_name_expected_rate_and_tolerance():
    verdict = rules.fund_verdict(Decimal("1000"), Decimal("300"), Decimal("90"), dt.date(2026, 1, 1),
                                 dt.date(2026, 12, 31), dt.date(2026, 7, 2), Decimal("0.05"))
    assert verdict.figures["rate"] == "30.00"
    assert Decimal(verdict.figures["expected_rate"]) == Decimal("45.00")
    assert verdict.figures["tolerance_points"] == "4.50"


def test_daily_report_missing_only_on_working_days():
    assert rules.daily_report_verdict(True, False, dt.date(2026, 10, 8), CAL).reason == "daily_report_missing"
    assert rules.daily_report_verdict(True, False, dt.date(2026, 10, 3), CAL) is None  # National Day
    assert rules.daily_report_verdict(True, True, dt.date(2026, 10, 8), CAL) is None
    assert rules.daily_report_verdict(False, False, dt.date(2026, 10, 8), CAL) is None


@pytest.mark.parametrize("level, subject_level, new_subject_level, expected", [
    (1, 1, 2, 2),  # follows the subject up
    (2, 2, 1, 1),  # and down
    (2, 1, 1, 2),  # escalated for being unanswered: kept while the subject stays yellow
    (2, 1, 3, 3),  # the subject rising past it wins
    (3, 1, 2, 3),  # still kept above a subject that rose less
])
def test_flag_level_after_scan(level, subject_level, new_subject_level, expected):
    assert rules.flag_level_after_scan(level, subject_level, new_subject_level) == expected


@pytest.mark.parametrize("level, since, answered, as_of, expected", [
    (1, dt.date(2026, 9, 28), False, dt.date(2026, 10, 8), False),  # 3 working days (29, 30 Sep, 8 Oct)
    (1, dt.date(2026, 9, 28), False, dt.date(2026, 10, 12), True),  # 29, 30, 8, 9, 10(调休) Oct → 5
    (1, dt.date(2026, 9, 28), True, dt.date(2026, 10, 12), False),  # answered
    (3, dt.date(2026, 9, 28), False, dt.date(2026, 12, 1), False),  # red is the top
])
def test_due_for_escalation(level, since, answered, as_of, expected):
    assert rules.due_for_escalation(level, since, answered, as_of, CAL, {1: 5, 2: 5}) is expected


@pytest.mark.parametrize("as_of, says, never", [
    # Fri 9 Oct 2026 is the deadline
    (dt.date(2026, 10, 9), "今日到期", "仅剩"),           # the day itself: 0 working days left
    (dt.date(2026, 10, 8), "仅剩 1 个工作日", "今日到期"),  # Thursday: Friday is left
])
def test_a_due_soon_warning_says_due_today_on_the_deadline_day(as_of, says, never):
    verdict = rules.deadline_verdict(dt.date(2026, 10, 9), as_of, CAL, 5)
    assert (verdict.level, verdict.reason) == (rules.YELLOW, "due_soon")
    assert says in verdict.text and never not in verdict.text
    assert "0个工作日" not in verdict.text and "0 个工作日" not in verdict.text


def test_the_status_engine_and_the_scans_word_the_deadline_day_alike():
    # one definition: the milestone rule's explanation and the scan's letter both say 今日到期
    from tracker.status import Kind, TargetSpec, Thresholds, evaluate_milestone

    day = dt.date(2026, 10, 9)
    evaluation = evaluate_milestone(TargetSpec(kind=Kind.MILESTONE, metric="任务", deadline=day), None, day,
                                    Thresholds(warning_window_days=5), CAL)
    assert "今日到期" in evaluation.explanation_zh and "today" in evaluation.explanation_en
    assert "今日到期" in rules.deadline_verdict(day, day, CAL, 5).text
