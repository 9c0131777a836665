"""Rules added for the blind batch b98–b103 (a city government work report's ecology section, a county bureau
secretary's mid-year speech, an undated winter-campaign dispatch, a 清废行动 notice in phases, a water-source plan with
its span in the title, a township river-chief report) and for the ruling of this round on remainders.

Clauses written for these tests, none from the seeds or the development set; each fails on the rules before this
round, except the guards marked as such.
"""

from datetime import date

from tracker.extraction import ACHIEVEMENT, TARGET

from .readings import kinds, forward_periods, milestones, periods, targets


# --- a sentence that opens on a time of its own turns the paragraph's mood ------------------------------------

REPORT = (
    "三、深入打好碧水保卫战\n"
    "过去一年，全区城镇污水处理率达到93.6%，新建雨污管网18公里。"
    "今年，城镇污水处理率达到96%以上；新建雨污管网25公里，完成12个村庄生活污水治理。\n"
)


def test_this_year_opening_a_later_sentence_turns_a_look_back_forward():
    found = kinds(REPORT, date(2026, 2, 1))
    assert (TARGET, 96.0, "%", ">=") in found
    assert (TARGET, 25.0, "公里", ">=") in found
    assert (TARGET, 12.0, "个", ">=") in found


def test_the_look_back_before_the_turn_stays_a_result():
    # guard: the figures of the sentence before 今年 stay results
    found = kinds(REPORT, date(2026, 2, 1))
    assert (ACHIEVEMENT, 93.6, "%", "=") in found
    assert (TARGET, 93.6, "%", ">=") not in found


def test_last_year_opening_a_later_sentence_turns_a_plan_back():
    # (the sentence after the turn names no time: the turned mood reads it)
    text = "今年，全县PM2.5平均浓度控制在30微克/立方米以内。去年，全县重污染天数为3天。优良天数比例为86.2%。"
    found = kinds(text, date(2026, 2, 1))
    assert (ACHIEVEMENT, 86.2, "%", "=") in found
    assert all(k[1] != 86.2 for k in found if k[0] == TARGET)


def test_the_turn_of_a_sentence_keeps_the_year_as_its_period():
    text = "过去一年，全区完成造林1.2万亩。今年，全区新增造林2万亩。"
    assert (2.0, "今年") in periods(text, date(2026, 2, 1))


# --- a remainder finished by a date (the ruling of the thirteenth round) --------------------------------------


def test_a_remainder_finished_by_a_date_is_a_target_of_its_count():
    assert targets("其余6个点位要在10月底前全部完成整治。") == [(TARGET, 6.0, "个", "=")]


def test_a_remainder_after_the_deadline_is_a_target_too():
    assert targets("11月底前剩下的20户改厕全部完工。") == [(TARGET, 20.0, "户", "=")]


def test_a_remainder_before_a_modal_is_no_structuring_count():
    # "个问题必须" is no "五个必须": the modal begins the predicate
    assert targets("剩余7个问题必须在8月底前全部完成整改。") == [(TARGET, 7.0, "个", "=")]


def test_a_remainder_reported_done_is_a_result():
    # guard: a look back keeps the remainder the current situation
    assert [k for k in kinds("其余3个问题已于5月底前全部完成销号。") if k[0] == TARGET] == []


def test_a_remainder_without_a_date_is_the_current_situation():
    # guard: no deadline, no target
    assert [k for k in kinds("其余4项正按序时推进。") if k[0] == TARGET] == []


def test_the_days_left_are_no_remainder_to_finish():
    # guard: 还剩 counts what is left of a period
    found = kinds("距年底还剩45天，剩余3项任务要在12月20日前全部完成。")
    assert [k for k in found if k[0] == TARGET] == [(TARGET, 3.0, "项", "=")]


# --- ranks, units, values ---------------------------------------------------------------------------------------


def test_a_floor_on_a_place_is_a_rank_target():
    assert targets("确保在全省目标责任考核中排名不低于第六位。") == [(TARGET, 6.0, "名", "<=")]


def test_a_mass_per_area_written_with_its_denominator_first():
    assert targets("城区道路积尘负荷不超过每平方米0.8克。") == [(TARGET, 0.8, "克/平方米", "<=")]


def test_a_bare_gram_count_is_no_value():
    # guard: 克 is read only after 每 + a unit
    assert [k for k in kinds("今年要督促企业规范储存，每次取样3克送检。") if k[2] == "克"] == []


def test_a_zero_cap_counts_in_the_unit_of_its_noun():
    assert targets("今年全县非法排污案件数量为零。") == [(TARGET, 0.0, "件", "<=")]
    assert targets("今年全市较大及以上突发环境事件为零。") == [(TARGET, 0.0, "起", "<=")]


def test_a_count_right_after_a_frequency_names_what_is_done():
    assert targets("县级水源地每年开展1次61项全指标分析。") == [(TARGET, 1.0, "次", ">=")]


def test_enough_for_a_number_of_days_is_a_floor():
    assert targets("今年应急物资储备要满足3天应急供水需要。") == [(TARGET, 3.0, "天", ">=")]


# --- deadlines and milestones -----------------------------------------------------------------------------------


def test_an_hour_deadline_after_a_long_event_object():
    found = milestones("接到重污染天气红色预警后2小时内，各部门要启动应急减排措施。")
    assert found == [("接到重污染天气红色预警后2小时内", None)]


def test_putting_up_markers_is_a_deliverable():
    assert milestones("8月底前，在水源保护区边界设立警示牌和宣传牌。") == [("8月底前", "2026-08-31")]


def test_a_same_day_upload_is_a_recurring_deadline():
    assert milestones("巡查记录当日上传监管平台。") == [("当日", None)]


def test_a_same_day_without_a_report_verb_dates_nothing():
    # guard: "当日工作情况" names the day's work, no deadline
    assert milestones("每日18时前报送当日工作情况。") == [("每日18时前", None)]


def test_an_event_deadline_keeps_a_quoted_campaign_a_bulletin_and_an_approver():
    assert milestones("“百日攻坚”结束后5日内报送工作总结。") == [("“百日攻坚”结束后5日内", None)]
    assert milestones("不合格的，须在通报后7个工作日内完成整改。") == [("通报后7个工作日内", None)]
    assert milestones("市政府批复后20日内向社会公布。") == [("市政府批复后20日内", None)]


# --- the periods a plan sets ------------------------------------------------------------------------------------


def test_a_plan_titles_bracketed_span_is_its_period():
    text = (
        "某县农村饮用水水源地保护实施方案（2026—2028年）\n\n"
        "一、主要任务\n"
        "县级水源地水质自动监测数据有效率不低于95%，清理整治环境问题8个以上。\n"
    )
    assert periods(text, date(2026, 1, 15)) == [(95.0, "2026—2028年"), (8.0, "2026—2028年")]


def test_a_heading_run_in_with_its_body_dates_the_body_by_its_span():
    text = (
        "关于开展固体废物排查整治的通知\n\n"
        "（一）整治阶段（6月1日至8月31日）。各单位对排查发现的问题逐一整治。\n"
        "（二）验收阶段（9月1日至9月30日）。市局组织抽查，抽查比例不低于20%；不合格的，须在通报后5个工作日内整改到位。\n"
    )
    assert (20.0, "9月1日至9月30日") in forward_periods(text, date(2026, 3, 1))
