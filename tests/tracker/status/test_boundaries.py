"""Every rule exactly on its boundaries, where mistakes hide (a value equal to the target, a count
equal to the allowance, a deadline equal to the window). Each row says which side the boundary
belongs to; the comparisons they pin down were found by mutation testing (docs/status-rules.md)."""

from datetime import date

import pandas as pd
import pytest

from tracker.status import (
    Level,
    Reason,
    TargetSpec,
    Thresholds,
    evaluate_day_budget,
    evaluate_day_ratio,
    evaluate_milestone,
    evaluate_percentile,
    evaluate_period_mean,
    evaluate_progress,
    evaluate_rank,
    evaluate_site_share,
    required_remaining_mean,
)

from tracker.status.air import record_floor

from .builders import constant, daily, first_k

YEAR_2025 = dict(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))  # N = 365
AFTER = date(2026, 1, 5)


# -- period mean ----------------------------------------------------------------------------------

PM25 = TargetSpec(kind="period_mean", target_value=35, unit="μg/m³", metric="PM2.5", **YEAR_2025)


@pytest.mark.parametrize(
    "mean, level, reason",
    [
        (35.0, Level.GREEN, Reason.ACHIEVED),  # exactly the target: met
        (35.25, Level.RED, Reason.MISSED),
    ],
)
def test_period_mean_over_exactly_at_the_target(mean, level, reason):
    result = evaluate_period_mean(PM25, constant(date(2025, 1, 1), 365, mean), AFTER)
    assert (result.level, result.reason) == (level, reason)


def test_period_mean_with_a_required_remaining_mean_of_exactly_zero_is_orange():
    # given 292 days at 43.75: S = 12 775 = T·N, so R = 0 over the 73 days left
    result = evaluate_period_mean(PM25, constant(date(2025, 1, 1), 292, 43.75), date(2025, 10, 19))

    # then no margin, but not yet impossible
    assert result.figures["required_remaining_mean"] == 0.0
    assert (result.level, result.reason) == (Level.ORANGE, Reason.NO_MARGIN_LEFT)


@pytest.mark.parametrize(
    "so_far, level",
    [
        # 300 days at 38.25: R = 20.0; no last year, so the mean so far is the base: 20 / 38.25 − 1
        (38.25, Level.ORANGE),
        # 300 days at 20.0: R = (12 775 − 6 000) / 65 = 104.2 ≥ 20 → change ≥ 0, green
        (20.0, Level.GREEN),
    ],
)
def test_period_mean_against_the_pace_so_far(so_far, level):
    result = evaluate_period_mean(PM25, constant(date(2025, 1, 1), 300, so_far), date(2025, 10, 27))
    assert result.level == level


@pytest.mark.parametrize(
    "margin, level",
    [
        # R = 20.0 against last year's 32.0: change 20/32 − 1 = −0.375, exact in binary
        (0.375, Level.YELLOW),  # on the orange margin: not beyond it
        (0.37, Level.ORANGE),
    ],
)
def test_period_mean_on_the_orange_margin_is_yellow(margin, level):
    last_year = constant(date(2024, 10, 28), 65, 32.0)
    result = evaluate_period_mean(PM25, constant(date(2025, 1, 1), 300, 38.25), date(2025, 10, 27),
                                  Thresholds(orange_margin=margin), last_year=last_year)
    assert result.figures["required_change_vs_last_year"] == -0.375
    assert result.level == level


def test_period_mean_equal_to_last_year_is_green():
    # R = 20.0 and last year's same days at 20.0: change exactly 0
    last_year = constant(date(2024, 10, 28), 65, 20.0)
    result = evaluate_period_mean(PM25, constant(date(2025, 1, 1), 300, 38.25), date(2025, 10, 27),
                                  last_year=last_year)
    assert result.level == Level.GREEN


# -- percentile -----------------------------------------------------------------------------------

O3 = TargetSpec(kind="percentile", target_value=160, unit="μg/m³", metric="O3", percentile=0.9, **YEAR_2025)


def test_percentile_over_exactly_at_the_target_is_met():
    result = evaluate_percentile(O3, constant(date(2025, 1, 1), 365, 160.0), AFTER)
    assert (result.level, result.reason) == (Level.GREEN, Reason.ACHIEVED)


