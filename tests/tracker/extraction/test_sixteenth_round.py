"""Rules added for the blind batch b116–b121 (a county's 生态文明建设示范县 indicator self-check with a ｜ table, an undated
sub-bureau speech to firms in spoken numbers, a full-width vehicle-inspection supervision notice, a plan-year 核与辐射安全
work-point list, an 环评审批 reform notice with a tab table of 法定/承诺时限, a discipline-inspection 建议书).

Clauses and tables written for these tests, none from the seeds or the development set; each fails on the rules before
this round, except the guards marked as such. The table tests use layouts the batch does not have (ASCII bars with a
2026年目标 column and a 基期值 column, a tab table of 现行时限/承诺办结时限, a tab indicator table with 上年值 and 完成情况),
to show that the columns are read by what their headers mean, whatever the separator.
"""

from datetime import date

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract

from .readings import kinds, milestones, targets

# --- indicator tables: columns found by what the header means ------------------------------------------------------

BAR_TABLE = (
    "××区2026年生态环境质量目标责任书\n"
    "一、考核指标\n"
    "序号｜指标｜单位｜目标值｜现状值（2025年）｜达标情况｜责任单位\n"
    "1｜城市建成区绿地率｜%｜≥38｜36.5｜未达标，差1.5个百分点｜区园林局\n"
    "2｜村庄生活污水治理率｜%｜≥60｜61.2｜已达标｜区水务局\n"
)


def test_a_bar_table_with_a_dated_current_header_a_unit_column_and_a_status_cell_with_a_comma():
    found = [(c.kind, c.value, c.unit, c.comparator, c.responsible) for c in extract(BAR_TABLE, date(2026, 3, 10))]
    assert (TARGET, 38.0, "%", ">=", "区园林局") in found
    assert (TARGET, 60.0, "%", ">=", "区水务局") in found
    assert (ACHIEVEMENT, 36.5, "%", "=", None) in found
    # the status cell's figures are a verdict, neither the target nor the current value
    assert not any(c[1] == 1.5 for c in found)


ASCII_TABLE = (
    "××县2026年农村环境整治目标\n"
    "二、主要指标\n"
    "指标名称|计量单位|基期值|2026年目标|牵头部门\n"
    "农村生活垃圾收运处置体系覆盖率|%|91|98|县城管局\n"
    "畜禽粪污综合利用率|%|88.5|92|县农业农村局\n"
)


def test_an_ascii_bar_table_with_a_year_target_column_and_a_responsible_column():
    found = [(c.kind, c.value, c.unit, c.responsible) for c in extract(ASCII_TABLE, date(2026, 3, 10))
             if c.kind == TARGET]
    assert found == [(TARGET, 98.0, "%", "县城管局"), (TARGET, 92.0, "%", "县农业农村局")]


LIMIT_TABLE = (
    "××市生态环境局关于压缩排污许可办理时限的通知\n"
    "各分局：\n"
    "自2026年4月1日起，以下事项按承诺时限办结：\n"
    "事项\t现行时限\t承诺办结时限\t责任科室\n"
    "排污许可证重新申请\t20个工作日\t8个工作日\t行政审批科\n"
    "排污许可证变更\t10个工作日\t3个工作日\t行政审批科\n"
)


def test_a_tab_table_of_time_limits_commitment_column_caps_and_the_rule_in_force_is_the_base():
    found = [(c.kind, c.value, c.unit, c.comparator) for c in extract(LIMIT_TABLE, date(2026, 3, 10))]
    assert (TARGET, 8.0, "个工作日", "<=") in found
    assert (TARGET, 3.0, "个工作日", "<=") in found
    assert (ACHIEVEMENT, 20.0, "个工作日", "=") in found
    assert not any(k == TARGET and v in (20.0, 10.0) for k, v, _, _ in found)


HOURS_TABLE = (
    "××县生态环境分局投诉办理时限承诺\n"
    "自2026年5月1日起执行：\n"
    "事项\t法定时限\t承诺时限\t责任科室\n"
    "噪声投诉现场核查\t7日\t2个小时\t执法大队\n"
)


def test_a_time_limit_cell_keeps_its_own_unit():
    # "2个小时" is hours and "7日" days (the shared duration units), not working days
    found = [(c.kind, c.value, c.unit, c.comparator) for c in extract(HOURS_TABLE, date(2026, 4, 10))]
    assert (TARGET, 2.0, "小时", "<=") in found
    assert (ACHIEVEMENT, 7.0, "天", "=") in found


TAB_INDICATOR_TABLE = (
    "××镇2026年环境整治工作计划\n"
    "三、年度指标\n"
    "指标\t单位\t上年值\t目标值\t完成情况\n"
    "河道保洁覆盖率\t%\t85\t95\t未完成，差10个百分点\n"
)


def test_a_tab_indicator_table_with_last_years_column_and_a_status_column():
    found = [(c.kind, c.value, c.unit) for c in extract(TAB_INDICATOR_TABLE, date(2026, 3, 10))]
    assert (TARGET, 95.0, "%") in found
    assert (ACHIEVEMENT, 85.0, "%") in found
    assert not any(v == 10.0 for _, v, _ in found)


# --- caps on durations and on how often ----------------------------------------------------------------------------


def test_bound_durations_under_a_time_limit_label_are_caps():
    found = targets("现场核查时限：重点项目不超过5个工作日，一般项目不超过3个工作日。")
    assert found == [(TARGET, 5.0, "个工作日", "<="), (TARGET, 3.0, "个工作日", "<=")]


def test_a_cap_on_how_often():
    assert targets("同一企业现场核查原则上不超过2次。") == [(TARGET, 2.0, "次", "<=")]
    assert targets("今年群众跑腿次数压减至0次。") == [(TARGET, 0.0, "次", "<=")]


