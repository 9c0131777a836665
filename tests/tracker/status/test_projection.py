"""Seasonal projection (季节性预测): hand-made scenarios, each with its arithmetic."""

from datetime import date

import pandas as pd
import pytest

from tracker.status import Level, TargetData, TargetSpec
from tracker.status.projection import project_target, target_allowances, what_if_target

from .builders import constant, daily

YEAR_2025 = dict(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))  # N = 365
DAY_300 = date(2025, 10, 27)  # 300 days in, 65 remaining (28 Oct – 31 Dec)


def pm25(target, **period):
    return TargetSpec(kind="period_mean", target_value=target, unit="μg/m³", metric="PM2.5", **(period or YEAR_2025))


def past_year(start: date, observed_days: int, observed: float, remaining_days: int, remaining: float):
    """A past period: the days matching this year's observed ones at one value, the rest at another."""
    return daily(start, [observed] * observed_days + [remaining] * remaining_days)


# 2024 is a leap year: 1 Jan – 27 Oct 2024 is 301 days, 28 Oct – 31 Dec 65.
LAST_YEAR = past_year(date(2024, 1, 1), 301, 20.0, 65, 40.0)
TWO_YEARS_AGO = past_year(date(2023, 1, 1), 300, 20.0, 65, 30.0)
SO_FAR_22 = constant(date(2025, 1, 1), 300, 22.0)  # S = 6 600; level ratio 22 / 20 = 1.1


@pytest.mark.parametrize(
    "target, level, probability",
    [
        # path: 1.1 × 40 = 44 on each remaining day; end (6 600 + 65 × 44) / 365 = 9 460 / 365 = 25.918
        (35, Level.GREEN, 1.0),  # R = (12 775 − 6 600) / 65 = 95 ≥ 44
        (25.5, Level.YELLOW, 0.0),  # R = (9 307.5 − 6 600) / 65 = 41.65; 41.65 / 44 − 1 = −5.3%
        (25, Level.ORANGE, 0.0),  # R = (9 125 − 6 600) / 65 = 38.85; 38.85 / 44 − 1 = −11.7%
    ],
)
def test_period_mean_projection_applies_this_years_level_to_last_years_remaining_days(
    target, level, probability
):
    # when
    result = project_target(pm25(target), TargetData(daily=SO_FAR_22, last_year=LAST_YEAR), DAY_300)

    # then every month of 2025 so far ran at 1.1 × 2024, so the band collapses onto the central path
    assert result.remaining_central == pytest.approx(44.0)
    assert result.central == pytest.approx(9460 / 365)
    assert (result.low, result.high) == (pytest.approx(9460 / 365), pytest.approx(9460 / 365))
    assert (result.level, result.probability) == (level, probability)
    assert (result.basis, result.years_used) == ("past_years", 1)
    # one path for the year, one for each of Jan–Oct (each has ≥ 10 paired days)
    assert len(result.scenarios) == 11


def test_several_past_years_give_the_band_and_the_probability():
    # given 2024's remaining days at 40 and 2023's at 30, both years at 20 on the observed days
    data = TargetData(daily=SO_FAR_22, past_years=(LAST_YEAR, TWO_YEARS_AGO))

    # when
    result = project_target(pm25(25), data, DAY_300)

    # then paths 44 (2024) and 33 (2023): central remaining 38.5, end (6 600 + 65 × 38.5) / 365;
    # band from (6 600 + 65 × 33) / 365 = 23.96 to 25.92; 2023's 11 paths meet ≤ 25, 2024's do not
    assert result.remaining_central == pytest.approx(38.5)
    assert result.central == pytest.approx(9102.5 / 365)
    assert (result.low, result.high) == (pytest.approx(8745 / 365), pytest.approx(9460 / 365))
    assert result.probability == pytest.approx(0.5)
    assert result.years_used == 2
    # R = 38.85 ≥ 38.5 → green by a hair
    assert result.level == Level.GREEN