def test_days_exactly_at_the_limit_do_not_exceed_it():
    # given 300 days at 160 (= T): none exceed, 36 may still
    result = evaluate_percentile(O3, constant(date(2025, 1, 1), 300, 160.0), date(2025, 10, 27))
    assert (result.figures["days_exceeding"], result.figures["remaining_allowance"]) == (0, 36)


@pytest.mark.parametrize(
    "exceeded, level, reason",
    [
        # N = 365, p = 0.9: k = 328.6, allowance 365 − 329 = 36, certain failure beyond 365 − 328 = 37
        (37, Level.ORANGE, Reason.NO_MARGIN_LEFT),  # 37 = the certain bound: not yet certain
        (38, Level.RED, Reason.CANNOT_BE_MET),
        (36, Level.ORANGE, Reason.NO_MARGIN_LEFT),  # left 0
    ],
)
def test_percentile_at_the_certain_failure_bound(exceeded, level, reason):
    values = daily(date(2025, 1, 1), [170.0] * exceeded + [100.0] * (300 - exceeded))
    result = evaluate_percentile(O3, values, date(2025, 10, 27))
    assert (result.level, result.reason) == (level, reason)


@pytest.mark.parametrize(
    "observed, exceeded, level, reason",
    [
        (336, 6, Level.GREEN, Reason.SECURED),  # left 36 − 6 = 30 over r = 29 remaining days
        (335, 6, Level.GREEN, Reason.SECURED),  # left 30 over r = 30: exactly enough
    ],
)
def test_percentile_secured_when_the_allowance_covers_every_remaining_day(observed, exceeded, level, reason):
    values = daily(date(2025, 1, 1), [170.0] * exceeded + [100.0] * (observed - exceeded))
    result = evaluate_percentile(O3, values, date(2025, 1, 1) + pd.Timedelta(days=observed - 1))
    assert (result.level, result.reason) == (level, reason)


# -- day budget -----------------------------------------------------------------------------------

HEAVY = TargetSpec(kind="day_budget", target_value=5, unit="天", metric="重污染天数", **YEAR_2025)


@pytest.mark.parametrize(
    "used, level, reason",
    [
        (5, Level.GREEN, Reason.ACHIEVED),  # exactly the budget: met
        (6, Level.RED, Reason.MISSED),
    ],
)
def test_day_budget_over_exactly_at_the_budget(used, level, reason):
    result = evaluate_day_budget(HEAVY, first_k(date(2025, 1, 1), 365, used), AFTER)
    assert (result.level, result.reason) == (level, reason)


@pytest.mark.parametrize(
    "observed, used, reason",
    [
        (360, 0, Reason.SECURED),  # 5 left, 5 remaining: exactly enough
        (359, 0, Reason.ON_TRACK),  # 5 left, 6 remaining; the pace so far (0) expects none
    ],
)
def test_day_budget_secured_when_left_covers_the_remaining_days(observed, used, reason):
    result = evaluate_day_budget(HEAVY, first_k(date(2025, 1, 1), observed, used),
                                 date(2025, 1, 1) + pd.Timedelta(days=observed - 1))
    assert result.reason == reason


# -- day ratio ------------------------------------------------------------------------------------

GOOD = TargetSpec(kind="day_ratio", comparator=">=", target_value=80, unit="%", metric="优良天数比例", **YEAR_2025)


@pytest.mark.parametrize(
    "good, level",
    [
        (292, Level.GREEN),  # 292/365 = 80.0%: met
        (291, Level.RED),  # 79.7%
    ],
)
def test_day_ratio_over_exactly_at_the_target(good, level):
    result = evaluate_day_ratio(GOOD, first_k(date(2025, 1, 1), 365, good), AFTER)
    assert result.level == level


@pytest.mark.parametrize(
    "good, level, reason",
    [
        (292, Level.GREEN, Reason.SECURED),  # need 292, have 292
        (291, Level.ORANGE, Reason.NO_MARGIN_LEFT),  # need 1 more of the 1 day left
    ],
)
def test_day_ratio_secured_exactly_when_the_needed_days_are_in(good, level, reason):
    # given 364 days observed
    result = evaluate_day_ratio(GOOD, first_k(date(2025, 1, 1), 364, good), date(2025, 12, 30))
    assert (result.level, result.reason) == (level, reason)


