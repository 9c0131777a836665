from datetime import date

import pytest

from tracker.status import Level, Reason, TargetSpec, evaluate_day_budget, evaluate_day_ratio
from tracker.status.days import count_allowed, count_needed, day_budget

from .builders import daily, first_k

YEAR_2025 = dict(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))  # N = 365
DAY_300 = date(2025, 10, 27)  # 300 days observed, 65 remaining
LAST_YEAR_REMAINING = date(2024, 10, 28)  # last year's copy of the 65 remaining days

HEAVY_DAYS = TargetSpec(kind="day_budget", target_value=5, unit="天", metric="重污染天数", **YEAR_2025)
GOOD_DAYS = TargetSpec(
    kind="day_ratio", comparator=">=", target_value=80, unit="%", metric="优良天数比例", **YEAR_2025
)


# -- day budget (重污染天数 ≤ K) ----------------------------------------------------


@pytest.mark.parametrize(
    "used, last_year, level, reason, left",
    [
        (3, 1, Level.GREEN, Reason.ON_TRACK, 2),  # 2 left, last year's same days had 1
        (3, 3, Level.YELLOW, Reason.AT_RISK_VS_LAST_YEAR, 2),  # 3 > 2, one short
        (3, 4, Level.YELLOW, Reason.AT_RISK_VS_LAST_YEAR, 2),  # 4 − 2 = 2: at the margin, not beyond
        (3, 5, Level.ORANGE, Reason.SERIOUS_VS_LAST_YEAR, 2),  # 5 − 2 = 3 > margin 2
        (5, 0, Level.ORANGE, Reason.NO_MARGIN_LEFT, 0),  # 没有剩余控制天数
        (6, 0, Level.RED, Reason.CANNOT_BE_MET, -1),  # budget already exceeded
    ],
)
def test_day_budget(used, last_year, level, reason, left):
    # given 300 days with `used` heavy-pollution days
    so_far = first_k(date(2025, 1, 1), 300, used)
    previous = first_k(LAST_YEAR_REMAINING, 65, last_year)

    # when
    result = evaluate_day_budget(HEAVY_DAYS, so_far, DAY_300, last_year=previous)

    # then
    assert (result.level, result.reason) == (level, reason)
    assert result.figures["remaining_allowance"] == left
    assert result.figures["observed_value"] == used


def test_day_budget_with_none_left_says_so():
    # given 秋冬季 budget of 3 heavy days, all used by 2025-01-08 (day 100 of 182)
    spec = TargetSpec(
        kind="day_budget",
        target_value=3,
        metric="重污染天数",
        period_start=date(2024, 10, 1),
        period_end=date(2025, 3, 31),
    )
    so_far = first_k(date(2024, 10, 1), 100, 3)

    # when
    result = evaluate_day_budget(spec, so_far, date(2025, 1, 8))

    # then
    assert (result.level, result.reason) == (Level.ORANGE, Reason.NO_MARGIN_LEFT)
    assert "没有剩余控制天数" in result.explanation_zh
    assert result.figures["days_remaining"] == 82


def test_day_budget_secured_when_fewer_days_remain_than_are_left():
    # given 362 days with 2 heavy (to 2025-12-28): 3 left, 3 days remain
    so_far = first_k(date(2025, 1, 1), 362, 2)

    # when
    result = evaluate_day_budget(HEAVY_DAYS, so_far, date(2025, 12, 28))

    # then
    assert (result.level, result.reason) == (Level.GREEN, Reason.SECURED)


def test_day_budget_counts_aqi_above_the_day_limit():
    # given AQI readings; heavy pollution is AQI > 200, so 250 and 201 count, 200 does not
    spec = TargetSpec(kind="day_budget", target_value=1, day_limit=200, **YEAR_2025)
    aqi = daily(date(2025, 1, 1), [250, 200, 201, 150])

    # when
    result = evaluate_day_budget(spec, aqi, date(2025, 1, 4))

    # then
    assert result.figures["observed_value"] == 2
    assert result.level == Level.RED


@pytest.mark.parametrize("used, level", [(5, Level.GREEN), (6, Level.RED)])
def test_day_budget_after_the_period(used, level):
    # given the whole year
    year = first_k(date(2025, 1, 1), 365, used)

    # when
    result = evaluate_day_budget(HEAVY_DAYS, year, date(2026, 1, 2))

    # then
    assert result.level == level
    assert result.reason == (Reason.ACHIEVED if level == Level.GREEN else Reason.MISSED)


