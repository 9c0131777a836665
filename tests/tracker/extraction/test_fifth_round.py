"""Rules added for the blind batch b50–b55 (a mayor's conference speech, a rectification plan
in numbered items, a county meeting's news report with quoted speech, full-width work points, a
fund notice, an undated half-year review).

Sentences written for these tests, none from the seeds or the development set; each fails on the
rules before this round.
"""

from datetime import date

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract
from tracker.extraction.text import normalise, split_paragraphs

AS_OF = date(2025, 11, 20)
PLAN = "二、下一步工作\n"


def found(text, as_of=AS_OF):
    return [(c.kind, c.value, c.unit, c.comparator) for c in extract(text, as_of)]


# --- values that are not figures --------------------------------------------------------


def test_a_boiler_size_per_hour_names_the_boilers():
    # "20蒸吨/小时以下" says which boilers; the clause is a dated deliverable, no number
    assert found("年底前全县20蒸吨/小时以下燃气锅炉全部完成低氮改造。") == [(MILESTONE, None, None, "=")]


def test_a_condition_clause_closed_by_de_sets_no_figure():
    # who is summoned, not how much; "三个季度" counts time, not things
    assert [c for c in extract(PLAN + "对连续三个季度考核排名末位的，由县政府约谈主要负责人。", AS_OF)
            if c.kind != ACHIEVEMENT] == []


def test_the_level_compared_with_is_the_baseline_of_the_cut():
    (candidate,) = extract("下半年臭氧浓度要比去年同期的150微克/立方米下降5%。", date(2025, 6, 10))
    assert (candidate.kind, candidate.value, candidate.comparator, candidate.baseline) == (
        TARGET, 5.0, "decrease_by", 150.0)


def test_a_project_phase_is_not_a_count():
    assert found(PLAN + "建成三期提标工程，新增处理能力1万吨/日。") == [(TARGET, 1.0, "万吨/日", ">=")]


# --- the current state ------------------------------------------------------------------


def test_what_is_still_there_or_was_found_is_the_current_state():
    for text in ("尚有12个项目未完成验收。", "沿河仍有养殖场5家。", "对群众反馈的8个问题，要逐一核实。",
                 "全县需整治的排污口40个。"):
        kinds = [c.kind for c in extract(PLAN + text, AS_OF) if c.value is not None]
        assert kinds == [ACHIEVEMENT], text


def test_a_known_set_done_in_full_whatever_the_verb_is_a_milestone():
    assert found(PLAN + "年底前15个裸露点位全部复绿到位。") == [(MILESTONE, None, None, "=")]


def test_cumulative_names_a_rate_it_does_not_look_back():
    assert found(PLAN + "到年底，全市废弃矿山累计治理率达到75%以上。") == [(TARGET, 75.0, "%", ">=")]


def test_a_numbered_problem_before_the_target_line_is_the_current_state():
    text = ("二、问题及整改\n（一）城北污水厂长期超负荷运行，负荷率达到120%。\n"
            "整改目标：出水氨氮浓度稳定控制在5毫克/升以下。\n"
            "责任单位：城北新区管理委员会（牵头），区水务局，区生态环境分局\n"
            "整改时限：2026年6月30日\n")
    candidates = extract(text, date(2025, 12, 1))
    assert [(c.kind, c.value) for c in candidates] == [(ACHIEVEMENT, 120.0), (TARGET, 5.0)]
    # the deadline line (a bare date, not yet past) dates the item's target
    assert (candidates[1].period_or_deadline, candidates[1].deadline) == ("2026年6月30日", "2026-06-30")


def test_a_period_that_is_not_an_item_deadline_does_not_date_a_known_set():
    # "未完成的6项问题" has no date of its own: 年底 (the opening's) is no item deadline line
    candidates = extract("距离年底只有不到两个月时间。未完成的6项问题，11月底前至少完成4项。", AS_OF)
    assert [(c.kind, c.value) for c in candidates] == [(ACHIEVEMENT, 6.0), (TARGET, 4.0)]


# --- zero caps, ranks and budgets -------------------------------------------------------


def test_a_zero_in_digits_and_a_quoted_zero_word_are_zero_caps():
    assert found(PLAN + "Ⅴ类水体比例为0。") == [(TARGET, 0.0, "%", "<=")]
    assert found(PLAN + "今年禁燃区要做到“零燃放”。") == [(TARGET, 0.0, "个", "<=")]


def test_a_masked_top_rank_is_a_rank_target():
    assert found(PLAN + "综合排名进入全省前**名。") == [(TARGET, None, "名", "<=")]


def test_a_budget_of_days_is_a_cap():
    # the clause holds two values, so the first one's segment ends at its unit
    kinds = found(PLAN + "全年超标6天的控制目标已经用掉4天，余量不多。")
    assert kinds[0] == (TARGET, 6.0, "天", "<=")


# --- quotes -----------------------------------------------------------------------------


def test_quoted_speech_is_read_but_a_slogan_is_not():
    assert found(PLAN + "他说：“今年水质达标率95%这条红线，谁都不能碰。”") == [(TARGET, 95.0, "%", ">=")]
    assert found("围绕“2030年水质全面达标，美丽河湖基本建成”的目标，全力推进治理。") == []


# --- milestones -------------------------------------------------------------------------


def test_the_rate_of_the_deliverable_itself_is_one_target_with_it():
    (candidate,) = extract("6月底前完成全部监测点位比对，比对率100%。", AS_OF)
    assert (candidate.kind, candidate.value, candidate.period_or_deadline) == (TARGET, 100.0, "6月底前")
    assert candidate.sentence == "6月底前完成全部监测点位比对，比对率100%"
    # a rate of something else is a target beside the milestone
    assert found("6月底前完成执法平台建设，远程监控覆盖率达到90%。") == [
        (MILESTONE, None, None, "="), (TARGET, 90.0, "%", ">=")]


def test_the_document_an_event_deadline_counts_from_stays_in_its_clause():
    (candidate,) = extract("各乡镇要在本方案印发后7个工作日内，将排查清单报县环委办。", AS_OF)
    assert (candidate.kind, candidate.period_or_deadline) == (MILESTONE, "印发后7个工作日内")


def test_a_written_result_is_a_deliverable():
    assert found("年底前形成年度执法工作总结。") == [(MILESTONE, None, None, "=")]


# --- layout and repeats -----------------------------------------------------------------


def test_an_item_number_before_a_month_opens_a_line_and_a_label_line_a_paragraph():
    text = "1.2月底前印发工作方案。（综合科）\n2.3月底前完成排查。（执法科）\n"
    pieces = [text[p.start:p.end] for p in split_paragraphs(normalise(text))]
    assert pieces == ["1.2月底前印发工作方案。（综合科）", "2.3月底前完成排查。（执法科）"]
    labelled = "责任单位：县农业农村局（牵头），县生态环境分局，各乡镇人民政府\n整改时限：2026年3月31日\n"
    assert len(split_paragraphs(normalise(labelled))) == 2


def test_a_concentration_naming_no_metric_restates_the_earlier_target():
    text = "今年PM2.5平均浓度控制在35微克/立方米以内。大家要清楚，要完成全年35微克/立方米的目标，任务艰巨。"
    (candidate,) = [c for c in extract(text, date(2025, 3, 1)) if c.kind == TARGET]
    assert candidate.metric == "pm25" and len(candidate.also_at) == 1