def test_day_ratio_needing_more_than_the_remaining_days_is_red():
    # given 290 good of 364: 2 needed of 1 left
    result = evaluate_day_ratio(GOOD, first_k(date(2025, 1, 1), 364, 290), date(2025, 12, 30))
    assert (result.level, result.reason) == (Level.RED, Reason.CANNOT_BE_MET)


@pytest.mark.parametrize(
    "last_year_good, level",
    [
        # 253 of 300 good: 39 of 65 needed, q = 0.6. Last year's 65 days: L = good / 65
        (39, Level.GREEN),  # L = q: change 0
        (36, Level.YELLOW),  # q/L − 1 = 39/36 − 1 = 8.3%
        (35, Level.ORANGE),  # 39/35 − 1 = 11.4% > 10%
    ],
)
def test_day_ratio_against_last_year_at_its_boundaries(last_year_good, level):
    last_year = first_k(date(2024, 10, 28), 65, last_year_good)
    result = evaluate_day_ratio(GOOD, first_k(date(2025, 1, 1), 300, 253), date(2025, 10, 27), last_year=last_year)
    assert result.level == level


# -- progress and milestone -----------------------------------------------------------------------

FUND = TargetSpec(kind="progress", comparator=">=", target_value=90, unit="%", metric="资金执行率",
                  period_start=date(2025, 1, 1), deadline=date(2025, 12, 31))


def test_progress_exactly_at_the_target_is_achieved():
    result = evaluate_progress(FUND, pd.Series([90.0], index=pd.to_datetime(["2025-06-30"])), date(2025, 7, 1))
    assert (result.level, result.reason) == (Level.GREEN, Reason.ACHIEVED)


def test_progress_bringing_a_count_down_exactly_to_the_target_is_achieved():
    spec = TargetSpec(kind="progress", comparator="<=", target_value=10, unit="个", metric="未整改",
                      baseline_value=50, period_start=date(2025, 1, 1), deadline=date(2025, 12, 31))
    result = evaluate_progress(spec, pd.Series([10.0], index=pd.to_datetime(["2025-06-30"])), date(2025, 7, 1))
    assert result.reason == Reason.ACHIEVED


@pytest.mark.parametrize(
    "as_of, level, reason",
    [
        (date(2025, 12, 21), Level.YELLOW, Reason.DUE_SOON),  # 10 days: the window itself
        (date(2025, 12, 20), Level.GREEN, Reason.ON_TRACK),  # 11 days
    ],
)
def test_progress_warning_window_boundary(as_of, level, reason):
    # given ahead of the path with a trend that reaches 90
    progress = pd.Series([80.0, 89.0], index=pd.to_datetime(["2025-11-20", "2025-12-20"]))
    result = evaluate_progress(FUND, progress, as_of)
    assert (result.level, result.reason) == (level, reason)


@pytest.mark.parametrize(
    "as_of, level, reason",
    [
        (date(2025, 6, 20), Level.YELLOW, Reason.DUE_SOON),  # 10 days left = the window
        (date(2025, 6, 19), Level.GREEN, Reason.ON_TRACK),  # 11
        (date(2025, 6, 30), Level.YELLOW, Reason.DUE_SOON),  # the deadline day itself
        (date(2025, 7, 1), Level.RED, Reason.OVERDUE),
    ],
)
def test_milestone_boundaries(as_of, level, reason):
    spec = TargetSpec(kind="milestone", metric="上报整改方案", deadline=date(2025, 6, 30))
    result = evaluate_milestone(spec, None, as_of)
    assert (result.level, result.reason) == (level, reason)


def test_a_milestone_done_on_the_deadline_is_not_late():
    spec = TargetSpec(kind="milestone", metric="上报整改方案", deadline=date(2025, 6, 30))
    result = evaluate_milestone(spec, date(2025, 6, 30), date(2025, 7, 2))
    assert (result.reason, result.figures["days_late"]) == (Reason.ACHIEVED, 0)


