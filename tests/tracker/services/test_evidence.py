"""Evidence files are judged by their bytes: the extension must be accepted and the content
must be what the extension says."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tracker.services.errors import ServiceError
from tracker.services.evidence import EVIDENCE_MAX_BYTES, check_evidence_file, sniff_file_kind

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
ZIP = b"PK\x03\x04\x14\x00\x06\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"


@pytest.mark.parametrize(("name", "data"), [
    ("监测报告.pdf", PDF), ("现场照片.JPG", JPEG), ("photo.jpeg", JPEG), ("截图.png", PNG),
    ("anim.gif", b"GIF89a\x01\x00"), ("pic.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 "),
    ("验收.docx", ZIP), ("台账.xlsx", ZIP), ("公文.ofd", ZIP), ("照片.zip", ZIP), ("旧版.doc", OLE),
    ("说明.txt", "整改完成情况说明".encode()), ("说明-gbk.txt", "整改完成情况说明".encode("gbk")),
])
def test_a_file_whose_content_matches_its_name_is_accepted(name, data):
    check_evidence_file(SimpleUploadedFile(name, data))


@pytest.mark.parametrize(("name", "data"), [
    ("report.pdf", EXE),                        # an executable renamed
    ("photo.jpg", b"<html><script>alert(1)</script>"),  # a web page renamed
    ("photo.jpg", PDF),                         # a real file, but not what the name says
    ("scan.png", JPEG),
    ("plan.docx", OLE),                         # the old format under the new name
    ("notes.txt", b"\x7fELF\x02\x01\x01\x00\x00"),
    ("notes.txt", b"#!/bin/sh\nrm -rf /\n"),
    ("page.txt", b"<svg onload=alert(1)>"),
])
def test_a_file_whose_content_differs_from_its_name_is_refused_in_both_languages(name, data):
    with pytest.raises(ServiceError) as refused:
        check_evidence_file(SimpleUploadedFile(name, data))
    assert "不符" in refused.value.zh and "as its name says" in refused.value.en
    assert refused.value.field == "evidence"


@pytest.mark.parametrize(("name", "data", "zh"), [
    ("run.exe", EXE, "不支持的文件类型"),
    ("page.html", b"<html>", "不支持的文件类型"),
    ("no-extension", PDF, "不支持的文件类型"),
    ("empty.pdf", b"", "文件为空"),
])
def test_names_outside_the_list_and_empty_files_are_refused(name, data, zh):
    with pytest.raises(ServiceError) as refused:
        check_evidence_file(SimpleUploadedFile(name, data))
    assert zh in refused.value.zh


def test_a_file_exactly_at_the_limit_is_accepted_and_one_byte_more_refused():
    at_limit = SimpleUploadedFile("big.pdf", PDF + b"0" * (EVIDENCE_MAX_BYTES - len(PDF)))
    check_evidence_file(at_limit)
    over = SimpleUploadedFile("big.pdf", PDF + b"0" * (EVIDENCE_MAX_BYTES - len(PDF) + 1))
    with pytest.raises(ServiceError) as refused:
        check_evidence_file(over)
    assert "20 MB" in refused.value.zh


def test_the_check_leaves_the_file_readable_from_the_start():
    upload = SimpleUploadedFile("监测报告.pdf", PDF)
    check_evidence_file(upload)
    assert upload.read() == PDF


def test_text_cut_in_the_middle_of_a_character_is_still_text():
    data = ("整" * 2000).encode()[:4096 - 1]  # the sniffed sample ends inside a three-byte character
    assert sniff_file_kind(data) == "text"
