import json
import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import numpy as np
import pytest

from tracker.status import Evaluation, Level, Reason, Thresholds


@pytest.mark.parametrize(
    "level, colour, colour_zh",
    [(0, "green", "绿"), (1, "yellow", "黄"), (2, "orange", "橙"), (3, "red", "红")],
)
def test_level_colours(level, colour, colour_zh):
    # when
    result = Evaluation(level, Reason.ON_TRACK, "", "")

    # then
    assert (result.colour, result.level.colour_zh) == (colour, colour_zh)


def test_evaluation_figures_are_json_ready():
    # given numpy numbers, NaN and dates as a rule might produce them
    result = Evaluation(
        Level.YELLOW,
        Reason.AT_RISK_VS_LAST_YEAR,
        "说明",
        "explanation",
        {"a": np.float64(21.15), "n": np.int64(300), "missing": float("nan"), "as_of": date(2025, 10, 27)},
        {"orange_margin": 0.1},
    )

    # when
    text = json.dumps(result.as_dict(), ensure_ascii=False)

    # then
    assert json.loads(text)["figures"] == {"a": 21.15, "n": 300, "missing": None, "as_of": "2025-10-27"}
    assert json.loads(text)["colour"] == "yellow"


def test_reason_codes_are_snake_case():
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", reason.value) for reason in Reason)


def test_thresholds_default_to_bureau_practice():
    # when
    thresholds = Thresholds()

    # then
    assert (thresholds.warning_window_days, thresholds.progress_tolerance, thresholds.orange_margin) == (
        10,
        0.05,
        0.1,
    )
    assert thresholds.trend_window_days == 30


def test_thresholds_read_from_a_model_row_with_the_same_field_names():
    # given a StatusThresholds-like row with one field left blank
    row = SimpleNamespace(warning_window_days=5, orange_margin=0.2, progress_tolerance=None, unrelated="x")

    # when
    thresholds = Thresholds.from_object(row)

    # then
    assert (thresholds.warning_window_days, thresholds.orange_margin) == (5, 0.2)
    assert thresholds.progress_tolerance == 0.05


def test_thresholds_from_decimal_fields_become_plain_numbers():
    # given a DecimalField value, as a model row would hold it
    thresholds = Thresholds.from_object(SimpleNamespace(orange_margin=Decimal("0.15")))

    # then
    assert type(thresholds.orange_margin) is float
    assert thresholds.orange_margin == 0.15


def test_negative_thresholds_are_refused():
    with pytest.raises(ValueError, match="orange_margin"):
        Thresholds(orange_margin=-0.1)


def test_zero_thresholds_and_a_one_day_trend_window_are_allowed():
    # given the smallest settings a bureau may choose: no margins at all, the trend over one day
    thresholds = Thresholds(warning_window_days=0, progress_tolerance=0, orange_margin=0, trend_window_days=1,
                            day_budget_margin=0, rank_margin=0)

    # then they are kept as given (0 is not negative; 1 day is a window)
    assert (thresholds.orange_margin, thresholds.day_budget_margin, thresholds.trend_window_days) == (0.0, 0, 1)


def test_a_trend_window_of_no_days_is_refused():
    with pytest.raises(ValueError, match="trend_window_days"):
        Thresholds(trend_window_days=0)