def test_a_milestone_done_on_as_of_counts_as_done():
    spec = TargetSpec(kind="milestone", metric="上报整改方案", deadline=date(2025, 6, 30))
    assert evaluate_milestone(spec, date(2025, 6, 25), date(2025, 6, 25)).reason == Reason.ACHIEVED


# -- rank and site share --------------------------------------------------------------------------

BOTTOM_10 = TargetSpec(kind="rank", comparator="exit_bottom", target_value=10, total_count=168, metric="排名",
                       period_start=date(2025, 1, 1), deadline=date(2025, 12, 31))


@pytest.mark.parametrize(
    "latest, level, reason",
    [
        (159, Level.ORANGE, Reason.RANK_IN_BOTTOM),  # the first rank in the bottom 10
        (158, Level.YELLOW, Reason.RANK_NEAR_BOTTOM),  # one place out
        (156, Level.YELLOW, Reason.RANK_NEAR_BOTTOM),  # 3 places out: the margin itself
        (155, Level.GREEN, Reason.ON_TRACK),
    ],
)
def test_rank_boundaries(latest, level, reason):
    ranks = pd.Series([float(latest)], index=pd.to_datetime(["2025-06-01"]))
    result = evaluate_rank(BOTTOM_10, ranks, date(2025, 6, 2))
    assert (result.level, result.reason) == (level, reason)


def test_rank_on_the_deadline_is_still_judged_as_running():
    ranks = pd.Series([159.0], index=pd.to_datetime(["2025-12-01"]))
    assert evaluate_rank(BOTTOM_10, ranks, date(2025, 12, 31)).reason == Reason.RANK_IN_BOTTOM


def test_a_rank_reported_after_as_of_is_not_read():
    ranks = pd.Series([100.0, 165.0], index=pd.to_datetime(["2025-06-01", "2025-06-03"]))
    assert evaluate_rank(BOTTOM_10, ranks, date(2025, 6, 2)).figures["observed_value"] == 100


@pytest.mark.parametrize(
    "classes, level",
    [
        ({"a": 3, "b": 3, "c": 4}, Level.ORANGE),  # class III meets III; IV does not: 2 of 3 < 100%
        ({"a": 3, "b": 3, "c": 3}, Level.GREEN),  # every site exactly at the limit class
    ],
)
def test_site_share_class_exactly_at_the_limit_meets_it(classes, level):
    spec = TargetSpec(kind="site_share", comparator=">=", target_value=100, unit="%", metric="水源达标率",
                      deadline=date(2025, 12, 31))
    assert evaluate_site_share(spec, classes, date(2025, 6, 1)).level == level


def test_site_share_judged_on_the_deadline_day_is_still_running():
    spec = TargetSpec(kind="site_share", comparator=">=", target_value=100, unit="%", metric="水源达标率",
                      deadline=date(2025, 12, 31))
    assert evaluate_site_share(spec, {"a": 4}, date(2025, 12, 31)).reason == Reason.BELOW_TARGET


def test_thresholds_refuse_a_negative_value():
    with pytest.raises(ValueError):
        Thresholds(orange_margin=-0.1)


def test_required_remaining_mean_with_no_day_left_is_refused():
    # r = 0: the period is over, there is no remaining mean to ask for
    with pytest.raises(ValueError, match="no days remain"):
        required_remaining_mean(35, 365, 12775, 0)


def test_record_floor_of_no_stretch_is_none():
    # r = 0 days: there is no stretch to compare
    assert record_floor([constant(date(2024, 1, 1), 366, 20.0)], None, 365, 0) is None


def test_a_last_year_of_zeros_is_no_comparison_base():
    # given last year's 65 remaining days all at 0 (a station outage written as zeros): R / 0 is no
    # comparison, so the mean so far stands in: 300 days at 38.25, R = 20, 20/38.25 − 1 = −47.7%
    last_year = constant(date(2024, 10, 28), 65, 0.0)
    result = evaluate_period_mean(PM25, constant(date(2025, 1, 1), 300, 38.25), date(2025, 10, 27),
                                  last_year=last_year)
    assert result.figures["comparison_base"] == "so_far"
    assert result.level == Level.ORANGE


