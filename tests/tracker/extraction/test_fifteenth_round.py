"""Rules added for the blind batch b110–b115 (a development zone's target-responsibility contract with a ｜ annex, a district
people's congress deliberation opinion, a farm non-point-pollution plan in Chinese numerals, a bureau's third-quarter
self-assessment, an undated facility open-day speech that is mostly results, a soil key-unit oversight plan with a tab table).

Clauses written for these tests, none from the seeds or the development set; each fails on the rules before this
round, except the guards marked as such.
"""

from datetime import date

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract

from .readings import kinds, milestones, periods, targets

# --- a table whose cells are separated by tabs, read like a ｜-celled one ------------------------------------------

TAB_TABLE = (
    "××区2026年危险废物规范化管理工作方案\n"
    "为加强危险废物环境监管，防范环境风险，制定本方案。\n"
    "三、重点任务\n"
    "序号\t任务\t工作内容\t完成时限\t责任单位\n"
    "1\t台账公开\t根据核查结果动态更新管理台账并向社会公开\t4月30日前\t区生态环境分局\n"
    "2\t问题销号\t上年检查发现尚未销号的5个问题全部完成整改\t9月30日前\t各产废单位\n"
    "3\t方案备案\t编制应急预案并报区生态环境分局备案\t转移活动开始前10个工作日\t各产废单位\n"
    "4\t首次评估\t新纳入清单的单位完成首次规范化评估\t纳入清单后1年内\t各产废单位\n"
)


def test_a_tab_row_dates_its_task_by_its_deadline_cell():
    found = milestones(TAB_TABLE)
    assert ("4月30日前", "2026-04-30") in found
    assert ("转移活动开始前10个工作日", None) in found
    assert ("纳入清单后1年内", None) in found


def test_a_tab_row_finishing_what_is_not_yet_done_is_a_target_of_its_count():
    found = [(c.kind, c.value, c.unit, c.comparator, c.period_or_deadline) for c in extract(TAB_TABLE, date(2026, 3, 10))
             if c.kind != ACHIEVEMENT and c.value is not None]
    assert found == [(TARGET, 5.0, "个", "=", "9月30日前")]


# --- what is not yet done, finished in full by a date in its own clause (the thirteenth round's ruling, extended) -----


def test_what_is_not_yet_done_finished_by_a_date_is_a_remainder_target():
    assert targets("尚未完成的4项任务要在8月31日前全部销号。") == [(TARGET, 4.0, "项", "=")]


def test_what_is_not_yet_done_as_a_topic_of_its_own_stays_the_current_count():
    # guard: the count a topic in a clause of its own, then the dated deliverable (b16, b29, b50)
    found = kinds("对尚未完成的6项任务，各单位要在9月底前全部完成整改。")
    assert found == [(ACHIEVEMENT, 6.0, "项", "="), (MILESTONE, None, None, "=")]


# --- deadlines ---------------------------------------------------------------------------------------------------


def test_deadlines_before_an_activity_starts_and_a_year_after_an_event():
    assert milestones("须在施工活动开始前10个工作日报送防治方案。") == [("施工活动开始前10个工作日", None)]
    assert milestones("新纳入名单的企业须在纳入名单后1年内完成首次排查。") == [("纳入名单后1年内", None)]


def test_two_deadlines_shared_out_by_fenbie_are_two_milestones():
    found = milestones("各乡镇于6月30日前、12月31日前分别报送半年和全年工作总结。")
    assert found == [("于6月30日前", "2026-06-30"), ("12月31日前", "2026-12-31")]


def test_a_subject_before_a_recurring_event_deadline_keeps_the_deliverable_after_it():
    assert milestones("园区每月结束后5日内，向县环保办报送监测月报。") == [("每月结束后5日内", None)]


def test_the_subject_of_a_completion_belongs_to_the_event():
    assert milestones("修订完成后10个工作日内报市局备案。") == [("修订完成后10个工作日内", None)]


def test_a_numbered_items_deadline_does_not_date_the_next_item():
    text = "二、2026年主要目标\n1.监控平台于6月30日前完成验收。\n2.一般工业固体废物综合利用率达到90%以上。\n"
    assert periods(text) == [(90.0, "2026年")]


