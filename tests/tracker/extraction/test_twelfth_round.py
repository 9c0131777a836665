"""Rules added for the blind batch b92–b97 (a district head's push-meeting speech, a bureau's budget
performance-target table with ｜ cells, a park-sewage 一园一策 plan in 现状/目标/时限 blocks, an enforcement monthly
bulletin, an undated director's interview in spoken numbers, and a county sub-bureau's year summary and plan).

Clauses written for these tests, none from the seeds or the development set; each fails on the rules before this
round, except the guards marked as such.
"""

from datetime import date

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract

from .readings import AS_OF, kinds, targets


# --- indicator tables whose cells write their unit or way -----------------------------------------------------

BUDGET_TABLE = (
    "某县水务局2026年项目支出绩效目标表\n"
    "一级指标｜二级指标｜三级指标｜指标值｜2025年实际完成值\n"
    "产出指标｜数量指标｜河道巡查里程｜≥360公里｜300公里\n"
    "产出指标｜质量指标｜水质检测合格率｜100％｜97.5％\n"
    "产出指标｜时效指标｜投诉处理时限｜≤3个工作日｜5个工作日\n"
    "效益指标｜社会效益指标｜节水宣传覆盖人数｜较上年增长8%以上｜1.2万人\n"
)


def test_a_budget_table_names_its_target_column_with_its_value_word():
    found = kinds(BUDGET_TABLE, date(2026, 1, 1))
    assert (TARGET, 360.0, "公里", ">=") in found
    assert (ACHIEVEMENT, 300.0, "公里", "=") in found


def test_a_bare_target_cell_takes_the_way_from_the_current_cell():
    assert (TARGET, 100.0, "%", ">=") in kinds(BUDGET_TABLE, date(2026, 1, 1))


def test_a_duration_capped_by_a_bound_symbol_is_a_value():
    assert (TARGET, 3.0, "个工作日", "<=") in kinds(BUDGET_TABLE, date(2026, 1, 1))


def test_a_target_cell_written_as_a_rise_is_read_as_a_clause():
    assert (TARGET, 8.0, "%", "increase_by") in kinds(BUDGET_TABLE, date(2026, 1, 1))


def test_the_rows_name_their_indicator_by_the_last_category_cell():
    names = {c.metric_text for c in extract(BUDGET_TABLE, date(2026, 1, 1)) if c.kind == TARGET}
    assert any("河道巡查里程" in name for name in names)


# --- numbers -----------------------------------------------------------------------------------------------


def test_wan_inside_a_spoken_numeral_is_part_of_the_number():
    text = "今年全县要再淘汰老旧农用车两万六千辆。"
    assert (TARGET, 26000.0, "辆", ">=") in targets(text)


def test_class_hours_are_a_unit():
    assert targets("全体网格员人均培训不少于24学时。") == [(TARGET, 24.0, "学时", ">=")]


# --- the present, spoken --------------------------------------------------------------------------------------


def test_what_there_is_now_is_the_current_state():
    text = "今年的目标是新增充电桩三百个。全县现在有新能源汽车一万二千辆，其中出租车四百多辆。"
    found = kinds(text)
    assert (ACHIEVEMENT, 12000.0, "辆", "=") in found
    assert (ACHIEVEMENT, 400.0, "辆", "=") in found


def test_the_present_as_the_base_of_a_fall_looks_forward():
    text = "整改目标：电镀企业出水总铬从目前的平均0.8毫克/升降至0.5毫克/升以下。"
    assert (TARGET, 0.5, "mg/L", "<=") in targets(text)


def test_a_look_at_the_present_is_no_base():
    # guard: "从目前看，" reports the gap (the rule before this round)
    text = "从目前看，PM2.5离目标还差2微克/立方米，优良天数比例差2.1个百分点。"
    assert [k for k in kinds(text) if k[0] == TARGET] == []


# --- a deadline that dates the count before it ----------------------------------------------------------------


def test_a_bare_verb_after_a_deadline_dates_the_count_before_it():
    text = "下一步还要新建六座充电站，年底前投入运行。"
    found = extract(text, AS_OF)
    assert [(c.kind, c.value) for c in found] == [(TARGET, 6.0)]
    assert found[0].period_or_deadline == "年底前"


