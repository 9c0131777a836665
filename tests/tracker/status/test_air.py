from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.status import (
    Level,
    Reason,
    TargetSpec,
    Thresholds,
    evaluate_percentile,
    evaluate_period_mean,
    percentile_allowance,
    required_remaining_mean,
)
from tracker.status.air import record_floor

from .builders import constant, daily, first_k

YEAR_2025 = dict(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))  # N = 365
AUTUMN_WINTER = dict(period_start=date(2024, 10, 1), period_end=date(2025, 3, 31))  # N = 182
PM25 = TargetSpec(kind="period_mean", target_value=35, unit="μg/m³", metric="PM2.5", **YEAR_2025)
# 2025-01-01 + 300 days runs to 2025-10-27; the 65 remaining days are 10-28 … 12-31,
# so "the same days last year" are 2024-10-28 … 2024-12-31.
DAY_300 = date(2025, 10, 27)
LAST_YEAR_REMAINING = date(2024, 10, 28)


# -- period mean ------------------------------------------------------------------


@pytest.mark.parametrize(
    "target, days, observed_sum, remaining, expected",
    [
        (35, 365, 38 * 300, 65, 21.1538),  # (12775 − 11400) / 65 = 1375 / 65
        (35, 365, 20 * 300, 65, 104.2308),  # (12775 − 6000) / 65 = 6775 / 65
        (35, 365, 36 * 364, 1, -329.0),  # 12775 − 13104: already over for good
        (50, 182, 60 * 100, 82, 37.8049),  # 秋冬季: (9100 − 6000) / 82 = 3100 / 82
        (35, 365, 0, 365, 35.0),  # nothing observed: the whole year must average T
    ],
)
def test_required_remaining_mean(target, days, observed_sum, remaining, expected):
    # when
    result = required_remaining_mean(target, days, observed_sum, remaining)

    # then
    assert result == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize(
    "observed_mean, last_year_mean, level, reason, required, change",
    [
        # R = 21.1538 in every row with 38 so far; change = R / B − 1
        (38, 30.0, Level.ORANGE, Reason.SERIOUS_VS_LAST_YEAR, 21.1538, -0.2949),  # 21.15/30 − 1
        (38, 23.6, Level.ORANGE, Reason.SERIOUS_VS_LAST_YEAR, 21.1538, -0.1036),  # just beyond the 10% margin
        (38, 23.5, Level.YELLOW, Reason.AT_RISK_VS_LAST_YEAR, 21.1538, -0.0998),  # just inside it
        (38, 22.0, Level.YELLOW, Reason.AT_RISK_VS_LAST_YEAR, 21.1538, -0.0385),  # 21.15/22 − 1
        (38, 21.0, Level.GREEN, Reason.ON_TRACK, 21.1538, 0.0073),  # last year was already cleaner than R
        (20, 30.0, Level.GREEN, Reason.ON_TRACK, 104.2308, 2.4744),  # 104.23/30 − 1
    ],
)
def test_period_mean_compares_required_remaining_mean_with_last_year(
    observed_mean, last_year_mean, level, reason, required, change
):
    # given 300 days observed and last year's same remaining 65 days
    so_far = constant(date(2025, 1, 1), 300, observed_mean)
    last_year = constant(LAST_YEAR_REMAINING, 65, last_year_mean)

    # when
    result = evaluate_period_mean(PM25, so_far, DAY_300, last_year=last_year)

    # then
    assert (result.level, result.reason) == (level, reason)
    assert result.figures["required_remaining_mean"] == pytest.approx(required, abs=1e-4)
    assert result.figures["required_change_vs_last_year"] == pytest.approx(change, abs=1e-4)
    assert result.figures["last_year_same_period"] == pytest.approx(last_year_mean)
    assert (result.figures["days_observed"], result.figures["days_remaining"]) == (300, 65)


def test_period_mean_explanation_reads_like_the_speech():
    # given R = 21.15 against 30.0 last year: −29.5%
    so_far = constant(date(2025, 1, 1), 300, 38)
    last_year = constant(LAST_YEAR_REMAINING, 65, 30)

    # when
    result = evaluate_period_mean(PM25, so_far, DAY_300, last_year=last_year)

    # then
    assert (
        "剩余 65 天日均值需控制在 21.2 μg/m³ 以下，去年同期 30.0 μg/m³，需同比下降 29.5%"
        in result.explanation_zh
    )
    assert "橙色阈值 10.0%" in result.explanation_zh
    assert "must average below 21.2 μg/m³" in result.explanation_en
    assert result.thresholds_used == {"orange_margin": 0.1}


