"""The general mechanisms behind the first-score misses of b40–b45 (the fourth round): deadline
forms relative to the speech's month or week, to a holiday, to a month's start; a dated clause
whose verb is not in the deliverable list but which commits a result; a known set named by a
demonstrative; spoken zero caps, cuts and placings; a recurring report a modal assigns; counts
of one's own points.

Sentences written for these tests, none from the seeds or the development set.
"""

from datetime import date

import pytest

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract

SPOKEN = date(2025, 9, 3)  # a Wednesday


def found(text, as_of=SPOKEN):
    return [(c.kind, c.value, c.unit, c.comparator) for c in extract(text, as_of)]


def milestones(text, as_of=SPOKEN):
    return [(c.period_or_deadline, c.deadline) for c in extract(text, as_of) if c.kind == MILESTONE]


@pytest.mark.parametrize(
    "text, period, deadline",
    [
        # relative to the speech's month
        ("本月底前，各村要把沟渠垃圾清理到位。", "本月底前", "2025-09-30"),
        ("下个月15号前把整改台账交到县里。", "下个月15号前", "2025-10-15"),
        ("各街道本月内完成排查。", "本月内", "2025-09-30"),
        ("这项工作月底前必须干净利落地收尾。", "月底前", "2025-09-30"),
        # relative to the speech's week
        ("本周五前上报点位清单。", "本周五前", "2025-09-05"),
        ("下周二下班前把名单报到环委办。", "下周二下班前", "2025-09-09"),
        # the start of a month: due when the month before it ends
        ("10月份之前全部完成管网接驳。", "10月份之前", "2025-09-30"),
        ("十一月前完成验收。", "十一月前", "2025-10-31"),
        # half a month, a quarter's end
        ("半个月之内拿出整治方案。", "半个月之内", "2025-09-18"),
        ("四季度末前建成投用。", "四季度末前", "2025-12-31"),
    ],
)
def test_relative_deadlines_resolve(text, period, deadline):
    # when / then
    assert milestones(text) == [(period, deadline)]


@pytest.mark.parametrize(
    "text, period",
    [
        ("国庆节前，景区周边餐饮油烟全部治理完毕。", "国庆节前"),
        ("春节之前必须把拖欠的补助资金全部发放。", "春节之前"),
        ("汛前，全部沿河排口要封堵到位。", "汛前"),
        ("明年汛期前，全面完成堤防除险加固。", "汛期前"),
        ("年前，各村要把散煤全部替代掉。", "年前"),
    ],
)
def test_holiday_and_season_deadlines_are_milestones_without_a_date(text, period):
    # when / then: the phrase is kept, there is no single date to resolve to
    assert milestones(text) == [(period, None)]


@pytest.mark.parametrize(
    "text",
    [
        "三年前，这里还是一片垃圾场。",
        "今年前三季度，全县完成造林1.1万亩。",
        "两个月前已经完成了验收。",
    ],
)
def test_past_and_spans_are_no_holiday_deadline(text):
    # when / then
    assert milestones(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "10月底前，所有搅拌站全部硬化到位。",
        "12月20号以前，城区餐饮店一律装上油烟净化器。",
        "下月10日前，县水利局牵头把河长公示牌换下来。",
        "两周内各乡镇要把问题清单挂到政务网上。",
        "11月底前，全县规模养殖场均配套粪污处理设施。",
    ],
)
def test_a_dated_clause_that_commits_a_result_is_a_milestone_whatever_its_verb(text):
    # when / then
    assert [k for k, *_ in found(text)] == [MILESTONE]


@pytest.mark.parametrize(
    "text",
    [
        "年底排名要是还在后面，就要问责。",
        "10月底前是秸秆焚烧的高发期。",
    ],
)
def test_a_dated_clause_without_a_commitment_is_no_milestone(text):
    # when / then
    assert [k for k, *_ in found(text)] == []


def test_a_set_named_by_a_demonstrative_and_done_in_full_is_the_subject():
    # given: the 15 are known already; the clause deals with all of them by a date
    text = "月底前，上述15家企业全部完成废气治理设施提标。"
    # when / then
    assert found(text) == [(MILESTONE, None, None, "=")]


@pytest.mark.parametrize(
    "text",
    [
        "秋收期间一把火都不能点。",
        "今年一起突发环境事件也不允许出。",
        "全年一例都不准发生。",
        "今年绝不能出现一个劣V类断面。",
        "全县要实现零火点。",
    ],
)
def test_spoken_zero_caps(text):
    # when / then
    assert found(text) == [(TARGET, 0.0, "个", "<=")]


@pytest.mark.parametrize(
    "text",
    [
        "排查中一户都不能漏。",
        "问题线索一个也不能放过。",
        "力争实现零的突破。",
        "对环境违法行为零容忍。",
    ],
)
def test_all_of_them_and_zero_tolerance_are_no_zero_cap(text):
    # when / then
    assert found(text) == []


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("今年PM10要比去年少4个微克。", 4.0, "μg/m³"),
        ("细颗粒物今年要在去年基础上再降3微克。", 3.0, "μg/m³"),
        ("重污染天数要比上年少两天。", 2.0, "天"),
        ("今年臭氧浓度要较上年低5个微克。", 5.0, "μg/m³"),
    ],
)
def test_spoken_cuts(text, value, unit):
    # when / then
    assert found(text) == [(TARGET, value, unit, "decrease_by")]


def test_no_fewer_than_is_still_a_floor():
    # when / then
    assert found("今年要比去年多治理不少于3条河道。") == [(TARGET, 3.0, "条", ">=")]


