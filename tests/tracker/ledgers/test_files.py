"""The guards in front of the import: every refused file writes nothing and says why."""
import codecs
import io
import struct
import zipfile

import pytest

from tracker.ledgers.files import LedgerFileError, decode_csv, read_table
from tracker.ledgers.importer import import_ledger
from tracker.ledgers.kinds import Options
from tracker.models import RectificationItem

from .builders import ITEM_HEADINGS, csv_bytes, rewrite_xlsx, xlsx

GOOD_ROW = [1, "扬尘管控不到位", "甲县", "2022-06-30", "", "", ""]
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10) for i in range(1, 10))
    + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    b"<si><t>&lol9;</t></si></sst>"
)


def _refused(name, data):
    with pytest.raises(LedgerFileError) as refused:
        read_table(name, data)
    return refused.value


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"), ("gbk", "GB18030/GBK"), ("gb18030", "GB18030/GBK"),
    ("utf-16", "UTF-16"),
])
def test_csv_encodings_are_detected(encoding, expected):
    # given the same Chinese text saved in each encoding
    rows = [ITEM_HEADINGS, ["1", "城区建筑工地扬尘防治“六个百分之百”落实不到位", "东湖区", "2022年6月底", "", "", "否"]]
    # when it is decoded
    text, found = decode_csv(csv_bytes(rows, encoding))
    # then the encoding is named and the text is exactly what was written
    assert found == expected
    assert "城区建筑工地扬尘防治“六个百分之百”落实不到位" in text


def test_a_gbk_file_is_not_mistaken_for_utf8():
    # GBK bytes of common words are never valid UTF-8, so strict UTF-8 fails first
    data = "序号,问题\r\n1,污水直排\r\n".encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_csv(data)[0].startswith("序号,问题")


def test_a_bom_is_not_part_of_the_first_heading():
    table = read_table("a.csv", codecs.BOM_UTF8 + "序号,问题\r\n1,扬尘\r\n".encode())
    assert table.rows[0][1][0] == "序号"


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.LEDGER_MAX_UPLOAD_BYTES = 1000
    error = _refused("big.csv", b"a," * 600)
    assert "MB" in error.zh and "limit" in error.en


def test_a_zip_bomb_is_refused_before_parsing(settings):
    # given a workbook with a sheet that inflates far beyond the limit
    settings.LEDGER_MAX_UNZIPPED_BYTES = 1_000_000
    bomb = rewrite_xlsx(xlsx([["序号"]]), add={"xl/media/zeros.bin": b"\0" * 5_000_000})
    assert len(bomb) < 100_000  # compresses to almost nothing
    # when it is read, then it is refused as a zip bomb
    error = _refused("bomb.xlsx", bomb)
    assert "压缩炸弹" in error.zh and "zip bomb" in error.en


def _declare_size(data, name, size):
    """The archive with ``name``'s declared uncompressed size overwritten (local header
    and central directory), as a hand-made zip bomb would."""
    data = bytearray(data)
    encoded = name.encode()
    for signature, offset, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        position = data.find(signature)
        while position != -1:
            if data[position + name_at:position + name_at + len(encoded)] == encoded:
                data[position + offset:position + offset + 4] = struct.pack("<I", size)
            position = data.find(signature, position + 4)
    return bytes(data)


def test_a_zip_whose_declared_sizes_lie_is_refused(settings):
    # given a part that declares 10 bytes but inflates to 3 MB
    settings.LEDGER_MAX_UNZIPPED_BYTES = 1_000_000
    data = _declare_size(rewrite_xlsx(xlsx([["序号"]]), add={"xl/zeros.bin": b"\0" * 3_000_000}), "xl/zeros.bin", 10)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/zeros.bin").file_size == 10
    # when it is read, then it is refused (the real bytes are counted, the lie detected)
    error = _refused("lie.xlsx", data)
    assert error.field == "file"


def test_too_many_entries_are_refused(settings):
    settings.LEDGER_MAX_ZIP_ENTRIES = 50
    data = rewrite_xlsx(xlsx([["序号"]]), add={f"xl/extra/{i}.xml": b"<a/>" for i in range(60)})
    assert "过多" in _refused("many.xlsx", data).zh


def test_billion_laughs_inside_an_xlsx_is_refused():
    data = rewrite_xlsx(xlsx([["序号", "问题"], [1, "扬尘"]]), add={"xl/sharedStrings.xml": BILLION_LAUGHS})
    error = _refused("laughs.xlsx", data)
    assert "DTD" in error.zh and "DTD" in error.en


def test_an_xlsm_is_refused_by_name():
    assert "宏" in _refused("台账.xlsm", xlsx([["序号"]])).zh


def test_a_workbook_with_a_vba_project_is_refused_whatever_its_name():
    data = rewrite_xlsx(xlsx([["序号"]]), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0VBA"})
    assert "macros" in _refused("台账.xlsx", data).en


def test_a_macro_enabled_content_type_is_refused():
    book = xlsx([["序号"]])
    types = zipfile.ZipFile(io.BytesIO(book)).read("[Content_Types].xml").replace(
        b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
    assert "宏" in _refused("台账.xlsx", rewrite_xlsx(book, replace={"[Content_Types].xml": types})).zh


@pytest.mark.parametrize("name, data", [
    ("台账.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
    ("台账.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
    ("台账.csv", xlsx([["序号"]])),
    ("台账.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
])
def test_a_renamed_binary_is_refused(name, data):
    error = _refused(name, data)
    assert error.field == "file" and error.zh and error.en


def test_a_plain_zip_renamed_xlsx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "workbook" in _refused("台账.xlsx", out.getvalue()).en


def test_old_xls_and_other_extensions_are_refused():
    assert ".xlsx" in _refused("台账.xls", b"\xd0\xcf\x11\xe0").zh
    assert ".csv" in _refused("台账.pdf", b"%PDF-1.4").en


@pytest.mark.django_db
@pytest.mark.parametrize("name, make", [
    ("bomb.xlsx", lambda: rewrite_xlsx(xlsx([ITEM_HEADINGS, GOOD_ROW]), add={"xl/z.bin": b"\0" * 5_000_000})),
    ("laughs.xlsx", lambda: rewrite_xlsx(xlsx([ITEM_HEADINGS, GOOD_ROW]), add={"xl/sharedStrings.xml": BILLION_LAUGHS})),
    ("台账.xlsm", lambda: xlsx([ITEM_HEADINGS, GOOD_ROW])),
    ("台账.csv", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
])
def test_a_refused_file_writes_nothing(name, make, city, supervisor, provincial_round, settings):
    settings.LEDGER_MAX_UNZIPPED_BYTES = 1_000_000
    with pytest.raises(LedgerFileError):
        import_ledger(name, make(), "items", supervisor, dry_run=False, options=Options(round="prov-2022"))
    assert RectificationItem.objects.count() == 0
