"""Shaping observations for the rules: daily series, city means, last year's same days, site classes.

All helpers are vectorised pandas and order-independent: rows may arrive in any
order and duplicates are resolved the same way every time, so a target's level
never depends on how the database happened to return its rows.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

_EMPTY_INDEX = pd.DatetimeIndex([], dtype="datetime64[ns]")


def as_day(value: Any) -> pd.Timestamp:
    """A date-like value as a midnight Timestamp (the index unit used throughout)."""
    return pd.Timestamp(value).normalize().as_unit("ns")


def as_date(value: Any) -> date:
    """A plain ``date`` from a date, datetime, Timestamp or ISO string."""
    if type(value) is date:
        return value
    return pd.Timestamp(value).date()


def day_index(values: Any) -> pd.DatetimeIndex:
    """Date-likes as a normalised nanosecond DatetimeIndex."""
    return pd.DatetimeIndex(pd.to_datetime(values)).normalize().as_unit("ns")


def as_daily_series(values: pd.Series | dict | None, how: str = "mean") -> pd.Series:
    """One float per day, indexed by day, sorted; NaN dropped; same-day duplicates combined by ``how``.

    ``how`` is "mean", "max" or "min". Booleans become 1.0/0.0. Rows are sorted by
    (day, value) before combining so floating-point sums do not depend on row order.
    """
    if values is None:
        return pd.Series([], index=_EMPTY_INDEX, dtype="float64")
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    if _already_daily(series):
        # One reading a day at midnight, in order: combining changes nothing (the pass hands
        # the rules city-daily series like this; re-grouping each was most of its time).
        kept = series[series.notna()]
        return pd.Series(kept.to_numpy(dtype="float64", copy=True), index=pd.DatetimeIndex(kept.index.asi8.view(
            "datetime64[ns]")), dtype="float64", name="value")
    return combine_daily(series, how)


def combine_daily(series: pd.Series, how: str = "mean") -> pd.Series:
    """:func:`as_daily_series` the long way: normalise every timestamp, sort, group by day."""
    frame = pd.DataFrame({"day": day_index(series.index), "value": series.astype("float64").to_numpy()})
    frame = frame.dropna(subset=["value"]).sort_values(["day", "value"], kind="mergesort")
    daily = frame.groupby("day", sort=True)["value"].agg(how)
    daily.index = day_index(daily.index)
    daily.index.name = None
    return daily


_NS_PER_DAY = 86_400_000_000_000


def _already_daily(series: pd.Series) -> bool:
    """A float series on a naive nanosecond DatetimeIndex of midnights, strictly increasing."""
    index = series.index
    return (isinstance(index, pd.DatetimeIndex) and index.tz is None and index.unit == "ns"
            and series.dtype == "float64" and index.is_monotonic_increasing and index.is_unique
            and not (index.asi8 % _NS_PER_DAY).any())


def daily_city_mean(
    frame: pd.DataFrame, site: str = "site", date_col: str = "date", value: str = "value"
) -> pd.Series:
    """The city's daily value: the mean across stations of each day's readings.

    Takes a long table with one row per (station, day) and returns a Series indexed
    by day. A station with several rows on one day counts once (its mean), so a
    duplicated upload does not outweigh the other stations. Missing readings are
    skipped, not counted as zero.
    """
    if frame.empty:
        return pd.Series([], index=_EMPTY_INDEX, dtype="float64")
    rows = pd.DataFrame(
        {
            "site": frame[site].astype("string"),
            "day": day_index(frame[date_col]),
            "value": pd.to_numeric(frame[value], errors="coerce").astype("float64"),
        }
    ).dropna(subset=["value"])
    rows = rows.sort_values(["day", "site", "value"], kind="mergesort")
    per_site = rows.groupby(["day", "site"], sort=True)["value"].mean()
    daily = per_site.groupby(level="day", sort=True).mean()
    daily.index = day_index(daily.index)
    daily.index.name = None
    return daily


class SiteDays:
    """One metric's readings as a day × station matrix of per-station daily means, for
    computing :func:`daily_city_mean` over many sets of stations from one pass over the rows.

    A pass over a province asks the city mean for about a thousand station sets (each
    county's stations, each target's linked ones); filtering and re-grouping the whole long
    table for each was most of the pass. Here the per-station means are grouped once, and
    a set's city mean is the mean of its columns on each day, NaN (no reading) skipped and
    days with no reading at all left out — the same figure as ``daily_city_mean`` on the
    set's rows (to the last bit or two of a float: the sum runs in another order).
    """

    def __init__(self, frame: pd.DataFrame, site: str = "site", date_col: str = "date", value: str = "value"):
        rows = pd.DataFrame({"site": frame[site].to_numpy(), "day": day_index(frame[date_col]),
                             "value": pd.to_numeric(frame[value], errors="coerce").astype("float64").to_numpy()})
        per_site = rows.dropna(subset=["value"]).groupby(["day", "site"], sort=True)["value"].mean()
        matrix = per_site.unstack("site") if len(per_site) else pd.DataFrame(index=_EMPTY_INDEX)
        self.days = day_index(matrix.index)
        self.columns = {station: i for i, station in enumerate(matrix.columns)}
        self.values = matrix.to_numpy(dtype="float64")

    def city_mean(self, stations) -> pd.Series:
        """The daily city mean over ``stations`` (unknown ones have no readings)."""
        columns = [self.columns[s] for s in stations if s in self.columns]
        if not columns:
            return pd.Series([], index=_EMPTY_INDEX, dtype="float64")
        block = self.values[:, columns]
        counts = np.count_nonzero(~np.isnan(block), axis=1)
        keep = counts > 0
        sums = np.nansum(block[keep], axis=1)
        return pd.Series(sums / counts[keep], index=self.days[keep], dtype="float64")


_CLASS_NAMES = {
    "I": 1, "Ⅰ": 1, "II": 2, "Ⅱ": 2, "III": 3, "Ⅲ": 3, "IV": 4, "Ⅳ": 4, "V": 5, "Ⅴ": 5,
    "劣V": 6, "劣Ⅴ": 6, "劣五": 6, ">V": 6,
}  # fmt: skip
CLASS_LABELS = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "劣V"}


def water_class_number(label: Any) -> float:
    """A surface-water quality class (GB 3838) as a number: I..V → 1..5, 劣V → 6; unknown → NaN."""
    if label is None or (isinstance(label, float) and np.isnan(label)):
        return np.nan
    if isinstance(label, (int, float, np.integer, np.floating)):
        return float(label)
    text = str(label).strip().upper().removesuffix("类")
    text = text.replace("劣Ⅴ", "劣V")
    return float(_CLASS_NAMES.get(text, np.nan))


def latest_site_classes(
    frame: pd.DataFrame,
    as_of: date | None = None,
    site: str = "site",
    date_col: str = "date",
    value: str = "value",
) -> pd.Series:
    """Each site's latest water-quality class (as a number 1..6) on or before ``as_of``.

    Sites whose only readings are later than ``as_of`` are left out. When a site
    has two readings on its latest day, the worse class counts (the cautious reading).
    """
    if frame.empty:
        return pd.Series([], dtype="float64")
    rows = pd.DataFrame(
        {
            "site": frame[site].astype("string"),
            "day": day_index(frame[date_col]),
            "value": frame[value].map(water_class_number).astype("float64"),
        }
    ).dropna(subset=["value"])
    if as_of is not None:
        rows = rows[rows["day"] <= as_day(as_of)]
    rows = rows.sort_values(["site", "day", "value"], kind="mergesort")
    latest = rows.drop_duplicates("site", keep="last").set_index("site")["value"]
    latest.index = latest.index.astype(object)
    return latest.sort_index()


def period_days(start: date, end: date) -> pd.DatetimeIndex:
    """Every day of an assessment period, both ends included (秋冬季 1 Oct – 31 Mar crosses the year)."""
    return pd.date_range(as_day(start), as_day(end), freq="D").as_unit("ns")


def same_days_last_year(days: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The same calendar days one year earlier; 29 Feb maps to 28 Feb."""
    if isinstance(days, pd.DatetimeIndex) and days.tz is None and days.unit == "ns":
        # A pass asks this for the same period's days thousands of times: remembered by value.
        return _same_days_last_year(days.asi8.tobytes())
    return day_index(days - pd.DateOffset(years=1))


@lru_cache(maxsize=512)
def _same_days_last_year(days: bytes) -> pd.DatetimeIndex:
    index = pd.DatetimeIndex(np.frombuffer(days, dtype="int64").view("datetime64[ns]"))
    return day_index(index - pd.DateOffset(years=1))


def values_on_last_year_days(last_year: pd.Series, days: pd.DatetimeIndex) -> np.ndarray:
    """Last year's values on the days one year before ``days`` (NaN where last year has none).

    ``last_year`` must already be a daily series (see :func:`as_daily_series`).
    """
    if len(days) == 0 or last_year.empty:
        return np.full(len(days), np.nan)
    return last_year.reindex(same_days_last_year(days)).to_numpy(dtype="float64")
