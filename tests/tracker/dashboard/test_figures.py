"""The dashboard's pure math, table-driven; arithmetic in the comments, oracles from numpy."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tracker.dashboard import figures
from tracker.dashboard.categories import target_category

D = dt.date


@pytest.mark.parametrize("part, whole, expected", [
    (40, 53, 75.5),   # 75.47… → 75.5 (the seeds' provincial inspection)
    (46, 46, 100.0),
    (2168, 2252, 96.3),  # 绿盾 points: 96.27…
    (0, 5, 0.0),
    (3, 0, None),     # nothing to sign off: no rate, not 0 %
])
def test_percent_rounds_to_one_decimal(part, whole, expected):
    assert figures.percent(part, whole) == expected


@pytest.mark.parametrize("levels, score", [
    ([0, 0, 0], 100.0),         # all green
    ([3, 3], 0.0),              # all red
    ([3, 0, 0], 66.7),          # 100 × (1 − 3/9)
    ([1, 2, 0, 0], 75.0),       # 100 × (1 − 3/12)
    ([1], 66.7),                # 100 × (1 − 1/3)
])
def test_ranking_score_is_the_average_penalty_share(levels, score):
    frame = pd.DataFrame({"row": 1, "level": levels})
    assert figures.ranking_scores(frame)["score"].tolist() == [score]


def test_counted_rows_weigh_as_many_records_as_they_stand_for():
    # given 1 red and 2 green records as two counted rows: 100 × (1 − 3/9) = 66.7
    frame = pd.DataFrame({"row": [1, 1], "category": "air", "level": [3.0, 0.0], "n": [1, 2]})
    assert figures.ranking_scores(frame)[["records", "score"]].values.tolist() == [[3, 66.7]]
    assert figures.matrix_cells(frame)[["total", "n3", "n0"]].values.tolist() == [[3, 1, 2]]
    assert figures.level_counts(frame["level"], frame["n"]) == {3: 1, 2: 0, 1: 0, 0: 2, None: 0}


def test_ranking_ties_go_to_fewer_reds_then_more_records():
    # given three rows with the same score 66.7: (3,0,0) has a red; (1,1,…) none; (2,2,0,…) none, more records
    frame = pd.DataFrame({"row": [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3],
                          "level": [3, 0, 0, 1, 1, 1, 2, 2, 2, 0, 0, 0]})
    table = figures.ranking_scores(frame)
    # then: 2 and 3 have no red and score 66.7 like 1; 3 has more records → 3, 2, 1
    assert table["row"].tolist() == [3, 2, 1] and table["rank"].tolist() == [1, 2, 3]


def test_unevaluated_records_are_not_ranked_or_worst():
    frame = pd.DataFrame({"row": [1, 1, 2], "category": "air", "level": [np.nan, 1.0, np.nan]})
    assert figures.ranking_scores(frame)["row"].tolist() == [1]
    cells = figures.matrix_cells(frame).set_index("row")
    assert cells.loc[1, "worst"] == 1 and cells.loc[1, "unevaluated"] == 1 and pd.isna(cells.loc[2, "worst"])


def test_records_roll_up_to_the_child_of_the_root_or_the_root_itself():
    paths = pd.Series(["/1/", "/1/4/", "/1/4/9/", "/1/5/", "/2/"])
    rows = figures.row_of_records(paths, {1: "/1/"})
    assert rows.tolist()[:4] == [1, 4, 4, 5] and np.isnan(rows.iloc[4])


def test_a_unit_in_two_war_zones_counts_in_both():
    paths = pd.Series(["/1/4/9/", "/1/5/"])
    members = pd.DataFrame({"group_id": [10, 11, 11], "unit_id": [4, 4, 5]})
    pairs = figures.zone_rows(paths, members)
    assert sorted(map(tuple, pairs.to_numpy().tolist())) == [(0, 10), (0, 11), (1, 11)]


def test_cumulative_mean_and_required_remaining_mean_match_numpy():
    # given a 10-day period, target 30, 4 observed days, as of day 5 (day 3 missing)
    daily = pd.Series([20.0, 40.0, 35.0, 25.0], index=pd.to_datetime(["2026-01-01", "2026-01-02", "2026-01-04",
                                                                        "2026-01-05"]))
    path = figures.cumulative_mean_path(daily, pd.Series(dtype="float64"), D(2026, 1, 1), D(2026, 1, 10), 30.0,
                                        D(2026, 1, 5))
    # then on day 5 the mean is np.mean of the 4 values, R = (30·10 − 120)/6 = 30
    assert path.loc["2026-01-05", "cumulative"] == pytest.approx(np.mean([20, 40, 35, 25]))
    assert path.loc["2026-01-05", "required"] == pytest.approx((30 * 10 - 120) / 6)
    assert path.loc["2026-01-03", "cumulative"] == pytest.approx(30.0)  # carried: (20 + 40) / 2
    assert path["cumulative"].loc["2026-01-06":].isna().all()


def test_last_years_same_days_line_up_with_this_year():
    last = pd.Series([10.0, 30.0], index=pd.to_datetime(["2025-01-01", "2025-01-02"]))
    path = figures.cumulative_mean_path(pd.Series(dtype="float64"), last, D(2026, 1, 1), D(2026, 1, 3), 30.0,
                                        D(2026, 1, 1))
    assert path["last_year"].tolist()[:2] == [10.0, 20.0]


@pytest.mark.parametrize("ratio, expected", [
    (True, [100.0, 50.0, 66.7]),   # good days 1/1, 1/2, 2/3
    (False, [1.0, 1.0, 2.0]),      # heavy days used 1, 1, 2
])
def test_day_count_path(ratio, expected):
    flags = pd.Series([1.0, 0.0, 1.0], index=pd.to_datetime(["2026-01-01", "2026-01-02", "2026-01-03"]))
    path = figures.day_count_path(flags, pd.Series(dtype="float64"), D(2026, 1, 1), D(2026, 1, 5), D(2026, 1, 3),
                                  ratio)
    assert path["this_year"].tolist()[:3] == expected and path["this_year"].iloc[3:].isna().all()


def test_burndown_counts_items_listed_and_not_yet_signed_off():
    # given a round listed on 1 Jan with 3 items (one signed off 20 Jan), another listed on 1 Feb with 2
    items = pd.DataFrame({
        "round_id": [1, 1, 2], "round": ["R1", "R1", "R2"], "n": [2, 1, 2],
        "listed_on": pd.to_datetime(["2026-01-01", "2026-01-01", "2026-02-01"]),
        "signed_on": pd.to_datetime([None, "2026-01-20", None])})
    table = figures.burndown(items, [D(2026, 1, 10), D(2026, 1, 31), D(2026, 2, 10)])
    assert table[(1, "R1")].tolist() == [3, 2, 2] and table[(2, "R2")].tolist() == [0, 0, 2]


def test_level_history_takes_each_targets_latest_change_by_each_day():
    changes = pd.DataFrame({"id": [1, 2, 3], "target_id": [7, 7, 8],
                            "as_of": [D(2026, 1, 5), D(2026, 2, 5), D(2026, 1, 20)],
                            "created_at": pd.to_datetime(["2026-01-05", "2026-02-05", "2026-01-20"]),
                            "new_level": [1, 3, 0]})
    table = figures.level_history(changes, [7, 8], [D(2026, 1, 1), D(2026, 1, 31), D(2026, 2, 28)])
    assert table[1].tolist() == [0, 1, 0] and table[3].tolist() == [0, 0, 1] and table[0].tolist() == [0, 1, 1]


@pytest.mark.parametrize("code, kind, category", [
    ("pm25", "period_mean", "air"), ("good_day_ratio", "day_ratio", "air"),
    ("water_section_share", "site_share", "water"), ("plots_count", "progress", "soil"),
    ("fund_execution_rate", "progress", "funds"), ("rectification_completion", "progress", "rectification"),
    ("milestone", "milestone", "milestones"),
    ("new_metric", "site_share", "water"), ("new_metric", "milestone", "milestones"),
    ("new_metric", "progress", "projects"),
])
def test_category_of_a_target(code, kind, category):
    assert target_category(code, kind) == category


def test_fund_expected_rate_follows_the_time_path():
    funds = pd.DataFrame({"amount": [100.0, 300.0], "paid": [50.0, 0.0], "target_rate": [100.0, 80.0],
                          "allocated_on": [D(2026, 1, 1), D(2026, 1, 1)],
                          "deadline": [D(2026, 1, 11), D(2026, 1, 21)]})
    rows = figures.fund_execution(funds, D(2026, 1, 6))
    # 100 × 5/10 = 50; 80 × 5/20 = 20; weighted (50·100 + 20·300)/400 = 27.5
    assert rows["expected"].tolist() == [50.0, 20.0]
    assert figures.weighted_execution(rows) == {"allocated": 400.0, "paid": 50.0, "rate": 12.5, "expected": 27.5,
                                                "target": 85.0}
