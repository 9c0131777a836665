from datetime import date

import pytest

from tracker.status import (
    Level,
    Reason,
    TargetData,
    TargetSpec,
    derived_target,
    evaluate_baseline_change,
    evaluate_target,
)

from .builders import constant, daily, first_k

YEAR_2025 = dict(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))
DAY_300 = date(2025, 10, 27)


@pytest.mark.parametrize(
    "baseline, change, comparator, unit, target",
    [
        (35, 10, "decrease_by", "%", 31.5),  # PM2.5 下降10%: 35 × 0.9
        (80, 12, "decrease_by", "%", 70.4),  # PM10 下降12%: 80 × 0.88
        (66.7, 3.4, "increase_by", "points", 70.1),  # 优良水体比例提高3.4个百分点
        (38, 0, "decrease_by", "%", 38.0),  # 不降反升 floor: last year's mean itself
        (50, 20, "increase_by", "%", 60.0),
    ],
)
def test_derived_target(baseline, change, comparator, unit, target):
    assert derived_target(baseline, change, comparator, unit) == pytest.approx(target)


def test_baseline_change_derives_the_target_then_applies_the_period_mean_rule():
    # given PM2.5 下降10% from 35 → T = 31.5; 300 days at 33:
    # R = (31.5 × 365 − 9900) / 65 = 1597.5 / 65 = 24.58; against 30 last year: −18.1%
    spec = TargetSpec(
        kind="baseline_change",
        comparator="decrease_by",
        target_value=10,
        baseline_value=35,
        unit="μg/m³",
        metric="PM2.5",
        **YEAR_2025,
    )
    data = TargetData(
        daily=constant(date(2025, 1, 1), 300, 33), last_year=constant(date(2024, 10, 28), 65, 30)
    )

    # when
    result = evaluate_target(spec, data, DAY_300)

    # then
    assert result.figures["derived_target"] == pytest.approx(31.5)
    assert result.figures["required_remaining_mean"] == pytest.approx(24.5769, abs=1e-4)
    assert result.figures["required_change_vs_last_year"] == pytest.approx(-0.1808, abs=1e-4)
    assert (result.level, result.reason) == (Level.ORANGE, Reason.SERIOUS_VS_LAST_YEAR)
    assert result.explanation_zh.startswith("目标值由基准 35.0 μg/m³ 下降 10.0% 得出 31.5 μg/m³。")


def test_baseline_change_in_points_on_a_site_share():
    # given 优良水体比例 66.7% + 3.4 points = 70.1%; of 6 sections 5 are needed (4.2 → 5), 3 meet
    spec = TargetSpec(
        kind="baseline_change",
        inner_kind="site_share",
        comparator="increase_by",
        change_unit="points",
        target_value=3.4,
        baseline_value=66.7,
        unit="%",
        deadline=date(2025, 12, 31),
    )
    sections = {"a": "II", "b": "III", "c": "III", "d": "IV", "e": "IV", "f": "V"}

    # when
    result = evaluate_target(spec, TargetData(site_classes=sections), date(2025, 6, 30))

    # then
    assert result.figures["required_remaining_count"] == 2
    assert result.level == Level.ORANGE
    # a change in points reads as points in both languages (a % change reads as %: above)
    assert "提高 3.4 个百分点 得出 70.1%" in result.explanation_zh
    assert "up 3.4 points" in result.explanation_en and "3.4%" not in result.explanation_en


@pytest.mark.parametrize("change, baseline", [(None, 35), (10, None)])
def test_baseline_change_with_a_masked_number_is_value_unknown(change, baseline):
    # given "下降X%" or an unknown baseline
    spec = TargetSpec(
        kind="baseline_change",
        comparator="decrease_by",
        target_value=change,
        baseline_value=baseline,
        **YEAR_2025,
    )

    # when
    result = evaluate_baseline_change(spec, TargetData(), DAY_300)

    # then
    assert (result.level, result.reason) == (Level.YELLOW, Reason.VALUE_UNKNOWN)


