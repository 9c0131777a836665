"""Targets, milestones and achievements from speech text (tracker/extraction/extractor.py).

All sentences here are written for the tests, in the style of the bureau's speeches.
"""

from dataclasses import fields
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, Candidate, extract

SPOKEN = date(2024, 3, 1)


def only(text, kind=None, as_of=SPOKEN):
    found = [c for c in extract(text, as_of) if kind is None or c.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_candidate_has_exactly_the_ledger_fields():
    assert [f.name for f in fields(Candidate)] == [
        "kind", "metric", "metric_text", "value", "unit", "comparator", "period_or_deadline",
        "deadline", "responsible", "sentence", "start", "end", "confidence", "low", "baseline", "also_at",
    ]


@pytest.mark.parametrize(
    "text, metric, value, unit, comparator",
    [
        ("今年全市PM2.5平均浓度要控制在32微克/立方米以内。", "pm25", 32.0, "μg/m³", "<="),
        ("力争空气质量优良天数比例不低于88%。", "good_day_ratio", 88.0, "%", ">="),
        ("确保今年细颗粒物浓度下降6%以上。", "pm25", 6.0, "%", "decrease_by"),
        ("今年要确保国控断面水质优良比例提高4个百分点。", "water_section_share", 4.0, "个百分点", "increase_by"),
        ("今年要确保劣Ⅴ类水体比例控制在5%以下。", "inferior_v_share", 5.0, "%", "<="),
        ("确保重污染天数不超过4天。", "heavy_pollution_days", 4.0, "天", "<="),
        ("今年确保完成植树造林12万亩。", "afforestation", 12.0, "万亩", ">="),
        ("今年力争退出全省后三位。", "rank", 3.0, "名", "exit_bottom"),
        ("要确保出境断面水质稳定达到Ⅲ类。", "water_class", 3.0, "类", "<="),
        ("确保城市建成区黑臭水体动态清零。", "count", 0.0, "个", "="),
        ("到年底，专项资金预算执行率要超过90%。", "fund_execution_rate", 90.0, "%", ">="),
    ],
)
def test_forward_figures_are_targets_with_their_comparator(text, metric, value, unit, comparator):
    # when
    candidate = only(text)
    # then
    assert (candidate.kind, candidate.metric, candidate.value, candidate.unit, candidate.comparator) == (
        TARGET, metric, value, unit, comparator,
    )


def test_percent_and_percentage_points_stay_apart():
    # when
    found = extract("今年PM2.5浓度要下降5%，优良天数比例要提高3个百分点。", SPOKEN)
    # then
    assert [(c.value, c.unit, c.comparator) for c in found] == [
        (5.0, "%", "decrease_by"),
        (3.0, "个百分点", "increase_by"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2023年，全市优良天数比例为86.5%。",  # a past year
        "截至11月底，已完成整改问题37项。",  # 截至, 已
        "今年以来，全市PM2.5平均浓度31微克/立方米。",  # 今年以来
        "去年全市共关停散乱污企业15家。",
        "全市森林覆盖率比去年提高了0.6个百分点。",  # perfective 了
        "我市资金支付率全省倒数第4。",  # a ranking is a current figure
    ],
)
def test_achievements_are_never_targets(text):
    # when
    kinds = {c.kind for c in extract(text, SPOKEN)}
    # then
    assert kinds == {ACHIEVEMENT}


def test_a_review_paragraph_keeps_looking_back_until_this_year_opens():
    # given: the year-end review style, then this year's plan
    text = (
        "2023年，全市生态环境质量持续改善。\n"
        "一是坚持精准治污。全市10个工业园区污水集中处理率达到95%。\n"
        "2024年，是关键之年。全市工业园区污水集中处理率达到98%。\n"
    )
    # when
    found = extract(text, SPOKEN)
    # then
    assert [(c.kind, c.value) for c in found] == [(ACHIEVEMENT, 95.0), (TARGET, 98.0)]


def test_a_masked_target_has_no_value_and_is_still_a_target():
    # when
    candidate = only("今年全市PM10平均浓度要控制在**微克/立方米以下。")
    # then
    assert (candidate.kind, candidate.value, candidate.unit) == (TARGET, None, "μg/m³")


def test_chinese_numerals_are_read():
    # when
    candidate = only("今年要完成农村环境整治二十五个。")
    # then
    assert candidate.value == 25.0


def test_several_targets_in_one_sentence_become_one_clause_each():
    # given
    text = "确保PM2.5、PM10浓度分别下降5%、8%，臭氧浓度控制在160微克/立方米以内。"
    # when
    found = extract(text, SPOKEN)
    # then
    assert [(c.sentence, c.value, c.comparator) for c in found] == [
        ("确保PM2.5、PM10浓度分别下降5%", 5.0, "decrease_by"),
        ("8%", 8.0, "decrease_by"),
        ("臭氧浓度控制在160微克/立方米以内", 160.0, "<="),
    ]


def test_numbered_list_items_are_separate_targets():
    # when
    found = extract("今年重点抓好三项工作：①优良天数比例达到85%；②完成12个村环境整治。", SPOKEN)
    # then
    assert [(c.kind, c.value, c.unit) for c in found] == [(TARGET, 85.0, "%"), (TARGET, 12.0, "个")]


def test_a_dated_deliverable_is_a_milestone():
    # when
    candidate = only("各区县要在15个工作日内报送整改方案。")
    # then
    assert (candidate.kind, candidate.value, candidate.unit, candidate.period_or_deadline) == (
        MILESTONE, None, None, "15个工作日内",
    )
    assert candidate.responsible == "各区县"


def test_working_day_deadline_skips_the_national_day_holiday():
    # given: spoken Sat 20 Sep 2025; 1–8 Oct are off, Sun 28 Sep and Sat 11 Oct are worked.
    # Counting weekends only would give 31 Oct; the holiday pushes it to Thu 6 Nov.
    text = "督察反馈问题的整改方案须于30个工作日内上报市政府。"
    # when
    candidate = only(text, as_of=date(2025, 9, 20))
    # then
    assert candidate.deadline == "2025-11-06"


@pytest.mark.parametrize(
    "text, period, deadline",
    [
        ("到2025年，全市PM2.5年均浓度控制在30微克/立方米以内。", "到2025年", "2025-12-31"),
        ("今年全市优良天数比例要达到85%。", "今年", "2024-12-31"),
        ("到“十四五”末，森林覆盖率要达到40%。", "到“十四五”末", "2025-12-31"),
        # spoken in March: the season under way ends this 31 March (tracker.workdays' rule)
        ("今年秋冬季，重污染天数要控制在5天以内。", "秋冬季", "2024-03-31"),
    ],
)
def test_period_is_taken_as_written_and_resolved(text, period, deadline):
    # when
    candidate = only(text)
    # then
    assert (candidate.period_or_deadline, candidate.deadline) == (period, deadline)


def test_period_comes_from_the_governing_sentence_when_the_clause_has_none():
    # when
    found = extract("今年，确保PM2.5浓度下降5%，PM10浓度下降6%。", SPOKEN)
    # then
    assert [c.period_or_deadline for c in found] == ["今年", "今年"]


def test_the_responsible_unit_named_after_the_target_is_kept():
    # when
    candidate = only("年底前完成12家企业深度治理，各县（市、区）要抓好落实。")
    # then
    assert candidate.responsible == "各县（市、区）"


def test_structural_counts_and_slogans_give_nothing():
    assert extract("我们要抓好四个方面的工作，落实“十个坚持”，实施八大专项行动。", SPOKEN) == []


def test_offsets_map_back_exactly_despite_full_width_text_and_line_breaks():
    # given
    text = (
        "欢迎访问某某范文网\n时间：2024-03-01 来源：某某范文网\n同志们：\n"
        "今年要坚决打好蓝天保卫战，确保全市细颗粒物（ＰＭ２．５）平均浓度\n下降１０％，优良天数比例达到８５％。\n"
    )
    # when
    found = extract(text, SPOKEN)
    # then
    assert [c.value for c in found] == [10.0, 85.0]
    for candidate in found:
        assert text[candidate.start:candidate.end] == candidate.sentence
    assert "\n" in found[0].sentence


_FRAGMENTS = [
    "今年要确保PM2.5浓度下降5%，", "2023年优良天数比例为86%。", "\n", "　", "同志们：",
    "各区县要在10个工作日内上报方案。", "确保退出全省后十位、全国后二十位；", "ＰＭ１０下降８％以上，",
    "截至X月X日，浓度为X微克/立方米，", "到年底，执行率要超过**.**%。", "一、重点工作\n", "完成①造林３万亩②治理５个村。",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=12))
def test_every_sentence_is_an_exact_substring_at_its_offsets(pieces):
    # given
    text = "".join(pieces)
    # when
    found = extract(text, SPOKEN)
    # then
    assert all(text[c.start:c.end] == c.sentence and c.sentence for c in found)
    assert all(0 < c.confidence <= 1 for c in found)
    assert all(c.value != 0 or c.comparator in ("=", "<=") for c in found if c.value is not None)


def test_a_figure_dated_to_an_earlier_year_is_an_achievement_even_in_a_forward_paragraph():
    # given a forward-looking opening, then last year's figure, then this year's target
    text = "今年是攻坚之年。2025年全市PM2.5平均浓度为32微克/立方米。今年PM2.5年均浓度要控制在30微克/立方米以内。"
    # when
    found = {(c.kind, c.value) for c in extract(text, date(2026, 3, 2))}
    # then
    assert (ACHIEVEMENT, 32.0) in found
    assert (TARGET, 30.0) in found
    assert (TARGET, 32.0) not in found
