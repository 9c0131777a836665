"""The ten kinds of error issue 16 names, each on clauses written for these tests.

None of these sentences is in the seeds or the development set; each row is one rule.
"""

from datetime import date

import pytest

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract

SPOKEN = date(2024, 2, 1)


def kinds_and_values(text, as_of=SPOKEN):
    return [(c.kind, c.value, c.comparator) for c in extract(text, as_of)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # 1. a bound or a deadline outweighs a look-back word in the same clause
        ("新增造林面积不少于3万亩。", [(TARGET, 3.0, ">=")]),
        # (since b50–b55 the rate of the deliverable itself, 开工 → 开工率, is one target with it)
        ("年内完成已批复项目开工，开工率100%。", [(TARGET, 100.0, ">=")]),
        ("年内完成已批复项目开工，竣工率100%。", [(MILESTONE, None, "="), (TARGET, 100.0, ">=")]),
        # (the 12 plants only scope the standard, as 6个断面 scopes a share)
        ("已建成的12座污水处理厂年底前全部达到一级A标准。", [(TARGET, 1.0, "<=")]),
        # ... but a strong look-back still wins over a weak commitment
        ("截至6月底，累计完成造林2.3万亩。", [(ACHIEVEMENT, 2.3, "=")]),
    ],
)
def test_the_strongest_marker_decides_the_kind(text, expected):
    assert kinds_and_values(text) == expected


@pytest.mark.parametrize(
    "text, comparator, value",
    [
        ("上半年NO2浓度比去年同期下降4%以上。", "decrease_by", 4.0),  # 2. a comparison base
        ("重污染天数较上年减少2天。", "decrease_by", 2.0),
        ("优良天数比例较去年提高1.5个百分点。", "increase_by", 1.5),
    ],
)
def test_a_comparison_base_is_not_a_look_back(text, comparator, value):
    (candidate,) = extract(text, SPOKEN)
    assert (candidate.kind, candidate.comparator, candidate.value) == (TARGET, comparator, value)


def test_from_a_to_b_is_one_target_with_its_baseline():
    # given: 3. no modal verb near, and a forward section
    text = "2024年主要目标\n城市污水集中收集率由去年的58%提升至65%。"
    # when
    (candidate,) = extract(text, SPOKEN)
    # then
    assert (candidate.kind, candidate.value, candidate.baseline, candidate.comparator) == (TARGET, 65.0, 58.0, ">=")


def test_an_exhorting_heading_does_not_make_the_review_under_it_forward():
    # given: 4. the heading commits, the paragraph reports
    text = "二、坚定信心，确保完成全年任务\n一年来，全市PM2.5平均浓度为35微克/立方米，优良天数比例78%。\n"
    # when / then
    assert {c.kind for c in extract(text, SPOKEN)} == {ACHIEVEMENT}


@pytest.mark.parametrize(
    "text, period",
    [
        ("9月底前全部完成清理整治。", "9月底前"),
        ("12月底完成验收销号。", "12月底"),  # 月底 without 前
        ("每月10日前报送上月进展。", "每月10日前"),  # recurring
        ("每季度末月20日前上报督办情况。", "每季度末月20日前"),
        # relative to an event, the event kept — with the subject of a completion since the fifteenth round
        ("整改完成后2个月内组织复查。", "整改完成后2个月内"),
        ("五天内拿出问题清单。", "五天内"),
        ("7月15日前提交验收申请。", "7月15日前"),
        ("到2026年底前全面消除城市黑臭水体。", "到2026年底前"),
        ("20个工作日内报送整改方案。", "20个工作日内"),
    ],
)
def test_deadline_forms_give_milestones(text, period):
    # when: 5.
    (candidate,) = extract(text, SPOKEN)
    # then
    assert (candidate.kind, candidate.period_or_deadline) == (MILESTONE, period)