def test_day_budget_of_zero_has_no_margin_from_the_start():
    # given 重污染天数比例 0%: a budget of 0 days, none used yet
    spec = TargetSpec(kind="day_budget", target_value=0, **YEAR_2025)

    # when
    result = evaluate_day_budget(spec, first_k(date(2025, 1, 1), 31, 0), date(2025, 1, 31))

    # then: any heavy day misses it, so there is no margin (DOMAIN.md: orange while 0 left)
    assert (result.level, result.reason) == (Level.ORANGE, Reason.NO_MARGIN_LEFT)


def test_day_budget_without_last_year_uses_the_pace_so_far():
    # given 3 heavy days in 300, no last-year data: 3/300 × 65 = 0.65 expected, 2 left
    so_far = first_k(date(2025, 1, 1), 300, 3)

    # when
    result = evaluate_day_budget(HEAVY_DAYS, so_far, DAY_300)

    # then
    assert (result.level, result.figures["comparison_base"]) == (Level.GREEN, "so_far")


# -- day ratio (优良天数比例 ≥ p) ---------------------------------------------------


@pytest.mark.parametrize(
    "share, total, needed",
    [
        (0.80, 365, 292),  # 0.8 × 365 = 292 exactly
        (0.916, 365, 335),  # 334.34 → 335
        (0.667, 6, 4),  # 4 of 6 is printed 66.7%: the rounded target is met
        (1.0, 3, 3),
        (0.5, 0, 0),
    ],
)
def test_count_needed(share, total, needed):
    assert count_needed(share, total) == needed


@pytest.mark.parametrize(
    "share, total, allowed",
    [
        (0.167, 6, 1),  # 1 of 6 is printed 16.7%
        (0.0, 365, 0),
        (0.2, 10, 2),
    ],
)
def test_count_allowed(share, total, allowed):
    assert count_allowed(share, total) == allowed


@pytest.mark.parametrize(
    "good, last_year_good, level, reason, still_needed",
    [
        # 292 good days needed; q = (292 − good) / 65; last year's ratio L = last_year_good / 65
        (240, 52, Level.GREEN, Reason.ON_TRACK, 52),  # q = 0.8, L = 0.8
        (240, 49, Level.YELLOW, Reason.AT_RISK_VS_LAST_YEAR, 52),  # 0.8 / 0.7538 − 1 = +6.1%
        (240, 45, Level.ORANGE, Reason.SERIOUS_VS_LAST_YEAR, 52),  # 0.8 / 0.6923 − 1 = +15.6%
        (227, 65, Level.ORANGE, Reason.NO_MARGIN_LEFT, 65),  # every remaining day must be good
        (226, 65, Level.RED, Reason.CANNOT_BE_MET, 66),  # 66 needed of 65
        (292, 0, Level.GREEN, Reason.SECURED, 0),  # already enough
    ],
)
def test_day_ratio(good, last_year_good, level, reason, still_needed):
    # given 300 days of which `good` were good
    so_far = first_k(date(2025, 1, 1), 300, good)
    previous = first_k(LAST_YEAR_REMAINING, 65, last_year_good)

    # when
    result = evaluate_day_ratio(GOOD_DAYS, so_far, DAY_300, last_year=previous)

    # then
    assert (result.level, result.reason) == (level, reason)
    assert result.figures["good_days_needed"] == 292
    assert result.figures["required_remaining_count"] == max(still_needed, 0)


def test_day_ratio_reports_required_remaining_ratio_and_change():
    # given 240 good of 300; last year 49 of the same 65 days
    so_far = first_k(date(2025, 1, 1), 300, 240)
    previous = first_k(LAST_YEAR_REMAINING, 65, 49)

    # when
    result = evaluate_day_ratio(GOOD_DAYS, so_far, DAY_300, last_year=previous)

    # then q = 52/65 = 0.8; 0.8 / (49/65) − 1 = 0.0612
    assert result.figures["required_remaining_ratio"] == pytest.approx(0.8)
    assert result.figures["required_change_vs_last_year"] == pytest.approx(0.0612, abs=1e-4)
    assert "剩余 65 天中需有 52 天达标" in result.explanation_zh


def test_day_ratio_classifies_aqi_at_the_day_limit_as_good():
    # given AQI ≤ 100 is a good day: 100 and 80 are good, 101 is not; target 50% of 4 days
    spec = TargetSpec(
        kind="day_ratio",
        comparator=">=",
        target_value=0.5,
        day_limit=100,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 1, 4),
    )
    aqi = daily(date(2025, 1, 1), [100, 101, 80, 150])

    # when
    result = evaluate_day_ratio(spec, aqi, date(2025, 1, 5))

    # then 2 of 4 = 50%
    assert result.figures["good_days"] == 2
    assert (result.level, result.reason) == (Level.GREEN, Reason.ACHIEVED)