def test_a_year_with_no_last_year_data_projects_the_level_so_far():
    # given no past year: the remaining days are assumed to run at the mean so far (25)
    so_far = constant(date(2025, 1, 1), 300, 25.0)

    # when
    result = project_target(pm25(35), TargetData(daily=so_far), DAY_300)

    # then end (7 500 + 65 × 25) / 365 = 25
    assert (result.basis, result.years_used) == ("so_far", 0)
    assert result.central == pytest.approx(25.0)
    assert result.level == Level.GREEN and result.probability == 1.0


def test_autumn_winter_projection_crosses_the_new_year_and_the_leap_day():
    # given 秋冬季 2023-10-01 … 2024-03-31 (N = 183 with 29 Feb); as of 31 Jan, 123 days at 60,
    # r = 29 + 31 = 60; the previous winter at 50 (Oct–Jan) and 40 (Feb–Mar): ratio 1.2 → path 48
    period = dict(period_start=date(2023, 10, 1), period_end=date(2024, 3, 31))
    so_far = constant(date(2023, 10, 1), 123, 60.0)
    last_winter = past_year(date(2022, 10, 1), 123, 50.0, 59, 40.0)

    # when
    result = project_target(pm25(55, **period), TargetData(daily=so_far, last_year=last_winter), date(2024, 1, 31))

    # then end (123 × 60 + 60 × 48) / 183 = 10 260 / 183 = 56.07 > 55 (29 Feb reads 28 Feb 2023)
    assert result.remaining_central == pytest.approx(48.0)
    assert result.central == pytest.approx(10260 / 183)
    assert result.probability == 0.0


def test_a_target_already_lost_projects_red():
    # given 364 days at 36: R = (12 775 − 13 104) / 1 = −329
    so_far = constant(date(2025, 1, 1), 364, 36.0)

    # when
    result = project_target(pm25(35), TargetData(daily=so_far), date(2025, 12, 30))

    # then
    assert result.level == Level.RED and result.probability == 0.0


def test_a_period_already_over_projects_what_happened():
    # given the whole year at 30 against ≤ 35
    result = project_target(pm25(35), TargetData(daily=constant(date(2025, 1, 1), 365, 30.0)), date(2026, 1, 5))

    # then
    assert (result.basis, result.central, result.low, result.high) == ("period_over", 30.0, 30.0, 30.0)
    assert (result.level, result.probability) == (Level.GREEN, 1.0)


def test_day_budget_projection_adds_last_years_heavy_days_to_what_is_used():
    # given K = 5, 3 heavy days in the first 300; last year's 65 remaining days had 4
    spec = TargetSpec(kind="day_budget", target_value=5, unit="天", metric="重污染天数", **YEAR_2025)
    so_far = daily(date(2025, 1, 1), [1.0] * 3 + [0.0] * 297)
    last_year = daily(date(2024, 1, 1), [0.0] * 301 + [1.0] * 4 + [0.0] * 61)

    # when
    result = project_target(spec, TargetData(daily=so_far, last_year=last_year), DAY_300)

    # then central 3 + 4 = 7; the pace so far gives 3 + 3/300 × 65 = 3.65; one of the two meets ≤ 5;
    # 4 to come against 2 left is 2 beyond — exactly the 2-day margin, so yellow, not orange
    assert result.central == pytest.approx(7.0)
    assert (result.low, result.high) == (pytest.approx(3.65), pytest.approx(7.0))
    assert result.probability == 0.5
    assert result.level == Level.YELLOW


def test_day_ratio_projection_uses_last_years_good_share_on_the_remaining_days():
    # given ≥ 80%: ⌈(0.8 − 0.0005) × 365⌉ = 292 good days needed; 250 of 300 good so far, 42 to go
    # of 65 (q = 64.6%); last year's 65 remaining days had 52 good (80%)
    spec = TargetSpec(kind="day_ratio", comparator=">=", target_value=80, unit="%", metric="优良天数比例", **YEAR_2025)
    so_far = daily(date(2025, 1, 1), [1.0] * 250 + [0.0] * 50)
    last_year = daily(date(2024, 1, 1), [1.0] * 301 + [1.0] * 52 + [0.0] * 13)

    # when
    result = project_target(spec, TargetData(daily=so_far, last_year=last_year), DAY_300)

    # then central (250 + 0.8 × 65) / 365 = 302 / 365 = 82.7%; so far 250/300 gives (250 + 54.17) / 365
    assert result.central == pytest.approx(302 / 365)
    assert result.high == pytest.approx((250 + 65 * 250 / 300) / 365)
    assert result.level == Level.GREEN and result.probability == 1.0


