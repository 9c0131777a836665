"""Small builders for daily series, so each test states only the numbers it is about."""

from datetime import date

import pandas as pd


def daily(start: date, values) -> pd.Series:
    """Consecutive daily values from ``start`` (None for a missing reading)."""
    values = list(values)
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="D"), dtype="float64")


def constant(start: date, days: int, value: float) -> pd.Series:
    """``days`` consecutive days from ``start`` all at ``value``."""
    return daily(start, [value] * days)


def first_k(start: date, days: int, k: int, hit: float = 1.0, miss: float = 0.0) -> pd.Series:
    """``days`` consecutive days from ``start``, the first ``k`` at ``hit`` and the rest at ``miss``."""
    return daily(start, [hit] * k + [miss] * (days - k))
