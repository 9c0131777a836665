"""Rules added for the blind batch b122–b127 (a mid-year press-conference transcript, a full-width 危险废物规范化环境管理评估
notice, a plan-year 双随机 inspection plan, an undated county head's 述职报告 in Chinese numerals, an 环境信息依法披露 notice, an
入河排污口 排查整治 phased plan with a ｜ table).

Clauses and tables written for these tests, none from the seeds or the development set; each fails on the rules before
this round, except the guard marked as such. The table test uses a layout the batch does not have (a
完成时限/工作内容/目标要求/牵头单位 stage table under a prose target it repeats, and a row with a figure of its own), to show
that a row is read by its cells whatever the table.
"""

from datetime import date

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract

from .readings import kinds, milestones, targets

# --- a stage table: one item per row, named by its own cell, folded into the prose target it repeats ----------------

STAGE_TABLE = (
    "××镇农村生活污水治理三年行动方案\n"
    "一、目标\n"
    "到2026年底，全镇农村生活污水治理率达到75%以上。\n"
    "二、进度安排\n"
    "阶段｜完成时限｜工作内容｜目标要求｜牵头单位\n"
    "摸底调查｜2026年6月30日前｜开展入户调查，建立治理台账｜台账建立率100%｜镇环保站\n"
    "全面推进｜2026年12月31日前｜完成剩余村庄管网建设，组织验收｜农村生活污水治理率≥75%｜镇农办\n"
)


def test_a_stage_row_with_a_figure_is_one_target_and_a_row_repeating_the_prose_target_folds_into_it():
    found = [(c.kind, c.value, c.unit, c.comparator) for c in extract(STAGE_TABLE, date(2026, 3, 10))]
    # the task cells ("开展入户调查", "完成剩余村庄管网建设") set no milestone of their own beside the row's figure, and the
    # second row's ≥75% is the prose target, its name read from its own cell
    assert found == [(TARGET, 75.0, "%", ">="), (TARGET, 100.0, "%", ">=")]


# --- facts: a set's total, a cited paper, an assessment's scheme ---------------------------------------------------


def test_a_sets_total_with_gong_before_its_figure_is_no_target():
    text = ("××区生态环境局2026年度重点排污单位抽查工作计划\n一、工作目标\n全年抽查企业不少于120家次。\n"
            "二、检查对象\n全区纳入重点排污单位名录的企业共86家，分为两类：\n"
            "（一）水环境重点排污单位（共31家）。抽查比例不低于30%。\n")
    found = kinds(text, date(2026, 1, 5))
    assert (ACHIEVEMENT, 86.0, "家", "=") in found
    assert (ACHIEVEMENT, 31.0, "家", "=") in found
    assert [f for f in found if f[0] == TARGET] == [(TARGET, 120.0, "家次", ">="), (TARGET, 30.0, "%", ">=")]


def test_a_higher_bodys_figure_in_its_paper_is_cited():
    text = "省水利厅在年度工作方案中提出，全省重点河湖生态流量达标率要达到85%以上，请各地对照落实。"
    assert not [f for f in targets(text) if f[0] == TARGET]


def test_a_pass_mark_and_a_weights_floor_are_the_schemes():
    assert targets("考核得分60分以下的为不达标。") == []
    assert targets("把河长制工作纳入镇村年度综合考核，权重不低于百分之八。") == []


# --- the speaker's own rank in a wider field -----------------------------------------------------------------------


def test_a_rank_in_the_provinces_field_cited_from_the_citys_leadership_is_the_citys_own():
    text = "对我市来说，市政府明确要求，今年水环境质量排名要进入全省前5位，力争进入前3位。"
    found = [(c.kind, c.value, c.comparator) for c in extract(text, date(2026, 7, 1)) if c.kind == TARGET]
    assert found == [(TARGET, 5.0, "<="), (TARGET, 3.0, "<=")]


# --- a look back's sentences about the year after -------------------------------------------------------------------


def test_a_sentence_of_a_look_back_opening_on_next_year_sets_targets():
    text = "过去一年，全县完成营造林八千亩，森林覆盖率达到百分之三十三。明年森林覆盖率要达到百分之三十五，新增营造林零点九万亩。\n"
    found = targets(text, date(2026, 12, 1))
    assert (TARGET, 0.9, "万亩", ">=") in found


def test_a_check_dated_by_a_quarter_of_next_year_is_due():
    text = "（二）督察整改。省级督察交办的问题已全部整改。对已销号的问题，明年二季度组织开展一次“回头看”。\n"
    assert [p for p, _ in milestones(text, date(2026, 12, 1))] == ["明年二季度"]


# --- deadlines counted from a repeated event, with a subject before 在 ----------------------------------------------


def test_a_deadline_counted_from_the_end_of_each_round():
    text = "各组要在每轮检查结束后5个工作日内，将检查记录上传执法平台。"
    assert [p for p, _ in milestones(text)] == ["每轮检查结束后5个工作日内"]


def test_a_deadline_clause_with_a_subject_and_no_modal_dates_the_next_clause():
    text = "检查结果在检查结束之日起15个工作日内，通过区政府网站向社会公开。"
    assert [p for p, _ in milestones(text)] == ["检查结束之日起15个工作日内"]


# --- a rate measuring the deliverable before it; a part with a floor out of a whole --------------------------------


def test_a_coverage_rate_measures_the_dated_training_before_it():
    text = "6月底前，由区农业农村局组织养殖户开展技术培训，培训覆盖率达到95%。"
    found = [(c.kind, c.value, c.period_or_deadline) for c in extract(text, date(2026, 3, 10))]
    assert found == [(TARGET, 95.0, "6月底前")]


def test_a_count_with_a_floor_out_of_a_whole_is_the_figure():
    assert targets("今年，20个监测断面中至少要有18个达到或好于Ⅱ类。") == [(TARGET, 18.0, "个", ">=")]


def test_a_result_out_of_a_whole_keeps_both_counts():
    # guard: without a floor the whole stays a figure of its own (a result's "N个…中…M个")
    found = kinds("2025年，全县9个国控点位中空气质量达标点位7个。", date(2026, 3, 10))
    assert (ACHIEVEMENT, 9.0, "个", "=") in found and (ACHIEVEMENT, 7.0, "个", "=") in found
    assert not any(k in (TARGET, MILESTONE) for k, *_ in found)
