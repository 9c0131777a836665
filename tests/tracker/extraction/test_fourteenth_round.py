"""Rules added for the blind batch b104–b109 (a two-county river ecological-compensation agreement, a city 河湖长 annual
assessment scheme, a permit post-certification inspection notice in full-width digits, an undated heavy-pollution-weather
emergency plan, a mayor's on-site remarks in spoken numbers, a district noise and light-pollution complaint plan).

Clauses written for these tests, none from the seeds or the development set; each fails on the rules before this
round, except the guards marked as such.
"""

from datetime import date

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET

from .readings import forward_periods, kinds, milestones, periods, targets

# --- one figure shared by several listed metrics (分别 / 均) ---------------------------------------------------


def test_one_figure_with_fenbie_holds_for_each_listed_metric():
    found = targets("全市化学需氧量、氨氮和总磷排放量分别削减8%以上。")
    assert found == [(TARGET, 8.0, "%", "decrease_by")] * 3


def test_one_figure_with_jun_holds_for_each_listed_rate():
    assert targets("投诉受理率和回访率均应达到100%。") == [(TARGET, 100.0, "%", ">=")] * 2


def test_one_figure_per_metric_still_pairs_them():
    # guard: with a figure for each metric, 分别 pairs them, nothing is copied
    found = targets("化学需氧量、氨氮排放量分别削减8%、6%。")
    assert found == [(TARGET, 8.0, "%", "decrease_by"), (TARGET, 6.0, "%", "decrease_by")]


def test_a_bracketed_list_inside_a_name_is_no_list_of_metrics():
    # guard: "县（市、区）" names one kind of unit
    assert targets("各县（市、区）考核得分均须达到85分以上。") == [(TARGET, 85.0, "分", ">=")]


# --- deadlines relative to an event ---------------------------------------------------------------------------


def test_deadlines_after_more_kinds_of_event():
    assert milestones("接单后15分钟内联系投诉人。") == [("接单后15分钟内", None)]
    assert milestones("新上项目须在投产后3个月内纳入排污许可管理。") == [("投产后3个月内", None)]
    assert milestones("检测机构须在采样后5个工作日内出具检测报告。") == [("采样后5个工作日内", None)]
    assert milestones("警报解除后2个工作日内报送处置总结。") == [("警报解除后2个工作日内", None)]


def test_an_adjusted_list_keeps_its_name_in_the_event():
    assert milestones("保护名录调整后10个工作日内更新公示牌。") == [("保护名录调整后10个工作日内", None)]


def test_deadlines_before_an_event():
    assert milestones("施工单位须在开工前48小时在社区公示。") == [("开工前48小时", None)]
    assert milestones("在考试前10日内完成考点周边巡查。") == [("考试前10日内", None)]
    assert milestones("合同期满前3个月内，双方协商续签事宜。") == [("合同期满前3个月内", None)]


def test_a_deadline_before_an_event_dates_its_own_clause_only():
    found = forward_periods("施工单位须在开工前48小时在社区公示，夜间施工审批时限压缩至5个工作日以内。")
    assert (None, "开工前48小时") in found
    assert (5.0, "开工前48小时") not in found


def test_a_bare_hour_deadline_counts_from_the_event_before_it():
    found = milestones("接单后20分钟内电话联系投诉人，2小时内到达现场。")
    assert found == [("接单后20分钟内", None), ("接单后2小时内", None)]


def test_a_spoken_day_count_with_zhinei_is_a_deadline():
    assert targets("区里要五天之内报送整改清单。") == [(MILESTONE, None, None, "=")]


# --- zeros ------------------------------------------------------------------------------------------------------


def test_a_zero_in_straight_quotes_after_a_commitment_is_a_cap():
    assert targets('汛期排口做到"零溢流"。') == [(TARGET, 0.0, "个", "<=")]


def test_a_quoted_zero_after_what_it_counts_is_a_cap():
    assert targets("重点时段噪声投诉“零发生”。") == [(TARGET, 0.0, "件", "<=")]


def test_a_quoted_policy_word_is_no_zero():
    # guard: 零容忍 is a stance
    assert targets("坚持“零容忍”。") == []


def test_a_prohibited_occurrence_without_a_count_is_a_zero_cap():
    assert targets("全年不得出现黑臭水体。") == [(TARGET, 0.0, "个", "<=")]


# --- spoken figures and units -------------------------------------------------------------------------------------


def test_milligrams_per_cubic_metre_written_denominator_first():
    found = targets("烟尘排放浓度要控制在每立方米五毫克以下，二氧化硫三十五毫克以下。")
    assert found == [(TARGET, 5.0, "毫克/立方米", "<="), (TARGET, 35.0, "毫克/立方米", "<=")]


def test_bare_milligrams_are_no_value():
    # guard
    assert kinds("今年每亩使用农药3毫克。") == []


def test_a_spoken_water_class_takes_the_section_named_as_topic():
    found = targets("青石河入境断面，今年要稳定在四类，明年要达到三类。")
    assert found == [(TARGET, 4.0, "类", "<="), (TARGET, 3.0, "类", "<=")]


def test_a_class_count_in_the_middle_of_a_clause_is_no_water_class():
    # guard: "分三类实施管理" counts kinds
    assert kinds("全县断面，分三类实施管理。") == []


def test_passes_after_a_bound_are_a_frequency_floor():
    assert targets("主干道每天清扫不少于两遍。") == [(TARGET, 2.0, "遍", ">=")]
    assert kinds("城中村再排查一遍。") == []  # guard: one more pass is prose


