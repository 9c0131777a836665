from datetime import date

import pandas as pd
import pytest

from tracker.status import (
    Level,
    Reason,
    TargetData,
    TargetSpec,
    Thresholds,
    evaluate_milestone,
    evaluate_progress,
    evaluate_target,
    expected_value,
)
from tracker.workdays import WorkdayCalendar

FUND_RATE = TargetSpec(
    kind="progress",
    comparator=">=",
    target_value=95,
    unit="%",
    metric="专项资金执行率",
    baseline_value=0,
    period_start=date(2025, 1, 1),
    deadline=date(2025, 12, 31),
)
MID_YEAR = date(2025, 7, 2)  # 182 of 364 days from 01-01 to 12-31: half the time has gone


def reports(*dated_values):
    """Progress reports: reports((date(2025, 6, 2), 34), (date(2025, 7, 2), 40))."""
    return pd.Series(
        [v for _, v in dated_values], index=pd.to_datetime([d for d, _ in dated_values]), dtype=float
    )


@pytest.mark.parametrize(
    "baseline, target, start, deadline, as_of, expected",
    [
        (0, 95, date(2025, 1, 1), date(2025, 12, 31), MID_YEAR, 47.5),  # 0 + 95 × 182/364
        (0, 95, date(2025, 1, 1), date(2025, 12, 31), date(2024, 12, 1), 0.0),  # before the start
        (0, 95, date(2025, 1, 1), date(2025, 12, 31), date(2026, 2, 1), 95.0),  # after the deadline
        (53, 0, date(2025, 1, 1), date(2025, 12, 31), MID_YEAR, 26.5),  # 53 − 53 × 0.5: a count going down
        (0, 15, date(2025, 1, 1), date(2025, 1, 1), date(2025, 1, 1), 15.0),  # due the day it starts
    ],
)
def test_expected_value(baseline, target, start, deadline, as_of, expected):
    assert expected_value(baseline, target, start, deadline, as_of) == pytest.approx(expected)


@pytest.mark.parametrize(
    "month_ago, now, level, reason, projected",
    [
        # expected 47.5 on 07-02; tolerance 5% of 95 = 4.75; 182 days to go
        (34, 40, Level.ORANGE, Reason.PROJECTED_TO_MISS, 76.4),  # 7.5 behind; 40 + 0.2 × 182
        (20, 40, Level.YELLOW, Reason.BEHIND_EXPECTED_PATH, 161.333),  # behind, but 40 + 0.667 × 182
        (47.5, 47.5, Level.YELLOW, Reason.PROJECTED_TO_MISS, 47.5),  # on the path but stalled
        (35, 45, Level.GREEN, Reason.ON_TRACK, 105.667),  # 2.5 behind (within 4.75); 45 + 0.333 × 182
    ],
)
def test_progress_against_the_time_path_and_the_trend(month_ago, now, level, reason, projected):
    # given reports a month apart (2025-06-02 and 2025-07-02)
    progress = reports((date(2025, 6, 2), month_ago), (date(2025, 7, 2), now))

    # when
    result = evaluate_progress(FUND_RATE, progress, MID_YEAR)

    # then
    assert (result.level, result.reason) == (level, reason)
    assert result.figures["expected_value"] == pytest.approx(47.5)
    assert result.figures["projected_value"] == pytest.approx(projected, abs=1e-3)
    assert result.figures["days_to_deadline"] == 182


def test_progress_explanation_names_tolerance_and_window():
    # given 40% against an expected 47.5%
    progress = reports((date(2025, 6, 2), 34), (date(2025, 7, 2), 40))

    # when
    result = evaluate_progress(FUND_RATE, progress, MID_YEAR)

    # then 7.5 behind is 7.9% of the 95 points to go
    assert "按时间进度应达 47.5%，落后 7.5 个百分点（为目标增量的 7.9%，容差 5.0%）" in result.explanation_zh
    assert "预警窗口 10 天（自然日）" in result.explanation_zh
    assert result.thresholds_used["progress_tolerance"] == 0.05


def test_progress_reached_early_is_achieved():
    # when
    result = evaluate_progress(FUND_RATE, reports((date(2025, 10, 15), 96)), date(2025, 10, 20))

    # then
    assert (result.level, result.reason) == (Level.GREEN, Reason.ACHIEVED)


def test_progress_past_the_deadline_unmet_is_overdue():
    # when
    result = evaluate_progress(FUND_RATE, reports((date(2025, 12, 31), 90)), date(2026, 1, 5))

    # then
    assert (result.level, result.reason) == (Level.RED, Reason.OVERDUE)
    assert result.figures["days_to_deadline"] == -5


