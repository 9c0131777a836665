from datetime import date

import numpy as np
import pandas as pd
import pytest

from tracker.status.aqi import daily_aqi, individual_index


@pytest.mark.parametrize(
    "pollutant, concentration, iaqi",
    [
        ("pm25", 75, 100),  # the good-day limit exactly
        ("pm25", 75.4, 101),  # rounded up (HJ 633)
        ("pm25", 150, 200),
        ("pm25", 151, 201),  # heavy pollution
        ("pm10", 150, 100),
        ("o3", 160, 100),
        ("o3", 265, 200),
        ("co", 4, 100),
    ],
)
def test_individual_index_follows_the_hj633_breakpoints(pollutant, concentration, iaqi):
    assert individual_index(pollutant, concentration) == iaqi


def test_daily_aqi_is_the_worst_pollutant_of_the_day_and_skips_unmeasured_days():
    # given
    days = pd.date_range(date(2026, 1, 1), periods=3, freq="D")
    pm25 = pd.Series([10, 80, np.nan], index=days)
    o3 = pd.Series([170, 50, np.nan], index=days)

    # when
    aqi = daily_aqi({"pm25": pm25, "o3": o3, "unknown": pd.Series([999], index=days[:1])})

    # then: day 1 O3 (110) beats PM2.5 (15); day 2 PM2.5 (107); day 3 has nothing
    assert aqi.to_dict() == {days[0]: 110.0, days[1]: 107.0}