@pytest.mark.parametrize(
    "spec, data, reason",
    [
        (
            TargetSpec(kind="period_mean", target_value=35, **YEAR_2025),
            TargetData(daily=constant(date(2025, 1, 1), 364, 36)),
            Reason.CANNOT_BE_MET,
        ),
        (
            TargetSpec(kind="percentile", target_value=160, percentile=0.9, **YEAR_2025),
            TargetData(daily=first_k(date(2025, 1, 1), 300, 36, hit=200, miss=100)),
            Reason.NO_MARGIN_LEFT,
        ),
        (
            TargetSpec(kind="day_budget", target_value=5, **YEAR_2025),
            TargetData(daily=first_k(date(2025, 1, 1), 300, 6)),
            Reason.CANNOT_BE_MET,
        ),
        (
            TargetSpec(kind="day_ratio", comparator=">=", target_value=80, unit="%", **YEAR_2025),
            TargetData(daily=first_k(date(2025, 1, 1), 300, 292)),
            Reason.SECURED,
        ),
        (
            TargetSpec(kind="site_share", comparator="=", target_value=100, unit="%"),
            TargetData(site_classes={"a": "IV"}),
            Reason.BELOW_TARGET,
        ),
        (
            TargetSpec(kind="progress", comparator=">=", target_value=95, deadline=date(2025, 6, 30)),
            TargetData(progress=daily(date(2025, 6, 1), [50])),
            Reason.OVERDUE,
        ),
        (
            TargetSpec(kind="rank", comparator="exit_bottom", target_value=10, total_count=168),
            TargetData(ranks=daily(date(2025, 10, 1), [165])),
            Reason.RANK_IN_BOTTOM,
        ),
        (
            TargetSpec(kind="milestone", deadline=date(2025, 10, 20)),
            TargetData(done_on=date(2025, 10, 1)),
            Reason.ACHIEVED,
        ),
    ],
)
def test_evaluate_target_picks_the_rule_by_kind(spec, data, reason):
    # when
    result = evaluate_target(spec, data, date(2025, 12, 30) if spec.kind == "period_mean" else DAY_300)

    # then
    assert result.reason == reason


@pytest.mark.parametrize(
    "kind, extra",
    [
        ("period_mean", YEAR_2025),
        ("percentile", dict(percentile=0.9, **YEAR_2025)),
        ("day_budget", YEAR_2025),
        ("day_ratio", dict(comparator=">=", **YEAR_2025)),
        ("site_share", dict(comparator=">=")),
        ("progress", dict(comparator=">=", deadline=date(2025, 12, 31))),
        ("rank", dict(comparator="exit_bottom", total_count=168)),
    ],
)
def test_a_masked_target_value_is_flagged_for_every_kind(kind, extra):
    # given a record whose number was masked in the source ("X微克/立方米", "**.**%", "全国倒X")
    spec = TargetSpec(kind=kind, target_value=None, metric="某指标", **extra)

    # when
    result = evaluate_target(spec, TargetData(), DAY_300)

    # then: unknown, not zero, and a person is asked to fill it in
    assert (result.level, result.reason) == (Level.YELLOW, Reason.VALUE_UNKNOWN)
    assert "待确认" in result.explanation_zh


def test_an_air_target_without_a_period_is_flagged():
    # when
    result = evaluate_target(TargetSpec(kind="period_mean", target_value=35), TargetData(), DAY_300)

    # then
    assert (result.level, result.reason) == (Level.YELLOW, Reason.PERIOD_UNKNOWN)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        TargetSpec(kind="vibes", target_value=1)


@pytest.mark.parametrize("percentile, accepted", [(0.0, False), (1e-9, True), (0.9, True), (0.999, True),
                                                  (1.0, False), (1.5, False), (-0.1, False)])
def test_a_percentile_is_a_fraction_strictly_between_0_and_1(percentile, accepted):
    # 0 and 1 themselves are refused: "the 100th percentile" is the maximum, another rule
    make = lambda: TargetSpec(kind="percentile", target_value=160, percentile=percentile, **YEAR_2025)  # noqa: E731
    if accepted:
        assert make().percentile == percentile
    else:
        with pytest.raises(ValueError, match="fraction between 0 and 1"):
            make()
