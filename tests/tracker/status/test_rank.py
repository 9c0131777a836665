from datetime import date

import pytest

from tracker.status import Level, Reason, TargetSpec, Thresholds, evaluate_rank

from .builders import daily

NATION = TargetSpec(
    kind="rank",
    comparator="exit_bottom",
    target_value=10,
    total_count=168,
    metric="综合指数排名",
    period_start=date(2025, 1, 1),
    deadline=date(2025, 12, 31),
)
AS_OF = date(2025, 6, 30)


@pytest.mark.parametrize(
    "latest, level, reason, to_bottom",
    [
        # bottom 10 of 168 starts at rank 159; places it can drop before entering = 159 − rank
        (160, Level.ORANGE, Reason.RANK_IN_BOTTOM, -1),
        (159, Level.ORANGE, Reason.RANK_IN_BOTTOM, 0),
        (157, Level.YELLOW, Reason.RANK_NEAR_BOTTOM, 2),
        (156, Level.YELLOW, Reason.RANK_NEAR_BOTTOM, 3),  # at the 3-place margin
        (155, Level.GREEN, Reason.ON_TRACK, 4),
    ],
)
def test_rank_against_the_bottom_group(latest, level, reason, to_bottom):
    # given one monthly rank
    ranks = daily(AS_OF, [latest])

    # when
    result = evaluate_rank(NATION, ranks, AS_OF)

    # then
    assert (result.level, result.reason) == (level, reason)
    assert result.figures["places_to_bottom"] == to_bottom
    assert result.figures["rank_from_bottom"] == 168 - latest + 1


def test_rank_reports_the_slide_over_the_trend_window():
    # given 150 on 2025-06-01 and 156 on 2025-06-30: down 6 places in the 30-day window
    ranks = daily(date(2025, 6, 1), [150] + [None] * 28 + [156])

    # when
    result = evaluate_rank(NATION, ranks, AS_OF)

    # then
    assert result.figures["rank_change"] == 6
    assert "近 30 天下滑 6 位" in result.explanation_zh


@pytest.mark.parametrize("latest, level", [(160, Level.RED), (150, Level.GREEN)])
def test_rank_after_the_deadline(latest, level):
    # when
    result = evaluate_rank(NATION, daily(date(2025, 12, 31), [latest]), date(2026, 1, 20))

    # then
    assert result.level == level


def test_province_bottom_five_of_eleven():
    # given 全省排名退出后5 among 11 cities: bottom starts at 7; rank 5 is 2 places from it
    spec = TargetSpec(kind="rank", comparator="exit_bottom", target_value=5, total_count=11)

    # when: with a 1-place warning margin instead of 3
    result = evaluate_rank(spec, daily(AS_OF, [5]), AS_OF, Thresholds(rank_margin=1))

    # then
    assert result.figures["first_bottom_rank"] == 7
    assert (result.level, result.figures["places_to_bottom"]) == (Level.GREEN, 2)


def test_rank_without_reports_is_no_data():
    # when
    result = evaluate_rank(NATION, None, AS_OF)

    # then
    assert (result.level, result.reason) == (Level.YELLOW, Reason.NO_DATA)


def test_rank_with_unknown_bottom_size_is_value_unknown():
    # given "全国倒X"
    spec = TargetSpec(kind="rank", comparator="exit_bottom", target_value=None, total_count=168)

    # when
    result = evaluate_rank(spec, daily(AS_OF, [150]), AS_OF)

    # then
    assert result.reason == Reason.VALUE_UNKNOWN


def test_a_rank_reported_on_the_first_day_of_the_period_counts():
    # given one rank, 150, reported on 2025-01-01 = period_start; judged on 2025-01-10
    # 150 is 159 − 150 = 9 places above the bottom group: green
    result = evaluate_rank(NATION, daily(date(2025, 1, 1), [150]), date(2025, 1, 10))
    assert (result.level, result.reason) == (Level.GREEN, Reason.ON_TRACK)
    assert result.figures["observed_value"] == 150


def test_the_first_day_of_the_period_is_judged_not_yet_started_the_day_before():
    # on period_start itself the period has begun: the rank reported that day is judged
    on_the_day = evaluate_rank(NATION, daily(date(2025, 1, 1), [150]), date(2025, 1, 1))
    assert (on_the_day.level, on_the_day.reason) == (Level.GREEN, Reason.ON_TRACK)
    # the day before, nothing is judged yet
    before = evaluate_rank(NATION, daily(date(2024, 12, 31), [150]), date(2024, 12, 31))
    assert before.reason != Reason.ON_TRACK and before.figures["observed_value"] is None


def test_two_reports_in_the_window_are_enough_for_a_trend():
    # given exactly two reports, 150 on 2025-06-29 and 156 on 2025-06-30: down 6 places
    result = evaluate_rank(NATION, daily(date(2025, 6, 29), [150, 156]), AS_OF)
    assert result.figures["rank_change"] == 6
    # and one report alone gives no trend
    assert evaluate_rank(NATION, daily(AS_OF, [156]), AS_OF).figures["rank_change"] is None