@pytest.mark.parametrize(
    "text, value, unit, comparator",
    [
        ("确保城市黑臭水体数量为零。", 0.0, "个", "<="),  # 6. 为零 is a zero cap
        ("力争生活垃圾分类覆盖率八成以上。", 80.0, "%", ">="),  # N成 = N×10 %
        ("确保总磷浓度不高于0.3毫克/升。", 0.3, "mg/L", "<="),
        ("全年开展执法培训不少于500人次。", 500.0, "人次", ">="),
        ("力争考核排名进入全省前五。", 5.0, "名", "<="),  # rank targets
        ("确保排名保持全市前3名。", 3.0, "名", "<="),
        ("力争综合指数排名稳定在全国前20位。", 20.0, "名", "<="),
    ],
)
def test_value_forms_are_read(text, value, unit, comparator):
    (candidate,) = extract(text, SPOKEN)
    assert (candidate.kind, candidate.value, candidate.unit, candidate.comparator) == (TARGET, value, unit, comparator)


@pytest.mark.parametrize(
    "text, comparator",
    [
        ("空气质量优良率不得低于75%。", ">="),  # 7. 低于 inside 不得低于
        ("断面达标率不能低于90%。", ">="),
        ("二氧化硫浓度不得超过15微克/立方米。", "<="),
        ("今年NO2浓度同比改善4%以上。", "decrease_by"),  # 改善 of a concentration is a cut
        ("年内关停散乱污企业30家。", ">="),  # a doing verb's count is a floor
        ("今年PM10浓度要优于年度目标，控制在55微克/立方米以内。", "<="),
        ("今年PM2.5浓度要好于40微克/立方米。", "<="),  # 好于 for a concentration is <=
        ("年内淘汰国三及以下排放标准柴油车500辆。", ">="),  # 及以下 qualifies the trucks
    ],
)
def test_comparators(text, comparator):
    (candidate,) = extract(text, SPOKEN)
    assert (candidate.kind, candidate.comparator) == (TARGET, comparator)


def test_a_range_is_one_target_with_both_bounds():
    # when: 8.
    (candidate,) = extract("今年优良天数比例要达到78%～80%。", SPOKEN)
    # then
    assert (candidate.low, candidate.value, candidate.comparator) == (78.0, 80.0, ">=")


def test_a_size_class_before_the_count_is_not_a_value():
    (candidate,) = extract("年内淘汰10蒸吨以下燃煤锅炉35台。", SPOKEN)
    assert (candidate.value, candidate.unit) == (35.0, "台")


def test_a_list_mark_inside_a_metric_name_does_not_cut_it():
    # given: two figures without punctuation between them, 、 inside the second name
    text = "今年确保优良天数比例达到80%以上国、省控断面水质优良比例不低于85%。"
    # when
    found = extract(text, SPOKEN)
    # then
    assert [(c.value, c.sentence) for c in found] == [
        (80.0, "今年确保优良天数比例达到80%以上"),
        (85.0, "国、省控断面水质优良比例不低于85%"),
    ]


def test_a_text_without_punctuation_is_cut_by_lines_spaces_and_deadlines():
    # given
    text = ("在全县大气污染防治推进会上的讲话\n"
            "去年全县优良天数比例为70% 较上年提高3个百分点\n"
            "今年全县优良天数比例确保达到75%以上PM10浓度控制在70微克/立方米以下\n"
            "要开展工业炉窑排查5月底前完成排查建档10月底前完成治理率90%以上\n")
    # when
    found = extract(text, date(2025, 3, 1))
    # then
    assert [(c.kind, c.value) for c in found] == [
        (ACHIEVEMENT, 70.0), (ACHIEVEMENT, 3.0), (TARGET, 75.0), (TARGET, 70.0), (MILESTONE, None), (TARGET, 90.0),
    ]


def test_a_repeated_target_is_one_candidate_that_remembers_both_mentions():
    # given: 9.
    text = "今年PM2.5平均浓度要控制在33微克/立方米以内。PM2.5平均浓度33微克/立方米以内这条红线必须守住。"
    # when
    (candidate,) = extract(text, SPOKEN)
    # then
    second = text.rindex("PM2.5平均浓度33")
    assert candidate.also_at and candidate.also_at[0][0] == second


def test_two_masked_targets_are_never_merged():
    text = "今年PM2.5浓度要控制在X微克/立方米以内。PM2.5浓度剩余控制值要控制在X微克/立方米以内。"
    assert len([c for c in extract(text, SPOKEN) if c.kind == TARGET]) == 2


