"""The speech's date when the text states none (tracker/extraction/dating.py)."""

from datetime import date

import pytest

from tracker.extraction import document_date, infer_document_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2027年全县生态环境保护工作要点\n一、PM2.5浓度控制在30微克/立方米以内\n", date(2027, 1, 1)),  # plan year
        ("同志们：\n这次会议总结2025年工作，部署2026年重点任务。\n", date(2026, 1, 1)),
        ("同志们：\n今年是2026年，是十五五开局之年。\n", date(2026, 1, 1)),  # 今年 with a year nearby
        ("同志们：\n今天我们回顾总结2023年的工作。\n", date(2024, 1, 1)),  # the year after the one summed up
        ("整改清单\n问题1：…\n整改时限：2025年6月底前\n问题2：…\n整改时限：2026年底前\n", date(2025, 1, 1)),  # earliest deadline
        ("3月12日下午，市政府召开调度会，通报2025年1—2月空气质量。\n", date(2025, 3, 12)),  # month-day near the start
        ("2024年我市共争取项目**个，截至10月底支付率为**%。\n", date(2024, 10, 31)),  # written after its status date
    ],
)
def test_a_date_is_inferred_from_the_text(text, expected):
    # when
    inferred = infer_document_date(text)
    # then
    assert (inferred.date, inferred.source) == (expected, "inferred")


def test_a_stated_date_wins_over_the_inference():
    text = "在全市工作会议上的讲话\n（2025年2月18日）\n部署2025年任务。\n"
    assert document_date(text).date == date(2025, 2, 18)
    assert document_date(text).source == "dateline"


def test_a_deadline_in_the_body_is_not_the_speech_date():
    # given: the only full date is a deadline
    text = "整改方案\n整改目标：2026年12月31日前完成整改。部署2026年整改任务。\n"
    # when
    found = document_date(text)
    # then
    assert (found.date, found.source) == (date(2026, 1, 1), "inferred")


def test_a_text_without_any_year_has_no_date():
    assert document_date("同志们：\n今年要确保完成任务。\n") is None


def test_a_bulletin_on_a_month_is_written_after_it():
    text = "关于2025年10月份全市环境空气质量排名情况的通报\n一、总体情况\n"
    assert infer_document_date(text).date == date(2025, 10, 31)


def test_a_dateline_in_chinese_numerals_is_read():
    text = "在全市大会上的讲话\n（二〇二五年三月六日）\n同志们：\n"
    assert (document_date(text).date, document_date(text).source) == (date(2025, 3, 6), "dateline")
