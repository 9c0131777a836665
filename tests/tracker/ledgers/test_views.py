"""The ledger pages as each role sees them: upload → mapping → preview → confirm,
exports and templates."""
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import RectificationItemFactory
from tracker.models import LedgerColumnMapping, RectificationItem

from .builders import ITEM_HEADINGS, xlsx

pytestmark = pytest.mark.django_db


def _upload(client, data, name="台账.xlsx", **fields):
    body = {"kind": "items", "file": SimpleUploadedFile(name, data), **fields}
    return client.post(reverse("ledgers:home"), body)


def test_a_supervisor_previews_commits_and_reimports_with_nothing_changed(client, city, supervisor, provincial_round):
    # given a supervisor with a feedback list
    client.force_login(supervisor)
    data = xlsx([ITEM_HEADINGS, [1, "扬尘管控不到位", "甲县", "2022年6月30日", "落实", "", "否"],
                 [2, "污水直排", "乙县", "9月底", "截污", "", "否"]])
    # when they upload it, then the preview lists every row and nothing is written yet
    response = _upload(client, data, round=provincial_round.pk)
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert preview.content.decode().count("outcome-created") == 2 and RectificationItem.objects.count() == 0
    # when they confirm, then the items exist
    done = client.post(response["Location"], {"action": "commit"})
    assert "已导入" in done.content.decode() and RectificationItem.objects.count() == 2
    # and uploading the same file again previews every row as unchanged
    again = client.get(_upload(client, data, round=provincial_round.pk)["Location"])
    assert again.content.decode().count("outcome-unchanged") == 2


def test_a_preview_with_errors_cannot_be_confirmed_and_shows_both_languages(client, city, supervisor, provincial_round):
    client.force_login(supervisor)
    data = xlsx([ITEM_HEADINGS, [1, "扬尘", "丙县", "2022-06-30", "", "", ""]])
    page = client.get(_upload(client, data, round=provincial_round.pk)["Location"]).content.decode()
    assert "outcome-error" in page and "丙县" in page and "No unit named" in page
    assert 'value="commit"' not in page


def test_the_mapping_step_fixes_an_unknown_column_and_remembers_it(client, city, staff_a, provincial_round):
    # given a list whose unit column has a heading the import does not know
    client.force_login(staff_a)
    data = xlsx([["序号", "问题", "整改主体", "整改时限"], [1, "扬尘", "甲县", "2022-06-30"]])
    location = _upload(client, data, round=provincial_round.pk)["Location"]
    page = client.get(location).content.decode()
    assert "表头映射" in page and "整改主体" in page
    # when the user maps it to the responsible unit
    headings = ["序号", "问题", "整改主体", "整改时限"]
    client.post(location, {"action": "map", "headings": headings, "col_2": "lead_unit", "col_0": "number",
                           "col_1": "problem", "col_3": "deadline", "remember": "on"})
    # then the preview runs, and the choice is remembered for their unit
    assert "outcome-created" in client.get(location).content.decode()
    assert LedgerColumnMapping.objects.filter(unit=city["county_a"], header="整改主体", field="lead_unit").exists()


def test_a_refused_file_shows_why(client, city, supervisor, provincial_round):
    client.force_login(supervisor)
    page = client.get(_upload(client, xlsx([["序号"]]), name="台账.xlsm")["Location"]).content.decode()
    assert "宏" in page and RectificationItem.objects.count() == 0


def test_leaders_export_but_cannot_import(client, city, leader, provincial_round):
    client.force_login(leader)
    home = client.get(reverse("ledgers:home"))
    assert home.status_code == 200 and 'enctype="multipart/form-data"' not in home.content.decode()
    assert _upload(client, xlsx([ITEM_HEADINGS])).status_code == 403
    RectificationItemFactory(round=provincial_round, lead_unit=city["county_a"], deadline=dt.date(2022, 6, 30))
    response = client.get(reverse("ledgers:export", args=["items"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.max_row == 2 and sheet["A1"].value == "督察轮次"


def test_anonymous_users_are_sent_to_sign_in(client, db):
    assert client.get(reverse("ledgers:home")).status_code == 302
    assert client.get(reverse("ledgers:export", args=["items"])).status_code == 302


def test_templates_and_csv_exports_download(client, supervisor, city):
    client.force_login(supervisor)
    template = client.get(reverse("ledgers:template", args=["disbursements"]))
    assert load_workbook(io.BytesIO(template.content)).worksheets[0]["A1"].value == "资金编码*"
    exported = client.get(reverse("ledgers:export", args=["flags"]), {"format": "csv"})
    assert exported.content.startswith("\ufeff预警等级".encode())
    assert client.get(reverse("ledgers:export", args=["items"]), {"deadline_after": "x"}).status_code == 400


def test_an_oversized_upload_is_refused_before_it_is_stored(client, supervisor, settings, tmp_path):
    settings.LEDGER_MAX_UPLOAD_BYTES = 100
    settings.MEDIA_ROOT = tmp_path
    client.force_login(supervisor)
    response = _upload(client, b"x" * 200, name="big.csv")
    assert response.status_code == 200 and "MB" in response.content.decode()
    assert not (tmp_path / "ledger-uploads").exists()
