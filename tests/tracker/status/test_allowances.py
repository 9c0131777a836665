"""Monthly allowances (分解到月): by hand, and the property that meeting every month meets the target."""

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.status import Level, TargetData, TargetSpec
from tracker.status.allowances import split_whole_days
from tracker.status.projection import project_target, target_allowances, what_if_target
from tracker.status.seasonal import daily_target

from .builders import constant, daily

WINTER = dict(period_start=date(2023, 10, 1), period_end=date(2024, 3, 31))  # N = 183 (29 Feb 2024)
YEAR_2025 = dict(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))


def test_mean_allowances_follow_last_winters_shape():
    # given 秋冬季 PM2.5 ≤ 55; 123 days (to 31 Jan) at 60: room 55 × 183 − 7 380 = 2 685 over 60 days.
    # Last winter's Feb (29 days, 29 Feb reading 28 Feb 2023) at 45, Mar at 35:
    # c = 2 685 / (29 × 45 + 31 × 35) = 2 685 / 2 390; Feb 45c = 50.55, Mar 35c = 39.32
    spec = TargetSpec(kind="period_mean", target_value=55, unit="μg/m³", metric="PM2.5", **WINTER)
    so_far = constant(date(2023, 10, 1), 123, 60.0)
    last_winter = daily(date(2022, 10, 1), [50.0] * 123 + [45.0] * 28 + [35.0] * 31)

    # when
    months = target_allowances(spec, TargetData(daily=so_far, last_year=last_winter), date(2024, 1, 31))

    # then
    assert [(m.month, m.days_remaining) for m in months] == [("2024-02", 29), ("2024-03", 31)]
    assert months[0].control_value == pytest.approx(45 * 2685 / 2390)
    assert months[1].control_value == pytest.approx(35 * 2685 / 2390)
    assert sum(m.days_remaining * m.control_value for m in months) == pytest.approx(2685)
    assert "2024-02 剩余 29 天日均值需控制在 50.6 μg/m³ 以下" in months[0].explanation_zh


def test_without_past_years_the_mean_allowance_is_flat():
    # given 300 days at 38.25: R = 20.0 on every remaining day
    spec = TargetSpec(kind="period_mean", target_value=35, unit="μg/m³", metric="PM2.5", **YEAR_2025)
    data = TargetData(daily=constant(date(2025, 1, 1), 300, 38.25))

    # when
    months = target_allowances(spec, data, date(2025, 10, 27))

    # then 4 days of Oct, 30 of Nov, 31 of Dec, each at 20
    assert [(m.month, m.days_remaining, m.control_value, m.weight) for m in months] == [
        ("2025-10", 4, pytest.approx(20.0), None),
        ("2025-11", 30, pytest.approx(20.0), None),
        ("2025-12", 31, pytest.approx(20.0), None),
    ]


def test_heavy_day_allowance_goes_to_the_months_that_had_them():
    # given K = 5, 3 used; 2 left over Nov–Dec; last year's Nov had 1 heavy day, Dec 3
    spec = TargetSpec(kind="day_budget", target_value=5, unit="天", metric="重污染天数", **YEAR_2025)
    so_far = daily(date(2025, 1, 1), [1.0] * 3 + [0.0] * 301)  # to 31 Oct
    last_year = daily(date(2024, 11, 1), [1.0] + [0.0] * 29 + [1.0] * 3 + [0.0] * 28)

    # when
    months = target_allowances(spec, TargetData(daily=so_far, last_year=last_year), date(2025, 10, 31))

    # then quotas 2 × 1/4 = 0.5 (Nov) and 2 × 3/4 = 1.5 (Dec): floors 0 and 1, the last day to the
    # larger remainder (a tie at 0.5: the earlier month)
    assert [(m.month, m.control_value) for m in months] == [("2025-11", 1.0), ("2025-12", 1.0)]


def test_good_day_allowance_gives_winter_more_room():
    # given ≥ 80%: 292 needed; 253 good in 304 days (to 31 Oct) → 39 of the 61 left, 22 may be bad.
    # Last year Nov had 6 bad days (weight 6/30 × 30 = 6), Dec 16 (16/31 × 31 = 16): 22 × 6/22 = 6, 16
    spec = TargetSpec(kind="day_ratio", comparator=">=", target_value=80, unit="%", metric="优良天数比例", **YEAR_2025)
    so_far = daily(date(2025, 1, 1), [1.0] * 253 + [0.0] * 51)
    last_year = daily(date(2024, 11, 1), [0.0] * 6 + [1.0] * 24 + [0.0] * 16 + [1.0] * 15)

    # when
    months = target_allowances(spec, TargetData(daily=so_far, last_year=last_year), date(2025, 10, 31))

    # then Nov needs 30 − 6 = 24 good, Dec 31 − 16 = 15: 39 in all
    assert [(m.month, m.control_value) for m in months] == [("2025-11", 24.0), ("2025-12", 15.0)]
    assert months[1].control_ratio == pytest.approx(15 / 31)


