"""What-if (推演) and its inverse: every boundary between levels, by hand."""

from datetime import date

import pandas as pd
import pytest

from tracker.status import Level, TargetData, TargetSpec, Thresholds
from tracker.status.projection import what_if_target
from tracker.status.seasonal import daily_target
from tracker.status.whatif import LevelRange, needed_for_levels

from .builders import constant, daily

YEAR_2025 = dict(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))
DAY_300 = date(2025, 10, 27)
PM25 = TargetSpec(kind="period_mean", target_value=35, unit="μg/m³", metric="PM2.5", **YEAR_2025)
# 300 days at 38.25: R = (12 775 − 11 475) / 65 = 20.0 exactly; yellow up to R / (1 − 0.1) = 22.22
SO_FAR = TargetData(daily=constant(date(2025, 1, 1), 300, 38.25))


@pytest.mark.parametrize(
    "assumed, level, meets",
    [
        (0.0, Level.GREEN, True),
        (20.0, Level.GREEN, True),  # exactly R: the year ends exactly at 35
        (20.01, Level.YELLOW, False),
        (20 / 0.9, Level.YELLOW, False),  # R/A − 1 = −10%: on the orange margin, not beyond
        (22.23, Level.ORANGE, False),
        (80.0, Level.ORANGE, False),
    ],
)
def test_period_mean_what_if_levels(assumed, level, meets):
    # when
    result = what_if_target(PM25, SO_FAR, DAY_300, assumed)

    # then end (11 475 + 65 × A) / 365
    assert result.end_value == pytest.approx((11475 + 65 * assumed) / 365)
    assert (result.level, result.meets, result.lost) == (level, meets, None)


def test_period_mean_inverse_gives_the_value_for_each_level():
    # when
    ranges = needed_for_levels(daily_target(PM25, SO_FAR, DAY_300))

    # then
    assert [(r.level, r.low, r.high) for r in ranges] == [
        (Level.GREEN, 0.0, 20.0),
        (Level.YELLOW, 20.0, pytest.approx(20 / 0.9)),
        (Level.ORANGE, pytest.approx(20 / 0.9), None),
    ]
    assert ranges[1].low_open and ranges[2].low_open


def test_what_if_says_the_inverse_in_both_languages():
    # when
    result = what_if_target(PM25, SO_FAR, DAY_300, 30)

    # then
    assert "若剩余 65 天日均 30.0 μg/m³，期末为 36.8 μg/m³" in result.explanation_zh  # (11 475 + 1 950) / 365
    assert "绿需 ≤ 20.0 μg/m³；黄需 ≤ 22.2 μg/m³" in result.explanation_zh
    assert "green needs ≤ 20.0 μg/m³" in result.explanation_en


def test_a_lost_target_is_red_whatever_is_assumed():
    # given 364 days at 36: R = −329
    data = TargetData(daily=constant(date(2025, 1, 1), 364, 36.0))

    # when
    result = what_if_target(PM25, data, date(2025, 12, 30), 0.0)

    # then
    assert (result.level, result.lost, result.needed) == (Level.RED, "cannot_be_met", [])


def test_below_the_record_floor_is_red_whatever_is_assumed():
    # given R = 20.0 and a whole 2024 at 20.5: no 65 days on record ever averaged 20.0
    data = TargetData(daily=SO_FAR.daily, last_year=constant(date(2024, 1, 1), 366, 20.5))

    # when
    result = what_if_target(PM25, data, DAY_300, 10.0)

    # then
    assert (result.level, result.lost) == (Level.RED, "beyond_record")


HEAVY = TargetSpec(kind="day_budget", target_value=5, unit="天", metric="重污染天数", **YEAR_2025)
THREE_USED = TargetData(daily=daily(date(2025, 1, 1), [1.0] * 3 + [0.0] * 297))  # 2 left


@pytest.mark.parametrize(
    "assumed, level",
    [
        (2, Level.GREEN),  # exactly what is left: ends at 5
        (3, Level.YELLOW),
        (4, Level.YELLOW),  # 2 beyond what is left: the margin itself
        (5, Level.ORANGE),
    ],
)
def test_day_budget_what_if_levels(assumed, level):
    # when
    result = what_if_target(HEAVY, THREE_USED, DAY_300, assumed)

    # then
    assert result.end_value == 3 + assumed
    assert result.level == level