def test_a_duration_cap_in_years():
    assert targets("一般固废临时堆放时间原则上不超过两年。") == [(TARGET, 2.0, "年", "<=")]


# --- results and the present state ---------------------------------------------------------------------------------


def test_a_sentence_opening_on_a_past_year_reports_the_rest_of_its_paragraph():
    text = ("近年来，我局持续深化信访改革。2025年，全区受理信访件412件，办结405件。"
            "全年新增网上受理渠道3个；按期办结率达到97.5%。\n")
    found = kinds(text, date(2026, 2, 20))
    assert (ACHIEVEMENT, 97.5, "%", "=") in found
    assert not any(k == TARGET for k, *_ in found)


def test_the_people_gathered_for_the_speech_are_no_target():
    found = kinds("同志们：\n大家好！今天我们把全区六十多家重点企业的负责同志请来，专门开这次培训会。\n")
    assert found == [(ACHIEVEMENT, 60.0, "家", "=")]


def test_a_clause_judged_a_record_is_a_result():
    found = kinds("这两年，全区水环境持续改善，出境断面全部达到二类水，这在全区历史上还是第一次。\n")
    assert found == [(ACHIEVEMENT, 2.0, "类", "=")]


# --- whose target --------------------------------------------------------------------------------------------------


def test_a_higher_bodys_requirement_for_our_city_in_a_districts_text():
    text = ("××区生态环境分局在全区大气治理推进会上的讲话\n"
            "全区上下要认清形势。省里对我们市今年的要求是PM2.5平均浓度控制在二十八个微克以内，这是给全市定的，"
            "落到我们区，今年PM2.5要控制在三十个微克以内。全区各街道要抓好落实。\n")
    assert targets(text) == [(TARGET, 30.0, "μg/m³", "<=")]


def test_a_city_bodys_requirement_for_the_city_in_a_countys_text():
    text = ("××县纪委监委\n关于县生态环境分局整改工作的建议\n"
            "全县整改工作推进不平衡。市纪委监委在全市推进会上明确要求，到2026年底全市信访问题化解率达到90%以上，"
            "全县要对标对表，全县各单位要抓紧整改。\n")
    assert not any(c.value == 90.0 for c in extract(text, date(2026, 3, 10)))


# --- bases and parts -----------------------------------------------------------------------------------------------


def test_a_quarter_already_run_dates_the_base_not_the_target():
    text = "二、工作目标\n2026年，投诉办结超时率由一季度的4.2%降至3%以下，回访满意率达到98%。\n"
    assert targets(text, date(2026, 4, 10)) == [(TARGET, 3.0, "%", "<="), (TARGET, 98.0, "%", ">=")]


def test_a_part_of_a_bounded_frequency_counts():
    assert targets("全年开展联合执法不少于4次，其中夜查2次。") == [(TARGET, 4.0, "次", ">="), (TARGET, 2.0, "次", ">=")]


def test_spoken_one_microgram_is_a_cut():
    assert targets("今年要比去年再降一个微克。") == [(TARGET, 1.0, "μg/m³", "decrease_by")]


def test_one_microgram_stressed_with_dou_stays_prose():
    # guard: "一个微克都…" stresses every one, no figure (b83, b108)
    assert targets("一个微克都不能让，一个微克都是群众的健康。") == []


def test_events_counted_as_changci_and_case_files_as_juan():
    assert targets("今年开展法治宣讲，全年不少于12场次。") == [(TARGET, 12.0, "场次", ">=")]
    found = [(c.kind, c.value, c.unit, c.period_or_deadline) for c in
             extract("对评查发现问题的9卷执法案卷逐卷整改，7月底前完成。", date(2026, 3, 10))]
    assert found == [(TARGET, 9.0, "卷", "7月底前")]


# --- milestones ----------------------------------------------------------------------------------------------------


def test_passing_a_review_and_being_granted_a_title_are_deliverables():
    found = milestones("二、目标\n力争2026年9月底前通过省级验收，2027年下半年获得省级命名。\n")
    assert [p for p, _ in found] == ["2026年9月底前", "下半年"]


def test_a_check_held_in_a_quarter_of_this_year_is_a_milestone():
    found = milestones("三、任务\n区局将于今年第三季度组织开展监测人员能力比对考核。\n", date(2026, 4, 10))
    assert [p for p, _ in found] == ["今年第三季度"]


def test_a_year_opening_a_sentence_of_aims_dates_every_indicator_met():
    found = milestones("二、目标\n2026年，全区所有指标全部达到省级生态文明示范区创建要求。\n")
    assert found == [("2026年", None)] or [p for p, _ in found] == ["2026年"]


def test_a_year_opening_a_sentence_with_figures_dates_the_figures_not_a_milestone():
    # guard: the year is the figures' period ("2026年，…实现全覆盖，…98%以上", b118) and "2022年，是…之年" (seed 004)
    found = kinds("二、目标\n2026年，全区监督检查实现全覆盖，数据上传率保持在98%以上。\n")
    assert (MILESTONE, None, None, "=") not in found


def test_deadlines_each_with_its_own_object_under_jiang_are_two_milestones():
    found = milestones("各街道要于每年6月25日前将半年报表、次年1月5日前将年度报表报区生态环境分局。")
    assert [p for p, _ in found] == ["每年6月25日前", "次年1月5日前"]


def test_full_coverage_restating_a_hundred_percent_target_folds_into_it():
    text = ("二、主要目标\n2026年，重点排污单位自动监控联网率达到100%。\n"
            "三、重点任务\n年底前，完成全区重点排污单位自动监控联网全覆盖。\n")
    found = [(c.kind, c.value) for c in extract(text, date(2026, 3, 10))]
    assert found == [(TARGET, 100.0)]