def test_a_mean_of_zero_so_far_needs_no_change():
    # given 300 days at 0: R = 12 775 / 65 = 196.5; against a zero mean the change is taken as 0
    result = evaluate_period_mean(PM25, constant(date(2025, 1, 1), 300, 0.0), date(2025, 10, 27))
    assert (result.level, result.figures["required_change_vs_so_far"]) == (Level.GREEN, 0.0)


def test_a_remaining_mean_equal_to_the_mean_so_far_is_said_as_matching():
    # given 300 days at 35 = T: R = (12 775 − 10 500) / 65 = 35, change 0 against the mean so far
    result = evaluate_period_mean(PM25, constant(date(2025, 1, 1), 300, 35.0), date(2025, 10, 27))
    assert result.level == Level.GREEN
    assert "与目前均值持平即可" in result.explanation_zh and "matching the mean so far" in result.explanation_en


def test_a_remaining_mean_below_the_mean_so_far_says_how_much_lower():
    # 300 days at 38.25: R = 20, 20/38.25 − 1 = −47.7%
    result = evaluate_period_mean(PM25, constant(date(2025, 1, 1), 300, 38.25), date(2025, 10, 27))
    assert "需比目前均值低 47.7%" in result.explanation_zh


def test_last_years_days_exactly_at_the_limit_did_not_exceed_it():
    # given 30 of 300 days above 160 (6 left) and last year's 65 remaining days exactly at 160: none
    # of them exceeded, so nothing is expected beyond what is left
    so_far = daily(date(2025, 1, 1), [170.0] * 30 + [100.0] * 270)
    last_year = constant(date(2024, 10, 28), 65, 160.0)
    result = evaluate_percentile(O3, so_far, date(2025, 10, 27), last_year=last_year)
    assert result.figures["last_year_exceeding_days"] == 0
    assert (result.level, result.reason) == (Level.GREEN, Reason.ON_TRACK)


@pytest.mark.parametrize(
    "exceeded, words",
    [
        (36, "再出现一天超标即无法完成"),  # left 0: one more day and the allowance is gone
        (37, "再出现一天超标即基本无法完成"),  # left −1: in the one-day zone where values decide
    ],
)
def test_percentile_with_no_margin_says_how_lost(exceeded, words):
    values = daily(date(2025, 1, 1), [170.0] * exceeded + [100.0] * (300 - exceeded))
    assert words in evaluate_percentile(O3, values, date(2025, 10, 27)).explanation_zh


@pytest.mark.parametrize(
    "values, reason",
    [
        ([], Reason.NOT_STARTED),  # the first day, nothing reported yet
        ([30.0], Reason.ON_TRACK),  # the first day with its reading: judged, no longer "not started"
    ],
)
def test_the_first_day_of_the_period(values, reason):
    result = evaluate_period_mean(PM25, daily(date(2025, 1, 1), values), date(2025, 1, 1))
    assert result.reason == reason


# 100 days from 1 Jan to 11 Apr 2025; as of day 50 (20 Feb) the path expects 50 of 100. One report of
# 25 that day: gap (50 − 25) / 100 = 0.25; the line from (1 Jan, 0) gives 0.5 a day, projecting
# 25 + 0.5 × 50 = 50 by the deadline, short by (100 − 50) / 100 = 0.5.
HUNDRED_DAYS = TargetSpec(kind="progress", comparator=">=", target_value=100, unit="%", metric="完成率",
                          baseline_value=0, period_start=date(2025, 1, 1), deadline=date(2025, 4, 11))
DAY_50 = pd.Series([25.0], index=pd.to_datetime(["2025-02-20"]))


@pytest.mark.parametrize(
    "tolerance, level, reason",
    [
        (0.5, Level.GREEN, Reason.ON_TRACK),  # short by exactly the tolerance: not "projected to miss"
        (0.25, Level.YELLOW, Reason.PROJECTED_TO_MISS),  # behind by exactly it: not "behind"
        (0.24, Level.ORANGE, Reason.PROJECTED_TO_MISS),  # beyond both
    ],
)
def test_progress_exactly_at_the_tolerance(tolerance, level, reason):
    result = evaluate_progress(HUNDRED_DAYS, DAY_50, date(2025, 2, 20), Thresholds(progress_tolerance=tolerance))
    assert (result.figures["gap_to_expected"], result.figures["projected_value"]) == (0.25, 50.0)
    assert (result.level, result.reason) == (level, reason)


