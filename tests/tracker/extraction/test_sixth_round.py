"""Rules added for the blind batch b56–b61 (a city secretary's spoken dispatch, a county river-chief
plan with a tab-separated table, a bureau's monthly report, a zero-waste plan, summons minutes, a
township news item with no date).

Sentences written for these tests, none from the seeds or the development set; each fails on the
rules before this round.
"""

from datetime import date

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract

AS_OF = date(2025, 11, 20)


def found(text, as_of=AS_OF):
    return [(c.kind, c.value, c.unit, c.comparator) for c in extract(text, as_of)]


def targets(text, as_of=AS_OF):
    return [(c.kind, c.value, c.unit, c.comparator) for c in extract(text, as_of) if c.kind != ACHIEVEMENT]


# --- a speaker's arithmetic -------------------------------------------------------------


def test_days_added_up_are_a_total_not_a_target():
    # "一共N天" counts the days of a stretch already run; "从…到昨天" is measured, like 截至
    assert targets("二、下一步工作\n从9月15日到昨天，一共66天，全县的平均浓度是48.2微克/立方米。") == []


def test_days_left_of_a_period_are_its_arithmetic():
    assert targets("二、下一步工作\n冬季总共90天，还剩71天。") == []


def test_days_left_before_a_target_leave_the_target_alone():
    assert targets("二、下一步工作\n剩下这71天平均浓度必须压到45微克/立方米以下。") == [(TARGET, 45.0, "μg/m³", "<=")]


def test_the_level_compared_with_is_a_baseline_even_after_a_modal():
    (candidate,) = [c for c in extract("下个月浓度比去年同期的61.2微克要下降6.5%。", AS_OF) if c.kind == TARGET]
    assert (candidate.value, candidate.comparator, candidate.baseline) == (6.5, "decrease_by", 61.2)


def test_spoken_good_days_count_days():
    assert targets("本月至少还要拿下18个优良天。") == [(TARGET, 18.0, "天", ">=")]


def test_a_count_before_a_look_back_verb_is_its_subject():
    # the 5 plants are the set; "已完成3家" reports
    assert targets("二、重点工作\n水泥行业5家企业深度治理已完成3家。", date(2026, 4, 8)) == []


def test_progress_heading_reviews():
    assert targets("二、重点项目进展\n全市新建污水管网45公里，完成改造12个小区。", date(2026, 4, 8)) == []


# --- milestones -----------------------------------------------------------------------


def test_a_day_of_the_speech_month_with_a_modal_is_a_deadline():
    (candidate,) = extract("各乡镇15日前要把排查台账报县大气办。", date(2025, 12, 3))
    assert (candidate.kind, candidate.deadline) == (MILESTONE, "2025-12-15")


def test_a_bare_day_without_commitment_is_not_a_deadline():
    # (a guard on the rule above) "5日前，…召开" is five days ago
    assert [c for c in extract("5日前，县政府召开了专题会议。", AS_OF) if c.kind == MILESTONE] == []


def test_a_spoken_time_of_day_makes_a_recurring_deadline():
    (candidate,) = extract("各街道每天下午五点前要把巡查情况报区指挥部。", AS_OF)
    assert (candidate.kind, candidate.deadline) == (MILESTONE, None)


def test_a_known_set_done_in_full_keeps_the_rate_beside_it():
    # the remaining 3 villages are done by definition; the town's rate is a target of its own
    # (since the thirteenth round's ruling the remainder finished by a date is a target of its count, = 3 个)
    assert targets("二、下一步\n确保年底前剩余3个村全部完成改厕，全镇改厕率达到98%。") == [
        (TARGET, 3.0, "个", "="), (TARGET, 98.0, "%", ">=")]


# --- values -----------------------------------------------------------------------------


def test_a_thousands_separator_keeps_the_number_whole():
    assert found("今年以来，全县清理河道垃圾2,315处。") == [(ACHIEVEMENT, 2315.0, "处", "=")]


def test_kinds_counted_in_digits_are_a_count():
    assert targets("2027年底前完成对重点企业23种有毒有害物质的排查。", date(2026, 1, 5)) == [
        (TARGET, 23.0, "种", "=")]


def test_kinds_in_words_are_not():  # a guard on the rule above
    assert targets("年底前探索形成三种治理模式。") == []


def test_already_after_a_doing_verb_names_the_object():
    assert targets("二、下一步工作\n本月完成已摸排黑臭水体治理18条。") == [(TARGET, 18.0, "条", ">=")]


def test_a_cumulative_level_with_an_open_bound_in_a_plan_is_a_target():
    assert targets("二、主要目标\n到2028年：\n1．累计创建绿色社区120个以上。", date(2026, 1, 5)) == [
        (TARGET, 120.0, "个", ">=")]


def test_a_cumulative_count_in_a_review_stays_a_result():  # a guard on the rule above
    assert targets("一、工作成效\n2025年，全市累计创建绿色社区120个以上。", date(2026, 1, 5)) == []


# --- a news report of results ----------------------------------------------------------


NEWS = (
    "柳河乡：小河沟变成了风景线\n\n"
    "近日，走进柳河乡，村庄干净整洁。今年以来，柳河乡持续推进农村环境整治，成效明显。\n\n"
    "一、抓治理，补短板\n"
    "污水治理方面，今年新建污水处理终端6座，农村生活污水治理率提升至81%。\n"
    "乡长表示，下一步要确保年底前治理率达到90%。\n"
)


def test_a_news_report_reads_its_own_year_as_the_year_so_far():
    assert targets(NEWS) == [(TARGET, 90.0, "%", ">=")]


def test_a_meeting_news_item_is_not_a_report_of_results():  # a guard on the rule above
    text = ("县里召开环境整治推进会\n\n近日，县政府召开会议，今年以来的工作得到肯定。\n\n"
            "一、部署\n今年全县新建污水处理终端6座。\n")
    assert (TARGET, 6.0, "座", ">=") in targets(text)


# --- tables ----------------------------------------------------------------------------


TABLE = (
    "2026年水环境工作计划\n\n"
    "一、断面目标表（各栏依次为：序号、河流、断面、目标水质类别、完成时限、责任单位）\n"
    "1\t青溪\t上桥\tⅢ类\t2026年11月30日\t甲镇人民政府\n"
    "2\t白河\t下闸\tⅢ类（氨氮≤1.0mg/L）\t2026年12月31日\t乙镇人民政府\n"
)


def test_each_table_row_gives_its_class_dated_by_its_deadline_cell():
    candidates = [c for c in extract(TABLE, date(2026, 2, 1)) if c.kind == TARGET]
    assert [(c.value, c.unit, c.period_or_deadline) for c in candidates] == [
        (3.0, "类", "2026年11月30日"), (3.0, "类", "2026年12月31日"), (1.0, "mg/L", "2026年12月31日")]