def test_progress_on_track_inside_the_warning_window_is_due_soon():
    # given 93.5 on 12-24 (expected 95 × 357/364 = 93.17), trend 88 → 93.5 projects 94.78,
    # short by 0.2% of the distance: fine; but the deadline is 7 calendar days away
    progress = reports((date(2025, 11, 24), 88), (date(2025, 12, 24), 93.5))

    # when
    result = evaluate_progress(FUND_RATE, progress, date(2025, 12, 24))

    # then
    assert (result.level, result.reason) == (Level.YELLOW, Reason.DUE_SOON)
    assert result.figures["projected_value"] == pytest.approx(94.783, abs=1e-3)


def test_progress_counts_working_days_with_a_calendar():
    # given 12-24 → 12-31: 25, 26, 29, 30, 31 are the working days left
    progress = reports((date(2025, 11, 24), 88), (date(2025, 12, 24), 93.5))

    # when
    result = evaluate_progress(FUND_RATE, progress, date(2025, 12, 24), calendar=WorkdayCalendar())

    # then
    assert result.figures["days_to_deadline"] == 5
    assert result.figures["days_to_deadline_basis"] == "working"
    assert "还有 5 个工作日（预警窗口 10 个工作日）" in result.explanation_zh


def test_progress_toward_a_smaller_count():
    # given 53 open problems to be brought to 0; 30 left at mid-year, the only report.
    # expected 26.5; behind by 3.5 = 6.6% of 53. Trend from (01-01, 53) to (07-02, 30):
    # −23/182 a day → 30 − 23 = 7 at the deadline, 13.2% of 53 short → both: orange
    spec = TargetSpec(
        kind="progress",
        comparator="<=",
        target_value=0,
        baseline_value=53,
        unit="个",
        period_start=date(2025, 1, 1),
        deadline=date(2025, 12, 31),
    )

    # when
    result = evaluate_progress(spec, reports((date(2025, 7, 2), 30)), MID_YEAR)

    # then
    assert result.figures["gap_to_expected"] == pytest.approx(3.5 / 53)
    assert result.figures["projected_value"] == pytest.approx(7.0)
    assert (result.level, result.reason) == (Level.ORANGE, Reason.PROJECTED_TO_MISS)


def test_progress_count_ahead_of_the_path_is_on_track():
    # given 造林 15万亩: 9 done by 07-02 (expected 7.5); trend 9/182 a day → 18 by year end
    spec = TargetSpec(
        kind="progress",
        comparator=">=",
        target_value=15,
        unit="万亩",
        period_start=date(2025, 1, 1),
        deadline=date(2025, 12, 31),
    )

    # when
    result = evaluate_progress(spec, reports((date(2025, 7, 2), 9)), MID_YEAR)

    # then
    assert (result.level, result.reason) == (Level.GREEN, Reason.ON_TRACK)
    assert result.figures["projected_value"] == pytest.approx(18.0)


@pytest.mark.parametrize(
    "as_of, level, reason",
    [
        (date(2025, 3, 1), Level.YELLOW, Reason.NO_DATA),
        (date(2024, 12, 1), Level.GREEN, Reason.NOT_STARTED),
    ],
)
def test_progress_without_reports(as_of, level, reason):
    # when
    result = evaluate_progress(FUND_RATE, None, as_of)

    # then
    assert (result.level, result.reason) == (level, reason)


def test_progress_tolerance_is_configurable():
    # given 2.5 behind = 2.6% of the distance; a 2% tolerance makes that behind
    progress = reports((date(2025, 6, 2), 35), (date(2025, 7, 2), 45))

    # when
    result = evaluate_progress(FUND_RATE, progress, MID_YEAR, Thresholds(progress_tolerance=0.02))

    # then
    assert result.reason == Reason.BEHIND_EXPECTED_PATH


def test_progress_with_masked_target_is_value_unknown():
    # given "执行率达到**.**%以上"
    spec = TargetSpec(kind="progress", comparator=">=", target_value=None, deadline=date(2025, 12, 31))

    # when
    result = evaluate_progress(spec, reports((date(2025, 7, 2), 40)), MID_YEAR)

    # then
    assert (result.level, result.reason) == (Level.YELLOW, Reason.VALUE_UNKNOWN)


# -- milestones ----------------------------------------------------------------------

PLAN_DUE = TargetSpec(kind="milestone", metric="上报整改方案", deadline=date(2025, 3, 31))


@pytest.mark.parametrize(
    "done_on, as_of, level, reason",
    [
        (date(2025, 3, 20), date(2025, 4, 10), Level.GREEN, Reason.ACHIEVED),
        (date(2025, 4, 3), date(2025, 4, 10), Level.GREEN, Reason.ACHIEVED),  # late, but done
        (None, date(2025, 4, 2), Level.RED, Reason.OVERDUE),
        (date(2025, 4, 5), date(2025, 4, 2), Level.RED, Reason.OVERDUE),  # done later than as_of
        (None, date(2025, 3, 25), Level.YELLOW, Reason.DUE_SOON),  # 6 days ≤ 10
        (None, date(2025, 3, 21), Level.YELLOW, Reason.DUE_SOON),  # 10 days: window edge
        (None, date(2025, 3, 20), Level.GREEN, Reason.ON_TRACK),  # 11 days
    ],
)
def test_milestone(done_on, as_of, level, reason):
    # when
    result = evaluate_milestone(PLAN_DUE, done_on, as_of)

    # then
    assert (result.level, result.reason) == (level, reason)


