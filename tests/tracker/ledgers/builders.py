"""Ledger files made by the tests: real .xlsx workbooks (openpyxl) and CSV bytes in a
chosen encoding, plus hostile archives built byte by byte with zipfile."""
import csv
import io
import zipfile

from openpyxl import Workbook


def xlsx(rows, *, title="台账"):
    """An .xlsx workbook whose first sheet holds ``rows`` (lists of cell values)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def rewrite_xlsx(data, replace=None, add=None):
    """A copy of workbook ``data`` with some parts replaced ({name: bytes}) or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = (replace or {}).get(entry.filename, source.read(entry.filename))
            target.writestr(entry.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


ITEM_HEADINGS = ["序号", "问题", "责任单位", "整改时限", "整改措施", "整改进展", "是否销号"]
