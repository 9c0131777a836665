"""The dashboard's math: pure functions of loaded frames and an explicit ``as_of``.

No database and no clock (like :mod:`tracker.status`): :mod:`.loading` reads the ledger,
these functions turn frames into figures, and the tests check them against figures
computed straight from the database.

Levels are 0 green 绿, 1 yellow 黄, 2 orange 橙, 3 red 红 (四色预警); a target the status
engine has not evaluated yet has no level (NaN) and is counted apart as 未测算.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from tracker.status import expected_value, required_remaining_mean

LEVELS = (3, 2, 1, 0)
PENALTY = {0: 0, 1: 1, 2: 2, 3: 3}
MAX_PENALTY = 3


def percent(part: float, whole: float, digits: int = 1) -> float | None:
    """part ÷ whole as a percentage rounded to ``digits`` (40/53 → 75.5); None when whole is 0."""
    if not whole:
        return None
    return round(100.0 * float(part) / float(whole), digits)


def _weights(frame: pd.DataFrame) -> pd.Series:
    """How many records each row stands for (``n``; 1 when the frame holds one row per record)."""
    return frame["n"] if "n" in frame else pd.Series(1, index=frame.index)


def level_counts(levels: pd.Series, weights: pd.Series | None = None) -> dict:
    """How many records at each level, plus ``None``: those with no level yet. ``weights``:
    how many records each entry stands for (default one)."""
    weights = pd.Series(1, index=levels.index) if weights is None else weights
    counts = {level: int(weights[levels == level].sum()) for level in LEVELS}
    counts[None] = int(weights[levels.isna()].sum())
    return counts


def path_ids(path: str) -> list[int]:
    """The unit ids along a tree path, root first ("/1/4/9/" → [1, 4, 9])."""
    return [int(part) for part in path.strip("/").split("/") if part]


def row_of_records(paths: pd.Series, root_paths: dict[int, str]) -> pd.Series:
    """The matrix row of each record: the child of a root whose subtree holds the record's
    unit, or the root itself for records led at the root's own level; NaN outside every root.
    Worked out once per distinct unit path (a few hundred), then mapped onto the records."""
    unique = pd.Series(paths.unique())
    rows = pd.Series(np.nan, index=unique.index, dtype="float64")
    for root_id, root_path in root_paths.items():
        depth = len(path_ids(root_path))
        inside = unique.str.startswith(root_path) & rows.isna()
        if inside.any():
            rows[inside] = [float(chain[depth]) if len(chain) > depth else float(root_id)
                            for chain in unique[inside].map(path_ids)]
    return paths.map(dict(zip(unique, rows))).astype("float64")


def zone_rows(paths: pd.Series, members: pd.DataFrame) -> pd.DataFrame:
    """(record index, group id) pairs: a record is in a war zone (战区) when its unit lies in
    the subtree of one of the zone's member units. A county in two zones counts in both."""
    empty = pd.DataFrame({"record": pd.Series(dtype="int64"), "group_id": pd.Series(dtype="int64")})
    if paths.empty or members.empty:
        return empty
    unique = pd.Series(paths.unique())
    chains = pd.DataFrame({"path": unique, "unit_id": unique.map(path_ids)}).explode("unit_id").dropna()
    chains["unit_id"] = chains["unit_id"].astype("int64")
    in_zone = chains.merge(members.astype({"unit_id": "int64"}), on="unit_id")[["path", "group_id"]].drop_duplicates()
    if in_zone.empty:
        return empty
    records = pd.DataFrame({"record": paths.index, "path": paths.to_numpy()})
    pairs = records.merge(in_zone, on="path")[["record", "group_id"]]
    return pairs.sort_values(["record", "group_id"]).reset_index(drop=True)


def matrix_cells(frame: pd.DataFrame, keys=("row", "category")) -> pd.DataFrame:
    """One row per (row, category) — or per ``keys``, e.g. with ``model`` to split a cell
    by kind of record: the worst level and the count at each level.

    ``frame`` has columns ``row``, ``category`` and ``level`` (NaN: not evaluated; such
    records are counted in ``unevaluated`` and do not set the worst level)."""
    keys = list(keys)
    if frame.empty:
        return pd.DataFrame(columns=[*keys, "worst", "total", "unevaluated", *[f"n{lv}" for lv in LEVELS]])
    n = _weights(frame)
    data = frame.assign(
        **{f"n{lv}": n.where(frame["level"] == lv, 0) for lv in LEVELS},
        unevaluated=n.where(frame["level"].isna(), 0), total=n)
    grouped = data.groupby(keys, sort=True)  # one sum over the count columns: named aggregations cost more
    cells = grouped[["total", "unevaluated", *[f"n{lv}" for lv in LEVELS]]].sum()
    cells.insert(0, "worst", grouped["level"].max())
    return cells.reset_index()


