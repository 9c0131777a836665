"""Rules added for the blind batch b134–b139 (a city 美丽河湖 evaluation notice with a ｜ quota table, a plan-year
生态环境损害赔偿 case-work plan in Chinese numerals, an undated monitoring quality-control plan, an 排污权交易 notice, a
畜禽粪污 整县推进 plan dated by its month, a full-width 尾矿库 risk notice).

Clauses written for these tests, none from the seeds or the development set; each fails on the rules before this round.
The round removes the batch's achievements read as targets (an evaluation's conditions of entry, a higher body's figure
for the province) and reads remainders finished by the next clause's deadline, bounded terms and intervals, and a plan's
signature month.
"""

from datetime import date

from tracker.extraction import TARGET
from tracker.extraction.dating import infer_document_date

from .readings import kinds, targets

# --- an evaluation's conditions of entry are the scheme's rules ------------------------------------------------------


def test_the_conditions_an_evaluation_lists_after_its_lead_are_no_targets():
    text = ("（三）评选条件。参评村庄应同时具备以下条件：村内生活垃圾无害化处理率不低于95%；"
            "群众满意度不低于80%。")
    assert [f for f in targets(text) if f[0] == TARGET] == []


def test_a_target_after_the_conditions_sentence_is_still_read():
    text = ("参评村庄应符合下列条件：群众满意度不低于80%。2026年，全区计划创建示范村不少于6个。")
    assert (TARGET, 6.0, "个", ">=") in targets(text)


# --- a higher body's figure for the province ----------------------------------------------------------------------


def test_a_higher_bodys_department_quoted_with_a_figure_for_the_province_is_not_the_speakers():
    text = "上级部门明确要求全省重点排污单位自动监测数据传输有效率不低于92%，我局要以更高标准抓好落实。"
    assert [f for f in targets(text) if f[1] == 92.0] == []


def test_the_bare_provincial_department_quoted_for_the_province_is_not_the_speakers():
    text = "各区县要高度重视。省厅要求，到2028年全省碳排放权交易年成交额突破5亿元，各地要奋力追赶。"
    assert [f for f in targets(text) if f[1] == 5.0] == []


# --- a remainder finished by the next clause's deadline --------------------------------------------------------------


def test_what_is_not_yet_done_finished_in_full_by_the_next_clauses_deadline_is_a_target_of_that_count():
    text = "各区县要抓好落实。尚未完成排污登记的14家企业，于8月31日前全部完成登记。"
    assert targets(text) == [(TARGET, 14.0, "家", "=")]


def test_a_remainder_from_an_earlier_check_finished_within_the_year_is_a_target_of_that_count():
    text = "各区县要抓好落实。对去年专项检查剩余的3处问题，年内全部完成整改。"
    assert targets(text) == [(TARGET, 3.0, "处", "=")]


def test_a_remainder_whose_next_clause_has_a_modal_stays_the_current_count():
    text = "各区县要抓好落实。城区剩下的4个点位，10月底前必须全部完成整治。"
    assert (TARGET, 4.0, "个", "=") not in kinds(text)


def test_a_remainder_a_past_check_found_stays_the_current_count():
    text = "各区县要抓好落实。去年抽查发现尚未整改的6个问题，9月底前全部整改到位。"
    assert (TARGET, 6.0, "个", "=") not in kinds(text)


# --- a bounded term, interval or named period ----------------------------------------------------------------------


def test_a_bounded_term_is_a_duration_cap():
    assert targets("各地要压实责任，整改期限不超过3个月。") == [(TARGET, 3.0, "个月", "<=")]


def test_a_bounded_interval_is_a_duration_cap():
    assert targets("全年组织抽检，每轮间隔不超过四个月。") == [(TARGET, 4.0, "个月", "<=")]


def test_a_named_period_before_its_floor_is_a_duration_floor():
    assert targets("评选结果在区政府网站公告，公告期不少于5个工作日。") == [(TARGET, 5.0, "个工作日", ">=")]


# --- a plan's signature month ---------------------------------------------------------------------------------------


def test_a_plans_signature_month_under_its_issuer_ranks_before_its_title_span():
    text = ("××区农村生活污水治理提升实施方案\n（2027—2028年）\n\n××区人民政府办公室\n2027年5月\n\n"
            "到2028年底，全区农村生活污水治理率达到70%以上。\n")
    assert infer_document_date(text).date == date(2027, 5, 1)


# --- one count each over two named activities ---------------------------------------------------------------------


def test_a_count_after_two_named_activities_and_each_is_one_target_per_activity():
    text = "今年要组织应急演练和联合执法各2次。"
    assert targets(text) == [(TARGET, 2.0, "次", "="), (TARGET, 2.0, "次", "=")]
