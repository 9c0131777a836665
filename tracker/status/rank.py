"""Rank targets: leave the bottom group of a ranking (退出全国后十, 全省排名退出后5).

Ranks are counted from the top (1 = best). A bulletin that says "全国倒数第 9" among
168 cities is rank 168 − 9 + 1 = 160.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from .evaluation import Evaluation, Level, Reason, Thresholds, counted_from_not_started, value_unknown
from .series import as_daily_series, as_date, as_day
from .spec import Comparator, TargetSpec


def first_bottom_rank(total: int, bottom: int) -> int:
    """The best rank that is still inside the bottom group: of 168, bottom 10 starts at 159."""
    return total - bottom + 1


def evaluate_rank(
    spec: TargetSpec,
    ranks: pd.Series | None,
    as_of: date,
    thresholds: Thresholds | None = None,
) -> Evaluation:
    """Stay out of the bottom N of a ranking of M (``target_value`` = N, ``total_count`` = M).

    The latest rank decides: in the bottom group is serious (orange) while time
    remains and missed (red) once the period is over; a drop of ``rank_margin``
    places or fewer from entering it is at risk (yellow). The movement over the last ``trend_window_days`` is
    reported alongside ("近30天下滑3位").
    """
    name = spec.name
    if spec.comparator != Comparator.EXIT_BOTTOM:
        raise ValueError(f"rank targets use exit_bottom; got {spec.comparator}")
    if spec.target_value is None or spec.total_count is None:
        return value_unknown(name)
    thresholds = thresholds or Thresholds()
    as_of = as_date(as_of)
    bottom, total = int(spec.target_value), int(spec.total_count)
    first_bad = first_bottom_rank(total, bottom)
    series = as_daily_series(ranks, how="max")  # two ranks on one day: take the worse
    series = series[series.index <= as_day(as_of)]
    if spec.period_start is not None:
        series = series[series.index >= as_day(spec.period_start)]
    figures = {
        "as_of": as_of,
        "total_count": total,
        "bottom_size": bottom,
        "first_bottom_rank": first_bad,
        "observed_value": None,
        "rank_from_bottom": None,
        "places_to_bottom": None,
        "rank_change": None,
        "last_report_date": None,
    }
    used = {"rank_margin": thresholds.rank_margin, "trend_window_days": thresholds.trend_window_days}
    if spec.period_start is not None and as_of < spec.period_start:
        return counted_from_not_started(name, spec.period_start, figures)
    if series.empty:
        return Evaluation(
            Level.YELLOW,
            Reason.NO_DATA,
            f"{name}尚无排名数据，无法评估，请报送。",
            f"No ranking has been reported for {name}; it cannot be judged.",
            figures,
        )
    latest = int(series.iloc[-1])
    recent = series[series.index >= as_day(as_of) - pd.Timedelta(days=thresholds.trend_window_days)]
    change = int(latest - recent.iloc[0]) if len(recent) >= 2 else None
    # How many places it can drop before it is in the bottom group (≤ 0: already in it).
    to_bottom = first_bad - latest
    figures.update(
        observed_value=latest,
        rank_from_bottom=total - latest + 1,
        places_to_bottom=to_bottom,
        rank_change=change,
        last_report_date=series.index[-1].date(),
    )
    now_zh = f"{name}最新排名第 {latest} 位（共 {total} 个，倒数第 {total - latest + 1}）"
    now_en = f"{name} ranks {latest} of {total} ({total - latest + 1} from the bottom)"
    if change is None or change == 0:
        trend_zh, trend_en = "", ""
    else:
        word = "下滑" if change > 0 else "上升"
        trend_zh = f"，近 {thresholds.trend_window_days} 天{word} {abs(change)} 位"
        trend_en = (
            f", {'down' if change > 0 else 'up'} {abs(change)} over {thresholds.trend_window_days} days"
        )
    in_bottom = to_bottom <= 0
    due = spec.due
    if due is not None and as_of > due:
        return Evaluation(
            Level.RED if in_bottom else Level.GREEN,
            Reason.MISSED if in_bottom else Reason.ACHIEVED,
            now_zh + f"，考核期已结束，{'未能退出' if in_bottom else '已退出'}后 {bottom} 位。",
            now_en
            + f"; the period is over and it is {'still in' if in_bottom else 'out of'} the bottom {bottom}.",
            figures,
        )
    if in_bottom:
        return Evaluation(
            Level.ORANGE,
            Reason.RANK_IN_BOTTOM,
            now_zh + f"{trend_zh}，仍处于后 {bottom} 位。",
            now_en + f"{trend_en}: still in the bottom {bottom}.",
            figures,
            used,
        )
    if to_bottom <= thresholds.rank_margin:
        return Evaluation(
            Level.YELLOW,
            Reason.RANK_NEAR_BOTTOM,
            now_zh + f"{trend_zh}，再下滑 {to_bottom} 位即进入后 {bottom} 位"
            f"（预警阈值 {thresholds.rank_margin} 位），有重新进入后 {bottom} 位的风险。",
            now_en + f"{trend_en}: dropping {to_bottom} places would put it in the bottom {bottom} "
            f"(warning at {thresholds.rank_margin} places or fewer).",
            figures,
            used,
        )
    return Evaluation(
        Level.GREEN,
        Reason.ON_TRACK,
        now_zh + f"{trend_zh}，再下滑 {to_bottom} 位才进入后 {bottom} 位。",
        now_en + f"{trend_en}: it would have to drop {to_bottom} places to enter the bottom {bottom}.",
        figures,
        used,
    )