@pytest.mark.parametrize(
    "margin, level",
    [
        # 252 of 300 good: 40 of the 65 left needed (q = 40/65); last year's 65 days had 32 (L = 32/65):
        # q/L − 1 = 40/32 − 1 = 0.25 exactly
        (0.25, Level.YELLOW),  # on the margin
        (0.24, Level.ORANGE),
    ],
)
def test_day_ratio_on_the_orange_margin(margin, level):
    last_year = first_k(date(2024, 10, 28), 65, 32)
    result = evaluate_day_ratio(GOOD, first_k(date(2025, 1, 1), 300, 252), date(2025, 10, 27),
                                Thresholds(orange_margin=margin), last_year=last_year)
    assert result.figures["required_change_vs_last_year"] == 0.25
    assert result.level == level


def test_day_ratio_equal_to_last_year_says_matching_is_enough():
    # 253 of 300: 39 of 65 needed; last year's same 65 days had 39 good: change 0
    last_year = first_k(date(2024, 10, 28), 65, 39)
    result = evaluate_day_ratio(GOOD, first_k(date(2025, 1, 1), 300, 253), date(2025, 10, 27), last_year=last_year)
    assert result.level == Level.GREEN
    assert "去年同期为 60.0%，持平即可" in result.explanation_zh


def test_day_ratio_with_no_good_day_last_year_is_orange():
    # last year's 65 remaining days had no good day: nothing to compare a required 60% with
    last_year = first_k(date(2024, 10, 28), 65, 0)
    result = evaluate_day_ratio(GOOD, first_k(date(2025, 1, 1), 300, 253), date(2025, 10, 27), last_year=last_year)
    assert (result.level, result.figures["required_change_vs_last_year"]) == (Level.ORANGE, None)


@pytest.mark.parametrize(
    "aqi, good, heavy",
    [
        (100, 1.0, 0.0),  # AQI 100 is still good (≤ 100)
        (101, 0.0, 0.0),
        (200, 0.0, 0.0),  # AQI 200 is not yet heavy (> 200)
        (201, 0.0, 1.0),
    ],
)
def test_day_limits_are_inclusive_for_good_and_exclusive_for_heavy(aqi, good, heavy):
    from tracker.status.days import day_flags

    values = constant(date(2025, 1, 1), 1, float(aqi))
    assert day_flags(values, 100, good=True).iloc[0] == good
    assert day_flags(values, 200, good=False).iloc[0] == heavy


def test_a_ratio_of_one_without_a_unit_is_a_fraction():
    from tracker.status.days import ratio_as_fraction

    assert (ratio_as_fraction(1.0, ""), ratio_as_fraction(1.5, ""), ratio_as_fraction(0.9, "")) == (1.0, 0.015, 0.9)


# -- the period window ----------------------------------------------------------------------------


def test_a_reading_missing_on_as_of_itself_counts_as_missing():
    # given 1–9 Jan read, 10 Jan (as_of) not yet
    result = evaluate_period_mean(PM25, constant(date(2025, 1, 1), 9, 30.0), date(2025, 1, 10))
    assert (result.figures["days_observed"], result.figures["days_missing"]) == (9, 1)


def test_the_last_day_without_its_reading_is_still_to_come():
    # given as_of = 31 Dec and 364 readings (31 Dec's not in): r = 1, not over
    result = evaluate_period_mean(PM25, constant(date(2025, 1, 1), 364, 30.0), date(2025, 12, 31))
    assert result.figures["days_remaining"] == 1
    assert result.reason == Reason.ON_TRACK  # R = 12 775 − 10 920 = 1 855 for one day


def test_a_one_day_period_is_a_period():
    spec = TargetSpec(kind="period_mean", target_value=35, unit="μg/m³", metric="PM2.5",
                      period_start=date(2025, 6, 1), period_end=date(2025, 6, 1))
    result = evaluate_period_mean(spec, constant(date(2025, 6, 1), 1, 30.0), date(2025, 6, 2))
    assert result.reason == Reason.ACHIEVED