@pytest.mark.parametrize(
    "days, mean, as_of, required",
    [
        (364, 36.0, date(2025, 12, 30), -329.0),  # (12775 − 13104) / 1
        (300, 42.6, DAY_300, -0.0769),  # (12775 − 12780) / 65: only just out of reach
    ],
)
def test_period_mean_that_can_no_longer_be_met_is_red(days, mean, as_of, required):
    # given
    so_far = constant(date(2025, 1, 1), days, mean)

    # when
    result = evaluate_period_mean(PM25, so_far, as_of)

    # then
    assert (result.level, result.reason) == (Level.RED, Reason.CANNOT_BE_MET)
    assert result.figures["required_remaining_mean"] == pytest.approx(required, abs=1e-4)


def test_period_mean_counts_missing_days_as_remaining_not_as_zeros():
    # given 300 days elapsed with 10 readings missing: n = 290, S = 11020, r = 75
    values = [38.0] * 300
    for i in range(100, 110):
        values[i] = None

    # when
    result = evaluate_period_mean(PM25, daily(date(2025, 1, 1), values), DAY_300)

    # then R = (12775 − 11020) / 75 = 23.4
    assert result.figures["required_remaining_mean"] == pytest.approx(23.4)
    assert (result.figures["days_observed"], result.figures["days_missing"]) == (290, 10)
    assert result.figures["observed_value"] == pytest.approx(38.0)


def test_period_mean_over_autumn_winter_crosses_the_year():
    # given 秋冬季 T = 50 over 182 days; 100 days (to 2025-01-08) averaging 60;
    # last winter's remaining days (2024-01-09 … 03-31, 29 Feb included) at 45
    spec = TargetSpec(kind="period_mean", target_value=50, unit="μg/m³", metric="PM2.5", **AUTUMN_WINTER)
    so_far = constant(date(2024, 10, 1), 100, 60)
    # (only those days: a whole winter at a flat 45 would make 45 the best stretch on record, see
    # test_period_mean_below_the_best_stretch_on_record_is_red)
    last_winter = constant(date(2024, 1, 9), 83, 45)

    # when
    result = evaluate_period_mean(spec, so_far, date(2025, 1, 8), last_year=last_winter)

    # then R = (9100 − 6000) / 82 = 37.80; 37.80 / 45 − 1 = −16.0% → beyond the 10% margin
    assert result.figures["days_in_period"] == 182
    assert result.figures["days_remaining"] == 82
    assert result.figures["required_remaining_mean"] == pytest.approx(37.8049, abs=1e-4)
    assert result.figures["required_change_vs_last_year"] == pytest.approx(-0.1599, abs=1e-4)
    assert result.level == Level.ORANGE


@pytest.mark.parametrize(
    "value, level, reason", [(34, Level.GREEN, Reason.ACHIEVED), (36, Level.RED, Reason.MISSED)]
)
def test_period_mean_after_the_period_is_judged_by_the_actual_mean(value, level, reason):
    # given the whole year observed
    year = constant(date(2025, 1, 1), 365, value)

    # when
    result = evaluate_period_mean(PM25, year, date(2026, 1, 10))

    # then
    assert (result.level, result.reason) == (level, reason)
    assert result.figures["required_remaining_mean"] is None


def test_period_mean_ignores_observations_after_as_of():
    # given 300 days at 38, then later readings the evaluation must not see
    so_far = constant(date(2025, 1, 1), 300, 38)
    with_future = pd.concat([so_far, constant(date(2025, 10, 28), 30, 1000)])

    # when
    result = evaluate_period_mean(PM25, with_future, DAY_300)

    # then
    assert result.figures["required_remaining_mean"] == pytest.approx(21.1538, abs=1e-4)


def test_period_mean_without_last_year_compares_with_the_mean_so_far():
    # given no last-year data: R = 21.15 against 38 so far → 21.15/38 − 1 = −44.3%
    so_far = constant(date(2025, 1, 1), 300, 38)

    # when
    result = evaluate_period_mean(PM25, so_far, DAY_300)

    # then
    assert (result.level, result.reason) == (Level.ORANGE, Reason.SERIOUS_VS_SO_FAR)
    assert result.figures["comparison_base"] == "so_far"
    assert result.figures["required_change_vs_so_far"] == pytest.approx(-0.4433, abs=1e-4)