def test_a_problem_line_of_a_feedback_list_states_the_situation():
    # given
    text = ("整改清单\n问题1：某化工园区违规堆存固体废物3000吨。\n责任单位：区生态环境分局\n"
            "整改目标：固体废物规范处置率100%。\n整改时限：2024年9月30日前\n")
    # when
    found = extract(text, SPOKEN)
    # then: the 3000 tonnes are the problem, the 100 % is the target, dated by the deadline line
    assert [(c.kind, c.value, c.period_or_deadline) for c in found] == [
        (ACHIEVEMENT, 3000.0, None), (TARGET, 100.0, "2024年9月30日前"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a mixed title (summary and plan) is not a plan; a review heading's section reports
        ("县环保局上半年工作总结及下半年工作计划\n一、上半年工作开展情况\n1—6月，优良天数比例80.2%。\n"
         "二、下半年工作计划\n（一）冲刺目标。全年优良天数比例达到82%以上。\n",
         [(ACHIEVEMENT, 80.2), (TARGET, 82.0)]),
        # "下面，我讲几点意见" turns a speech to its requirements, across the headings after it
        ("同志们：\n下面，我讲几点意见。\n一、抓重点\n一是治水。城区污水收集率保持95%。\n",
         [(TARGET, 95.0)]),
    ],
)
def test_sections_say_whether_they_review_or_plan(text, expected):
    assert [(c.kind, c.value) for c in extract(text, date(2025, 7, 1))] == expected


def test_not_a_single_case_is_a_zero_cap():
    (candidate,) = extract("确保全年不发生一起重大突发环境事件。", SPOKEN)
    assert (candidate.kind, candidate.value, candidate.comparator) == (TARGET, 0.0, "<=")


def test_a_week_is_a_deadline():
    (candidate,) = extract("一周内完成问题排查。", SPOKEN)
    assert (candidate.kind, candidate.period_or_deadline) == (MILESTONE, "一周内")


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("今年省里下达我市专项资金3.5亿元。", [ACHIEVEMENT]),  # an amount without a bound is a fact
        ("今年要争取中央资金不少于5亿元。", [TARGET]),  # ... with one it is a commitment
        ("今年农村污水治理资金支付率仅为28%。", [ACHIEVEMENT]),  # 仅为 reports a shortfall
        ("对支付率低于序时进度15个百分点的县区进行约谈。", []),  # a condition sets no target
    ],
)
def test_amounts_shortfalls_and_conditions(text, kinds):
    assert [c.kind for c in extract(text, SPOKEN)] == kinds


@pytest.mark.parametrize("text, period", [("各乡镇每日17时前报送当日巡查情况。", "每日17时前"),
                                         ("县局要在3个工作日内发出提示函。", "3个工作日内")])
def test_daily_reports_and_letters_are_milestones(text, period):
    (candidate,) = extract(text, SPOKEN)
    assert (candidate.kind, candidate.period_or_deadline) == (MILESTONE, period)


def test_chinese_numeral_years_decimals_and_percentages_are_read():
    # given
    text = "（二〇二五年三月六日）\n今年森林覆盖率要提高零点五个百分点，优良天数比例力争达到百分之八十五点五。\n二〇二五年底前，全面完成整改任务。\n"
    # when
    found = extract(text, date(2025, 3, 6))
    # then
    assert [(c.kind, c.value, c.unit, c.period_or_deadline) for c in found] == [
        (TARGET, 0.5, "个百分点", "今年"), (TARGET, 85.5, "%", "今年"), (MILESTONE, None, None, "二〇二五年底前"),
    ]


def test_a_table_row_is_cut_at_its_tabs():
    # given: 序号, problem, unit, deadline, requirement
    text = "序号\t问题\t责任单位\t整改时限\t整改要求\n1\t违规堆放垃圾约20吨\t甲县人民政府\t2025年9月30日前\t清理面积不少于3亩\n"
    # when
    found = extract(text, date(2025, 3, 1))
    # then: the problem's tonnage is not a target; the requirement is dated by its row
    assert [(c.kind, c.value, c.period_or_deadline) for c in found] == [
        (ACHIEVEMENT, 20.0, None), (TARGET, 3.0, "2025年9月30日前"),
    ]


def test_a_gap_to_the_target_is_a_current_figure():
    found = extract("1—10月，PM2.5累计浓度距离年度目标还差2微克/立方米。", date(2025, 11, 1))
    assert {c.kind for c in found} == {ACHIEVEMENT}
