"""What a status evaluation says: a warning level (四色预警), why, and the figures behind it.

Every rule in this package returns an :class:`Evaluation`. The level follows the
bureau's four colours: green (on track or achieved), yellow (at risk, 提示函),
orange (serious: no margin left, 预警函/督办函), red (overdue or can no longer be
met, 约谈通知). The ``reason`` is a stable code the database and API can store and
filter on; the two explanations are sentences a bureau chief could read out in a
meeting; ``figures`` holds the numbers the sentences were built from, under
stable keys (see ``docs/status-rules.md``).

:class:`Thresholds` carries the tunable numbers. The ``StatusThresholds`` model
uses the same field names, so ``Thresholds.from_object(model_instance)`` works.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from enum import IntEnum, StrEnum
from typing import Any

import numpy as np


class Level(IntEnum):
    """The four warning levels (四色预警). Higher is worse."""

    GREEN = 0  # 绿: on track, or achieved
    YELLOW = 1  # 黄: at risk, or due within the warning window
    ORANGE = 2  # 橙: serious, no margin left
    RED = 3  # 红: overdue, or can no longer be met

    @property
    def colour(self) -> str:
        return self.name.lower()

    @property
    def colour_zh(self) -> str:
        return ("绿", "黄", "橙", "红")[self.value]


class Reason(StrEnum):
    """Why a target has its level. Stored in the database: never rename a value."""

    NOT_STARTED = "not_started"  # the period has not begun
    ON_TRACK = "on_track"
    SECURED = "secured"  # the rest of the period can no longer spoil the result
    ACHIEVED = "achieved"  # period over, or target reached, and met
    NO_DATA = "no_data"  # the period is running but nothing has been observed
    VALUE_UNKNOWN = "value_unknown"  # masked target value ("X微克/立方米"): 目标值待确认
    PERIOD_UNKNOWN = "period_unknown"  # no period or deadline entered: 期限待确认
    AT_RISK_VS_LAST_YEAR = "at_risk_vs_last_year"  # must do better than the same days last year
    SERIOUS_VS_LAST_YEAR = "serious_vs_last_year"  # ...by more than the orange margin
    AT_RISK_VS_SO_FAR = "at_risk_vs_so_far"  # no last-year data: must do better than so far
    SERIOUS_VS_SO_FAR = "serious_vs_so_far"  # ...by more than the orange margin
    NO_MARGIN_LEFT = "no_margin_left"  # 没有剩余控制天数 / every remaining day must be good
    CANNOT_BE_MET = "cannot_be_met"
    BEYOND_RECORD = "beyond_record"  # needs a remaining mean below the best stretch on record: lost in practice
    MISSED = "missed"  # period over, not met
    BEHIND_EXPECTED_PATH = "behind_expected_path"
    PROJECTED_TO_MISS = "projected_to_miss"
    DUE_SOON = "due_soon"  # inside the warning window and not yet done
    OVERDUE = "overdue"  # deadline passed, not done
    BELOW_TARGET = "below_target"  # share of sites currently short of the target
    RANK_IN_BOTTOM = "rank_in_bottom"
    RANK_NEAR_BOTTOM = "rank_near_bottom"
    CANNOT_EVALUATE = "cannot_evaluate"  # the ledger entry is inconsistent (kind vs comparator …): 设置有误


@dataclass(frozen=True)
class Thresholds:
    """The tunable numbers behind the levels. Defaults follow the bureau's practice.

    warning_window_days
        A deadline this many days ahead (working days when a Chinese working-day
        calendar is given, calendar days otherwise) turns an unfinished target or
        milestone yellow (临期提醒).
    progress_tolerance
        How far below the expected path (时间进度) a progress target may fall before
        it is at risk, as a fraction of the distance from baseline to target:
        0.05 = 5% of the way (5 points for a rate going from 0% to 100%).
    orange_margin
        How much better than last year's same days the rest of the period must be
        before at risk becomes serious: 0.10 = the required year-on-year change is a
        cut (or rise) of more than 10%.
    trend_window_days
        Calendar days of recent observations used for trends (progress projection,
        rank movement).
    day_budget_margin
        For day counts (重污染天数 budget, the percentile's exceedance allowance):
        yellow when fewer days are left than last year had over the same remaining
        days; orange when last year had more than this many days beyond what is left.
    rank_margin
        For rank targets: yellow when dropping this many places or fewer would put
        the latest rank in the bottom group.
    """

    warning_window_days: int = 10
    progress_tolerance: float = 0.05
    orange_margin: float = 0.10
    trend_window_days: int = 30
    day_budget_margin: int = 2
    rank_margin: int = 3

    def __post_init__(self):
        for f in fields(self):
            # A model row may hold Decimals or strings; keep plain int/float like the defaults.
            object.__setattr__(self, f.name, type(f.default)(getattr(self, f.name)))
            if getattr(self, f.name) < 0:
                raise ValueError(f"threshold {f.name} cannot be negative")
        if self.trend_window_days < 1:
            raise ValueError("trend_window_days must be at least 1")

    @classmethod
    def from_object(cls, obj: Any) -> Thresholds:
        """Thresholds read from any object with same-named attributes (a model row); missing ones default."""
        values = {f.name: getattr(obj, f.name) for f in fields(cls) if getattr(obj, f.name, None) is not None}
        return cls(**values)

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


@dataclass(frozen=True)
class Evaluation:
    """One target's status as of a date: level, reason code, readable explanation, figures.

    ``figures`` maps stable snake_case keys to JSON-ready values (float, int, str
    ISO dates, lists of str, None). ``thresholds_used`` names the thresholds the
    rule applied, with their values; the explanations mention them in words.
    """

    level: Level
    reason: Reason
    explanation_zh: str
    explanation_en: str
    figures: dict[str, Any] = field(default_factory=dict)
    thresholds_used: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "level", Level(self.level))
        object.__setattr__(self, "reason", Reason(self.reason))
        object.__setattr__(self, "figures", {k: json_ready(v) for k, v in self.figures.items()})
        object.__setattr__(
            self, "thresholds_used", {k: json_ready(v) for k, v in self.thresholds_used.items()}
        )

    @property
    def colour(self) -> str:
        """green / yellow / orange / red."""
        return self.level.colour

    def as_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict, for storing or sending."""
        return {
            "level": int(self.level),
            "colour": self.colour,
            "reason": str(self.reason),
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
            "figures": dict(self.figures),
            "thresholds_used": dict(self.thresholds_used),
        }


def json_ready(value: Any) -> Any:
    """Plain Python for JSON: numpy numbers to int/float, NaN to None, dates to ISO strings."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (datetime, np.datetime64)):
        import pandas as pd

        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    raise TypeError(f"figure value {value!r} is not JSON-ready")


# -- wording helpers shared by the rules -----------------------------------------


def fmt(value: float | None, digits: int = 1) -> str:
    """A number as the bulletin prints it: fixed decimals, '—' when unknown."""
    if value is None:
        return "—"
    return f"{value:.{digits}f}"


def fmt_pct(fraction: float | None, digits: int = 1) -> str:
    """A fraction as a percentage of its magnitude: -0.174 → '17.4%'."""
    if fraction is None:
        return "—"
    return f"{abs(fraction) * 100:.{digits}f}%"


def fmt_share(fraction: float | None, digits: int = 1) -> str:
    """A share as a signed-free percentage: 0.916 → '91.6%'."""
    if fraction is None:
        return "—"
    return f"{fraction * 100:.{digits}f}%"


def with_unit(value: float | None, unit: str, digits: int = 1) -> str:
    text = fmt(value, digits)
    return f"{text} {unit}".rstrip() if unit and unit != "%" else (text + unit if unit else text)


def value_unknown(metric: str, figures: dict[str, Any] | None = None) -> Evaluation:
    """A masked target value (目标值待确认): the record exists but needs its number."""
    return Evaluation(
        Level.YELLOW,
        Reason.VALUE_UNKNOWN,
        f"{metric}目标值待确认（原文为掩码或未填写），暂无法评估，请补充目标值。",
        f"The target value for {metric} is unknown (masked or not entered); enter it to evaluate.",
        figures or {},
    )


def period_unknown(metric: str, what_zh: str = "考核期", what_en: str = "period") -> Evaluation:
    """No period or deadline entered: flagged, like a masked value, until someone fills it in."""
    return Evaluation(
        Level.YELLOW,
        Reason.PERIOD_UNKNOWN,
        f"{metric}{what_zh}待确认，暂无法评估，请补充。",
        f"The {what_en} for {metric} is not entered; enter it to evaluate.",
        {},
    )


def counted_from_not_started(metric: str, start: date, figures: dict[str, Any]) -> Evaluation:
    """A target counted from a start date that has not come yet: nothing to judge."""
    return Evaluation(
        Level.GREEN,
        Reason.NOT_STARTED,
        f"{metric}自 {start} 起计，尚未开始。",
        f"{metric} is counted from {start}; nothing to judge yet.",
        figures,
    )
