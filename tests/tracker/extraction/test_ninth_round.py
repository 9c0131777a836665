"""Rules added for the blind batch b74–b79 (a spoken mid-year situation-analysis speech, a river-chief
assessment plan with scoring rules, an inspection-rectification ledger in 【第N项】 blocks, a county farm-runoff
plan issued by notice, a press-conference transcript and an outfall survey-and-fix notice in full-width digits).

Sentences written for these tests, none from the seeds or the development set; each fails on the
rules before this round, except the guards marked as such.
"""


from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract

from .readings import AS_OF, milestones, periods, targets



# --- places in a ranking ---------------------------------------------------------------------------


def test_a_place_a_modal_assigns_is_a_rank_target():
    assert targets("今年全市环境空气质量排名要坐稳全省第6位。") == [(TARGET, 6.0, "名", "<=")]


def test_a_place_not_to_fall_below_is_a_floor():
    assert targets("地表水考核排名最差也不能滑到第十名以后。") == [(TARGET, 10.0, "名", "<=")]


def test_a_place_held_last_year_stays_a_standing():
    # guard (passes before too): a place without a modal or a negated move is where the text stands
    assert targets("2025年，全市空气质量排名全省第7位。") == []


# --- values that are not figures to reach -------------------------------------------------------------


def test_a_projects_phase_is_no_count_of_sessions():
    found = extract("2027年3月底前完成三期污水管网工程。", AS_OF)
    assert [(c.kind, c.period_or_deadline) for c in found] == [(MILESTONE, "2027年3月底前")]


def test_what_a_survey_found_is_the_object_of_the_doing_verb_before_it():
    assert targets("年底前完成巡查发现的46处违法排污点整治。") == [(TARGET, 46.0, "处", ">=")]


def test_the_room_left_in_a_budget_is_the_current_state():
    assert targets("全年重污染天数按4天控制，下半年最多还有2天的余量。") == [(TARGET, 4.0, "天", "<=")]
    assert targets("这2天的余量要用在冬季最不利的时段。") == []


def test_a_size_class_of_ponds_names_what_is_done():
    found = extract("2027年底前，全市100亩以上规模化养殖池塘尾水处理设施全部建成。", AS_OF)
    assert [(c.kind, c.value) for c in found] == [(MILESTONE, None)]


def test_an_area_closed_by_a_link_stays_the_figure():
    # guard (passes before too): 以上 followed by 并 closes the figure, no size class
    assert targets("年内新建高标准农田2万亩以上并完成验收。") == [(TARGET, 2.0, "万亩", ">=")]


def test_a_modal_before_an_opinion_commits_nothing():
    assert targets("同志们，大家不要以为5%很容易。") == []


# --- assessment plans ------------------------------------------------------------------------------------


def test_an_assessment_plan_states_its_standards_as_targets():
    text = "某区2026年度河长制考核细则\n二、考核内容\n河湖巡查问题处置率100%。"
    assert targets(text) == [(TARGET, 100.0, "%", ">=")]


def test_an_assessments_total_weights_and_deductions_are_no_figures():
    text = (
        "某县2026年度大气污染防治考核方案\n一、评分标准（总分100分）\n"
        "空气质量优良天数比例达到85%的，得30分，每降低1个百分点扣3分。\n"
        "考核采取日常与年终相结合的方式，日常考核占30%，年终考核占70%。"
    )
    assert targets(text) == [(TARGET, 85.0, "%", ">=")]


# --- whose target --------------------------------------------------------------------------------------


def test_a_higher_bodys_figure_for_a_wider_area_is_not_the_speakers():
    text = "国家要求今年全国PM2.5平均浓度下降到28微克/立方米以下，我市今年PM2.5平均浓度要控制在35微克/立方米以内。"
    assert targets(text) == [(TARGET, 35.0, "μg/m³", "<=")]


def test_a_higher_bodys_figure_for_the_speakers_area_stays():
    # guard (passes before too): a figure set for the speaker's own area (我市) is the speaker's target
    assert targets("省里下达我市的目标是PM10平均浓度控制在60微克/立方米以内。") == [(TARGET, 60.0, "μg/m³", "<=")]


# --- zero caps and scopes ----------------------------------------------------------------------------------


def test_a_zero_of_new_cases_outside_a_look_back_is_a_cap():
    text = "关于加强城区河道管理的通知\n各街道要落实河长巡查制度，城区河道新增违法建设数量为零。"
    assert (TARGET, 0.0, "个", "<=") in targets(text)


