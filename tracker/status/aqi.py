"""The daily air-quality index (AQI, HJ 633-2012) from daily concentrations, for the day rules.

A good day (优良天) has AQI ≤ 100, a heavy-pollution day (重污染天) AQI > 200. When the
bureau has no AQI series of its own, the day rules count days from the city's daily
mean concentrations: each pollutant's individual index (IAQI) is read off the
breakpoint table by linear interpolation and rounded up, and the day's AQI is the
largest of them. Only the pollutants measured that day count.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .series import _EMPTY_INDEX

IAQI_STEPS = [0, 50, 100, 150, 200, 300, 400, 500]

# HJ 633-2012 Table 1, 24-hour values (O3: daily maximum 8-hour mean), keyed by the
# metric codes of the catalogue. μg/m³, CO mg/m³.
BREAKPOINTS: dict[str, list[float]] = {
    "so2": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "no2": [0, 40, 80, 180, 280, 565, 750, 940],
    "pm10": [0, 50, 150, 250, 350, 420, 500, 600],
    "co": [0, 2, 4, 14, 24, 36, 48, 60],
    # Above 800 the 8-hour O3 has no index (the 1-hour value is used); it is held at 300 here.
    "o3": [0, 100, 160, 215, 265, 800],
    "pm25": [0, 35, 75, 115, 150, 250, 350, 500],
}
AQI_POLLUTANTS = tuple(BREAKPOINTS)
GOOD_DAY_AQI = 100  # 优良: AQI ≤ 100
HEAVY_DAY_AQI = 200  # 重度及以上污染: AQI > 200


def individual_index(pollutant: str, concentration: float) -> float:
    """IAQI of one daily concentration, rounded up to a whole number (HJ 633 §5); NaN stays NaN.

    >>> individual_index("pm25", 75), individual_index("pm25", 75.4), individual_index("pm25", 151)
    (100, 101, 201)
    """
    if concentration is None or math.isnan(float(concentration)):
        return float("nan")
    return int(_indices(pollutant, np.array([float(concentration)]))[0])


def _indices(pollutant: str, values: np.ndarray) -> np.ndarray:
    levels = BREAKPOINTS[pollutant]
    # Rounded to 9 places first so that 75 μg/m³ gives exactly 100, not 100.00000001 → 101.
    return np.ceil(np.round(np.interp(values, levels, IAQI_STEPS[: len(levels)]), 9))


def daily_aqi(concentrations: dict[str, pd.Series]) -> pd.Series:
    """The daily AQI from daily (city mean) concentrations per pollutant code.

    Each day's AQI is the largest IAQI of the pollutants measured that day; codes not in
    :data:`BREAKPOINTS` are ignored. Days with no known pollutant are left out.
    """
    columns = {
        code: pd.Series(_indices(code, series.to_numpy(dtype="float64")), index=series.index)
        for code, series in concentrations.items()
        if code in BREAKPOINTS and series is not None and len(series)
    }
    if not columns:
        return pd.Series([], index=_EMPTY_INDEX, dtype="float64")
    return pd.DataFrame(columns).max(axis=1, skipna=True).dropna().sort_index()
