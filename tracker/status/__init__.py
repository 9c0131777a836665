"""The status engine (四色预警): pure functions from a target, its data and ``as_of`` to an evaluation.

No database, no clock: callers load the observations, pass the date they judge
for, and store what comes back. Rules in plain words: ``docs/status-rules.md``.

    >>> from datetime import date
    >>> from tracker.status import TargetSpec, TargetData, evaluate_target
    >>> spec = TargetSpec(kind="milestone", metric="上报整改方案", deadline=date(2025, 3, 31))
    >>> evaluate_target(spec, TargetData(), as_of=date(2025, 4, 2)).colour
    'red'
"""

from .air import evaluate_percentile, evaluate_period_mean, percentile_allowance, required_remaining_mean
from .days import evaluate_day_budget, evaluate_day_ratio
from .dispatch import derived_target, evaluate_baseline_change, evaluate_target
from .evaluation import Evaluation, Level, Reason, Thresholds
from .progress import evaluate_milestone, evaluate_progress, expected_value, time_left
from .rank import evaluate_rank
from .series import daily_city_mean, latest_site_classes, water_class_number
from .sites import evaluate_site_share
from .spec import Comparator, Kind, TargetData, TargetSpec

__all__ = [
    "Comparator",
    "Evaluation",
    "Kind",
    "Level",
    "Reason",
    "TargetData",
    "TargetSpec",
    "Thresholds",
    "daily_city_mean",
    "derived_target",
    "evaluate_baseline_change",
    "evaluate_day_budget",
    "evaluate_day_ratio",
    "evaluate_milestone",
    "evaluate_percentile",
    "evaluate_period_mean",
    "evaluate_progress",
    "evaluate_rank",
    "evaluate_site_share",
    "evaluate_target",
    "expected_value",
    "time_left",
    "latest_site_classes",
    "percentile_allowance",
    "required_remaining_mean",
    "water_class_number",
]
