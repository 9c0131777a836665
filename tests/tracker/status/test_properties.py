"""Properties every rule must keep, whatever the numbers: checked with Hypothesis."""

from datetime import date, timedelta

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.status import (
    Level,
    TargetSpec,
    daily_city_mean,
    evaluate_day_budget,
    evaluate_day_ratio,
    evaluate_percentile,
    evaluate_period_mean,
)

from .builders import daily

START = date(2025, 1, 1)
END = date(2025, 3, 1)  # a 60-day period
N = 60
PERIOD = dict(period_start=START, period_end=END)

concentrations = st.lists(
    st.one_of(st.none(), st.floats(min_value=0, max_value=150, allow_nan=False)), min_size=1, max_size=N
)
last_years = st.lists(st.floats(min_value=0, max_value=150, allow_nan=False), max_size=N)
as_of_offsets = st.integers(min_value=0, max_value=N + 5)  # includes the day after the period


def _last_year(values):
    return daily(date(2024, 1, 1), values)


def _worsen(values, index, by):
    """The same readings with one known reading made worse by ``by``."""
    known = [i for i, v in enumerate(values) if v is not None]
    if not known:
        return values
    worse = list(values)
    i = known[index % len(known)]
    worse[i] = worse[i] + by
    return worse


@settings(max_examples=100, deadline=None)
@given(
    values=concentrations,
    last_year=last_years,
    offset=as_of_offsets,
    target=st.floats(min_value=10, max_value=100),
    index=st.integers(min_value=0),
    by=st.floats(min_value=0.1, max_value=100),
)
def test_a_worse_concentration_never_lowers_the_period_mean_level(
    values, last_year, offset, target, index, by
):
    # given
    spec = TargetSpec(kind="period_mean", target_value=target, **PERIOD)
    as_of = START + timedelta(days=offset)

    # when
    before = evaluate_period_mean(spec, daily(START, values), as_of, last_year=_last_year(last_year))
    after = evaluate_period_mean(
        spec, daily(START, _worsen(values, index, by)), as_of, last_year=_last_year(last_year)
    )

    # then
    assert after.level >= before.level


@settings(max_examples=100, deadline=None)
@given(values=concentrations, offset=st.integers(min_value=1, max_value=N - 2), target=st.floats(10, 100))
def test_a_negative_required_remaining_mean_is_red_and_only_then(values, offset, target):
    # given a running period; R worked out here from the raw readings, independently of the rule
    spec = TargetSpec(kind="period_mean", target_value=target, **PERIOD)
    as_of = START + timedelta(days=offset)
    seen = [v for v in values[: offset + 1] if v is not None]
    remaining = N - len(seen)

    # when
    result = evaluate_period_mean(spec, daily(START, values), as_of)

    # then
    if not seen:
        return  # nothing observed yet: no_data, judged elsewhere
    required = (target * N - sum(seen)) / remaining
    assert (result.level == Level.RED) == (required < 0)


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["站点A", "站点B", "站点C"]),
            st.integers(min_value=0, max_value=N + 3),
            st.floats(min_value=0, max_value=150, allow_nan=False),
        ),
        min_size=1,
        max_size=80,
    ),
    order=st.randoms(use_true_random=False),
    offset=as_of_offsets,
)
def test_the_level_does_not_depend_on_the_order_rows_arrive_in(rows, order, offset):
    # given station readings as a long table, and the same rows shuffled
    frame = pd.DataFrame(
        {
            "site": [site for site, _, _ in rows],
            "date": [START + timedelta(days=day) for _, day, _ in rows],
            "value": [value for _, _, value in rows],
        }
    )
    shuffled = frame.sample(frac=1, random_state=order.randint(0, 2**31))
    spec = TargetSpec(kind="period_mean", target_value=35, **PERIOD)
    as_of = START + timedelta(days=offset)

    # when
    first = evaluate_period_mean(spec, daily_city_mean(frame), as_of)
    second = evaluate_period_mean(spec, daily_city_mean(shuffled), as_of)

    # then
    assert first == second


flags = st.lists(st.booleans(), min_size=1, max_size=N)


def _flip_one(values, index, to):
    """The same days with one day that is not ``to`` turned into ``to``."""
    candidates = [i for i, v in enumerate(values) if v != to]
    if not candidates:
        return values
    changed = list(values)
    changed[candidates[index % len(candidates)]] = to
    return changed


@settings(max_examples=100, deadline=None)
@given(
    heavy=flags,
    last_year=st.lists(st.booleans(), max_size=N),
    budget=st.integers(min_value=0, max_value=10),
    offset=as_of_offsets,
    index=st.integers(min_value=0),
)
def test_one_more_heavy_day_never_lowers_the_day_budget_level(heavy, last_year, budget, offset, index):
    # given
    spec = TargetSpec(kind="day_budget", target_value=budget, **PERIOD)
    as_of = START + timedelta(days=offset)
    previous = daily(date(2024, 1, 1), last_year)

    # when
    before = evaluate_day_budget(spec, daily(START, heavy), as_of, last_year=previous)
    after = evaluate_day_budget(spec, daily(START, _flip_one(heavy, index, True)), as_of, last_year=previous)

    # then
    assert after.level >= before.level


@settings(max_examples=100, deadline=None)
@given(
    good=flags,
    last_year=st.lists(st.booleans(), max_size=N),
    share=st.floats(min_value=0.5, max_value=1.0),
    offset=as_of_offsets,
    index=st.integers(min_value=0),
)
def test_one_less_good_day_never_lowers_the_day_ratio_level(good, last_year, share, offset, index):
    # given
    spec = TargetSpec(kind="day_ratio", comparator=">=", target_value=share, **PERIOD)
    as_of = START + timedelta(days=offset)
    previous = daily(date(2024, 1, 1), last_year)

    # when
    before = evaluate_day_ratio(spec, daily(START, good), as_of, last_year=previous)
    after = evaluate_day_ratio(spec, daily(START, _flip_one(good, index, False)), as_of, last_year=previous)

    # then
    assert after.level >= before.level


@settings(max_examples=100, deadline=None)
@given(
    values=concentrations,
    last_year=last_years,
    offset=as_of_offsets,
    index=st.integers(min_value=0),
    by=st.floats(min_value=0.1, max_value=100),
)
def test_a_worse_reading_never_lowers_the_percentile_level(values, last_year, offset, index, by):
    # given O3 against 100 at the 90th percentile
    spec = TargetSpec(kind="percentile", target_value=100, percentile=0.9, **PERIOD)
    as_of = START + timedelta(days=offset)
    previous = _last_year(last_year)

    # when
    before = evaluate_percentile(spec, daily(START, values), as_of, last_year=previous)
    after = evaluate_percentile(spec, daily(START, _worsen(values, index, by)), as_of, last_year=previous)

    # then
    assert after.level >= before.level