GOOD = TargetSpec(kind="day_ratio", comparator=">=", target_value=80, unit="%", metric="优良天数比例", **YEAR_2025)
# 292 needed (⌈(0.8 − 0.0005) × 365⌉); 253 of 300 good leaves 39 of 65: q = 0.6 exactly
GOOD_SO_FAR = TargetData(daily=daily(date(2025, 1, 1), [1.0] * 253 + [0.0] * 47))


@pytest.mark.parametrize(
    "assumed, level",
    [
        (60, Level.GREEN),  # q itself (percent, as the target's unit): 253 + 39 = 292
        (59.9, Level.YELLOW),
        (60 / 1.1, Level.YELLOW),  # q/a − 1 = 10%: the margin
        (54.5, Level.ORANGE),
        (0, Level.ORANGE),
    ],
)
def test_day_ratio_what_if_levels(assumed, level):
    # when
    result = what_if_target(GOOD, GOOD_SO_FAR, DAY_300, assumed)

    # then
    assert result.level == level
    assert result.end_value == pytest.approx((253 + assumed / 100 * 65) / 365)


def test_percentile_what_if_counts_the_days_above_the_limit():
    # given O3 ≤ 160, p = 0.9: 36 of 365 days may exceed; 30 have (300 observed), so 6 are left
    spec = TargetSpec(kind="percentile", target_value=160, unit="μg/m³", metric="O3", percentile=0.9, **YEAR_2025)
    data = TargetData(daily=daily(date(2025, 1, 1), [170.0] * 30 + [100.0] * 270))

    # when / then: 6 → green, 8 → yellow (2 beyond: the margin), 9 → orange
    assert [what_if_target(spec, data, DAY_300, h).level for h in (6, 8, 9)] == [
        Level.GREEN, Level.YELLOW, Level.ORANGE]
    assert what_if_target(spec, data, DAY_300, 6).end_value == 36
    # 36 days above meets the 36 allowed, 37 does not
    assert [what_if_target(spec, data, DAY_300, h).meets for h in (6, 7)] == [True, False]


def test_progress_what_if_assumes_a_monthly_pace():
    # given 资金执行率 ≥ 90 by 31 Dec, 80% on 1 Nov (as of 1 Nov): 60 days left = 2 months of 30 days
    spec = TargetSpec(kind="progress", comparator=">=", target_value=90, unit="%", metric="资金执行率",
                      period_start=date(2025, 1, 1), deadline=date(2025, 12, 31))
    data = TargetData(progress=pd.Series([80.0], index=pd.to_datetime(["2025-11-01"])))

    # when
    slow, fast = (what_if_target(spec, data, date(2025, 11, 1), pace) for pace in (2.0, 5.0))

    # then 80 + 2 × 2 = 84 is short by 6% of 90 (> 5%): yellow; 80 + 2 × 5 = 90 meets
    assert (slow.end_value, slow.level) == (pytest.approx(84.0), Level.YELLOW)
    assert (fast.end_value, fast.meets, fast.level) == (pytest.approx(90.0), True, Level.GREEN)
    # inverse: short by at most 5% of 90 = 4.5 → reach 85.5: (85.5 − 80) × 30 / 60 = 2.75 a month
    assert fast.needed[1].low == pytest.approx(2.75)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1.0])
def test_an_impossible_assumption_is_refused_in_both_languages(bad):
    # when / then
    with pytest.raises(ValueError, match=" / "):
        what_if_target(PM25, SO_FAR, DAY_300, bad)


@pytest.mark.parametrize("bad", [-1, 66])
def test_more_heavy_days_than_remain_is_refused(bad):
    with pytest.raises(ValueError, match="65"):
        what_if_target(HEAVY, THREE_USED, DAY_300, bad)


def test_a_good_share_above_100_percent_is_refused():
    with pytest.raises(ValueError, match="100%"):
        what_if_target(GOOD, GOOD_SO_FAR, DAY_300, 101)