@pytest.mark.parametrize(
    "text, value",
    [
        ("今年坚决不能排全市倒数第一。", 1.0),
        ("全年考核绝不能落到全省后五位。", 5.0),
        ("空气质量排名不能掉到全市后三名。", 3.0),
    ],
)
def test_a_negated_placing_is_a_bottom_to_leave(text, value):
    # when / then
    assert found(text) == [(TARGET, value, "名", "exit_bottom")]


def test_a_place_to_keep_is_a_rank_target():
    # when / then
    assert found("水环境质量要继续保持全省第二。") == [(TARGET, 2.0, "名", "<=")]


def test_a_place_reported_stays_an_achievement():
    # when / then
    assert found("上半年我县空气质量排名全市第三。") == [(ACHIEVEMENT, 3.0, "名", "=")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("县河长办要每半月通报一次巡河情况。", [(MILESTONE, None, None, "=")]),
        ("各乡镇必须每旬上报一次秸秆禁烧巡查记录。", [(MILESTONE, None, None, "=")]),
        # a routine stated without a modal drives a ranking; it is not an assigned deliverable
        ("县环委办每月通报一次，对排名靠后的乡镇进行约谈。", []),
        ("县督查室要每月开展一次暗访。", []),
    ],
)
def test_a_recurring_report_a_modal_assigns_is_a_milestone(text, expected):
    # when / then
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "任务就两条。",
        "今天的意见主要有三条。",
        "措施概括起来就是四个。",
    ],
)
def test_counting_ones_own_points_structures_the_text(text):
    # when / then
    assert found(text) == []


@pytest.mark.parametrize(
    "heading",
    ["◇下阶段打算", ">>下步工作", "☆今后工作重点", "◎目标指标"],
)
def test_a_symbol_led_plan_heading_turns_a_review_forward(heading):
    # given: a review section, then a plan heading led by a symbol seen nowhere before
    text = f"一、上半年工作情况\n上半年全县PM2.5浓度为35微克/立方米。\n{heading}\n优良天数比例达到80%。"
    # when / then
    assert [k for k, *_ in found(text, date(2025, 7, 20))] == [ACHIEVEMENT, TARGET]


def test_a_results_heading_in_other_words_looks_back():
    # given
    text = "二、工作成效\n全县新建污水管网46公里。\n三、下步打算\n新建污水管网50公里。"
    # when / then
    assert [k for k, *_ in found(text, date(2025, 7, 20))] == [ACHIEVEMENT, TARGET]


def test_tenths_and_a_half():
    # when / then
    assert found("秸秆离田利用率要提高到六成半。") == [(TARGET, 65.0, "%", ">=")]


@pytest.mark.parametrize(
    "text",
    ["全县Ⅳ类及劣Ⅳ类水体要全面消除。", "年内基本消除Ⅴ类水体断面。"],
)
def test_a_class_that_names_what_is_removed_is_no_level(text):
    # when / then: an aim without a number (gold rule 2)
    assert [c for c in found(text) if c[2] == "类"] == []


@pytest.mark.parametrize(
    "text, period, deadline",
    [
        ("即日起至10月31日，集中开展畜禽养殖污染排查整治行动。", "即日起至10月31日", "2025-10-31"),
        ("从9月15日到11月底，开展餐饮油烟专项检查。", "从9月15日到11月底", "2025-11-30"),
    ],
)
def test_a_campaign_over_a_dated_span_is_due_when_it_ends(text, period, deadline):
    # when / then
    assert milestones(text) == [(period, deadline)]


def test_the_stages_of_a_plan_are_no_deliverables():
    # given
    text = "行动分两个阶段：9月10日至10月10日为摸底阶段；10月11日至12月20日为攻坚阶段。"
    # when / then
    assert found(text) == []


def test_a_zero_cap_in_days():
    # when / then
    assert found("今年全县沙尘重污染一天也不能有。") == [(TARGET, 0.0, "天", "<=")]


@pytest.mark.parametrize(
    "text",
    ["各镇每季度末向区河长办报告一次巡河情况。", "各单位每月底前报送资金支付进度。"],
)
def test_a_recurring_periods_end_is_a_due_point(text):
    # when / then
    assert [k for k, *_ in found(text)] == [MILESTONE]


def test_a_subject_with_a_modal_lets_its_deadline_carry_to_the_deliverable():
    # given
    text = "区政府要在接到通报后10个工作日内，把核查结果书面报送市环委办。"
    # when / then
    assert milestones(text) == [("接到通报后10个工作日内", None)]


def test_bar_separated_table_rows_date_their_tasks_by_their_own_cell():
    # given: one row a line, cells separated by bars; the deadline is the next cell
    text = ("二、任务分工\n序号｜任务｜时限｜责任单位\n1｜制定扬尘治理导则｜2025年5月31日前｜区住建局\n"
            "2｜出台餐饮油烟管理办法｜2025年8月31日前｜区城管局\n")
    # when / then
    assert milestones(text, date(2025, 2, 1)) == [("2025年5月31日前", "2025-05-31"), ("2025年8月31日前", "2025-08-31")]


def test_quotes_that_stress_a_zero_word_do_not_hide_it():
    # when / then
    assert found("到年底，全区劣Ⅴ类水体实现“清零”。") == [(TARGET, 0.0, "个", "=")]


def test_a_dated_deliverable_before_a_rate_is_a_milestone_of_its_own():
    # given: the rate measures a different thing from the deliverable
    text = "投诉件要在10月15日前全部答复、群众满意率达到95%。"
    # when / then
    assert found(text) == [(MILESTONE, None, None, "="), (TARGET, 95.0, "%", ">=")]


def test_main_in_a_title_is_no_modal():
    # given: 主要负责同志 holds 要, which does not commit
    text = "对进度滞后的乡镇，10月底前约谈主要负责同志。"
    # when / then
    assert found(text) == []
