from datetime import date

import pandas as pd
import pytest

from tracker.status import Level, Reason, TargetSpec, evaluate_site_share

SECTIONS = {"滏阳河-莲花口": "II", "滏阳河-苏里": "III", "卫河-龙王庙": 3, "漳河-岳城水库": "IV",
            "沁河-北尹庄": "V", "牤牛河-张庄桥": "劣V"}  # fmt: skip
AS_OF = date(2025, 6, 30)


def spec(comparator, target, **extra):
    return TargetSpec(
        kind="site_share",
        comparator=comparator,
        target_value=target,
        unit="%",
        metric="国考断面水质",
        deadline=date(2025, 12, 31),
        **extra,
    )


@pytest.mark.parametrize(
    "comparator, target, limit, level, counted, to_improve",
    [
        # 优良 (I–III) ≥ 66.7%: 3 of 6 meet; 4 needed (4/6 prints as 66.7%) → 1 to improve
        (">=", 66.7, 3, Level.ORANGE, 3, 1),
        # ≥ 50%: 3 of 6 is enough
        (">=", 50.0, 3, Level.GREEN, 3, 0),
        # 劣V ≤ 16.7%: 1 of 6 is 16.7% → met
        ("<=", 16.7, 5, Level.GREEN, 1, 0),
        # 劣V ≤ 0%: the one 劣V section must improve
        ("<=", 0.0, 5, Level.ORANGE, 1, 1),
    ],
)
def test_site_share(comparator, target, limit, level, counted, to_improve):
    # when
    result = evaluate_site_share(spec(comparator, target, site_class_limit=limit), SECTIONS, AS_OF)

    # then
    assert result.level == level
    assert result.figures["sites_counted"] == counted
    assert result.figures["required_remaining_count"] == to_improve
    assert result.figures["sites_total"] == 6


def test_site_share_names_the_failing_sites():
    # when
    result = evaluate_site_share(spec(">=", 66.7), SECTIONS, AS_OF)

    # then
    assert result.reason == Reason.BELOW_TARGET
    assert result.figures["failing_sites"] == ["沁河-北尹庄", "漳河-岳城水库", "牤牛河-张庄桥"]
    assert result.figures["failing_site_classes"]["牤牛河-张庄桥"] == "劣V"
    assert "漳河-岳城水库（IV类）" in result.explanation_zh


def test_drinking_water_sources_all_meeting_is_green():
    # given 饮用水源达标率 = 100% and every source at III or better
    sources = {"岳城水库": "II", "东武仕水库": "III", "羊角铺": "III"}

    # when
    result = evaluate_site_share(spec("=", 100), sources, AS_OF)

    # then
    assert (result.level, result.reason) == (Level.GREEN, Reason.ON_TRACK)


def test_site_share_after_the_deadline_short_of_target_is_missed():
    # when
    result = evaluate_site_share(spec(">=", 66.7), SECTIONS, date(2026, 1, 15))

    # then
    assert (result.level, result.reason) == (Level.RED, Reason.MISSED)


def test_site_share_takes_the_latest_class_per_site_from_a_long_table():
    # given site A was IV in January and III in June; site B's July reading is after as_of
    frame = pd.DataFrame(
        {
            "site": ["A", "A", "B", "B"],
            "date": ["2025-01-31", "2025-06-30", "2025-05-31", "2025-07-31"],
            "value": ["IV", "III", "II", "劣V"],
        }
    )

    # when
    result = evaluate_site_share(spec("=", 100), frame, AS_OF)

    # then both meet III on 2025-06-30
    assert result.level == Level.GREEN
    assert result.figures["failing_sites"] == []


def test_site_share_with_no_classes_is_no_data():
    # when
    result = evaluate_site_share(spec(">=", 66.7), {}, AS_OF)

    # then
    assert (result.level, result.reason) == (Level.YELLOW, Reason.NO_DATA)


def test_site_share_with_masked_target_is_value_unknown():
    # when
    result = evaluate_site_share(spec(">=", None), SECTIONS, AS_OF)

    # then
    assert result.reason == Reason.VALUE_UNKNOWN


def test_site_share_without_a_class_limit_judges_each_site_by_its_own_standard():
    # given a section whose own standard is IV (it reads IV) and one whose standard is III (it reads IV)
    classes = {"中原闸": "IV", "高新渠": "IV", "东桥": "II"}
    standards = {"中原闸": 4, "高新渠": 3, "东桥": 3}

    # when
    result = evaluate_site_share(spec(">=", 100), classes, AS_OF, site_standards=standards)

    # then
    assert result.figures["failing_sites"] == ["高新渠"]
    assert result.figures["site_standards"] == {"东桥": "III", "中原闸": "IV", "高新渠": "III"}
    assert result.figures["class_limit"] is None
    assert (result.level, result.reason) == (Level.ORANGE, Reason.BELOW_TARGET)


def test_site_share_with_a_class_limit_ignores_site_standards():
    # when
    result = evaluate_site_share(
        spec(">=", 100, site_class_limit=3), {"中原闸": "IV"}, AS_OF, site_standards={"中原闸": 4}
    )

    # then
    assert result.figures["failing_sites"] == ["中原闸"]