@pytest.mark.parametrize(
    "level_range, value, inside",
    [
        (LevelRange(Level.GREEN, 0.0, 20.0), 20.0, True),
        (LevelRange(Level.GREEN, 0.0, 20.0), 20.001, False),
        (LevelRange(Level.GREEN, 0.0, 20.0), 0.0, True),
        (LevelRange(Level.GREEN, 0.0, 20.0), -0.001, False),
        (LevelRange(Level.YELLOW, 20.0, 22.0, low_open=True), 20.0, False),
        (LevelRange(Level.YELLOW, 20.0, 22.0, low_open=True), 20.001, True),
        (LevelRange(Level.YELLOW, 20.0, 22.0, high_open=True), 22.0, False),
        (LevelRange(Level.YELLOW, 20.0, 22.0, high_open=True), 21.999, True),
        (LevelRange(Level.ORANGE, 22.0, None, low_open=True), 1e9, True),
        (LevelRange(Level.ORANGE, None, 5.0), -1e9, True),
    ],
)
def test_level_range_boundaries(level_range, value, inside):
    assert level_range.contains(value) is inside


def test_what_if_with_a_wider_orange_margin_moves_the_edge():
    # given orange_margin 0.2: yellow up to 20 / 0.8 = 25
    target = daily_target(PM25, SO_FAR, DAY_300, Thresholds(orange_margin=0.2))

    # when
    ranges = needed_for_levels(target)

    # then
    assert ranges[1].high == pytest.approx(25.0)


# -- exactly on the edges of "lost" and of the accepted assumptions (mutation-testing boundaries) --


def test_a_mean_that_needs_exactly_zero_from_now_on_is_not_lost():
    # given 299 days at 40 and one at 815: S = 11 960 + 815 = 12 775 = 35 × 365, so R = 0 exactly
    data = TargetData(daily=daily(date(2025, 1, 1), [40.0] * 299 + [815.0]))

    # when
    result = what_if_target(PM25, data, DAY_300, 0.0)

    # then R = 0 is hard, not lost: the year ends exactly at 35
    assert (result.lost, result.level, result.meets) == (None, Level.GREEN, True)
    assert result.end_value == pytest.approx(35.0)


def test_a_mean_needing_exactly_the_best_stretch_on_record_is_not_lost():
    # given R = 20.0 and a whole 2024 at exactly 20.0: 65 days at 20.0 have happened, so it is possible
    data = TargetData(daily=SO_FAR.daily, last_year=constant(date(2024, 1, 1), 366, 20.0))

    # when
    result = what_if_target(PM25, data, DAY_300, 20.0)

    # then
    assert (result.lost, result.level) == (None, Level.GREEN)


def test_a_heavy_day_budget_used_up_exactly_is_not_lost():
    # given K = 5 and exactly 5 heavy days so far: 0 left
    data = TargetData(daily=daily(date(2025, 1, 1), [1.0] * 5 + [0.0] * 295))

    # when
    result = what_if_target(HEAVY, data, DAY_300, 0)

    # then no more heavy days: ends at 5 ≤ 5
    assert (result.lost, result.level, result.end_value) == (None, Level.GREEN, 5)


def test_a_heavy_day_budget_exceeded_is_lost():
    # given K = 5 and 6 heavy days so far: 5 − 6 = −1 left
    data = TargetData(daily=daily(date(2025, 1, 1), [1.0] * 6 + [0.0] * 294))

    # when
    result = what_if_target(HEAVY, data, DAY_300, 0)

    # then
    assert (result.lost, result.level) == ("cannot_be_met", Level.RED)
    assert "即使剩余时段全部达到最好情况也无法完成" in result.explanation_zh
    assert "even a perfect rest of the period would not do" in result.explanation_en


def test_the_lost_wording_says_when_it_is_the_record_that_rules_it_out():
    # given R = 20.0 and a whole 2024 at 20.5 (as above): beyond the record, not arithmetically lost
    data = TargetData(daily=SO_FAR.daily, last_year=constant(date(2024, 1, 1), 366, 20.5))

    # when
    result = what_if_target(PM25, data, DAY_300, 10.0)

    # then
    assert "所需剩余日均值低于有记录以来同样长度时段的最低均值" in result.explanation_zh
    assert "below the best stretch of that length on record" in result.explanation_en
    assert "even a perfect rest" not in result.explanation_en


