"""A streaming reader of an .xlsx workbook's first sheet.

Why not openpyxl's read-only mode: it reads the sheet twice when the file has no
``<dimension>`` element (many generated files), and does per-cell work an import does
not need. This reader streams the sheet's XML once and yields only values: shared and
inline strings, numbers, booleans, and dates where the cell's number format is a date
format (Excel stores dates as serial numbers; the style says they are dates). Formula
cells give their cached value, as ``data_only`` would. Call it only after
``files.check_workbook_archive`` has accepted the archive (which refuses any part
declaring a DTD or entities).

The small parts (workbook, relationships, styles) are parsed with defusedxml. The
sheet and the shared strings, which hold every cell, are streamed with lxml's C parser
hardened the same way — no entity resolution, no DTD loading, no network, no huge-tree
mode — because defusedxml's pure-Python tree builder costs seconds per 100,000 cells.
"""
import datetime as dt
import posixpath
import re

from defusedxml.ElementTree import fromstring
from lxml import etree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in number formats that are dates or times (ECMA-376 18.8.30, with the CJK ones).
DATE_FORMAT_IDS = set(range(14, 23)) | set(range(27, 37)) | {45, 46, 47} | set(range(50, 59))
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_COLUMN = re.compile(r"[A-Z]+")
V = f"{MAIN}v"


def _is_date_format(code):
    code = _QUOTED.sub("", code or "").lower()
    return any(token in code for token in ("y", "d", "h", "s")) or ("m" in code and "0" not in code)


def _sheet_path(archive):
    """The archive path of the workbook's first sheet, and whether it counts from 1904."""
    book = fromstring(archive.read("xl/workbook.xml"))
    properties = book.find(f"{MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904") in ("1", "true")
    first = book.find(f"{MAIN}sheets/{MAIN}sheet")
    rel_id = first.get(f"{REL}id")
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            return path, first.get("name", ""), date1904
    raise KeyError(rel_id)


def _shared_strings(archive, names):
    if "xl/sharedStrings.xml" not in names:
        return []
    strings = []
    for _event, element in _iterparse(archive.open("xl/sharedStrings.xml"), f"{MAIN}si"):
        # <rPh> runs carry phonetic guides (furigana/pinyin); Excel does not show them as text
        phonetic = {id(t) for ph in element.iter(f"{MAIN}rPh") for t in ph.iter(f"{MAIN}t")}
        strings.append("".join(t.text or "" for t in element.iter(f"{MAIN}t") if id(t) not in phonetic))
        element.clear()
    return strings


def _iterparse(source, *tags):
    """lxml's streaming parser, hardened (see the module docstring)."""
    return etree.iterparse(source, events=("end",), tag=tags or None, resolve_entities=False, load_dtd=False,
                           no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)


def _date_styles(archive, names):
    """Indexes of the cell styles (cellXfs) whose number format is a date."""
    if "xl/styles.xml" not in names:
        return set()
    styles = fromstring(archive.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{MAIN}numFmt")}
    xfs = styles.find(f"{MAIN}cellXfs")
    dates = set()
    for index, xf in enumerate(xfs if xfs is not None else []):
        number_format = int(xf.get("numFmtId", "0"))
        if number_format in DATE_FORMAT_IDS or (number_format in custom and _is_date_format(custom[number_format])):
            dates.add(index)
    return dates


def _column_index(ref):
    letters = _COLUMN.match(ref).group(0)
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _number(text):
    number = float(text)
    return int(number) if number.is_integer() and "e" not in text.lower() and "." not in text else number


def _as_date(serial, date1904):
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    moment = epoch + dt.timedelta(seconds=round(float(serial) * 86400))  # to the second, as Excel shows it
    return moment.date() if moment.time() == dt.time(0) else moment


def read_first_sheet(archive):
    """(sheet title, rows) of the workbook's first sheet; rows are (row number, values)
    with empty rows left out."""
    names = set(archive.namelist())
    path, title, date1904 = _sheet_path(archive)
    strings = _shared_strings(archive, names)
    date_styles = _date_styles(archive, names)
    rows, values, row_number, next_row = [], [], 0, 1
    for _event, element in _iterparse(archive.open(path), f"{MAIN}c", f"{MAIN}row", f"{MAIN}sheetData"):
        tag = element.tag
        if tag == f"{MAIN}c":
            ref = element.get("r")
            column = _column_index(ref) if ref else len(values)
            value = _cell_value(element, strings, date_styles, date1904)
            if value is not None and value != "":
                values.extend([None] * (column - len(values)))
                values.append(value)
            element.clear()
        elif tag == f"{MAIN}row":
            row_number = int(element.get("r") or next_row)
            next_row = row_number + 1
            if values:
                rows.append((row_number, values))
            values = []
            element.clear()
            while element.getprevious() is not None:  # drop finished rows: constant memory
                del element.getparent()[0]
        elif tag == f"{MAIN}sheetData":
            break
    return title, rows


def _cell_value(cell, strings, date_styles, date1904):
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
    raw = cell.findtext(V)
    if raw is None:
        return None
    if kind == "s":
        return strings[int(raw)]
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw == "1"
    if kind == "d":
        return dt.datetime.fromisoformat(raw)
    if int(cell.get("s", "0")) in date_styles:
        return _as_date(raw, date1904)
    return _number(raw)
