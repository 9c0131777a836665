"""Reading an uploaded ledger file safely: size limit, file type sniffed from the bytes
(never trusted from the name), zip-bomb checks before any parsing, no DTDs (so no
billion-laughs), no macros; then the cells as plain rows.

``.xlsx`` is a zip of XML parts. Before any XML is parsed we count its entries, stream
every part through the decompressor counting the real bytes (the sizes a zip declares
can lie) and refuse any part that declares a DTD or entities. ``.xlsm``/``.xltm`` and any workbook holding a VBA project are refused.
The first sheet is then streamed with defusedxml (``sheets``).
CSV is decoded as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (a superset of
GBK, what Chinese Excel writes by default), in that order, each strictly.
"""
import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings

from tracker.services.errors import ServiceError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) container
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam", ".xlsb")
DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def limit(name, default):
    return getattr(settings, name, default)


class LedgerFileError(ServiceError):
    """The file was refused before any row was read; nothing is written."""


@dataclass
class Table:
    """The cells of one sheet: ``rows`` are (spreadsheet row number, values)."""

    rows: list
    sheet: str = ""
    format: str = ""
    encoding: str = ""
    notes: list = field(default_factory=list)


def check_size(size):
    """Refuse a file over the size limit (callers with an upload check before reading it)."""
    max_bytes = limit("LEDGER_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    if size > max_bytes:
        raise LedgerFileError(f"文件超过 {max_bytes // (1024 * 1024)} MB 上限。",
                              f"The file is larger than the {max_bytes // (1024 * 1024)} MB limit.", field="file")


def read_table(name, data):
    """The rows of an uploaded ledger (``name`` is the uploaded file name, ``data`` its
    bytes), or ``LedgerFileError`` saying why the file is refused."""
    check_size(len(data))
    if not data:
        raise LedgerFileError("文件是空的。", "The file is empty.", field="file")
    lower = (name or "").lower()
    if lower.endswith(MACRO_EXTENSIONS):
        raise LedgerFileError("不接受含宏或二进制格式的工作簿（.xlsm/.xlsb 等），请另存为 .xlsx。",
                              "Macro-enabled or binary workbooks (.xlsm, .xlsb …) are refused; save as .xlsx.",
                              field="file")
    if lower.endswith(".xlsx"):
        if not data.startswith(ZIP_MAGIC):
            raise _not_what_it_says("xlsx", data)
        return _read_xlsx(data)
    if lower.endswith((".csv", ".txt")):
        if data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC):
            raise _not_what_it_says("csv", data)
        return _read_csv(data)
    if lower.endswith(".xls"):
        raise LedgerFileError("不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx。",
                              "The old .xls format is not supported; save the file as .xlsx in Excel.", field="file")
    raise LedgerFileError("只接受 .xlsx 或 .csv 文件。", "Only .xlsx and .csv files are accepted.", field="file")


def _not_what_it_says(extension, data):
    found = "zip" if data.startswith(ZIP_MAGIC) else "xls" if data.startswith(OLE_MAGIC) else "binary"
    return LedgerFileError(f"文件内容与扩展名 .{extension} 不符（实际为 {found}），已拒收。",
                           f"The file's content does not match its .{extension} extension (it is {found}); refused.",
                           field="file")


# --- xlsx ------------------------------------------------------------------------------------
def check_workbook_archive(data):
    """Refuse a zip that is not a plain workbook, before parsing any of it: too many
    entries, more uncompressed bytes than allowed (counted while inflating), a DTD or
    entity declaration in any XML part, a VBA project or a macro-enabled content type.
    Returns the open ``ZipFile``."""
    max_entries = limit("LEDGER_MAX_ZIP_ENTRIES", 1000)
    max_unzipped = limit("LEDGER_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise LedgerFileError("文件不是有效的 .xlsx 工作簿（压缩包已损坏）。",
                              "The file is not a valid .xlsx workbook (damaged archive).", field="file") from None
    if len(entries) > max_entries:
        raise LedgerFileError(f"工作簿内部文件过多（{len(entries)} 个，上限 {max_entries}），疑似压缩炸弹，已拒收。",
                              f"The workbook holds too many parts ({len(entries)}, limit {max_entries}); "
                              "refused as a possible zip bomb.", field="file")
    names = {entry.filename.lower() for entry in entries}
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        raise LedgerFileError("压缩包不是 Excel 工作簿（缺少 xl/workbook.xml）。",
                              "The archive is not an Excel workbook (no xl/workbook.xml).", field="file")
    if any(name.endswith("vbaproject.bin") for name in names):
        raise _macros()
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise LedgerFileError("工作簿已加密，请取消密码后再导入。",
                                  "The workbook is encrypted; remove the password first.", field="file")
        tail = b""
        try:
            with archive.open(entry) as part:
                while chunk := part.read(64 * 1024):
                    total += len(chunk)
                    if total > max_unzipped:
                        raise LedgerFileError(
                            f"工作簿解压后超过 {max_unzipped // (1024 * 1024)} MB，疑似压缩炸弹，已拒收。",
                            f"The workbook inflates to more than {max_unzipped // (1024 * 1024)} MB; "
                            "refused as a possible zip bomb.", field="file")
                    if DTD.search(tail + chunk):
                        raise LedgerFileError("工作簿的 XML 含有 DTD/实体声明，已拒收。",
                                              "The workbook's XML declares a DTD or entities; refused.", field="file")
                    if entry.filename == "[Content_Types].xml" and b"macroenabled" in (tail + chunk).lower():
                        raise _macros()
                    tail = chunk[-32:]
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
            if isinstance(error, LedgerFileError):
                raise
            raise LedgerFileError("工作簿压缩包损坏，无法读取。", "The workbook archive is damaged.",
                                  field="file") from None
    return archive


def _macros():
    return LedgerFileError("工作簿含有宏（VBA），已拒收；请另存为不含宏的 .xlsx。",
                           "The workbook contains macros (VBA); refused. Save it as a macro-free .xlsx.", field="file")


def _read_xlsx(data):
    from .sheets import read_first_sheet

    archive = check_workbook_archive(data)
    try:
        title, rows = read_first_sheet(archive)
    except LedgerFileError:
        raise
    except Exception:  # noqa: BLE001 — a damaged or hand-made part: refuse the file, whatever broke
        raise LedgerFileError("无法读取该 .xlsx 工作簿。", "The .xlsx workbook cannot be read.", field="file") from None
    return Table(rows=rows, sheet=title, format="xlsx")


# --- csv -------------------------------------------------------------------------------------
def decode_csv(data):
    """(text, encoding name) of CSV bytes, decoded strictly in the order the module
    docstring gives; a file none of them decodes, or holding NUL bytes, is refused."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, {"utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8", "utf-16": "UTF-16", "gb18030": "GB18030/GBK"}[encoding]
    raise LedgerFileError("无法识别 CSV 文件的编码（支持 UTF-8、GBK/GB18030），或文件不是文本。",
                          "The CSV's encoding is not recognised (UTF-8 or GBK/GB18030 expected), or it is not text.",
                          field="file")


def _read_csv(data):
    text, encoding = decode_csv(data)
    sample = text[:8192]
    delimiter = max(",\t;", key=sample.count) if any(c in sample for c in ",\t;") else ","
    rows = []
    for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        if any(value.strip() for value in values):
            rows.append((number, values))
    return Table(rows=rows, format="csv", encoding=encoding)