def test_percentile_projection_reads_the_percentile_of_the_projected_year():
    # given O3 ≤ 160 (p = 0.9): 300 days at 100 so far, last year at 100 then 200 on the remaining 65;
    # ratio 1.0 → 65 days at 200 above the 36-day allowance: the 90th percentile is 200
    spec = TargetSpec(kind="percentile", target_value=160, unit="μg/m³", metric="O3", percentile=0.9, **YEAR_2025)
    so_far = constant(date(2025, 1, 1), 300, 100.0)
    last_year = past_year(date(2024, 1, 1), 301, 100.0, 65, 200.0)

    # when
    result = project_target(spec, TargetData(daily=so_far, last_year=last_year), DAY_300)

    # then 65 days to exceed against 36 allowed: 29 beyond the 2-day margin → orange
    assert result.remaining_central == 65.0
    assert result.central == pytest.approx(200.0)
    assert result.level == Level.ORANGE and result.probability == 0.0


def test_progress_projection_has_a_band_from_its_paces():
    # given 资金执行率 ≥ 90 by 31 Dec from 0 on 1 Jan: 60% on 1 Oct, 70% on 31 Oct; as of 31 Oct
    spec = TargetSpec(kind="progress", comparator=">=", target_value=90, unit="%", metric="资金执行率",
                      period_start=date(2025, 1, 1), deadline=date(2025, 12, 31))
    progress = pd.Series([60.0, 70.0], index=pd.to_datetime(["2025-10-01", "2025-10-31"]))

    # when
    result = project_target(spec, TargetData(progress=progress), date(2025, 10, 31))

    # then trend 10/30 a day × 61 days → 70 + 20.33 = 90.33 (central); since the start 70/303 a day
    # → 70 + 14.09 = 84.09 (low); the last two reports give the same as the trend
    assert result.central == pytest.approx(70 + 61 / 3)
    assert result.low == pytest.approx(70 + 70 / 303 * 61)
    assert result.probability == pytest.approx(2 / 3)
    # the path expects 90 × 303 / 364 = 74.9 today: 4.9 behind is 5.5% of the way > 5% → yellow
    assert result.level == Level.YELLOW


def test_projection_is_json_ready():
    import json

    # when
    result = project_target(pm25(25), TargetData(daily=SO_FAR_22, last_year=LAST_YEAR), DAY_300)

    # then
    payload = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))
    assert payload["colour"] == "orange" and payload["scenarios"][0]["label"] == "2024"
    assert "期末约 25.9 μg/m³" in payload["explanation_zh"] and "band" in payload["explanation_en"]


# -- progress exactly on its boundaries (mutation testing) --------------------------------------

FUNDS = dict(kind="progress", comparator=">=", target_value=90, unit="%", metric="资金执行率")


def test_a_progress_target_already_achieved_projects_certainty():
    # given 90 reported against ≥ 90, before the deadline
    spec = TargetSpec(**FUNDS, period_start=date(2025, 1, 1), deadline=date(2025, 12, 31))
    progress = pd.Series([90.0], index=pd.to_datetime(["2025-10-01"]))

    # when
    result = project_target(spec, TargetData(progress=progress), date(2025, 10, 31))

    # then
    assert (result.basis, result.central, result.level, result.probability) == (
        "period_over", 90.0, Level.GREEN, 1.0)


def test_a_progress_target_past_its_deadline_projects_no_chance():
    # given 80 reported against ≥ 90, deadline 31 Dec, as of 5 Jan
    spec = TargetSpec(**FUNDS, period_start=date(2025, 1, 1), deadline=date(2025, 12, 31))
    progress = pd.Series([80.0], index=pd.to_datetime(["2025-12-01"]))

    # when
    result = project_target(spec, TargetData(progress=progress), date(2026, 1, 5))

    # then
    assert (result.level, result.probability) == (Level.RED, 0.0)


