"""The forms of the thirteenth blind batch (b40–b42): spoken numbers and dates, a request in a
look-back paragraph, a set of known things done in full, hour deadlines.

Sentences written for these tests, none from the seeds or the development set.
"""

from datetime import date

import pytest

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract

SPOKEN = date(2025, 9, 1)


def found(text, as_of=SPOKEN):
    return [(c.kind, c.value, c.unit, c.comparator) for c in extract(text, as_of)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # 个微克 / 微克 alone are spoken μg/m³
        ("今年PM10要压到五十五个微克以内。", [(TARGET, 55.0, "μg/m³", "<=")]),
        ("今年臭氧浓度要比去年下降3微克。", [(TARGET, 3.0, "μg/m³", "decrease_by")]),
        # spoken zero caps: not a single one may occur
        # (the fourth round reads 一天都不能有 too: a zero cap on days, gold rule 3)
        ("今年全县重污染天气一天都不能有，露天焚烧火点一个都不能被卫星发现。",
         [(TARGET, 0.0, "天", "<="), (TARGET, 0.0, "个", "<=")]),
    ],
)
def test_spoken_values(text, expected):
    # when / then
    assert found(text) == expected


def test_none_may_be_missing_is_no_zero_cap():
    # given: "一个都不能少" means every one, not none
    # when / then
    assert found("今年全村农户的垃圾分类，一个都不能少。") == []


@pytest.mark.parametrize(
    "text",
    [
        "下面我讲三个事。",
        "今年要抓好十件实事。",
    ],
)
def test_counts_of_things_to_say_structure_the_speech(text):
    # when / then
    assert found(text) == []


@pytest.mark.parametrize(
    "text, period, deadline",
    [
        ("十月底前，所有砂石料场全部安装喷淋设施。", "十月底前", "2025-10-31"),
        ("十二月二十号之前必须干完。", "十二月二十号之前", "2025-12-20"),
    ],
)
def test_months_and_days_in_words_are_deadlines(text, period, deadline):
    # when
    (candidate,) = extract(text, SPOKEN)
    # then
    assert (candidate.kind, candidate.period_or_deadline, candidate.deadline) == (MILESTONE, period, deadline)


def test_an_hour_deadline_counts_from_an_event_and_has_no_date():
    # when
    candidates = extract("监测数据一超标，三个小时之内必须完成现场核查。", SPOKEN)
    # then: no "3个" count is read from 三个小时, and the deadline depends on the event
    assert [(c.kind, c.period_or_deadline, c.deadline) for c in candidates] == [(MILESTONE, "三个小时之内", None)]


@pytest.mark.parametrize(
    "text",
    [
        "剩下的六百户要全部完成改厕。",  # 剩下的 N: what is left
        "全区在建项目86个。",  # 在建 + noun + N: what is under way
        "现有燃煤锅炉12台。",
    ],
)
def test_counts_of_what_is_left_or_exists_are_the_current_state(text):
    # when / then
    assert {c.kind for c in extract(text, SPOKEN)} == {ACHIEVEMENT}


def test_a_request_in_a_look_back_paragraph_still_sets_a_dated_deliverable():
    # given: the paragraph opens with a past year, the last sentence asks for work by a date
    text = "四、2024年安排的项目截至7月底仍有5个未验收，请各县抓紧推进，11月30日前全部完成验收。"
    # when
    milestones = [c for c in extract(text, SPOKEN) if c.kind == MILESTONE]
    # then
    assert [(c.period_or_deadline, c.deadline) for c in milestones] == [("11月30日前", "2025-11-30")]


def test_a_look_back_paragraph_without_a_request_sets_no_deliverable():
    # when / then: 2024年…10月底前完成 reports, nothing here commits
    assert [c for c in extract("2024年，我们10月底前完成了全部验收。", SPOKEN) if c.kind != ACHIEVEMENT] == []


def test_a_known_set_done_in_full_is_a_milestone_dated_by_the_items_deadline_line():
    # given: an item of a rectification list; its deadline is on the 整改时限 line
    text = (
        "问题1：园区5家化工企业未建设初期雨水收集池。\n"
        "整改目标：5家企业全部建成初期雨水收集池。\n"
        "责任单位：县工信局\n"
        "整改时限：2025年12月31日前\n"
    )
    # when
    kept = [c for c in extract(text, SPOKEN) if c.kind != ACHIEVEMENT]
    # then: the 5 are the enterprises of the problem, not a level to reach
    assert [(c.kind, c.value, c.period_or_deadline) for c in kept] == [(MILESTONE, None, "2025年12月31日前")]


def test_a_count_to_reach_stays_a_count_target():
    # when / then: the count follows the doing verb, and 全部 is absent
    assert found("年内完成32个行政村生活污水治理。") == [(TARGET, 32.0, "个", ">=")]


def test_a_compiled_summary_is_a_deliverable():
    # when
    (candidate,) = extract("县水利局每月8日前汇总河湖问题整改台账。", SPOKEN)
    # then
    assert (candidate.kind, candidate.period_or_deadline) == (MILESTONE, "每月8日前")


# --- the forms of the fourteenth blind batch (b43–b45) ------------------------------------


def test_counting_ones_own_aims_is_structure():
    # when / then: "任务就两个" counts the speech's points, not a figure
    assert found("今年任务就两个 一是治水 二是治气", date(2025, 3, 1)) == []


def test_a_stretch_rank_after_a_floor_is_a_rank_too():
    # when / then
    assert found("年底前全省考核排名进入前10名，力争前6名。") == [(TARGET, 10.0, "名", "<="), (TARGET, 6.0, "名", "<=")]


@pytest.mark.parametrize("text", ["确保年底不再排名全省末位。", "力争全年摆脱全市考核末位。"])
def test_leaving_last_place_is_leaving_the_bottom_one(text):
    # when / then
    assert found(text) == [(TARGET, 1.0, "名", "exit_bottom")]


def test_a_filled_bullet_opens_a_section():
    # given: a review section, then a bulleted target section, in a plan
    text = (
        "2026年全县农村环境整治工作要点\n"
        "■基本情况\n"
        "2025年，全县农村生活污水治理率41%。\n"
        "■主要目标\n"
        "——农村生活污水治理率达到48%以上。\n"
    )
    # when
    candidates = extract(text, date(2026, 1, 5))
    # then: the review stays a review, the bulleted section plans
    assert [(c.kind, c.value) for c in candidates] == [(ACHIEVEMENT, 41.0), (TARGET, 48.0)]


def test_a_deadline_clause_after_an_items_number_carries_to_the_deliverable():
    # when
    candidates = extract("二、接到本通知后10个工作日内，向县政府书面报送整改计划。", SPOKEN)
    # then
    assert [(c.kind, c.period_or_deadline) for c in candidates] == [(MILESTONE, "接到本通知后10个工作日内")]


@pytest.mark.parametrize(
    "text, period",
    [
        ("各乡镇每周三向县河长办报送巡河记录。", "每周三"),
        ("各企业每月5日报送上月排污数据。", "每月5日"),
    ],
)
def test_a_recurring_due_day_without_qian_is_a_recurring_deliverable(text, period):
    # when
    (candidate,) = extract(text, SPOKEN)
    # then: due on that day every week or month, so no single date
    assert (candidate.kind, candidate.period_or_deadline, candidate.deadline) == (MILESTONE, period, None)


def test_once_a_week_is_not_a_due_day():
    # when / then: 每周一次 is a frequency in words, the office's routine
    assert found("县环委办每周一次调度进展。") == []