# --- number forms and units --------------------------------------------------------------------------------------


def test_areas_in_chinese_numerals_are_read_in_wan_mu():
    assert targets("今年新建高标准农田不少于一万亩。") == [(TARGET, 1.0, "万亩", ">=")]
    assert targets("今年推广绿色防控技术一万二千亩。") == [(TARGET, 1.2, "万亩", ">=")]


def test_a_count_of_machines_in_words_keeps_its_unit():
    # guard: 万 inside a count that goes on is part of the number (twelfth round)
    assert targets("今年淘汰老旧农机一万一千八百台。") == [(TARGET, 11800.0, "台", ">=")]


def test_a_phase_right_after_a_facility_is_no_count():
    assert targets("城北污水处理厂二期9月30日前投入运行。") == [(MILESTONE, None, None, "=")]


def test_a_floor_on_a_duration_is_a_value():
    assert targets("今年，每次开放时间不少于3小时。") == [(TARGET, 3.0, "小时", ">=")]


def test_events_held_are_counted_in_chang():
    assert targets("今年组织线上直播，全年不少于8场。") == [(TARGET, 8.0, "场", ">=")]


def test_battles_in_words_are_no_count():
    # guard
    assert kinds("今年要打好三场硬仗。") == []


# --- what is no target -------------------------------------------------------------------------------------------

PLAN = "2026年农业农村生态环境工作要点\n"


def test_a_normal_years_figure_is_the_current_state():
    assert kinds(PLAN + "我市是蔬菜大市，常年蔬菜播种面积八十万亩左右。") == [(ACHIEVEMENT, 80.0, "万亩", "=")]


def test_what_a_facility_is_able_to_do_is_the_current_state():
    assert kinds(PLAN + "新建的检测实验室能够开展150项指标的检测。") == [(ACHIEVEMENT, 150.0, "项", "=")]


def test_the_total_of_problems_fed_back_is_a_fact():
    found = kinds(PLAN + "省级督察反馈我区的问题共12项，目前已完成整改8项。")
    assert found == [(ACHIEVEMENT, 12.0, "项", "="), (ACHIEVEMENT, 8.0, "项", "=")]


def test_a_target_met_in_a_past_year_is_reported():
    text = "2025年，全县PM2.5平均浓度为30.2微克/立方米，完成省下达的31微克/立方米年度目标。"
    assert targets(text) == []


def test_a_target_to_meet_still_commits():
    # guard: a modal before the target met
    assert targets("今年要完成全年30微克/立方米的目标。") == [(TARGET, 30.0, "μg/m³", "<=")]


def test_a_facility_described_reports_its_standard_and_its_zero():
    assert targets("这座污水处理厂日处理能力10万吨，出水水质达到一级A标准。") == []
    assert targets("这座焚烧发电厂日处理垃圾800吨，全市原生垃圾实现“零填埋”。") == []


def test_a_facility_planned_still_sets_its_standard():
    # guard: in a plan the same sentence sets the standard
    found = targets(PLAN + "新建污水处理厂一座，日处理能力5万吨，出水达到一级A标准。")
    assert (TARGET, 1.0, "级", "<=") in found


def test_the_years_task_named_as_such_is_a_target_in_a_progress_report():
    text = "2026年三季度工作自评报告\n一、工作进展\n截至9月底，各项工作有序推进。农村改厕年度任务为120户，已完成95户。"
    assert targets(text, date(2026, 10, 9)) == [(TARGET, 120.0, "户", ">=")]


# --- a row restating the prose's target --------------------------------------------------------------------------


def test_an_annex_row_restates_a_numbered_items_target():
    text = (PLAN + "（三）重点任务目标。\n3.一般工业固体废物综合利用率达到92%以上。\n4.挥发性有机物重点工程减排量不少于80吨。\n"
            "附件：主要指标表\n序号｜指标名称｜单位｜2025年完成值｜2026年目标值\n"
            "1｜一般工业固体废物综合利用率｜%｜90.5｜≥92\n2｜挥发性有机物重点工程减排量｜吨｜61｜≥80\n")
    found = [(c.value, c.unit) for c in extract(text, date(2026, 3, 10)) if c.kind == TARGET]
    assert found == [(92.0, "%"), (80.0, "吨")]
