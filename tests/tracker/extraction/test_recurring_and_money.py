"""The forms b37–b39 and the known gaps left open: calendar-day deadlines, frequencies written
as a cadence, recurring reports upward, money paid by a date in the next clause, a scope
widened to N, places gained in a ranking.

Sentences written for these tests, none from the seeds or the development set.
"""

from datetime import date

import pytest

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract
from tracker.workdays import resolve_deadline

SPOKEN = date(2025, 3, 3)


def found(text, as_of=SPOKEN):
    return [(c.kind, c.value, c.unit, c.comparator, c.period_or_deadline) for c in extract(text, as_of)]


@pytest.mark.parametrize(
    "phrase, due",
    [
        ("15日内", date(2025, 3, 18)),  # calendar days count holidays and weekends: 3 Mar + 15
        ("三天内", date(2025, 3, 6)),
        ("10日以内", date(2025, 3, 13)),
        ("两周内", date(2025, 3, 17)),  # a week is 7 calendar days
        ("在1个星期之内", date(2025, 3, 10)),
    ],
)
def test_calendar_day_deadlines_resolve_to_a_date(phrase, due):
    # when
    resolution = resolve_deadline(phrase, SPOKEN)
    # then
    assert resolution is not None and resolution.date == due and resolution.basis == "calendar_days"


def test_a_day_of_the_month_is_not_a_calendar_day_count():
    # given: "15日" without 内 names a day, not a span
    # when / then
    assert resolve_deadline("15日", SPOKEN) is None


def test_a_milestone_within_calendar_days_gets_its_date():
    # when
    candidates = extract("各乡镇要在10日内完成废旧堆场清理。", SPOKEN)
    # then
    assert [(c.kind, c.deadline) for c in candidates] == [(MILESTONE, "2025-03-13")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a cadence written in digits is a stated frequency, a floor
        ("辖区饮用水源地每季度开展2次水质采样。", [(TARGET, 2.0, "次", ">=", "每季度")]),
        ("施工工地每周洒水抑尘不少于3次。", [(TARGET, 3.0, "次", ">=", "每周")]),
    ],
)
def test_a_frequency_in_digits_is_a_floor(text, expected):
    # when / then
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "市环委办每月通报一次。",  # 一次 in words after 通报: the bulletin's routine, not a figure
        "每半年开展一次联合检查。",
    ],
)
def test_a_routine_once_in_words_is_no_candidate(text):
    # when / then
    assert found(text) == []


@pytest.mark.parametrize(
    "text, period",
    [
        ("县水利局每季度向县政府报告一次河道整治进展。", "每季度"),
        ("各责任单位每两个月向领导小组汇报一次工作推进情况。", "每两个月"),
    ],
)
def test_a_recurring_report_upward_is_a_milestone_without_a_date(text, period):
    # when
    candidates = extract(text, SPOKEN)
    # then: due at its cadence, so no single date
    assert [(c.kind, c.period_or_deadline, c.deadline) for c in candidates] == [(MILESTONE, period, None)]


def test_money_paid_by_a_date_in_the_next_clause_is_a_dated_target():
    # when
    candidates = extract("市财政安排秸秆综合利用补助资金600万元，于9月15日前拨付到位。", SPOKEN)
    # then: the amount is committed and dated by the payment clause; the payment is a milestone
    assert [(c.kind, c.value, c.unit, c.period_or_deadline, c.deadline) for c in candidates] == [
        (TARGET, 600.0, "万元", "于9月15日前", "2025-09-15"),
        (MILESTONE, None, None, "于9月15日前", "2025-09-15"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "省级已下达治理资金1.2亿元，截至目前支付率为40%。",  # allocated and measured: facts
        "本批下达资金5000万元，主要用于农村污水治理。",  # no date follows: a fact
        "累计投入资金3.5亿元，于去年底前全部拨付。",  # a look back in its own clause wins
    ],
)
def test_money_without_a_payment_date_after_it_stays_a_fact(text):
    # when / then
    assert {c.kind for c in extract(text, SPOKEN) if c.unit in ("万元", "亿元")} == {ACHIEVEMENT}


def test_a_scope_widened_to_n_is_a_floor():
    # when / then
    assert found("今年将高污染燃料禁燃区扩大到全县6个乡镇。") == [(TARGET, 6.0, "个", ">=", "今年")]


def test_places_gained_in_a_ranking_are_an_increase_in_places():
    # when / then
    assert found("今年全县考核排名要提升3个位次。") == [(TARGET, 3.0, "位次", "increase_by", "今年")]