@pytest.mark.parametrize(
    "as_of, values, level, reason",
    [
        (date(2024, 12, 20), [], Level.GREEN, Reason.NOT_STARTED),  # before the period
        (date(2025, 1, 1), [], Level.GREEN, Reason.NOT_STARTED),  # first day, nothing due yet
        (date(2025, 2, 1), [], Level.YELLOW, Reason.NO_DATA),  # a month in, nothing reported
    ],
)
def test_period_mean_before_any_data(as_of, values, level, reason):
    # when
    result = evaluate_period_mean(PM25, daily(date(2025, 1, 1), values), as_of)

    # then
    assert (result.level, result.reason) == (level, reason)


def test_period_mean_with_masked_target_value_is_value_unknown():
    # given "控制目标为X微克/立方米"
    spec = TargetSpec(kind="period_mean", target_value=None, metric="PM2.5", **YEAR_2025)

    # when
    result = evaluate_period_mean(spec, constant(date(2025, 1, 1), 10, 30), date(2025, 1, 10))

    # then
    assert (result.level, result.reason) == (Level.YELLOW, Reason.VALUE_UNKNOWN)
    assert "目标值待确认" in result.explanation_zh


def test_period_mean_orange_margin_is_configurable():
    # given −3.8% needed (R 21.15 against 22.0) and a 3% margin instead of 10%
    so_far = constant(date(2025, 1, 1), 300, 38)
    last_year = constant(LAST_YEAR_REMAINING, 65, 22)

    # when
    result = evaluate_period_mean(PM25, so_far, DAY_300, Thresholds(orange_margin=0.03), last_year)

    # then
    assert result.level == Level.ORANGE
    assert "橙色阈值 3.0%" in result.explanation_zh


# -- percentile (O3 90th, CO 95th) ----------------------------------------------------


@pytest.mark.parametrize(
    "days, p, safe, certain",
    [
        (365, 0.90, 36, 37),  # k = 1 + 364·0.9 = 328.6 → N − ⌈k⌉ = 36, N − ⌊k⌋ = 37
        (365, 0.95, 18, 19),  # k = 1 + 364·0.95 = 346.8 → 365 − 347, 365 − 346
        (366, 0.90, 36, 37),  # k = 1 + 365·0.9 = 329.5 → 366 − 330, 366 − 329
        (182, 0.90, 18, 19),  # 秋冬季: k = 1 + 181·0.9 = 163.9 → 182 − 164, 182 − 163
        (11, 0.90, 1, 1),  # k = 1 + 10·0.9 = 10 exactly: no grey day
    ],
)
def test_percentile_allowance(days, p, safe, certain):
    # when / then
    assert percentile_allowance(days, p) == (safe, certain)


@given(
    values=st.lists(st.floats(min_value=0, max_value=400, allow_nan=False), min_size=2, max_size=60),
    p=st.sampled_from([0.90, 0.95]),
    limit=st.floats(min_value=1, max_value=399),
)
def test_percentile_allowance_bounds_hold_for_hj663_interpolation(values, p, limit):
    # given the period's full set of daily values
    exceeding = sum(v > limit for v in values)
    safe, certain = percentile_allowance(len(values), p)

    # when
    result = np.percentile(values, p * 100)  # linear interpolation, as HJ 663

    # then
    if exceeding <= safe:
        assert result <= limit
    if exceeding > certain:
        assert result > limit


O3 = TargetSpec(kind="percentile", target_value=160, unit="μg/m³", metric="O3", percentile=0.90, **YEAR_2025)