def test_a_progress_projection_on_the_start_day_has_no_pace_since_the_start():
    # given a first report of 10 on the start day itself: no day has passed, no trend to draw
    spec = TargetSpec(**FUNDS, period_start=date(2025, 1, 1), deadline=date(2025, 12, 31))
    progress = pd.Series([10.0], index=pd.to_datetime(["2025-01-01"]))

    # when
    result = project_target(spec, TargetData(progress=progress), date(2025, 1, 1))

    # then only the flat path: 10 stays 10
    assert [s.label for s in result.scenarios] == ["flat"]
    assert result.central == 10.0


def test_a_pace_that_ends_exactly_on_the_target_meets_it():
    # given 80 on 24 May and 82 on 1 Jun (as of): 2 / 8 = 0.25 a day (trend and last two), deadline
    # 3 Jul, 32 days on: 82 + 0.25 × 32 = 90 exactly; since the start (11 Mar, 82 days): 1.0 a day → 114
    spec = TargetSpec(**FUNDS, period_start=date(2025, 3, 11), deadline=date(2025, 7, 3))
    progress = pd.Series([80.0, 82.0], index=pd.to_datetime(["2025-05-24", "2025-06-01"]))

    # when
    result = project_target(spec, TargetData(progress=progress), date(2025, 6, 1))

    # then all three paces meet ≥ 90
    assert result.central == 90.0
    assert [(s.label, s.meets) for s in result.scenarios] == [("trend", True), ("since_start", True),
                                                              ("last_two", True)]
    assert result.probability == 1.0


def test_a_progress_exactly_the_tolerance_behind_the_path_is_not_behind():
    # given ≥ 100 from 0 over 200 days (1 Jan – 20 Jul), as of day 100 (11 Apr): the path expects
    # 50; 45 reported is (50 − 45) / 100 = 5% behind — the tolerance itself. Reports 35 on day 90 and
    # 45 on day 100: 1.0 a day → 145 by the deadline, no shortfall
    spec = TargetSpec(kind="progress", comparator=">=", target_value=100, unit="%", metric="整改完成率",
                      period_start=date(2025, 1, 1), deadline=date(2025, 7, 20))
    progress = pd.Series([35.0, 45.0], index=pd.to_datetime(["2025-04-01", "2025-04-11"]))
    data = TargetData(progress=progress)

    # when
    projection = project_target(spec, data, date(2025, 4, 11))
    what_if = what_if_target(spec, data, date(2025, 4, 11), 30.0)

    # then green; the what-if's inverse splits green from yellow (not yellow from orange)
    assert projection.level == Level.GREEN
    assert what_if.level == Level.GREEN
    assert [n.level for n in what_if.needed] == [Level.YELLOW, Level.GREEN]
    assert "against ≥ 100.0%" in projection.explanation_en
    assert "反推：每月进度 ≥" in what_if.explanation_zh


def test_a_progress_what_if_short_by_exactly_the_tolerance_is_green():
    # given 80 on 1 Nov against ≥ 90 by 31 Dec (60 days, ahead of the path): 2.75 a month →
    # 80 + 2.75 × 2 = 85.5, short by 4.5 / 90 = 5% — the tolerance itself
    spec = TargetSpec(**FUNDS, period_start=date(2025, 1, 1), deadline=date(2025, 12, 31))
    data = TargetData(progress=pd.Series([80.0], index=pd.to_datetime(["2025-11-01"])))

    # when
    result = what_if_target(spec, data, date(2025, 11, 1), 2.75)

    # then
    assert (result.end_value, result.meets, result.level) == (85.5, False, Level.GREEN)