def test_times_added_to_a_routine_are_an_increase():
    assert targets("洒水频次在日常基础上增加2次以上。") == [(TARGET, 2.0, "次", "increase_by")]


def test_copies_articles_and_pieces_are_units():
    assert targets("今年抽查执行报告不少于＊＊份。") == [(TARGET, None, "份", ">=")]
    assert targets("今年全年刊发宣传稿件不少于12篇。") == [(TARGET, 12.0, "篇", ">=")]
    assert targets("今年更换***块老旧显示屏。") == [(TARGET, None, "块", "=")]


def test_copies_of_the_document_itself_are_no_figure():
    # guard
    assert kinds("本协议一式四份，双方各执两份。") == []


def test_a_spoken_span_of_months_from_january_is_measured():
    found = kinds("今年一到九月，全县PM2.5平均浓度三十一个微克。", date(2026, 10, 20))
    assert found == [(ACHIEVEMENT, 31.0, "μg/m³", "=")]


def test_the_year_after_next_is_a_period():
    found = periods("白沙河出境断面，明年要达到三类，后年要稳定在二类。")
    assert found == [(3.0, "明年"), (2.0, "后年")]


def test_a_listed_event_span_and_an_exam_span_are_periods():
    assert periods("中考、高考期间考点周边噪声投诉不超过3件。") == [(3.0, "中考、高考期间")]
    assert periods("考试期间每个考点安排执法人员不少于2名。") == [(2.0, "考试期间")]


# --- what is no target: scoring rules, a higher body's figure, meetings, states ------------------------------------


def test_a_share_of_the_total_score_and_grade_bands_hold_no_figure():
    assert kinds("专项考核得分占总分的30%。") == []
    assert kinds("考核得分85分及以上为优秀，70分至84分为合格。") == []


def test_a_provincial_office_citing_its_paper_states_the_wider_figure():
    assert kinds("省生态环境厅年度工作要点明确，2026年全省地表水优良比例达到92%以上。") == []


def test_a_target_set_for_the_province_is_dropped_the_speakers_kept():
    found = targets("省里给全省定的目标，今年优良天数比例要达到85%，我们县是82%。")
    assert found == [(TARGET, 82.0, "%", ">=")]


def test_a_meeting_cadence_is_no_figure():
    assert kinds("今年每月召开1次调度会。") == []
    assert targets("今年每月开展1次执法检查。") == [(TARGET, 1.0, "次", ">=")]  # guard


def test_the_next_step_of_a_conditional_sanction_is_no_milestone():
    text = "考核不合格的，由市总河长约谈县区主要负责同志，并在30日内向市委书面报告整改情况。"
    assert targets(text) == []
    # guard: the same report assigned outright is a milestone
    assert milestones("各县区要在收到通知后30日内向市委书面报告整改情况。") == [("收到通知后30日内", None)]


def test_a_state_reached_under_a_horizon_is_no_milestone():
    assert kinds("到2027年底，投诉快速响应机制全面建立。") == []
    # guard: the verb before its object still hands something over
    assert kinds("到2027年底，全面建立投诉快速响应机制。") == [(MILESTONE, None, None, "=")]


def test_a_coverage_and_its_rate_are_one_target():
    assert targets("年内实现重点企业现场检查全覆盖，检查比例100%。") == [(TARGET, 100.0, "%", ">=")]


# --- comparison bases, durations, scopes, doing verbs ----------------------------------------------------------------


def test_the_last_season_is_a_comparison_base():
    assert targets("今年重污染天数较上一采暖季同期减少3天以上。") == [(TARGET, 3.0, "天", "decrease_by")]


def test_a_duration_cut_from_a_former_length():
    assert targets("审批时间由原来的10个工作日压缩至6个工作日以内。") == [(TARGET, 6.0, "个工作日", "<=")]


def test_a_set_found_last_year_is_the_scope_of_a_task_this_year():
    assert targets("对2025年检查中发现问题的25家企业，全部纳入复查名单。") == [(TARGET, 25.0, "家", "=")]


def test_putting_up_new_signs_is_a_doing_verb():
    assert targets("今年在主干道新设禁鸣标志12处。") == [(TARGET, 12.0, "处", ">=")]


# --- numbered titles and the present state ---------------------------------------------------------------------


PLAN = (
    "东山县突发水污染事件应急预案\n\n"
    "1 总则\n为做好应急处置，制定本预案。\n"
    "2 基本情况\n全县纳入监管的企业共86家，应急物资储备库覆盖率达到100%。\n"
    "3 应急措施\n各乡镇应急物资储备库覆盖率达到100%，储备吸附材料不少于5吨。\n"
)


def test_a_standards_numbered_title_heads_a_review_section():
    found = kinds(PLAN, date(2026, 5, 1))
    assert found.count((ACHIEVEMENT, 100.0, "%", "=")) == 1
    assert found.count((TARGET, 100.0, "%", ">=")) == 1
    assert (TARGET, 5.0, "吨", ">=") in found


AGREEMENT = (
    "东溪河流域生态补偿协议\n\n"
    "第二条 断面现状\n2023年至2025年，断面氨氮年均浓度由0.8毫克/升下降至0.5毫克/升。\n"
    "第三条 水质目标\n协议期内断面氨氮年均浓度不高于0.5毫克/升。\n"
)


def test_a_span_ending_on_the_texts_year_under_the_present_state_is_the_record():
    found = kinds(AGREEMENT, date(2025, 12, 20))
    assert found == [(ACHIEVEMENT, 0.5, "mg/L", "="), (TARGET, 0.5, "mg/L", "<=")]