@pytest.mark.parametrize(
    "exceeded, last_year_exceeded, level, reason, left",
    [
        # allowance 36 for the year; left = 36 − exceeded over the 65 remaining days
        (30, 5, Level.GREEN, Reason.ON_TRACK, 6),  # 6 left, last year had 5
        (30, 7, Level.YELLOW, Reason.AT_RISK_VS_LAST_YEAR, 6),  # 7 > 6, one day short
        (30, 8, Level.YELLOW, Reason.AT_RISK_VS_LAST_YEAR, 6),  # 8 − 6 = 2: at the margin, not beyond
        (30, 9, Level.ORANGE, Reason.SERIOUS_VS_LAST_YEAR, 6),  # 9 − 6 = 3 > margin 2
        (36, 0, Level.ORANGE, Reason.NO_MARGIN_LEFT, 0),  # not one more day may exceed
        (37, 0, Level.ORANGE, Reason.NO_MARGIN_LEFT, -1),  # grey day: depends on magnitudes
        (38, 0, Level.RED, Reason.CANNOT_BE_MET, -2),  # 38 > 37: X(328) itself is above 160
    ],
)
def test_percentile_counts_exceedance_days_left(exceeded, last_year_exceeded, level, reason, left):
    # given 300 days, the first `exceeded` at 200 and the rest at 100
    so_far = first_k(date(2025, 1, 1), 300, exceeded, hit=200, miss=100)
    last_year = first_k(LAST_YEAR_REMAINING, 65, last_year_exceeded, hit=200, miss=100)

    # when
    result = evaluate_percentile(O3, so_far, DAY_300, last_year=last_year)

    # then
    assert (result.level, result.reason) == (level, reason)
    assert result.figures["remaining_allowance"] == left
    assert result.figures["allowed_exceeding_days"] == 36


def test_percentile_is_secured_when_the_remaining_days_cannot_use_up_the_allowance():
    # given 340 clean days (to 2025-12-06): 36 allowed ≥ 25 remaining
    so_far = constant(date(2025, 1, 1), 340, 100)

    # when
    result = evaluate_percentile(O3, so_far, date(2025, 12, 6))

    # then
    assert (result.level, result.reason) == (Level.GREEN, Reason.SECURED)


@pytest.mark.parametrize(
    "exceeded, level",
    [
        (36, Level.GREEN),  # X(328) = X(329) = 100 → 90th percentile 100
        (40, Level.RED),  # X(326 …) = 200 → 90th percentile 200
    ],
)
def test_percentile_after_the_period_is_judged_by_the_actual_percentile(exceeded, level):
    # given the whole year
    year = first_k(date(2025, 1, 1), 365, exceeded, hit=200, miss=100)

    # when
    result = evaluate_percentile(O3, year, date(2026, 1, 5))

    # then
    assert result.level == level


def test_percentile_target_needs_its_percentile():
    # given a percentile target without p
    spec = TargetSpec(kind="percentile", target_value=4, metric="CO", **YEAR_2025)

    # when / then
    with pytest.raises(ValueError, match="percentile"):
        evaluate_percentile(spec, constant(date(2025, 1, 1), 10, 1), date(2025, 1, 10))


def test_percentile_explanation_does_not_repeat_a_label_the_metric_name_already_has():
    # given the catalogue's O3 name, which already ends in "第90百分位数"
    spec = TargetSpec(kind="percentile", target_value=160, metric="臭氧日最大8小时平均第90百分位数",
                      percentile=0.9, unit="μg/m³", **YEAR_2025)

    # when
    result = evaluate_percentile(spec, constant(date(2025, 1, 1), 100, 100), date(2025, 4, 10))

    # then
    assert "第90百分位数第90百分位数" not in result.explanation_zh
    assert result.explanation_zh.startswith("臭氧日最大8小时平均第90百分位数截至 2025-04-10")


# -- the physical floor: below the best stretch on record is lost (issue 11) -----------------------

# 300 days at 38.25: S = 11 475, R = (12 775 − 11 475) / 65 = 1 300 / 65 = 20.0 exactly
SO_FAR_3825 = constant(date(2025, 1, 1), 300, 38.25)


@pytest.mark.parametrize(
    "last_year_value, level, reason",
    [
        # a whole 2024 (366 days) at a flat value is a record: its best 65-day stretch is the value
        (20.5, Level.RED, Reason.BEYOND_RECORD),  # R 20.0 < 20.5: never achieved over 65 days
        (20.0, Level.GREEN, Reason.ON_TRACK),  # R = floor: achieved before, and equal to last year
        (19.5, Level.GREEN, Reason.ON_TRACK),  # 20.0 / 19.5 − 1 = +2.6%
    ],
)
def test_period_mean_below_the_best_stretch_on_record_is_red(last_year_value, level, reason):
    # given
    last_year = constant(date(2024, 1, 1), 366, last_year_value)

    # when
    result = evaluate_period_mean(PM25, SO_FAR_3825, DAY_300, last_year=last_year)

    # then
    assert result.figures["required_remaining_mean"] == 20.0
    assert result.figures["record_floor"] == last_year_value
    assert (result.level, result.reason) == (level, reason)