def ranking_scores(frame: pd.DataFrame) -> pd.DataFrame:
    """红黑榜 score per row (a unit or a war zone) from its records' levels.

    Each evaluated record costs its level in penalty points (green 0, yellow 1, orange 2,
    red 3); score = 100 × (1 − penalty ÷ (3 × records)), one decimal: 100 when everything is
    green, 0 when everything is red. It is an average, so a unit is not punished for simply
    having more records. Ranked by score (high first), then fewer reds, then more records.
    Rows without an evaluated record are not ranked."""
    known = frame.dropna(subset=["level"])
    if known.empty:
        return pd.DataFrame(columns=["row", "records", "red", "orange", "yellow", "green", "penalty", "score", "rank"])
    data = known.assign(level=known["level"].astype(int), n=_weights(known))
    data = data.assign(penalty=data["level"].map(PENALTY) * data["n"],
                       **{name: data["n"].where(data["level"] == lv, 0)
                          for name, lv in (("red", 3), ("orange", 2), ("yellow", 1), ("green", 0))})
    table = data.groupby("row").agg(records=("n", "sum"), red=("red", "sum"), orange=("orange", "sum"),
                                    yellow=("yellow", "sum"), green=("green", "sum"),
                                    penalty=("penalty", "sum")).reset_index()
    table["score"] = (100.0 * (1 - table["penalty"] / (MAX_PENALTY * table["records"]))).round(1)
    table = table.sort_values(["score", "red", "records", "row"], ascending=[False, True, False, True],
                              kind="mergesort").reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1)
    return table


def sign_off_by_round(items: pd.DataFrame) -> pd.DataFrame:
    """销号 per inspection round: items, signed off, rate (40/53 → 75.5%). ``items`` has
    ``round_id``, ``round``, ``signed_off`` and (optionally) ``n`` records per row."""
    if items.empty:
        return pd.DataFrame(columns=["round_id", "round", "total", "signed_off", "rate"])
    n = _weights(items)
    data = items.assign(total=n, done=n.where(items["signed_off"].astype(bool), 0))
    table = (data.groupby(["round_id", "round"], sort=True)
             .agg(total=("total", "sum"), signed_off=("done", "sum")).reset_index())
    table["signed_off"] = table["signed_off"].astype(int)
    table["rate"] = [percent(s, t) for s, t in zip(table["signed_off"], table["total"])]
    return table


def days_overdue(deadlines, as_of: date) -> list[int]:
    """Calendar days from each deadline to ``as_of``."""
    return [(as_of - d).days for d in deadlines]


def working_days_overdue(deadlines, as_of: date, calendar) -> list[int]:
    """Working days in (deadline, as_of] for each deadline, like
    ``WorkdayCalendar.working_days_between(deadline, as_of)``, but the calendar is asked once
    per day of the span (``working_day_mask``) and each count is a difference of two
    cumulative sums — so ten thousand overdue items cost one pass over the days."""
    deadlines = list(deadlines)
    if not deadlines:
        return []
    start = min(min(deadlines), as_of)
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(max(as_of, max(deadlines))), freq="D")
    before = np.concatenate([[0], np.cumsum(calendar.working_day_mask(d.date() for d in days))])
    # before[i + 1] = working days from ``start`` up to and including day i
    index = {d.date(): i for i, d in enumerate(days)}
    upto = before[index[as_of] + 1]
    return [int(upto - before[index[d] + 1]) for d in deadlines]