@pytest.mark.parametrize(
    "last_year_heavy, level",
    [
        (2, Level.GREEN),  # 2 left, last year's same days had 2: exactly enough
        (3, Level.YELLOW),
    ],
)
def test_day_budget_left_equal_to_what_last_year_had(last_year_heavy, level):
    # given 3 of 5 used in 300 days; last year's 65 remaining days with `last_year_heavy`
    last_year = first_k(date(2024, 10, 28), 65, last_year_heavy)
    result = evaluate_day_budget(HEAVY, first_k(date(2025, 1, 1), 300, 3), date(2025, 10, 27), last_year=last_year)
    assert result.level == level
    assert result.figures["last_year_same_period"] == last_year_heavy


def test_day_budget_against_the_pace_so_far_has_no_last_year_figure():
    result = evaluate_day_budget(HEAVY, first_k(date(2025, 1, 1), 300, 3), date(2025, 10, 27))
    assert (result.figures["comparison_base"], result.figures["last_year_same_period"]) == ("so_far", None)


def test_a_single_report_on_the_start_day_draws_no_trend():
    # one point at the start: no line from (start, baseline) to a report on the same day
    result = evaluate_progress(FUND, pd.Series([5.0], index=pd.to_datetime(["2025-01-01"])), date(2025, 1, 1))
    assert (result.figures["trend_per_day"], result.figures["projected_value"]) == (None, None)
    assert "趋势" not in result.explanation_zh and "trend" not in result.explanation_en


def test_progress_on_its_first_day_is_judged():
    # as_of = period_start with a report: counted, not "not started"
    result = evaluate_progress(FUND, pd.Series([5.0], index=pd.to_datetime(["2025-01-01"])), date(2025, 1, 1))
    assert result.reason != Reason.NOT_STARTED
    assert result.figures["expected_value"] == 0.0


def test_a_milestone_done_on_its_deadline_is_not_called_late():
    spec = TargetSpec(kind="milestone", metric="上报整改方案", deadline=date(2025, 6, 30))
    result = evaluate_milestone(spec, date(2025, 6, 30), date(2025, 7, 2))
    assert "逾期" not in result.explanation_zh and "late" not in result.explanation_en


@pytest.mark.parametrize("comparator, sign", [(">=", "≥"), ("<=", "≤")])
def test_progress_goal_says_its_direction(comparator, sign):
    spec = TargetSpec(kind="progress", comparator=comparator, target_value=50, unit="个", metric="村",
                      baseline_value=0 if comparator == ">=" else 100, period_start=date(2025, 1, 1),
                      deadline=date(2025, 12, 31))
    result = evaluate_progress(spec, pd.Series([60.0], index=pd.to_datetime(["2025-06-01"])), date(2025, 6, 2))
    assert f"目标 {sign} 50.0 个" in result.explanation_zh


def test_a_report_exactly_a_trend_window_ago_is_in_the_trend():
    # given reports 30, 10 and 0 days before as_of (trend window 30): all three make the line
    as_of = date(2025, 6, 30)
    days = [date(2025, 5, 31), date(2025, 6, 20), as_of]
    progress = pd.Series([10.0, 40.0, 50.0], index=pd.to_datetime(days))

    # when
    result = evaluate_progress(FUND, progress, as_of)

    # then the least-squares slope through the three (np.polyfit as the oracle), not the last two's 1.0
    import numpy as np

    slope = np.polyfit([0.0, 20.0, 30.0], [10.0, 40.0, 50.0], 1)[0]
    assert result.figures["trend_per_day"] == pytest.approx(slope)


def test_progress_exactly_on_the_path_is_said_as_on_the_path():
    # day 50 of 100 with 50 of 100: gap 0
    result = evaluate_progress(HUNDRED_DAYS, pd.Series([50.0], index=pd.to_datetime(["2025-02-20"])),
                               date(2025, 2, 20))
    assert result.figures["gap_to_expected"] == 0.0
    assert "进度正常" in result.explanation_zh and "落后" not in result.explanation_zh
