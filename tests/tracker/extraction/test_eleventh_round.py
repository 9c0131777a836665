"""Rules added for the blind batch b86–b91 (a mayor's conference speech, a county 十五五 plan with an indicator
table, a development zone's risk-hazard notice in full-width digits, a bureau's year-end summary with a short plan,
a township's undated straw-burning notice and standing-committee minutes on a central inspection).

Clauses written for these tests, none from the seeds or the development set; each fails on the rules before this
round, except the guards marked as such.
"""

from datetime import date

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract

from .readings import AS_OF, targets
from tracker.extraction.dating import infer_document_date



def kinds(text, as_of=AS_OF):
    return [(c.kind, c.value) for c in extract(text, as_of)]


# --- the date of a summary of a whole year -----------------------------------------------------------------


def test_a_summary_of_a_whole_year_is_dated_after_that_year():
    # the plan after it may be called anything (设想, 思路, 打算…): the year summed up is over
    text = "某市林业局2024年工作总结和2025年工作设想\n2024年，我局认真落实市委部署，各项工作取得新成效。\n"
    assert infer_document_date(text).date == date(2025, 1, 1)


def test_a_summary_of_a_whole_year_without_a_plan_is_dated_after_it():
    text = "某区水务局2025年度工作总结\n一、主要工作\n全区完成河道清淤42公里，新建污水管网18公里。\n"
    assert infer_document_date(text).date == date(2026, 1, 1)


def test_a_half_year_summary_is_still_dated_mid_year():
    # guard: a part of a year is no whole year (the rule before this round)
    text = "某县环保局2025年上半年工作总结和下半年工作打算\n上半年，全县PM2.5平均浓度为38微克/立方米。\n"
    assert infer_document_date(text).date == date(2025, 7, 1)


def test_a_plan_for_a_span_of_years_is_dated_as_the_span_opens():
    text = "某市“十五五”水生态环境保护规划（2026—2030年）\n一、主要任务\n2028年底前完成全部城镇污水处理厂提标改造。\n"
    assert infer_document_date(text).date == date(2026, 1, 1)


# --- 全年 under a year already over --------------------------------------------------------------------------


def test_the_whole_year_of_a_past_year_section_is_that_year():
    text = (
        "一、2025年工作完成情况\n"
        "（一）扎实推进水污染防治，确保水质稳定向好\n"
        "全年全区地表水优良水体比例达到85%，完成农村污水治理项目14个。\n"
    )
    assert targets(text, date(2026, 1, 5)) == []
    assert [c.value for c in extract(text, date(2026, 1, 5)) if c.kind == ACHIEVEMENT] == [85.0, 14.0]


def test_the_whole_year_still_looks_forward_in_a_plan():
    # guard: "全年" opening a paragraph of this year's plan sets targets (the rule before this round)
    text = "二、2026年重点任务\n全年全区地表水优良水体比例达到88%。\n"
    assert targets(text) == [(TARGET, 88.0, "%", ">=")]


# --- indicator tables --------------------------------------------------------------------------------------


INDICATORS = (
    "某县2026年至2028年固体废物污染防治规划，经县政府同意，现印发实施，请认真贯彻执行。\n"
    "表1 主要指标\n"
    "序号 指标名称 2025年基数 2028年目标 指标属性\n"
    "1 一般工业固体废物综合利用率（%） 86.4 ≥90 约束性\n"
    "2 生活垃圾填埋量（万吨） 3.2 0 预期性\n"
    "3 危险废物利用处置能力（万吨/年） 1.5 2～2.5 预期性\n"
    "4 单位生产总值固体废物产生量降低（%） 〔6.1〕 〔8〕 预期性\n"
    "5 东河出境断面水质类别 Ⅳ类 Ⅲ类 约束性\n"
)


def test_an_indicator_table_reads_its_target_column_as_targets():
    found = [(c.kind, c.value, c.unit, c.comparator) for c in extract(INDICATORS, AS_OF) if c.kind == TARGET]
    assert found == [
        (TARGET, 90.0, "%", ">="),
        (TARGET, 0.0, "万吨", "<="),
        (TARGET, 2.5, "万吨/年", ">="),
        (TARGET, 8.0, "%", "decrease_by"),
        (TARGET, 3.0, "类", "<="),
    ]


def test_an_indicator_table_reads_its_current_column_as_achievements():
    found = [c.value for c in extract(INDICATORS, AS_OF) if c.kind == ACHIEVEMENT]
    assert found == [86.4, 3.2, 1.5, 6.1, 4.0]


def test_an_indicator_table_dates_its_targets_by_the_target_column():
    found = {c.period_or_deadline for c in extract(INDICATORS, AS_OF) if c.kind == TARGET}
    assert found == {"2028年"}