def test_milestone_done_late_records_days_late():
    # when
    result = evaluate_milestone(PLAN_DUE, date(2025, 4, 3), date(2025, 4, 10))

    # then
    assert result.figures["days_late"] == 3
    assert "逾期 3 天（自然日）" in result.explanation_zh


@pytest.mark.parametrize(
    "deadline, as_of, working_days, calendar_days",
    [
        (date(2025, 3, 31), date(2025, 3, 17), 10, 14),  # two plain weeks and a Monday
        (date(2025, 10, 10), date(2025, 9, 26), 5, 14),  # 国庆: 9-28 (调休 Sunday), 9-29, 9-30, 10-9, 10-10
    ],
)
def test_milestone_window_counts_working_days_with_a_calendar(deadline, as_of, working_days, calendar_days):
    # given
    spec = TargetSpec(kind="milestone", metric="上报整改方案", deadline=deadline)

    # when
    by_working_days = evaluate_milestone(spec, None, as_of, calendar=WorkdayCalendar())
    by_calendar_days = evaluate_milestone(spec, None, as_of)

    # then
    assert (by_working_days.level, by_working_days.figures["days_to_deadline"]) == (
        Level.YELLOW,
        working_days,
    )
    assert (by_calendar_days.level, by_calendar_days.figures["days_to_deadline"]) == (
        Level.GREEN,
        calendar_days,
    )
    assert "个工作日" in by_working_days.explanation_zh
    assert "自然日" in by_calendar_days.explanation_zh


def test_milestone_says_when_the_calendar_fell_back_to_weekends():
    # given a year chinesecalendar does not know and nobody entered
    spec = TargetSpec(kind="milestone", metric="报送整改情况", deadline=date(2030, 3, 29))

    # when
    result = evaluate_milestone(spec, None, date(2030, 3, 25), calendar=WorkdayCalendar())

    # then
    assert "仅按周末计算" in result.explanation_zh


def test_milestone_without_deadline_is_flagged():
    # when
    result = evaluate_milestone(TargetSpec(kind="milestone", metric="整改方案"), None, date(2025, 1, 1))

    # then
    assert (result.level, result.reason) == (Level.YELLOW, Reason.PERIOD_UNKNOWN)


# -- wording (issue 11) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec, progress",
    [
        (TargetSpec(kind="milestone", metric="报送整改情况", deadline=date(2030, 3, 29)), None),
        (
            TargetSpec(kind="progress", comparator=">=", target_value=100, unit="%", metric="完成率",
                       period_start=date(2030, 1, 1), deadline=date(2030, 3, 29)),
            pd.Series([10.0, 20.0], index=pd.to_datetime(["2030-02-01", "2030-03-01"])),
        ),
    ],
)
def test_the_weekends_only_caveat_is_said_once(spec, progress):
    # given 2030, a year with no holiday schedule: the caveat belongs once per sentence, not
    # inside every day count ("还有 4 个工作日（…待核对）（预警窗口 10 个工作日（…待核对））")
    # when
    result = evaluate_target(spec, TargetData(progress=progress), date(2030, 3, 25), calendar=WorkdayCalendar())

    # then
    assert result.explanation_zh.count("待核对") == 1
    assert result.explanation_en.count("to be checked") == 1
    assert "预警窗口 10 个工作日）" in result.explanation_zh


@pytest.mark.parametrize(
    "spec, progress",
    [
        (TargetSpec(kind="milestone", metric="上报整改方案", deadline=date(2025, 6, 30)), None),
        (
            TargetSpec(kind="progress", comparator=">=", target_value=100, unit="%", metric="完成率",
                       period_start=date(2025, 1, 1), deadline=date(2025, 6, 30)),
            pd.Series([90.0, 95.0], index=pd.to_datetime(["2025-06-20", "2025-06-29"])),
        ),
    ],
)
def test_on_the_deadline_day_the_text_says_due_today(spec, progress):
    # given as_of = the deadline, not done: 0 days left
    # when
    result = evaluate_target(spec, TargetData(progress=progress), date(2025, 6, 30))

    # then
    assert result.level == Level.YELLOW and result.figures["days_to_deadline"] == 0
    assert "今日到期" in result.explanation_zh and "仅剩 0" not in result.explanation_zh
    assert "today" in result.explanation_en and "还有 0" not in result.explanation_zh


def test_one_day_before_the_deadline_still_counts_the_day():
    # given the day before: 1 day left, said as a count
    spec = TargetSpec(kind="milestone", metric="上报整改方案", deadline=date(2025, 6, 30))

    # when
    result = evaluate_milestone(spec, None, date(2025, 6, 29))

    # then
    assert "仅剩 1 天（自然日）" in result.explanation_zh and "今日到期" not in result.explanation_zh
