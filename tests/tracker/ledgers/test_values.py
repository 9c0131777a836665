"""Reading ledger cells: Chinese dates, units of measure, names, numbers."""
import datetime as dt
from decimal import Decimal

import pytest

from tracker.ledgers.values import (
    NameMatcher, ValueProblem, clean_text, convert, match_unit, parse_ledger_date, parse_number, parse_yes_no,
    split_names,
)


@pytest.mark.parametrize("cell, expected", [
    (dt.date(2022, 6, 30), dt.date(2022, 6, 30)),
    (dt.datetime(2022, 6, 30, 8, 0), dt.date(2022, 6, 30)),
    (44742, dt.date(2022, 6, 30)),            # Excel serial: 1899-12-30 + 44742 days
    (44742.0, dt.date(2022, 6, 30)),
    ("44742", dt.date(2022, 6, 30)),
    ("2022-06-30", dt.date(2022, 6, 30)),
    ("2022/6/30", dt.date(2022, 6, 30)),
    ("2022.6.30", dt.date(2022, 6, 30)),
    ("20220630", dt.date(2022, 6, 30)),
    ("2022年6月30日", dt.date(2022, 6, 30)),
    ("２０２２年６月３０日", dt.date(2022, 6, 30)),  # full-width digits
    ("2022年6月30日前", dt.date(2022, 6, 30)),
    ("6月底", dt.date(2022, 6, 30)),             # relative to the ledger's year
    ("2月底", dt.date(2022, 2, 28)),
    ("2024年2月底", dt.date(2024, 2, 29)),       # its own year wins; a leap year
    ("6月30日前", dt.date(2022, 6, 30)),
    ("年底前", dt.date(2022, 12, 31)),
    ("2023年底前", dt.date(2023, 12, 31)),
    ("2023年前", dt.date(2023, 12, 31)),
    ("上半年", dt.date(2022, 6, 30)),
    ("三季度末", dt.date(2022, 9, 30)),
])
def test_ledger_dates(cell, expected):
    assert parse_ledger_date(cell, year=2022) == expected


def test_a_serial_counts_from_excels_epoch():
    # oracle: Excel shows serial 1 as 1900-01-01 and 60 as its phantom 1900-02-29
    assert parse_ledger_date(61) == dt.date(1900, 3, 1)


@pytest.mark.parametrize("cell", ["尽快", "2022年13月1日", "2022-02-30", "", 0])
def test_unreadable_dates_say_why_in_both_languages(cell):
    with pytest.raises(ValueProblem) as problem:
        parse_ledger_date(cell, year=2022)
    assert problem.value.zh and problem.value.en


def test_a_relative_date_without_a_year_is_refused():
    with pytest.raises(ValueProblem) as problem:
        parse_ledger_date("6月底")
    assert "年份" in problem.value.zh


@pytest.mark.parametrize("text, canonical", [
    ("微克/立方米", "μg/m³"), ("ug/m3", "μg/m³"), ("μg/m³", "μg/m³"), ("µg/m3", "μg/m³"), ("毫克/立方米", "mg/m³"),
    ("％", "%"), ("万元", "万元"), (" 天 ", "天"),
])
def test_units_of_measure_match_the_catalogue(text, canonical):
    assert match_unit(text) == canonical


def test_an_unknown_unit_of_measure_is_refused():
    with pytest.raises(ValueProblem) as problem:
        match_unit("斤")
    assert "斤" in problem.value.zh and "Unknown unit" in problem.value.en


def test_conversions_between_units_of_one_family():
    assert convert(Decimal("1.2"), "mg/m³", "μg/m³") == Decimal("1200.0")
    assert convert(Decimal("12345"), "元", "万元") == Decimal("1.2345")
    with pytest.raises(ValueProblem):
        convert(Decimal("1"), "天", "μg/m³")


def test_names_match_by_any_name_and_refuse_ambiguity():
    matcher = NameMatcher("单位", "unit")
    matcher.add("donghu", "donghu", "东湖区人民政府", "东湖区")
    matcher.add("meeb-donghu", "meeb-donghu", "市生态环境局东湖分局", "东湖")
    matcher.add("dup-1", "一镇")
    matcher.add("dup-2", "一镇")
    assert matcher.find("东湖区") == "donghu" and matcher.find(" 东湖区人民政府 ") == "donghu"
    assert matcher.find("东湖") == "meeb-donghu"
    with pytest.raises(ValueProblem):
        matcher.find("一镇")
    with pytest.raises(ValueProblem):
        matcher.find("西湖区")


def test_cells_lose_the_exports_formula_guard():
    assert clean_text("'=SUM(A1)") == "=SUM(A1)" and clean_text("'-5") == "-5"
    assert clean_text("'quoted'") == "'quoted'"  # an apostrophe before ordinary text stays


@pytest.mark.parametrize("cell, expected", [(3, Decimal(3)), ("1,234.5", Decimal("1234.5")), ("９１.６%", Decimal("91.6"))])
def test_numbers(cell, expected):
    assert parse_number(cell) == expected


def test_yes_no_and_name_lists():
    assert parse_yes_no("是") and not parse_yes_no("否") and not parse_yes_no(None)
    assert split_names("市生态环境局、市住建局，东湖区") == ["市生态环境局", "市住建局", "东湖区"]
