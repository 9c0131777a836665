from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from tracker.status import daily_city_mean, latest_site_classes, water_class_number
from tracker.status.series import SiteDays, _already_daily, as_daily_series, combine_daily, same_days_last_year


def test_daily_city_mean_averages_stations_each_day():
    # given day 1: A 30, B 40; day 2: A sent twice (50, 70 → 60), B 20; day 3: A missing, B 10
    frame = pd.DataFrame(
        {
            "site": ["A", "B", "A", "A", "B", "A", "B"],
            "date": [
                "2025-01-01",
                "2025-01-01",
                "2025-01-02",
                "2025-01-02",
                "2025-01-02",
                "2025-01-03",
                "2025-01-03",
            ],
            "value": [30, 40, 50, 70, 20, None, 10],
        }
    )

    # when
    result = daily_city_mean(frame)

    # then (30+40)/2, (60+20)/2, 10
    assert result.tolist() == [35.0, 40.0, 10.0]
    assert [d.date() for d in result.index] == [date(2025, 1, 1), date(2025, 1, 2), date(2025, 1, 3)]


@pytest.mark.parametrize(
    "day, last_year",
    [
        (date(2024, 2, 29), date(2023, 2, 28)),  # no 29 Feb last year
        (date(2025, 3, 1), date(2024, 3, 1)),
        (date(2025, 1, 8), date(2024, 1, 8)),
    ],
)
def test_same_days_last_year(day, last_year):
    assert same_days_last_year(pd.DatetimeIndex([day]))[0].date() == last_year


def test_as_daily_series_combines_duplicates_drops_gaps_and_sorts():
    # given rows out of order, a duplicate day and a gap
    raw = pd.Series(
        [5.0, None, 1.0, 3.0], index=pd.to_datetime(["2025-01-03", "2025-01-02", "2025-01-01", "2025-01-03"])
    )

    # when
    result = as_daily_series(raw)

    # then
    assert result.tolist() == [1.0, 4.0]


@pytest.mark.parametrize(
    "label, number",
    [("I", 1), ("Ⅲ", 3), ("IV类", 4), ("劣V", 6), ("劣Ⅴ类", 6), (2, 2), ("iii", 3)],
)
def test_water_class_number(label, number):
    assert water_class_number(label) == number


def test_water_class_number_of_an_unknown_label_is_nan():
    assert np.isnan(water_class_number("待测"))


def test_latest_site_classes_reads_the_worse_of_two_same_day_readings():
    # given site A reported III and IV on its latest day; B's latest is after as_of
    frame = pd.DataFrame(
        {
            "site": ["A", "A", "A", "B", "B"],
            "date": ["2025-05-31", "2025-06-30", "2025-06-30", "2025-06-01", "2025-07-31"],
            "value": ["II", "III", "IV", "II", "V"],
        }
    )

    # when
    result = latest_site_classes(frame, as_of=date(2025, 6, 30))

    # then
    assert result.to_dict() == {"A": 4.0, "B": 2.0}


@hyp_settings(deadline=None, max_examples=200)
@given(st.lists(st.tuples(st.integers(0, 800), st.one_of(st.floats(allow_nan=True, allow_infinity=False,
                                                                    width=64), st.none())),
                max_size=40),
       st.sampled_from(["mean", "max", "min"]), st.booleans())
def test_a_series_already_daily_takes_the_short_way_with_the_same_answer(rows, how, hour):
    """The pass hands the rules city-daily series (one value per midnight, in order); those
    skip the re-grouping, and must give exactly what the long way gives. Anything else
    (a timestamp with a time of day, duplicates, disorder) still goes the long way."""
    days = sorted({offset for offset, _ in rows})
    values = dict(rows)
    index = pd.DatetimeIndex([pd.Timestamp(2025, 1, 1) + pd.Timedelta(days=d, hours=9 if hour else 0)
                              for d in days]).as_unit("ns")
    series = pd.Series([values[d] for d in days], index=index, dtype="float64")
    assert _already_daily(series) == (not hour or not days)
    fast, slow = as_daily_series(series, how), combine_daily(series, how)
    pd.testing.assert_series_equal(fast, slow, check_freq=True)
    assert fast.index.dtype == "datetime64[ns]" and fast.index.name is None


@hyp_settings(deadline=None, max_examples=150)
@given(st.lists(st.tuples(st.sampled_from("ABCDE"), st.integers(0, 6),
                          st.one_of(st.floats(0, 500, allow_nan=False), st.just(float("nan")))), max_size=50),
       st.sets(st.sampled_from("ABCDEF")))
def test_site_days_gives_the_city_mean_of_any_set_of_stations(rows, stations):
    """The pass computes the city mean for many station sets from one matrix; it must equal
    daily_city_mean on the set's own rows (duplicates, gaps and missing values included)."""
    frame = pd.DataFrame(rows, columns=["site", "offset", "value"])
    frame["date"] = [date(2025, 3, 1 + d) for d in frame["offset"]]
    expected = daily_city_mean(frame[frame["site"].isin(sorted(stations))])
    got = SiteDays(frame).city_mean(sorted(stations))
    assert list(got.index) == list(expected.index)
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-12)
