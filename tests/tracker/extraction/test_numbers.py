"""Values, units, ranks and classes (tracker/extraction/numbers.py)."""

import pytest

from tracker.extraction.numbers import find_values
from tracker.extraction.text import quoted_spans


def values(text):
    return [(m.value, m.masked, m.unit, m.kind) for m in find_values(text, 0, len(text), quoted_spans(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("年均浓度控制在28微克/立方米", [(28.0, False, "μg/m³", "quantity")]),
        ("比例提高1.5个百分点", [(1.5, False, "个百分点", "quantity")]),
        ("浓度下降6%", [(6.0, False, "%", "quantity")]),
        ("比例达到百分之九十", [(90.0, False, "%", "quantity")]),
        ("完成植树十五万亩", [(15.0, False, "万亩", "quantity")]),
        ("投入资金3.2亿元", [(3.2, False, "亿元", "quantity")]),
        ("排查企业1,250家", [(1250.0, False, "家", "quantity")]),
    ],
)
def test_numbers_with_units_are_values(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("masked", ["X", "*", "**", "***", "*.**", "**.**"])
def test_masked_numbers_are_unknown_not_zero(masked):
    # when
    found = values(f"执行率要达到{masked}%")
    # then
    assert found == [(None, True, "%", "quantity")]


@pytest.mark.parametrize(
    "text",
    [
        "2023年3月8日召开会议",  # dates
        "30个工作日内上报",  # a duration
        "6个月内完成",
        "第三轮督察",  # an ordinal
        "落实“十个坚持”",  # a slogan in quotes
        "印发《2021-2022年秋冬季攻坚方案》",  # a title
        "抓好四个方面的工作",  # a count that structures the speech
        "开展八个专项行动",
        "再上一个新台阶",  # 一 as an article
        "PM2.5和PM10协同控制",  # digits inside metric names
        "推进十三项目建设",  # 项 of 项目 is not a unit
    ],
)
def test_numbers_that_are_not_values(text):
    assert values(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("力争退出全省后八位", [(8.0, False, "名", "exit_rank")]),
        ("确保全国排名退出后20名", [(20.0, False, "名", "exit_rank")]),
        ("资金支付率全省倒数第2", [(2.0, False, "名", "rank")]),
        ("综合指数全国倒X", [(None, True, "名", "rank")]),
    ],
)
def test_ranks(text, expected):
    assert values(text) == expected


def test_a_range_keeps_both_bounds():
    # when
    (mention,) = find_values("浓度控制在30～35微克/立方米", 0, 16, [])
    # then
    assert (mention.low, mention.value) == (30.0, 35.0)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("断面水质稳定达到Ⅲ类", [(3.0, False, "类", "class")]),
        ("出境断面水质达到三类", [(3.0, False, "类", "class")]),
        ("空气质量达到二级标准", [(2.0, False, "级", "class")]),
        ("水源地水质Ⅲ类比例达到100%", [(100.0, False, "%", "quantity")]),  # the class only qualifies
    ],
)
def test_water_and_air_classes(text, expected):
    assert values(text) == expected


def test_a_count_that_scopes_a_rate_is_not_a_second_value():
    assert values("全市9个国控断面水质优良比例88.9%") == [(88.9, False, "%", "quantity")]


def test_dynamic_zeroing_is_a_zero():
    assert values("确保城市黑臭水体动态清零") == [(0.0, False, "个", "zero")]