def test_money_with_a_payment_date_keeps_its_milestone():
    # guard: an allocation and its payment date are two candidates (the rule before this round)
    text = "会议决定，县财政安排河道保洁资金300万元，于9月30日前拨付到位。"
    assert MILESTONE in [c.kind for c in extract(text, AS_OF)]


def test_a_rate_named_by_either_word_of_the_deliverable_measures_it():
    text = "县交通局要在9月底前完成全县渣土车卫星定位终端安装调试，安装率100%。"
    found = extract(text, AS_OF)
    assert [(c.kind, c.value) for c in found] == [(TARGET, 100.0)]


# --- labels of a plan's blocks ----------------------------------------------------------------------------------


def test_a_label_is_a_plans_by_its_last_word():
    text = (
        "××县乡镇污水处理“一厂一策”方案\n"
        "一、城关镇污水处理厂\n"
        "现状：2025年污水收集率由2023年的58%提高到66%。\n"
        "提升目标：污水收集率提高到75%。\n"
        "完成时限：2026年11月30日前\n"
    )
    assert (TARGET, 75.0, "%", ">=") in targets(text, date(2026, 1, 1))


# --- whose figure it is ------------------------------------------------------------------------------------------


def test_a_provincial_department_is_a_higher_body():
    text = "我县今年要完成农村生活污水治理村30个。省住房城乡建设厅明确，到2028年全省农村生活污水治理率达到60%以上。"
    assert [t[1] for t in targets(text)] == [30.0]


def test_the_city_leadership_is_a_higher_body_in_a_districts_text():
    text = (
        "在全区大气污染防治工作会议上的讲话\n"
        "全区今年PM2.5平均浓度要控制在33微克/立方米以内，我区绝不能拖后腿。"
        "市委、市政府提出，到2028年全市PM2.5平均浓度降至29微克/立方米以下。\n"
    )
    assert [t[1] for t in targets(text)] == [33.0]


def test_a_meetings_deployment_for_a_wider_area_is_not_the_texts_target():
    text = (
        "××县水利局2026年工作要点\n"
        "按照全市水利工作会议部署，到2027年全市水土保持率要达到78%以上。结合我县实际，全县今年水土保持率达到76%。\n"
    )
    assert [t[1] for t in targets(text, date(2026, 1, 1))] == [76.0]


def test_a_titles_body_is_the_speakers_own_level():
    text = (
        "××县林业分局2026年工作计划\n"
        "去年全县森林覆盖率低于全市平均水平，全市排名靠后。"
        "按照全市林业工作会议部署，到2028年全市森林覆盖率要达到45%以上。今年县城新增绿地不少于12公顷。\n"
    )
    assert [t[1] for t in targets(text, date(2026, 1, 1))] == [12.0]


# --- progress and zero ---------------------------------------------------------------------------------------


def test_a_share_of_a_target_done_is_progress():
    text = "1—8月累计办结信访件240件，完成年度目标任务（300件）的80%。"
    assert [k for k in kinds(text, date(2026, 9, 10)) if k[0] == TARGET] == []


def test_a_zero_for_a_span_still_running_caps_it():
    text = "上半年，全县共处置环境突发事件2起。全年因环境问题引发的群体性事件为零。"
    # (the unit is 起 since the thirteenth round: a zero cap counts in the unit of the noun it counts, 事件)
    assert (TARGET, 0.0, "起", "<=") in targets(text, date(2026, 7, 10))


# --- a part of a year as a due time --------------------------------------------------------------------------


def test_a_part_of_a_year_right_before_wancheng_is_a_due_time():
    text = "下半年完成全体河湖管护员业务培训。"
    assert [p for p, _ in [(c.period_or_deadline, c.deadline) for c in extract(text, AS_OF) if c.kind == MILESTONE]] \
        == ["下半年"]


def test_a_part_of_a_year_opening_a_stage_dates_no_deliverable():
    # guard: "下半年，…要…" opens a stage (the rule before this round)
    assert [c for c in extract("下半年，各乡镇要持续加强秸秆禁烧巡查。", AS_OF) if c.kind == MILESTONE] == []