@pytest.mark.parametrize("good, level", [(335, Level.GREEN), (334, Level.RED)])
def test_day_ratio_after_the_period_uses_the_published_precision(good, level):
    # given target 91.6%: 335/365 = 91.78% meets it, 334/365 = 91.51% does not
    spec = TargetSpec(kind="day_ratio", comparator=">=", target_value=91.6, unit="%", **YEAR_2025)
    year = first_k(date(2025, 1, 1), 365, good)

    # when
    result = evaluate_day_ratio(spec, year, date(2026, 1, 3))

    # then
    assert result.level == level


# -- a ratio of heavy days (重污染天数比率 ≤ p%) is a budget of ⌊p·N⌋ days (issue 11) -----------------


@pytest.mark.parametrize(
    "value, unit, days, budget",
    [
        # at the published precision (0.1 point): ⌊(p + 0.05%) × N⌋
        (1.0, "%", 365, 3),  # ⌊1.05% × 365⌋ = ⌊3.83⌋; 4/365 = 1.10% would print as 1.1%
        (1.0, "%", 366, 3),  # leap year: ⌊3.84⌋
        (0.5, "%", 365, 2),  # ⌊2.0075⌋: 2/365 = 0.548% prints as 0.5%, 3/365 = 0.82% does not
        (0, "%", 365, 0),  # zero heavy days
        (1.1, "%", 182, 2),  # 秋冬季: ⌊1.15% × 182⌋ = ⌊2.093⌋
        (3, "天", 365, 3),  # a count stays a count
        (1.0, "天", 365, 1),
    ],
)
def test_day_budget_reads_a_percentage_as_a_share_of_the_period(value, unit, days, budget):
    # when / then
    assert day_budget(value, unit, days) == budget


def test_two_heavy_days_against_one_percent_are_not_lost():
    # given 重污染天数比率 ≤ 1.0% for 2025 (3 days allowed); 2 heavy days in the first 181 days (to 30 Jun)
    spec = TargetSpec(kind="day_budget", target_value=1.0, unit="%", metric="重污染天数比率", **YEAR_2025)
    so_far = first_k(date(2025, 1, 1), 181, 2)

    # when
    result = evaluate_day_budget(spec, so_far, date(2025, 6, 30))

    # then 1 day left; at the pace so far 2/181 × 184 = 2.03 expected → yellow, not red
    assert (result.level, result.reason) == (Level.YELLOW, Reason.AT_RISK_VS_SO_FAR)
    assert (result.figures["target_value"], result.figures["remaining_allowance"]) == (3, 1)
    assert result.figures["target_ratio"] == pytest.approx(0.01)
    assert "控制目标 ≤ 3 天（比率 ≤ 1.0%，全期 365 天）" in result.explanation_zh


def test_day_budget_orange_against_the_pace_so_far_is_serious_not_at_risk():
    # given 5 days allowed, 4 used in the first 100 days: 1 left; pace 4/100 × 265 = 10.6 → 9.6 beyond 1
    so_far = first_k(date(2025, 1, 1), 100, 4)

    # when
    result = evaluate_day_budget(HEAVY_DAYS, so_far, date(2025, 4, 10))

    # then the orange level has its own reason code
    assert (result.level, result.reason) == (Level.ORANGE, Reason.SERIOUS_VS_SO_FAR)


# -- a good-day ratio compared in percentage points (issue 11) -------------------------------------


def test_day_ratio_gap_is_given_in_points_with_the_relative_change_in_brackets():
    # given June 2025 (N = 30), ≥ 90%: needs ⌈(0.9 − 0.0005) × 30⌉ = 27 good days; 15 of the first 17
    # are good, so 12 of the remaining 13 must be: 12/13 = 92.3%; the same 13 days of 2024 had 11
    # good: 11/13 = 84.6%. Gap 92.3 − 84.6 = 7.7 points; relative 12/11 − 1 = 9.1% (inside 10%).
    june = dict(period_start=date(2025, 6, 1), period_end=date(2025, 6, 30))
    spec = TargetSpec(kind="day_ratio", comparator=">=", target_value=90, unit="%", metric="优良天数比例", **june)
    so_far = first_k(date(2025, 6, 1), 17, 15)
    last_year = first_k(date(2024, 6, 18), 13, 11)

    # when
    result = evaluate_day_ratio(spec, so_far, date(2025, 6, 17), last_year=last_year)

    # then
    assert (result.level, result.reason) == (Level.YELLOW, Reason.AT_RISK_VS_LAST_YEAR)
    assert "去年同期为 84.6%，需高出 7.7 个百分点（相对提高 9.1%）" in result.explanation_zh
    assert "7.7 points better (9.1% relative)" in result.explanation_en
    assert "the same days last year" in result.explanation_en and "the ratio so far" not in result.explanation_en