def test_a_zero_in_a_past_year_stays_a_result():
    # guard (passes before too)
    assert targets("2025年，全县新增违法建设项目数量为零。") == []


def test_a_scope_whose_name_says_it_is_done_is_still_the_scope():
    assert targets("9月底前，对已关停的15家企业开展一轮复查。") == [(TARGET, 15.0, "家", "=")]


# --- a set introduced as the topic of a dated deliverable ------------------------------------------------------


def test_a_topic_count_dealt_with_in_full_by_a_date_is_one_target():
    found = [c for c in extract("城区范围内的9个黑臭水体，各区要在10月底前全部完成治理。", AS_OF) if c.kind != ACHIEVEMENT]
    assert [(c.kind, c.value, c.comparator, c.period_or_deadline) for c in found] == [(TARGET, 9.0, ">=", "在10月底前")]
    assert found[0].sentence == "城区范围内的9个黑臭水体，各区要在10月底前全部完成治理"


def test_a_topic_scope_dealt_with_in_full_stays_a_scope():
    assert targets("对纳入清单的30家企业，11月底前全部完成在线监测安装。") == [(TARGET, 30.0, "家", "=")]


def test_a_remaining_set_dealt_with_in_full_is_a_milestone():
    # guard (passes before too): 剩余 names the current state, the clause a dated deliverable
    assert targets("剩余的6个问题，要在年底前全部整改销号。") == [(MILESTONE, None, None, "=")]


# --- repeats, parts and rates --------------------------------------------------------------------------------


def test_a_figure_the_text_calls_a_target_restates_the_earlier_one():
    text = "今年全县应完成整改45项。下半年要加大力度，确保年底前完成整改45项的目标。"
    found = [c for c in extract(text, AS_OF) if c.kind == TARGET]
    assert [(c.value, len(c.also_at)) for c in found] == [(45.0, 1)]


def test_a_part_of_a_bounded_whole_is_set_with_it():
    text = "对新建排污口按不低于20%的比例开展抽测，其中涉重金属排污口抽测比例为100%。"
    assert targets(text) == [(TARGET, 20.0, "%", ">="), (TARGET, 100.0, "%", ">=")]


def test_a_completion_rate_measures_the_dated_deliverable_before_it():
    found = [c for c in extract("接到举报后10个工作日内处理完毕，举报件办结率达到98%以上。", AS_OF) if c.kind != ACHIEVEMENT]
    assert [(c.kind, c.value, c.period_or_deadline) for c in found] == [(TARGET, 98.0, "接到举报后10个工作日内")]


def test_a_quality_rate_beside_a_deliverable_stays_its_own_target():
    # guard (passes before too): a pass rate measures quality, not how much is done
    found = targets("年底前完成污水处理厂提标改造，出水水质达标率100%。")
    assert found == [(MILESTONE, None, None, "="), (TARGET, 100.0, "%", ">=")]


def test_a_doing_verb_of_setting_up_counts_a_floor():
    assert targets("到2026年底，在重点河段布设水质自动监测站8个。") == [(TARGET, 8.0, "个", ">=")]


# --- milestones ----------------------------------------------------------------------------------------------


def test_reporting_a_result_back_is_a_deliverable():
    assert milestones("收到转办件后5个工作日内反馈办理结果。") == [("收到转办件后5个工作日内", None)]


def test_settling_who_is_responsible_is_a_deliverable():
    assert milestones("10月15日前明确每个点位的管护责任人。") == [("10月15日前", "2026-10-15")]


# --- periods and layout ---------------------------------------------------------------------------------------


def test_a_span_of_months_with_a_bare_first_month_is_a_period():
    assert periods("今年我们的目标是，7—9月臭氧超标天数控制在12天以内。") == [(12.0, "7—9月")]


def test_a_span_of_months_with_a_year_dates_its_stage():
    text = "（二）整治阶段（2026年4月至6月）。各区排污口整治率达到60%以上。"
    assert periods(text) == [(60.0, "2026年4月至6月")]


def test_a_span_of_years_still_running_is_a_period():
    assert periods("2026—2028年新增完成污水治理的行政村30个，其中2026年完成10个。")[0] == (30.0, "2026—2028年")


def test_a_numbered_short_line_heads_a_section():
    text = (
        "某市人民政府办公室\n关于开展城区排污口排查的通知\n第一，工作基础\n全市现有入河排污口1200个。\n"
        "第二，工作要求\n城区排污口规范化率100%。"
    )
    assert targets(text) == [(TARGET, 100.0, "%", ">=")]
