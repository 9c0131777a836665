"""The bulletin workbook: Chinese headers, frozen header row, widths, level colours, and no
cell that a spreadsheet would run as a formula, whatever the text (a Hypothesis property)."""
import datetime as dt
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tracker.dashboard.workbook import FORMULA_STARTS, LEVEL_FILLS, neutralise, workbook_bytes
from tracker.models import Bulletin


def _bulletin(problem="问题", unit="甲县", label="PM2.5"):
    content = {
        "as_of": "2026-10-15", "period_start": "2026-10-09", "period_end": "2026-10-15", "round": None,
        "targets_by_level": {"3": 1, "2": 0, "1": 2, "0": 5},
        "sign_off": [{"round": "省级督察", "total": 53, "signed_off": 40, "rate": 75.5}],
        "ranking": [{"rank": 1, "id": 1, "name": unit, "score": 66.7, "records": 3, "red": 1, "orange": 0,
                     "yellow": 0, "green": 2}],
        "zones": [],
        "red_list": [{"key": "target:1", "category": "大气", "label": label, "unit": unit, "level": 3,
                      "deadline": "2026-12-31", "explanation": problem}],
        "overdue": [{"key": "item:1", "round": "省级督察", "number": "1", "problem": problem, "unit": unit,
                     "deadline": "2026-09-30", "days_overdue": 15, "workdays_overdue": 8}],
        "signed_off": [], "signed_off_labels": [],
        "changes": {"since": "2026-10-08", "new_red": [label], "no_longer_red": [], "newly_overdue": [],
                    "signed_off": [], "rank_moves": []},
    }
    return Bulletin(kind="weekly", period_start=dt.date(2026, 10, 9), period_end=dt.date(2026, 10, 15),
                    title="周通报", content=content, status="ready")


def _book(bulletin):
    return load_workbook(io.BytesIO(workbook_bytes(bulletin)))


def test_sheets_have_chinese_headers_frozen_and_fitted():
    book = _book(_bulletin())
    assert book.sheetnames == ["概况", "单位排名", "战区排名", "红色清单", "逾期清单", "变化情况"]
    overdue = book["逾期清单"]
    assert [c.value for c in overdue[1]] == ["督察轮次", "编号", "问题", "责任单位", "整改时限", "逾期天数", "逾期工作日"]
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)
    assert overdue.column_dimensions["A"].width >= len("督察轮次") * 2
    assert overdue["F2"].value == 15 and overdue["F2"].data_type == "n"  # numbers stay numbers


def test_level_cells_carry_their_colour():
    book = _book(_bulletin())
    red = book["红色清单"]
    assert red["D2"].value == "红色" and red["D2"].fill.fgColor.rgb == LEVEL_FILLS["红色"]
    assert book["单位排名"]["E2"].fill.fgColor.rgb == LEVEL_FILLS["红色"]  # the 红色 count column


def _cells(book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=1, max_size=40), lead=st.sampled_from([*FORMULA_STARTS, "", "'", "=="]))
def test_no_cell_ever_starts_a_formula(text, lead):
    # given user-typed text in every free-text field, often starting like a formula
    value = lead + text
    book = _book(_bulletin(problem=value, unit=value, label=value))
    # then no cell is a formula and no text cell starts with a formula character
    for cell in _cells(book):
        assert cell.data_type != "f"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_STARTS)


def test_neutralised_text_keeps_its_words():
    assert neutralise("=SUM(A1:A2)") == "'=SUM(A1:A2)"
    assert neutralise("-3 天") == "'-3 天" and neutralise(-3) == -3 and neutralise("甲县") == "甲县"
