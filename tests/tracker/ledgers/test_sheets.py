"""The streaming .xlsx reader: values as Excel shows them (openpyxl writes the files)."""
import datetime as dt
import io
import zipfile

from openpyxl import Workbook

from tracker.ledgers.files import read_table

from .builders import rewrite_xlsx


def _book(fill):
    book = Workbook()
    fill(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_values_types_and_positions_survive():
    def fill(sheet):
        sheet.title = "省督察"
        sheet["A1"], sheet["C1"] = "序号", "整改时限"
        sheet["A3"], sheet["B3"], sheet["C3"] = 7, 2.5, dt.date(2022, 6, 30)
        sheet["D3"] = True
        sheet["E3"] = dt.datetime(2022, 6, 30, 8, 30)
        sheet["F3"] = 44742
        sheet["F3"].number_format = 'yyyy"年"m"月"d"日"'   # a Chinese custom date format
        sheet["G3"] = 0.916
        sheet["G3"].number_format = "0.0%"                 # a percentage is not a date
    table = read_table("a.xlsx", _book(fill))
    assert table.sheet == "省督察"
    assert table.rows[0] == (1, ["序号", None, "整改时限"])  # the empty row 2 is left out
    number, values = table.rows[1]
    assert number == 3
    assert values == [7, 2.5, dt.date(2022, 6, 30), True, dt.datetime(2022, 6, 30, 8, 30), dt.date(2022, 6, 30), 0.916]


def test_a_1904_workbook_counts_from_1904():
    data = _book(lambda sheet: sheet.append([dt.date(2022, 6, 30)]))
    book_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")
    serial = (dt.date(2022, 6, 30) - dt.date(1904, 1, 1)).days
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    patched = rewrite_xlsx(data, replace={
        "xl/workbook.xml": book_xml.replace(b"<workbookPr/>", b'<workbookPr date1904="1"/>'),
        "xl/worksheets/sheet1.xml": sheet_xml.replace(b"<v>44742</v>", b"<v>%d</v>" % serial),
    })
    assert read_table("a.xlsx", patched).rows[0][1] == [dt.date(2022, 6, 30)]


def test_inline_strings_and_cached_formula_results_are_read():
    data = _book(lambda sheet: sheet.append(["x"]))
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    cells = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe6\x89\xac\xe5\xb0\x98</t></is></c>'
             b'<c r="B1"><f>1+1</f><v>2</v></c><c r="C1" t="str"><f>A1</f><v>text</v></c></row>')
    start, end = sheet_xml.index(b"<sheetData>") + len(b"<sheetData>"), sheet_xml.index(b"</sheetData>")
    patched = rewrite_xlsx(data, replace={"xl/worksheets/sheet1.xml": sheet_xml[:start] + cells + sheet_xml[end:]})
    assert read_table("a.xlsx", patched).rows == [(1, ["扬尘", 2, "text"])]


def test_a_damaged_sheet_is_refused():
    data = _book(lambda sheet: sheet.append(["x"]))
    patched = rewrite_xlsx(data, replace={"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"})
    try:
        read_table("a.xlsx", patched)
    except Exception as error:  # noqa: BLE001 - the type is what we check
        assert type(error).__name__ == "LedgerFileError"
    else:
        raise AssertionError("a damaged sheet was read")
