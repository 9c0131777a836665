"""Exports: what the user sees, as .xlsx or UTF-8-BOM CSV; formulas neutralised; an
export re-imports with nothing changed; empty templates."""
import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.factories import (
    DisbursementFactory, ObservationFactory, RectificationItemFactory, TargetFactory,
)
from tracker.ledgers.export import export_list, template, write_csv, write_xlsx
from tracker.ledgers.importer import import_ledger
from tracker.ledgers.values import FORMULA_LEADS
from tracker.models import RectificationItem

pytestmark = pytest.mark.django_db


def _sheet(content):
    return load_workbook(io.BytesIO(content)).worksheets[0]


def _csv_rows(content):
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.fixture
def ledger(city, provincial_round, pm25, stations, fund):
    """One record of every importable kind, with text that looks like formulas."""
    item = RectificationItemFactory(round=provincial_round, number="1", problem="=HYPERLINK(\"http://x\")扬尘",
                                    measures="-落实措施", lead_unit=city["county_a"], deadline=dt.date(2022, 6, 30),
                                    is_long_term=True)
    item.co_units.set([city["county_b"], city["town_a"]])
    target = TargetFactory(code="T-1", title="+PM2.5年均浓度", metric=pm25, target_value=Decimal("23"),
                           lead_unit=city["county_a"], level=3, points_at_risk=Decimal("2"))
    target.co_units.set([city["county_b"]])
    ObservationFactory(site=stations[0], metric=pm25, observed_on=dt.date(2022, 1, 1), value=Decimal("35.5"),
                       note="@备注")
    ObservationFactory(site=None, target=target, metric=pm25, observed_on=dt.date(2026, 1, 1), value=Decimal("30"))
    DisbursementFactory(allocation=fund, paid_on=dt.date(2022, 5, 10), amount=Decimal("12.50"), note="\t一期")
    return {"item": item, "target": target}


def test_an_xlsx_export_has_chinese_headings_widths_frozen_header_dates_and_colours(ledger, supervisor):
    # when the targets list is exported
    name, content_type, content = export_list("targets", supervisor, QueryDict())
    sheet = _sheet(content)
    # then the workbook has its Chinese headings, a frozen first row, widths, real dates and a red level cell
    headings = [cell.value for cell in sheet[1]]
    assert headings[:3] == ["目标编号", "目标名称", "指标"] and name.endswith(".xlsx")
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 40
    row = {h: cell for h, cell in zip(headings, sheet[2])}
    assert isinstance(row["完成时限"].value, dt.datetime) and row["完成时限"].is_date
    assert row["预警等级"].value == "红色" and row["预警等级"].fill.start_color.rgb.endswith("FFC7CE")
    assert row["目标名称"].value == "'+PM2.5年均浓度" and row["目标名称"].data_type == "s"


def test_a_csv_export_is_utf8_with_bom_and_neutralised(ledger, supervisor):
    _name, content_type, content = export_list("items", supervisor, QueryDict(), "csv")
    rows = _csv_rows(content)
    assert rows[0][:3] == ["督察轮次", "序号", "问题"] and "charset=utf-8" in content_type
    assert rows[1][2].startswith("'=HYPERLINK") and rows[1][6] == "'-落实措施"


def test_exports_hold_only_what_the_user_sees(ledger, city, staff_b, leader):
    # staff of 乙县 see the item only as a co-operating unit; a leader sees everything
    assert len(_csv_rows(export_list("items", staff_b, QueryDict(), "csv")[2])) == 2
    item = RectificationItemFactory(lead_unit=city["county_a"])
    assert len(_csv_rows(export_list("items", staff_b, QueryDict(), "csv")[2])) == 2
    assert len(_csv_rows(export_list("items", leader, QueryDict(), "csv")[2])) == 3
    # and the list's filters apply
    filtered = export_list("items", leader, QueryDict(f"round={item.round_id}"), "csv")[2]
    assert [row[1] for row in _csv_rows(filtered)[1:]] == [item.number]


def test_an_invalid_filter_is_refused(ledger, leader):
    with pytest.raises(Exception) as refused:
        export_list("items", leader, QueryDict("deadline_after=notadate"))
    assert "deadline_after" in refused.value.en


@pytest.mark.parametrize("kind", ["items", "targets", "observations", "disbursements"])
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_then_import_changes_nothing(ledger, supervisor, kind, file_format):
    # given an export of a list
    name, _type, content = export_list(kind, supervisor, QueryDict(), file_format)
    history = RectificationItem.history.count()
    # when it is imported back as a commit
    result = import_ledger(name, content, kind, supervisor, dry_run=False)
    # then every row is unchanged
    assert result.results and all(r.outcome == "unchanged" for r in result.results), result.errors
    assert RectificationItem.history.count() == history


@pytest.mark.parametrize("kind", ["items", "targets", "observations", "observations_wide", "disbursements"])
def test_templates_have_the_expected_headings(kind):
    _name, _type, content = template(kind)
    book = load_workbook(io.BytesIO(content))
    headings = [cell.value for cell in book.worksheets[0][1]]
    assert any(h.endswith("*") for h in headings)
    assert book.worksheets[1].title == "填写说明"
    assert _csv_rows(template(kind, "csv")[2])[0] == headings


def test_an_empty_template_reimports_as_nothing_to_do(supervisor, provincial_round):
    # the template's headings are recognised (no mapping step), and an empty sheet writes nothing
    result = import_ledger("t.xlsx", template("items")[2], "items", supervisor, dry_run=False)
    assert result.results == [] and not result.committed


cell_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
dangerous = st.sampled_from(FORMULA_LEADS).flatmap(lambda lead: cell_text.map(lambda rest: lead + rest))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(cell_text, dangerous), min_size=1, max_size=4), min_size=1, max_size=4))
def test_no_exported_cell_can_start_a_formula(rows):
    # given any text, formula-looking or not, in any cell
    headers = [f"列{i}" for i in range(max(len(r) for r in rows))]
    # when written as CSV and as .xlsx
    csv_cells = [cell for row in _csv_rows(write_csv(headers, rows)) for cell in row]
    book = load_workbook(io.BytesIO(write_xlsx(headers, rows)))
    xlsx_cells = [cell for row in book.worksheets[0].iter_rows() for cell in row if cell.value is not None]
    # then no cell starts with a formula character, and no .xlsx cell is a formula
    assert not any(cell.startswith(FORMULA_LEADS) for cell in csv_cells)
    assert not any(cell.data_type == "f" for cell in xlsx_cells)
    assert not any(str(cell.value).startswith(FORMULA_LEADS) for cell in xlsx_cells)


def test_an_export_is_in_chinese_whatever_the_readers_language(ledger, supervisor):
    """The ledger's headings are the import's, so its level names are Chinese too, even
    for a reader who switched the pages to English (an export re-imports unchanged)."""
    from django.utils import translation

    with translation.override("en"):
        _name, _type, content = export_list("targets", supervisor, QueryDict())
    sheet = _sheet(content)
    headings = [cell.value for cell in sheet[1]]
    row = {h: cell for h, cell in zip(headings, sheet[2])}
    assert row["预警等级"].value == "红色" and row["预警等级"].fill.start_color.rgb.endswith("FFC7CE")