def fund_execution(funds: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Each allocation's execution rate, the expected rate today on the time-proportional path
    (``tracker.status.expected_value``: 0 on the allocation day, the target rate on the
    deadline) and the target rate itself, in %."""
    if funds.empty:
        return funds.assign(rate=[], expected=[])
    expected = [expected_value(0.0, target, start, deadline, as_of)
                for target, start, deadline in zip(funds["target_rate"], funds["allocated_on"], funds["deadline"])]
    rate = np.where(funds["amount"] > 0, 100.0 * funds["paid"] / funds["amount"].where(funds["amount"] > 0), np.nan)
    return funds.assign(rate=rate, expected=expected)


def weighted_execution(funds: pd.DataFrame) -> dict:
    """Totals of a set of allocations (from :func:`fund_execution`): rate = Σpaid ÷ Σamount;
    the expected and target rates weighted by amount."""
    amount = float(funds["amount"].sum()) if len(funds) else 0.0
    paid = float(funds["paid"].sum()) if len(funds) else 0.0
    if not amount:
        return {"allocated": amount, "paid": paid, "rate": None, "expected": None, "target": None}
    return {"allocated": round(amount, 2), "paid": round(paid, 2), "rate": percent(paid, amount),
            "expected": round(float((funds["expected"] * funds["amount"]).sum() / amount), 1),
            "target": round(float((funds["target_rate"] * funds["amount"]).sum() / amount), 1)}


def one_year_on(last_year: pd.Series) -> pd.Series:
    """Last year's daily series moved onto this year's days (29 Feb falls on 28 Feb and the
    first value of a day wins), so it lines up with this year on a chart."""
    if last_year is None or last_year.empty:
        return pd.Series([], index=pd.DatetimeIndex([]), dtype="float64")
    moved = last_year.copy()
    moved.index = pd.DatetimeIndex(moved.index) + pd.DateOffset(years=1)
    return moved[~moved.index.duplicated()]


def cumulative_mean_path(daily: pd.Series, last_year: pd.Series, start: date, end: date, target: float,
                         as_of: date) -> pd.DataFrame:
    """The period-mean target day by day: the cumulative mean so far, the required remaining
    mean R = (T·N − S)/r after each day (``tracker.status.required_remaining_mean``), and last
    year's cumulative mean over the same days. Days after ``as_of`` have no actual value."""
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")
    actual = daily.reindex(days)
    actual[days > pd.Timestamp(as_of)] = np.nan
    count = actual.notna().cumsum()
    total = actual.fillna(0).cumsum()
    cumulative = (total / count.replace(0, np.nan)).where(days <= pd.Timestamp(as_of))
    n = len(days)
    required = [required_remaining_mean(target, n, s, n - c) if n - c > 0 and d <= pd.Timestamp(as_of) and c
                else np.nan for d, s, c in zip(days, total, count)]
    previous = one_year_on(last_year).reindex(days)
    last = previous.fillna(0).cumsum() / previous.notna().cumsum().replace(0, np.nan)
    return pd.DataFrame({"cumulative": cumulative, "required": required, "last_year": last,
                         "target": float(target)}, index=days)


def day_count_path(flags_by_day: pd.Series, last_year: pd.Series, start: date, end: date, as_of: date,
                   ratio: bool) -> pd.DataFrame:
    """Good days (ratio=True: cumulative share of observed days that were good, %) or heavy
    days (ratio=False: cumulative count used) day by day, this year and last year's same days.
    ``flags_by_day`` holds 1.0 for a day that counts, 0.0 for one that does not."""
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")

    def path(series, upto):
        values = series.reindex(days)
        if upto is not None:
            values[days > pd.Timestamp(upto)] = np.nan
        hits = values.fillna(0).cumsum()
        if ratio:
            line = (100.0 * hits / values.notna().cumsum().replace(0, np.nan)).round(1)
        else:
            line = hits.where(values.notna().cumsum() > 0)
        return line if upto is None else line.where(days <= pd.Timestamp(upto))

    previous = one_year_on(last_year)
    return pd.DataFrame({"this_year": path(flags_by_day, as_of), "last_year": path(previous, None)}, index=days)


def burndown(items: pd.DataFrame, days: list[date]) -> pd.DataFrame:
    """Items still open at the end of each day in ``days``, per round. ``items`` counts a
    round's items by the day they were signed off: [round_id, round, listed_on, signed_on, n]
    (``listed_on``: the day the round's list was handed over; ``signed_on``: NaT when not
    signed off). Open on a day = listed by then and not signed off by then."""
    # One days × rows comparison, then summed per round (rows sorted by round, np.add.reduceat):
    # no Python loop over rounds or days.
    if items.empty:
        return pd.DataFrame({}, index=days)
    items = items.sort_values(["round_id", "round"], kind="mergesort").reset_index(drop=True)
    at = pd.to_datetime(pd.Series(days)).to_numpy()[:, None]
    listed = pd.to_datetime(items["listed_on"]).to_numpy()[None, :]
    signed = pd.to_datetime(items["signed_on"]).to_numpy()[None, :]
    still_open = ((listed <= at) & ~(signed <= at)) * items["n"].to_numpy(dtype="int64")[None, :]
    keys = list(zip(items["round_id"], items["round"]))
    starts = [i for i, key in enumerate(keys) if i == 0 or key != keys[i - 1]]
    sums = np.add.reduceat(still_open, starts, axis=1)
    return pd.DataFrame({keys[start]: sums[:, j].astype(int).tolist() for j, start in enumerate(starts)}, index=days)


def local_days(moments: pd.Series) -> pd.Series:
    """Aware datetimes as local (Asia/Shanghai) midnights; missing stays NaT."""
    local = pd.to_datetime(moments, utc=True).dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    return local.dt.normalize()


def level_history(changes: pd.DataFrame, target_ids, days: list[date]) -> pd.DataFrame:
    """How many targets stood at each level at the end of each day, from the status changes
    (``TargetStatusChange``: target_id, as_of, new_level). A target with no change by a day
    has no level yet that day and is not counted."""
    ids = set(target_ids)
    rows = changes[changes["target_id"].isin(ids)].sort_values(["as_of", "created_at", "id"], kind="mergesort")
    table = {level: [] for level in LEVELS}
    for day in days:
        upto = rows[rows["as_of"] <= day]
        latest = upto.drop_duplicates("target_id", keep="last")["new_level"]
        for level in LEVELS:
            table[level].append(int((latest == level).sum()))
    return pd.DataFrame(table, index=days)


def week_ends(start: date, as_of: date) -> list[date]:
    """Every Sunday from ``start`` up to ``as_of``, then ``as_of`` itself (the chart's x axis)."""
    days = [d.date() for d in pd.date_range(pd.Timestamp(start), pd.Timestamp(as_of), freq="W-SUN")]
    if not days or days[-1] != as_of:
        days.append(as_of)
    return days
