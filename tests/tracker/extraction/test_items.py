"""Rectification items read from feedback lists and plans (tracker/extraction/items.py)."""

from datetime import date

from tracker.extraction.items import extract_items

FEEDBACK = """XX区督察反馈问题整改清单
问题1：河道沿岸违规堆放建筑垃圾。
责任单位：区城管局、区水务局
配合单位：各街道办事处
整改目标：建筑垃圾全部清运。
整改时限：2024年5月31日前
问题2：秸秆露天焚烧时有发生。
牵头单位：区农业农村局
整改时限：立行立改，长期坚持
二、保障措施
（一）加强组织领导。各单位主要负责同志亲自抓。
"""


def test_numbered_problems_with_unit_and_deadline_lines_are_items():
    # when
    items = extract_items(FEEDBACK, date(2024, 3, 1))
    # then: the numbered heading without unit or deadline lines is not an item
    assert [(i.number, i.problem, i.responsible, i.co_responsible, i.deadline, i.is_long_term) for i in items] == [
        ("1", "河道沿岸违规堆放建筑垃圾", "区城管局", ("区水务局", "各街道办事处"), "2024-05-31", False),
        ("2", "秸秆露天焚烧时有发生", "区农业农村局", (), None, True),
    ]


def test_an_item_keeps_where_its_problem_is_written():
    (first, _) = extract_items(FEEDBACK, date(2024, 3, 1))
    assert FEEDBACK[first.start:first.end] == first.problem
    assert first.measures == "建筑垃圾全部清运"


def test_a_unit_with_a_bracketed_list_is_one_unit():
    text = "（一）污水处理能力不足。\n责任单位：市住建局，各县（市、区）人民政府\n整改时限：2025年6月底前\n"
    (item,) = extract_items(text, date(2025, 1, 1))
    assert (item.responsible, item.co_responsible) == ("市住建局", ("各县（市、区）人民政府",))


def test_the_last_of_several_deadlines_closes_the_item():
    text = "问题3：危险废物违规堆存。\n责任单位：县生态环境分局\n整改时限：10个工作日内完成清运，2024年10月底前完成场地修复。\n"
    (item,) = extract_items(text, date(2024, 3, 1))
    assert (item.period_or_deadline, item.deadline) == ("2024年10月底前", "2024-10-31")


def test_a_speech_without_labelled_problems_has_no_items():
    text = "同志们：\n一、认清形势\n今年要确保PM2.5浓度下降5%。\n二、压实责任\n各县区要在15个工作日内上报方案。\n"
    assert extract_items(text, date(2024, 3, 1)) == []


def test_a_tab_separated_problem_table_gives_one_item_per_row():
    # given
    text = ("绿盾问题整改台账\n序号\t问题描述\t责任单位\t整改时限\t整改要求\n"
            "1\t保护区内违规建房2处\t甲县人民政府、甲县林业局\t2025年9月30日前\t拆除违建\n"
            "2\t湿地内违规种植\t乙县人民政府\t立行立改，长期坚持\t清退种植\n")
    # when
    items = extract_items(text, date(2025, 1, 1))
    # then
    assert [(i.number, i.problem, i.responsible, i.co_responsible, i.deadline, i.is_long_term, i.measures)
            for i in items] == [
        ("1", "保护区内违规建房2处", "甲县人民政府", ("甲县林业局",), "2025-09-30", False, "拆除违建"),
        ("2", "湿地内违规种植", "乙县人民政府", (), None, True, "清退种植"),
    ]
    assert all(text[i.start:i.end] == i.problem for i in items)