@pytest.mark.parametrize(
    "total, weights, caps, shares",
    [
        (3, [1, 1, 1], [5, 5, 5], [1, 1, 1]),
        (2, [1, 3], [30, 31], [1, 1]),  # 0.5 / 1.5: the tie goes to the earlier month
        (3, [1, 3], [30, 31], [1, 2]),  # 0.75 / 2.25
        (5, [0, 1], [3, 2], [3, 2]),  # capped at 2: the rest spills over
        (9, [1, 1], [3, 2], [3, 2]),  # more than there are days: all of them
        (0, [1, 1], [3, 2], [0, 0]),
        (4, [0, 0], [2, 2], [2, 2]),  # no shape: even split
        # a month with no days takes no share of the weight: 6 × 1/5 = 1.2, 6 × 4/5 = 4.8 → 1 and 5
        (6, [1, 4, 1], [3, 5, 0], [1, 5, 0]),
        # 7 × 0/3, 7 × 1/3 = 2.33, 7 × 2/3 = 4.67 capped at 1 → 0, 2, 1; remainders +1 each to the second
        # and first → 1, 3, 1; the capped third drops out, so the 2 still to place go by 0 : 1 → 1, 5, 1
        (7, [0, 1, 2], [5, 5, 1], [1, 5, 1]),
    ],
)
def test_split_whole_days(total, weights, caps, shares):
    assert split_whole_days(total, weights, caps) == shares


# -- the seasonal weights on their boundaries (mutation testing) -------------------------------------

PM25_2025 = TargetSpec(kind="period_mean", target_value=35, unit="μg/m³", metric="PM2.5", **YEAR_2025)
SO_FAR_38_25 = constant(date(2025, 1, 1), 300, 38.25)  # R = (12 775 − 11 475) / 65 = 20.0 exactly
DAY_300 = date(2025, 10, 27)  # 65 remaining: 4 days of Oct, 30 of Nov, 31 of Dec


def test_a_month_with_no_past_reading_takes_the_mean_weight_of_the_others():
    # given last year read only in Nov and Dec, both at 40: Oct's weight is their mean, 40;
    # c = 1 300 / (65 × 40) = 0.5, so every month gets 0.5 × 40 = 20
    data = TargetData(daily=SO_FAR_38_25, last_year=constant(date(2024, 11, 1), 61, 40.0))

    # when
    months = target_allowances(PM25_2025, data, DAY_300)

    # then
    assert [(m.month, m.control_value, m.weight) for m in months] == [
        ("2025-10", 20.0, 40.0), ("2025-11", 20.0, 40.0), ("2025-12", 20.0, 40.0)]


def test_a_past_year_at_zero_on_the_remaining_days_gives_an_even_split():
    # given last year's remaining days all at 0.0: no shape to follow, so R = 20.0 everywhere
    data = TargetData(daily=SO_FAR_38_25, last_year=constant(date(2024, 10, 28), 65, 0.0))

    # when
    months = target_allowances(PM25_2025, data, DAY_300)

    # then
    assert [(m.control_value, m.weight) for m in months] == [(20.0, None)] * 3


def test_a_past_year_without_heavy_days_splits_the_budget_by_days():
    # given K = 5, 2 used: 3 left over 4 + 30 + 31 days; last year had no heavy day then (rate 0):
    # quotas 3 × 4/65 = 0.18, 3 × 30/65 = 1.38, 3 × 31/65 = 1.43 → 0, 1, 1 and the last to Dec
    spec = TargetSpec(kind="day_budget", target_value=5, unit="天", metric="重污染天数", **YEAR_2025)
    data = TargetData(daily=daily(date(2025, 1, 1), [1.0] * 2 + [0.0] * 298),
                      last_year=constant(date(2024, 10, 28), 65, 0.0))

    # when
    months = target_allowances(spec, data, DAY_300)

    # then
    assert [(m.control_value, m.weight) for m in months] == [(0.0, None), (1.0, None), (2.0, None)]


def test_past_days_exactly_at_the_percentile_limit_are_not_above_it():
    # given O3 ≤ 160 (36 of 365 may exceed), 30 above so far: 6 left; last year's remaining days were
    # 100 (Oct), exactly 160 (Nov, not above) and 170 (Dec): all 6 go to December
    spec = TargetSpec(kind="percentile", target_value=160, unit="μg/m³", metric="O3", percentile=0.9, **YEAR_2025)
    data = TargetData(daily=daily(date(2025, 1, 1), [170.0] * 30 + [100.0] * 270),
                      last_year=daily(date(2024, 10, 28), [100.0] * 4 + [160.0] * 30 + [170.0] * 31))

    # when
    months = target_allowances(spec, data, DAY_300)

    # then
    assert [(m.month, m.control_value) for m in months] == [("2025-10", 0.0), ("2025-11", 0.0), ("2025-12", 6.0)]