def test_progress_allowances_end_on_a_deadline_that_is_the_first_of_a_month():
    # given 60 on 31 Oct, ≥ 90 by 1 Dec: 31 days; 30 Nov is 30 of them → 60 + 30 × 30 / 31, then 1 Dec
    spec = TargetSpec(**FUNDS, period_start=date(2025, 1, 1), deadline=date(2025, 12, 1))
    data = TargetData(progress=pd.Series([60.0], index=pd.to_datetime(["2025-10-31"])))

    # when
    months = target_allowances(spec, data, date(2025, 10, 31))

    # then
    assert [(m.month, m.days_remaining) for m in months] == [("2025-11", 30), ("2025-12", 1)]
    assert months[0].control_value == pytest.approx(60 + 900 / 31)
    assert months[1].control_value == 90.0


def test_progress_exactly_at_the_target_has_no_allowances_left():
    # given 90 reported against ≥ 90: nothing left to spread over the months
    spec = TargetSpec(**FUNDS, period_start=date(2025, 1, 1), deadline=date(2025, 12, 31))
    data = TargetData(progress=pd.Series([90.0], index=pd.to_datetime(["2025-10-31"])))

    # then
    assert target_allowances(spec, data, date(2025, 10, 31)) == []


def test_a_progress_what_if_towards_an_upper_limit_needs_a_falling_pace():
    # given 整改剩余问题 ≤ 10 from 100 (distance 90); 20 left on 1 Nov, 60 days to 31 Dec (ahead of
    # the path). Short by 5% of 90 = 4.5 → 14.5: (14.5 − 20) × 30 / 60 = −2.75 a month
    spec = TargetSpec(kind="progress", comparator="<=", target_value=10, baseline_value=100, unit="个",
                      metric="整改剩余问题", period_start=date(2025, 1, 1), deadline=date(2025, 12, 31))
    data = TargetData(progress=pd.Series([20.0], index=pd.to_datetime(["2025-11-01"])))

    # when
    on_edge, slower = (what_if_target(spec, data, date(2025, 11, 1), pace) for pace in (-2.75, -2.5))

    # then −2.75 → 20 − 5.5 = 14.5 is green; −2.5 → 15 yellow; the inverse reads "≤ −2.75"
    assert (on_edge.end_value, on_edge.level) == (14.5, Level.GREEN)
    assert (slower.end_value, slower.level) == (15.0, Level.YELLOW)
    assert [(n.level, n.low, n.high) for n in on_edge.needed] == [
        (Level.GREEN, None, -2.75), (Level.YELLOW, -2.75, None)]
    assert "反推：每月进度 ≤ -2.75 个" in on_edge.explanation_zh


# -- the shared daily view (seasonal.py) on its boundaries (mutation testing) --------------------

O3 = TargetSpec(kind="percentile", target_value=160, unit="μg/m³", metric="O3", percentile=0.9, **YEAR_2025)
HEAVY = TargetSpec(kind="day_budget", target_value=5, unit="天", metric="重污染天数", **YEAR_2025)
GOOD = TargetSpec(kind="day_ratio", comparator=">=", target_value=80, unit="%", metric="优良天数比例", **YEAR_2025)


def test_a_decrease_by_baseline_change_projects_as_an_upper_limit():
    # given PM2.5 下降50% from 40 → T = 20; 300 days at 20, no past year: the pace so far ends at 20
    spec = TargetSpec(kind="baseline_change", comparator="decrease_by", target_value=50, baseline_value=40,
                      unit="μg/m³", metric="PM2.5", **YEAR_2025)

    # when
    result = project_target(spec, TargetData(daily=constant(date(2025, 1, 1), 300, 20.0)), DAY_300)

    # then
    assert (result.central, result.level, result.probability) == (pytest.approx(20.0), Level.GREEN, 1.0)


def test_a_good_day_share_over_and_missed_projects_red():
    # given the whole of 2025 observed, 200 of 365 good (54.8%) against ≥ 80%
    data = TargetData(daily=daily(date(2025, 1, 1), [1.0] * 200 + [0.0] * 165))

    # when
    result = project_target(GOOD, data, date(2026, 1, 5))

    # then
    assert (result.basis, result.level, result.probability) == ("period_over", Level.RED, 0.0)
    assert result.central == pytest.approx(200 / 365)