O3 = TargetSpec(kind="percentile", target_value=160, unit="μg/m³", metric="O3", percentile=0.9, **YEAR_2025)


def test_a_percentile_exactly_at_the_certain_failure_bound_is_not_lost():
    # given N = 365, p = 0.9: k = 1 + 364 × 0.9 = 328.6, safe 365 − 329 = 36, certain 365 − 328 = 37;
    # 37 days above 160 so far: one beyond the safe allowance, not yet beyond the certain bound
    data = TargetData(daily=daily(date(2025, 1, 1), [170.0] * 37 + [100.0] * 263))

    # when
    result = what_if_target(O3, data, DAY_300, 0)

    # then left = 36 − 37 = −1: none to come is 1 beyond, within the 2-day margin → yellow
    assert (result.lost, result.level) == (None, Level.YELLOW)


def test_a_percentile_what_if_speaks_in_days_above_the_limit():
    # given 30 of 300 days above 160, 6 of the 36 allowed left (see the percentile test above)
    data = TargetData(daily=daily(date(2025, 1, 1), [170.0] * 30 + [100.0] * 270))

    # when
    result = what_if_target(O3, data, DAY_300, 6)

    # then 30 + 6 = 36 days above against ≤ 36
    assert "期末超标天数为 36.0 天，目标 ≤ 36 天" in result.explanation_zh
    assert "ends at 36.0 天 above the limit against ≤ 36 天" in result.explanation_en


def test_a_good_day_share_needing_every_remaining_day_is_not_lost():
    # given 292 needed; 227 of 300 good leaves 65 to get in the 65 remaining days: q = 1 exactly
    data = TargetData(daily=daily(date(2025, 1, 1), [1.0] * 227 + [0.0] * 73))

    # when
    result = what_if_target(GOOD, data, DAY_300, 100)

    # then 100% is accepted and reaches 292 = 227 + 65
    assert (result.lost, result.level, result.meets) == (None, Level.GREEN, True)
    assert result.end_value == pytest.approx(292 / 365)


def test_the_day_ratio_inverse_names_green_and_yellow_only():
    # when q = 0.6: green ≥ 60.0%, yellow ≥ 0.6 / 1.1 = 54.5%, orange (from 0) is "worse"
    result = what_if_target(GOOD, GOOD_SO_FAR, DAY_300, 60)

    # then
    assert result.explanation_zh.endswith("反推（剩余天数优良比例）：绿需 ≥ 60.0%；黄需 ≥ 54.5%，更差为橙色。")
    assert result.explanation_en.endswith("Inverse (remaining good share): green needs ≥ 60.0%; "
                                          "yellow needs ≥ 54.5%; worse is orange.")


@pytest.mark.parametrize("assumed, level", [(0, Level.GREEN), (65, Level.ORANGE)])
def test_heavy_days_from_none_to_every_remaining_day_are_accepted(assumed, level):
    # when 0 (ends at 3) and all 65 remaining days heavy (ends at 68): both edges are possible
    result = what_if_target(HEAVY, THREE_USED, DAY_300, assumed)

    # then
    assert (result.end_value, result.level) == (3 + assumed, level)


def test_an_orange_margin_of_one_leaves_no_orange_for_a_mean():
    # given orange_margin 1: R/A − 1 ≥ −1 for every A > 0, so all beyond R is yellow
    result = what_if_target(PM25, SO_FAR, DAY_300, 80.0, Thresholds(orange_margin=1.0))

    # then
    assert result.level == Level.YELLOW
    assert [r.level for r in result.needed] == [Level.GREEN, Level.YELLOW]


def test_with_no_day_budget_margin_one_day_beyond_is_orange():
    # given K = 5, 3 used, 2 left, day_budget_margin 0: yellow is empty (2 < H ≤ 2 + 0)
    target = daily_target(HEAVY, THREE_USED, DAY_300, Thresholds(day_budget_margin=0))

    # when / then 2 → green, 3 → orange
    assert [what_if_target(HEAVY, THREE_USED, DAY_300, h, target.thresholds).level for h in (2, 3)] == [
        Level.GREEN, Level.ORANGE]
