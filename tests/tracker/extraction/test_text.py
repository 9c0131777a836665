"""Normalisation, boilerplate and dates (tracker/extraction/text.py)."""

from datetime import date

import pytest

from tracker.extraction.text import detect_document_date, normalise, split_clauses, split_paragraphs


def test_full_width_characters_fold_and_map_back_to_the_original():
    # given
    original = "ＰＭ２．５浓度下降１０％，优良天数比例达到８５％。"
    # when
    norm = normalise(original)
    start = norm.text.index("10%")
    o_start, o_end = norm.to_original(start, start + 3)
    # then
    assert norm.text.startswith("PM2.5浓度下降10%，")
    assert original[o_start:o_end] == "１０％"


def test_a_soft_line_break_inside_a_sentence_is_dropped_but_kept_in_the_offsets():
    # given: a sentence wrapped in the middle, as copied from a PDF
    original = "今年全市要坚决打好污染防治攻坚战，确保全市细颗粒物平均浓度\n下降百分之五，各地要抓好落实。\n二、下一步工作"
    # when
    norm = normalise(original)
    # then
    assert "平均浓度下降百分之五" in norm.text
    assert norm.text.count("\n") == 1  # only the heading starts a new paragraph


def test_web_page_boilerplate_paragraphs_are_marked():
    # given
    original = "欢迎来到某某范文网!\n时间:2023-05-06 来源:某某范文网\n同志们：\n今年要完成造林任务。\n相关文章:\n1.某县工作总结(3篇)"
    # when
    paragraphs = split_paragraphs(normalise(original))
    # then
    flags = [p.boilerplate for p in paragraphs]
    assert flags == [True, True, False, False, True, True]


def test_clauses_split_on_commas_semicolons_and_circled_numbers():
    # given
    text = "一是抓好大气：①降尘；②控车，治企"
    # when
    clauses = [text[s:e] for s, e in split_clauses(text, 0, len(text))]
    # then
    assert clauses == ["一是抓好大气", "降尘", "控车", "治企"]


@pytest.mark.parametrize(
    "text, expected, source",
    [
        ("在全市环保大会上的讲话\n（2023年3月8日）\n同志们：去年2022年12月1日我们开了会。", date(2023, 3, 8), "dateline"),
        ("同志们：\n2021年5月9日召开的会议部署了任务。", date(2021, 5, 9), "body"),
        ("某某范文网\n时间:2024-01-31 18:14:02 来源:某某范文网\n同志们：今年要抓好落实。", date(2024, 1, 31), "web page"),
    ],
)
def test_document_date_prefers_dateline_then_body_then_web_page(text, expected, source):
    # when
    stated = detect_document_date(text)
    # then
    assert (stated.date, stated.source) == (expected, source)


def test_no_stated_date_gives_none():
    assert detect_document_date("同志们：今年5月我们开展了督察。") is None