def test_what_ifs_speak_in_each_kinds_own_terms():
    # given 3 heavy days used of 5, and 253 of 300 good days (see test_whatif.py)
    heavy = what_if_target(HEAVY, TargetData(daily=daily(date(2025, 1, 1), [1.0] * 3 + [0.0] * 297)), DAY_300, 2)
    good = what_if_target(GOOD, TargetData(daily=daily(date(2025, 1, 1), [1.0] * 253 + [0.0] * 47)), DAY_300, 60)

    # then heavy days in 天, the share against ≥ 80.0%
    assert (heavy.unit, good.unit) == ("天", "%")
    assert "若剩余 65 天再出现 2.0 天，期末为 5.0 天" in heavy.explanation_zh
    assert "with 2.0 more days in the remaining 65" in heavy.explanation_en
    assert "目标 ≥ 80.0%" in good.explanation_zh and "against ≥ 80.0%" in good.explanation_en


def test_days_exactly_at_the_percentile_limit_are_not_above_it():
    # given 30 days at exactly 160 against O3 ≤ 160: none of them is above the limit
    data = TargetData(daily=daily(date(2025, 1, 1), [160.0] * 30 + [100.0] * 270))

    # when
    result = what_if_target(O3, data, DAY_300, 6)

    # then 0 + 6 = 6 days above, said as "6 more of the remaining 65"
    assert result.end_value == 6
    assert "若剩余 65 天中再有 6.0 天超过 160.0 μg/m³" in result.explanation_zh
    assert "6.0 of the remaining 65 days above 160.0 μg/m³" in result.explanation_en


def test_a_percentile_path_exactly_at_the_limit_meets_it():
    # given 300 days at 100, last year 100 then exactly 160 on the remaining 65 (ratio 1.0): the sorted
    # year has X(328) = X(329) = 160, so the 90th percentile (k = 328.6) is 160 itself, ≤ 160
    last_year = past_year(date(2024, 1, 1), 301, 100.0, 65, 160.0)
    data = TargetData(daily=constant(date(2025, 1, 1), 300, 100.0), last_year=last_year)

    # when
    result = project_target(O3, data, DAY_300)

    # then no day is above 160, and the path meets
    assert result.remaining_central == 0.0
    assert result.central == 160.0
    assert result.probability == 1.0


def test_a_past_year_at_zero_on_the_observed_days_gives_no_level_ratio():
    # given last year 0.0 on the 301 days matching this year's (a mean of 0: no ratio), 40 after
    data = TargetData(daily=SO_FAR_22, last_year=past_year(date(2024, 1, 1), 301, 0.0, 65, 40.0))

    # when
    result = project_target(pm25(35), data, DAY_300)

    # then last year's remaining days are taken as they were (ratio 1): (6 600 + 65 × 40) / 365
    assert result.remaining_central == pytest.approx(40.0)
    assert result.central == pytest.approx(9200 / 365)


def test_a_past_year_too_small_to_divide_by_gives_no_level_ratio():
    # given last year's observed days at 5e-324 (the smallest float: > 0, but 22 / it overflows)
    data = TargetData(daily=SO_FAR_22, last_year=past_year(date(2024, 1, 1), 301, 5e-324, 65, 40.0))

    # when
    result = project_target(pm25(35), data, DAY_300)

    # then, as for a mean of 0, the remaining days are taken as they were (ratio 1), never infinite
    assert result.remaining_central == pytest.approx(40.0)
    assert result.central == pytest.approx(9200 / 365)


def test_a_month_with_exactly_ten_paired_days_joins_the_band():
    # given as of 10 Jan: 10 days at 22, the same 10 days of 2024 at 20 (ratio 1.1), the rest at 40
    data = TargetData(daily=constant(date(2025, 1, 1), 10, 22.0),
                      last_year=past_year(date(2024, 1, 1), 10, 20.0, 356, 40.0))

    # when
    result = project_target(pm25(35), data, date(2025, 1, 10))

    # then the year's path and January's (10 paired days = MONTH_MIN_DAYS)
    assert [s.label for s in result.scenarios] == ["2024", "2024×2025-01"]
