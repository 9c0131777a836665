"""What the status engine needs to know about a target, and the data it is judged on.

:class:`TargetSpec` is the target as written in the ledger (台账): which kind of
metric, the comparator, the target value, period and deadline. :class:`TargetData`
carries the observations, already loaded; the rules never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import pandas as pd

from .series import as_date


class Kind(StrEnum):
    """Metric kinds, each with its own at-risk rule (see DOMAIN.md, docs/status-rules.md)."""

    PERIOD_MEAN = "period_mean"  # PM2.5/PM10/NO2/SO2 mean over the period ≤ T
    PERCENTILE = "percentile"  # O3 90th percentile of daily max 8-h means, CO 95th (HJ 663)
    DAY_BUDGET = "day_budget"  # 重污染天数 ≤ K
    DAY_RATIO = "day_ratio"  # 优良天数比例 ≥ p
    SITE_SHARE = "site_share"  # 断面水质优良比例 ≥ p, 劣V类比例 ≤ q, 饮用水源达标率 = 100%
    PROGRESS = "progress"  # 资金执行率 ≥ p by 12-31, 造林 15万亩, 45 个行政村污水治理
    BASELINE_CHANGE = "baseline_change"  # PM2.5 下降 10%: target derived from a baseline
    RANK = "rank"  # 退出全国后十
    MILESTONE = "milestone"  # 30 个工作日内上报整改方案


class Comparator(StrEnum):
    AT_MOST = "<="
    AT_LEAST = ">="
    EQUAL = "="
    DECREASE_BY = "decrease_by"
    INCREASE_BY = "increase_by"
    EXIT_BOTTOM = "exit_bottom"


@dataclass(frozen=True)
class TargetSpec:
    """A target as the status engine sees it.

    kind, comparator
        See :class:`Kind` and :class:`Comparator`.
    target_value
        T (a concentration, a day count K, a ratio or share in ``unit``, a progress
        value, the percent change for ``baseline_change``, the bottom-group size N for
        ``rank``). ``None`` means unknown — a masked number in the source text —
        and evaluates to ``value_unknown`` (yellow), never to zero.
    unit
        For explanations ("μg/m³", "天", "%", "万亩"). For ``day_ratio`` and
        ``site_share`` a unit of "%" means ``target_value`` is in percent (91.6),
        otherwise a fraction (0.916).
    metric
        The metric's name for explanations ("PM2.5", "优良天数比例").
    period_start, period_end
        The assessment period, both days included (秋冬季: 1 Oct – 31 Mar).
    deadline
        For progress, site share, rank and milestone; defaults to ``period_end``.
    baseline_value
        Progress: the value at ``period_start`` (0 when not given).
        Baseline change: the value the change is measured from (last year's mean).
    percentile
        For ``percentile``: 0.90 for O3, 0.95 for CO.
    inner_kind
        For ``baseline_change``: the rule applied once T is derived (default period_mean).
    change_unit
        For ``baseline_change``: "%" (relative, 下降10%) or "points" (absolute, 提高3.4个百分点).
    total_count
        For ``rank``: how many are ranked (168 cities, 11 cities in the province).
    day_limit
        For day rules fed with numbers (AQI) instead of booleans: a day counts as a
        heavy-pollution day when its value is above the limit (200), and as a good day
        when its value is at or below it (100).
    site_class_limit
        For ``site_share``: the worst class still meeting the standard (3 = III).
        With ``>=`` or ``=`` the share measured is of sites at or better than the
        limit; with ``<=`` it is of sites worse than the limit (劣V: limit 5 = V).
    """

    kind: Kind | str
    comparator: Comparator | str = Comparator.AT_MOST
    target_value: float | None = None
    unit: str = ""
    metric: str = ""
    period_start: date | None = None
    period_end: date | None = None
    deadline: date | None = None
    baseline_value: float | None = None
    percentile: float | None = None
    inner_kind: Kind | str | None = None
    change_unit: str = "%"
    total_count: int | None = None
    day_limit: float | None = None
    site_class_limit: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "kind", Kind(self.kind))
        for name in ("period_start", "period_end", "deadline"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, as_date(getattr(self, name)))
        object.__setattr__(self, "comparator", Comparator(self.comparator))
        if self.inner_kind is not None:
            object.__setattr__(self, "inner_kind", Kind(self.inner_kind))
        if self.target_value is not None:
            object.__setattr__(self, "target_value", float(self.target_value))
        if self.percentile is not None and not 0 < self.percentile < 1:
            raise ValueError("percentile must be a fraction between 0 and 1, e.g. 0.90")

    @property
    def name(self) -> str:
        return self.metric or str(self.kind)

    @property
    def due(self) -> date | None:
        """The deadline, or the end of the period when no separate deadline is set."""
        return self.deadline or self.period_end


@dataclass(frozen=True)
class TargetData:
    """The observations a target is judged on, already loaded. Only the fields its kind uses matter.

    daily
        Daily values indexed by date: city mean concentration (see
        :func:`tracker.status.series.daily_city_mean`), or for day rules booleans
        (True = heavy-pollution day / good day) or numbers compared with ``day_limit``.
    last_year
        The same kind of daily series for last year, indexed by last year's dates;
        the engine shifts it by one year to compare like with like.
    progress
        Cumulative progress values indexed by report date (rate in %, count done).
    site_classes
        Latest water-quality class per site (site → 1..6 or "I".."劣V"); see
        :func:`tracker.status.series.latest_site_classes`.
    site_standards
        Each site's own standard class (水质目标类别, site → 1..6), used by a
        ``site_share`` target with no ``site_class_limit``.
    ranks
        Rank indexed by date, 1 = best.
    done_on
        For a milestone: the day it was done, or None.
    past_years
        For the seasonal projection (:mod:`tracker.status.seasonal`): the past periods'
        daily series, one year back first, each indexed by its own dates. Empty: just
        ``last_year``.
    """

    daily: pd.Series | None = None
    last_year: pd.Series | None = None
    progress: pd.Series | None = None
    site_classes: pd.Series | dict[Any, Any] | None = None
    site_standards: pd.Series | dict[Any, Any] | None = None
    ranks: pd.Series | None = None
    done_on: date | None = None
    past_years: tuple[pd.Series, ...] = ()
