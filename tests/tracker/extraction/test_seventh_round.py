"""Rules added for the blind batch b62–b67 (a province's per-city target allocation, a county head's
joint meeting, a permit section's summary and plan, a water-source plan, a city noise notice and an
assessment bulletin).

Sentences written for these tests, none from the seeds or the development set; each fails on the
rules before this round, except the guards marked as such.
"""


from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract

from .readings import AS_OF, targets



# --- one figure for several named units ---------------------------------------------------


def test_one_figure_for_listed_units_is_a_target_for_each():
    assert targets("2026年，东城区、西城区重污染天数各不超过2天。") == [(TARGET, 2.0, "天", "<=")] * 2


def test_a_cut_for_listed_units_with_jun_is_a_target_for_each():
    found = targets("2026年，河口县、山前县、湖滨县PM10浓度均须同比下降6%以上。")
    assert found == [(TARGET, 6.0, "%", "decrease_by")] * 3


def test_a_total_for_listed_units_stays_one_figure():
    # guard (passes before too): 共 adds the units up
    assert targets("2026年，东城区、西城区共完成老旧小区管网改造不少于120户。") == [(TARGET, 120.0, "户", ">=")]


# --- a bound symbol under a unit caption ----------------------------------------------------


def test_a_bound_symbol_takes_the_unit_of_its_caption():
    text = "二、各县年度目标\n（一）PM10年均浓度（单位：微克/立方米）\n2026年目标：甲县≤50、乙县≤48。\n（二）其他\n丙县≤3。"
    assert targets(text) == [(TARGET, 50.0, "μg/m³", "<="), (TARGET, 48.0, "μg/m³", "<=")]


# --- noise, scores and durations -------------------------------------------------------------


def test_decibels_are_one_a_weighted_unit():
    found = targets("2026年，工业企业厂界噪声夜间不得超过50分贝、昼间不得超过60dB(A)。")
    assert found == [(TARGET, 50.0, "dB(A)", "<="), (TARGET, 60.0, "dB(A)", "<=")]


def test_a_score_is_read_where_the_clause_names_one():
    assert targets("2026年，各街道考核评分均须达到85分以上。") == [(TARGET, 85.0, "分", ">=")]


def test_a_duration_bounded_by_bu_chaoguo_is_a_cap():
    assert targets("2026年，信访件办理时限不超过7个工作日。") == [(TARGET, 7.0, "个工作日", "<=")]


def test_answering_on_site_within_hours_is_a_milestone():
    found = [(c.kind, c.period_or_deadline) for c in extract("各镇接到火情报告后2小时内到场处置。", AS_OF)]
    assert found == [(MILESTONE, "接到火情报告后2小时内")]


# --- results are results ----------------------------------------------------------------------


def test_a_results_bulletin_reports_until_its_plan_section():
    text = (
        "某市生态环境局\n关于2025年度各乡镇环境整治考核结果的通报\n一、考核结果\n东山镇第1名。\n二、主要情况\n"
        "东山镇农村生活污水治理率由40%提高到55%，完成河道清淤整治12条。\n三、2026年工作要求\n"
        "（一）2026年，西河镇生活垃圾分类覆盖率达到90%以上。"
    )
    assert targets(text) == [(TARGET, 90.0, "%", ">=")]


def test_a_figure_measured_against_a_target_is_a_gap():
    assert targets("全县优良天数比例为80.5%，低于年度目标2.6个百分点。") == []


def test_a_comparison_level_before_hai_yao_di_is_a_baseline():
    found = targets("今年剩余月份平均浓度必须控制在30微克/立方米以下，比去年同期的32.4微克还要低7.4%。")
    assert 32.4 not in [value for _, value, _, _ in found]


def test_a_concessive_qingling_is_no_zero_cap():
    assert targets("安全出了事，别的工作干得再好也要清零。") == []


def test_not_a_single_case_may_appear_is_a_zero_cap():
    assert targets("2026年，全镇要确保不出现一个露天焚烧点。") == [(TARGET, 0.0, "个", "<=")]


def test_a_set_not_yet_done_with_a_long_object_is_a_milestone():
    found = targets("2026年，督促尚未完成竣工环保验收的三个项目于6月底前完成验收。")
    assert found == [(MILESTONE, None, None, "=")]


# --- a plan's stage year dates its deliverables -----------------------------------------------


def test_a_stage_year_label_dates_the_deliverables_under_it():
    text = "某县土壤污染防治行动方案\n二、分阶段目标\n（二）2027年：重点地块风险管控全面完成，安全利用率达到95%以上。"
    found = [(c.kind, c.period_or_deadline) for c in extract(text, AS_OF) if c.kind == MILESTONE]
    assert found == [(MILESTONE, "2027年")]


def test_a_bare_year_before_the_doing_verb_dates_its_clause():
    text = "某县土壤污染防治行动方案\n三、重点任务\n2026年治理污染地块不少于5个，2028年完成其余地块修复任务。"
    found = [(c.kind, c.value) for c in extract(text, AS_OF) if c.kind != ACHIEVEMENT]
    assert found == [(TARGET, 5.0), (MILESTONE, None)]


def test_a_past_stage_year_dates_nothing():
    # guard (passes before too): a year already over is a look back, not a stage
    text = "某县土壤污染防治行动方案\n三、重点任务\n2024年完成其余地块修复任务。"
    assert [c for c in extract(text, AS_OF) if c.kind == MILESTONE] == []


# --- comparators ---------------------------------------------------------------------------------


def test_a_figure_at_zero_after_wei_is_a_zero_cap():
    assert targets("2026年，北岭县空气质量超标天数为0天。") == [(TARGET, 0.0, "天", "<=")]


def test_a_time_limit_cut_to_a_share_is_a_cap():
    assert targets("2026年，排污许可审批平均时限压缩至法定时限的50%。") == [(TARGET, 50.0, "%", "<=")]


def test_lower_than_a_compared_level_is_a_cut():
    found = targets("下半年平均浓度必须控制在28微克/立方米以下，比去年同期的30.2微克还要低7.3%。")
    assert found[-1] == (TARGET, 7.3, "%", "decrease_by")