def test_a_remaining_mean_of_2_7_against_60_last_year_is_red():
    # given 300 days at 42 (S = 12 600): R = 175 / 65 = 2.69; 2024 ran at 30 to 27 Oct and 60 after
    so_far = constant(date(2025, 1, 1), 300, 42)
    last_year = daily(date(2024, 1, 1), [30.0] * 301 + [60.0] * 65)

    # when
    result = evaluate_period_mean(PM25, so_far, DAY_300, last_year=last_year)

    # then the best 65 days on record averaged 30 (2024) — ten times what is needed
    assert (result.level, result.reason) == (Level.RED, Reason.BEYOND_RECORD)
    assert result.figures["record_floor"] == 30.0
    assert "低于有记录以来任意连续 65 天的最低均值 30.0 μg/m³" in result.explanation_zh


def test_a_few_weeks_of_last_year_are_no_record():
    # given only last year's 65 remaining days, at 60: no full period on record
    so_far = constant(date(2025, 1, 1), 300, 42)
    last_year = constant(LAST_YEAR_REMAINING, 65, 60)

    # when
    result = evaluate_period_mean(PM25, so_far, DAY_300, last_year=last_year)

    # then judged against last year only: 2.69 / 60 − 1 = −95.5% → orange
    assert (result.level, result.reason) == (Level.ORANGE, Reason.SERIOUS_VS_LAST_YEAR)
    assert result.figures["record_floor"] is None


@pytest.mark.parametrize(
    "days_known, floor",
    [
        (27, 10.0),  # 27 of a 30-day period = 90%: a record
        (26, None),  # 26 < 27: not one
    ],
)
def test_record_floor_needs_nine_tenths_of_a_period(days_known, floor):
    # given a 30-day period; the known days at 10
    past = constant(date(2024, 6, 1), days_known, 10.0)

    # when / then
    assert record_floor([past], None, 30, 5) == floor


@pytest.mark.parametrize(
    "gaps, floor",
    [
        ([3], 12.0),  # 9 of the 10 days read: the 10-day stretch counts, (9 × 12) / 9
        # 8 of 10 in every stretch starting at days 0–3; days 4–13 have 9: (5 × 12 + 4 × 20) / 9
        ([3, 6], pytest.approx(140 / 9)),
    ],
)
def test_record_floor_stretch_needs_nine_tenths_of_its_days(gaps, floor):
    # given a record of 30 days: days 0–9 at 12 (some missing), days 10–29 at 20
    values = [None if i in gaps else 12.0 for i in range(10)] + [20.0] * 20
    past = daily(date(2024, 6, 1), values).dropna()

    # when / then
    assert record_floor([past], None, 30, 10) == floor


def test_this_years_days_count_once_there_is_a_record():
    # given a record at 30 and this year's first 65 days at 25
    last_year = constant(date(2024, 1, 1), 366, 30.0)
    this_year = constant(date(2025, 1, 1), 65, 25.0)

    # when / then
    assert record_floor([last_year], this_year, 365, 65) == 25.0
    assert record_floor([None], this_year, 365, 65) is None


# -- wording: a required change of exactly 0 (issue 11) --------------------------------------------


def test_a_required_change_of_zero_says_matching_last_year_is_enough():
    # given R = 20.0 exactly and last year's same 65 days at 20.0: c = 0
    last_year = constant(LAST_YEAR_REMAINING, 65, 20.0)

    # when
    result = evaluate_period_mean(PM25, SO_FAR_3825, DAY_300, last_year=last_year)

    # then
    assert result.figures["required_change_vs_last_year"] == 0.0
    assert "与去年同期持平即可" in result.explanation_zh and "0.0%" not in result.explanation_zh.split("橙色")[0]
    assert "matching last year is enough" in result.explanation_en


def test_a_cut_too_small_to_print_is_said_in_words():
    # given R = 20.0 against 20.005 last year: c = −0.025%, which prints as 0.0%
    last_year = constant(LAST_YEAR_REMAINING, 65, 20.005)

    # when
    result = evaluate_period_mean(PM25, SO_FAR_3825, DAY_300, last_year=last_year)

    # then
    assert result.level == Level.YELLOW
    assert "需略低于去年同期（降幅不足 0.1%）" in result.explanation_zh