def test_a_row_restating_a_target_of_the_prose_is_that_target():
    text = (
        "到2028年，全县一般工业固体废物综合利用率达到90%以上。\n"
        "序号 指标名称 2025年现状 2028年目标 属性\n"
        "1 一般工业固体废物综合利用率（%） 86.4 ≥90 约束性\n"
        "2 生活垃圾回收利用率（%） 35 ≥40 预期性\n"
    )
    found = [(c.value, len(c.also_at)) for c in extract(text, AS_OF) if c.kind == TARGET]
    assert found == [(90.0, 1), (40.0, 0)]


# --- milestones --------------------------------------------------------------------------------------------


def test_a_one_off_task_set_for_a_stage_year_is_a_milestone():
    text = "三、重点任务\n2027年开展饮用水水源地环境状况评估，评估结果报市政府。\n"
    assert targets(text) == [(MILESTONE, None, None, "=")]


def test_an_action_launched_over_a_span_that_dates_figures_is_no_milestone():
    # the figures after it in its sentence take the span
    assert targets("三、工作安排\n5月至9月开展“清河护岸”集中攻坚行动，清理河道垃圾不少于300吨。\n") == [
        (TARGET, 300.0, "吨", ">=")]


def test_the_action_a_notice_launches_is_no_milestone():
    text = (
        "关于开展餐饮油烟专项整治行动的通知\n"
        "各街道办事处：\n"
        "经研究，决定自即日起至8月31日在全区开展餐饮油烟专项整治行动。现将有关事项通知如下。\n"
    )
    assert targets(text) == []


def test_a_task_over_a_span_stays_a_milestone():
    # guards: a task (not an action's launch) over a span, and an action standing alone, are due when the span ends
    # (the rules before this round)
    assert targets("三、工作安排\n4月至6月开展建筑工地扬尘专项检查。\n") == [(MILESTONE, None, None, "=")]
    assert targets("三、工作安排\n4月至6月开展建筑工地扬尘专项整治行动。\n") == [(MILESTONE, None, None, "=")]


def test_a_deadline_before_an_event_ends_dates_a_milestone():
    found = [(c.kind, c.period_or_deadline) for c in extract("疑难件须在巡查组离开结束前全部办结。", AS_OF)]
    assert found == [(MILESTONE, "巡查组离开结束前")]
    found = [(c.kind, c.period_or_deadline) for c in extract("区整改办须在专项督导结束前报送整改台账。", AS_OF)]
    assert found == [(MILESTONE, "专项督导结束前")]


def test_a_masked_length_of_days_is_a_deadline():
    found = [(c.kind, c.value, c.unit, c.period_or_deadline) for c in extract("县财政局××日内拨付整改资金××万元。", AS_OF)]
    assert found == [(TARGET, None, "万元", "××日内")]


# --- values ------------------------------------------------------------------------------------------------


def test_cubic_metres_are_a_volume():
    assert targets("10月底前将初期雨水调蓄池容积扩建至5000立方米。") == [(TARGET, 5000.0, "立方米", ">=")]
    # (a concentration keeps its unit)
    assert targets("PM10平均浓度控制在55微克/立方米以内。") == [(TARGET, 55.0, "μg/m³", "<=")]


def test_the_fruit_of_a_zero_already_reached_is_no_cap():
    assert targets("二是继续巩固城市建成区黑臭水体清零成果。") == []
    # guard: a zero to keep is still one (the rule before this round)
    assert targets("二是城市建成区黑臭水体保持动态清零。") == [(TARGET, 0.0, "个", "=")]


# --- periods -----------------------------------------------------------------------------------------------


def test_the_span_of_the_action_a_notice_launches_dates_its_targets():
    text = (
        "关于开展入河排污口排查整治专项行动的通知\n"
        "各镇人民政府，县直有关单位：\n"
        "经县政府同意，决定自即日起至10月31日在全县开展入河排污口排查整治专项行动。现将有关事项通知如下。\n"
        "一、工作目标\n"
        "入河排污口溯源完成率达到95%以上。\n"
    )
    found = [(c.value, c.period_or_deadline) for c in extract(text, AS_OF) if c.kind == TARGET]
    assert found == [(95.0, "自即日起至10月31日")]


def test_an_event_may_name_a_document_in_book_title_marks():
    found = [c.period_or_deadline for c in extract("各单位应在收到《督办单》后10日内完成整改。", AS_OF)]
    assert found == ["收到《督办单》后10日内"]


def test_a_meetings_serial_under_the_title_dates_nothing():
    text = (
        "某县政府常务会议纪要\n"
        "（2026年第9次）\n"
        "会议议定事项如下：\n"
        "一、秸秆综合利用率不低于92%。\n"
    )
    found = [(c.value, c.period_or_deadline) for c in extract(text, AS_OF) if c.kind == TARGET]
    assert found == [(92.0, None)]