def test_progress_allowance_is_the_straight_line_to_the_target():
    # given 60% on 31 Oct, ≥ 90 by 31 Dec: 30 points over 61 days
    spec = TargetSpec(kind="progress", comparator=">=", target_value=90, unit="%", metric="资金执行率",
                      period_start=date(2025, 1, 1), deadline=date(2025, 12, 31))
    data = TargetData(progress=pd.Series([60.0], index=pd.to_datetime(["2025-10-31"])))

    # when
    months = target_allowances(spec, data, date(2025, 10, 31))

    # then by 30 Nov: 60 + 30 × 30/61; by 31 Dec: 90
    assert [(m.month, m.days_remaining) for m in months] == [("2025-11", 30), ("2025-12", 31)]
    assert months[0].control_value == pytest.approx(60 + 30 * 30 / 61)
    assert months[1].control_value == pytest.approx(90.0)


# -- properties -------------------------------------------------------------------------------------

N = 90
PERIOD = dict(period_start=date(2025, 1, 1), period_end=date(2025, 3, 31))  # 90 days, three months
values = st.lists(st.floats(min_value=0, max_value=200, allow_nan=False), min_size=N, max_size=N)
flags = st.lists(st.booleans(), min_size=N, max_size=N)


@settings(max_examples=60, deadline=None)
@given(this=values, last=values, observed=st.integers(min_value=1, max_value=N - 1),
       target=st.floats(min_value=10, max_value=120))
def test_meeting_every_monthly_mean_allowance_meets_the_target(this, last, observed, target):
    # given
    spec = TargetSpec(kind="period_mean", target_value=target, unit="μg/m³", metric="PM2.5", **PERIOD)
    data = TargetData(daily=daily(date(2025, 1, 1), this[:observed]), last_year=daily(date(2024, 1, 1), last))
    as_of = date(2025, 1, 1) + pd.Timedelta(days=observed - 1)
    months = target_allowances(spec, data, as_of)

    # when every remaining day of each month runs exactly at its month's control value
    rest = sum(m.days_remaining * m.control_value for m in months)
    end = (sum(this[:observed]) + rest) / N

    # then the period meets the target whenever any allowance exists at all
    if sum(this[:observed]) <= target * N:
        assert end <= target + 1e-6


@settings(max_examples=60, deadline=None)
@given(this=flags, last=flags, observed=st.integers(min_value=1, max_value=N - 1),
       target=st.integers(min_value=0, max_value=30), kind=st.sampled_from(["day_budget", "day_ratio"]))
def test_meeting_every_monthly_day_allowance_meets_the_target(this, last, observed, target, kind):
    # given a heavy-day budget of `target` days, or a good-day ratio of (100 − target)%
    comparator = "<=" if kind == "day_budget" else ">="
    value = target if kind == "day_budget" else 100 - target
    spec = TargetSpec(kind=kind, comparator=comparator, target_value=value, unit="天" if kind == "day_budget" else "%",
                      metric="days", **PERIOD)
    data = TargetData(daily=daily(date(2025, 1, 1), [float(f) for f in this[:observed]]),
                      last_year=daily(date(2024, 1, 1), [float(f) for f in last]))
    as_of = date(2025, 1, 1) + pd.Timedelta(days=observed - 1)
    target_view = daily_target(spec, data, as_of)
    months = target_allowances(spec, data, as_of)

    # when every month uses exactly its allowance
    counted = sum(m.control_value for m in months)

    # then the month values add up to what is left, and meeting them meets the target
    assert sum(m.days_remaining for m in months) == N - observed
    if kind == "day_budget" and target_view.goal >= target_view.observed_total:
        assert target_view.observed_total + counted <= target_view.goal
    if kind == "day_ratio" and target_view.goal - target_view.observed_total <= N - observed:
        assert target_view.observed_total + counted >= target_view.goal


@settings(max_examples=60, deadline=None)
@given(this=values, last=values, older=values, observed=st.integers(min_value=1, max_value=N - 1),
       target=st.floats(min_value=10, max_value=120))
def test_what_if_of_the_projected_central_value_reproduces_the_projection(this, last, older, observed, target):
    # given
    spec = TargetSpec(kind="period_mean", target_value=target, unit="μg/m³", metric="PM2.5", **PERIOD)
    data = TargetData(daily=daily(date(2025, 1, 1), this[:observed]),
                      past_years=(daily(date(2024, 1, 1), last), daily(date(2023, 1, 1), older)))
    as_of = date(2025, 1, 1) + pd.Timedelta(days=observed - 1)
    projection = project_target(spec, data, as_of)

    # when
    answer = what_if_target(spec, data, as_of, projection.remaining_central)

    # then
    assert answer.level == projection.level
    assert answer.end_value == pytest.approx(projection.central)
    assert projection.low - 1e-9 <= projection.central <= projection.high + 1e-9
    assert 0.0 <= projection.probability <= 1.0
    if projection.level == Level.GREEN:
        assert answer.meets
