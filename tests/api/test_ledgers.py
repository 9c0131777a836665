"""Ledger files through the API: POST /api/v1/imports/ and GET /api/v1/exports/<kind>/."""
import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.factories import InspectionRoundFactory, RectificationItemFactory
from tests.tracker.ledgers.builders import ITEM_HEADINGS, xlsx
from tracker.models import RectificationItem

pytestmark = pytest.mark.django_db
URL = "/api/v1/imports/"


@pytest.fixture
def round_(db):
    return InspectionRoundFactory(code="prov-2022", name="省级督察", year=2022)


def _post(client, data, name="台账.xlsx", **fields):
    body = {"file": SimpleUploadedFile(name, data), "kind": "items", "round": "prov-2022", **fields}
    return client.post(URL, body, format="multipart", HTTP_ACCEPT_LANGUAGE="en")


FILE = [ITEM_HEADINGS, [1, "扬尘", "甲县", "2022年6月30日", "", "", ""], [2, "污水", "乙县", "年底前", "", "", ""]]


def test_a_dry_run_answers_every_row_and_writes_nothing(api, city, supervisor, round_):
    response = _post(api(supervisor), xlsx(FILE))
    assert response.status_code == 200
    body = response.json()
    assert body["dry_run"] and not body["committed"] and body["counts"]["created"] == 2
    assert [row["row"] for row in body["rows"]] == [2, 3]
    assert RectificationItem.objects.count() == 0


def test_a_commit_writes_and_a_second_commit_changes_nothing(api, city, supervisor, round_):
    client = api(supervisor)
    assert _post(client, xlsx(FILE), dry_run="false").json()["committed"]
    again = _post(client, xlsx(FILE), dry_run="false").json()
    assert again["counts"] == {"created": 0, "updated": 0, "unchanged": 2, "error": 0}


def test_a_failed_commit_is_400_with_the_rows_and_writes_nothing(api, city, supervisor, round_):
    response = _post(api(supervisor), xlsx(FILE + [[3, "垃圾", "丙县", "2022-06-30", "", "", ""]]), dry_run="false")
    assert response.status_code == 400
    error = response.json()["rows"][2]
    assert error["outcome"] == "error" and error["column"] == "责任单位" and "No unit" in error["message"]
    assert RectificationItem.objects.count() == 0


def test_a_missing_column_asks_for_a_mapping_which_the_request_can_give(api, city, supervisor, round_):
    data = xlsx([["序号", "问题", "整改主体", "整改时限"], [1, "扬尘", "甲县", "2022-06-30"]])
    refused = _post(api(supervisor), data)
    assert refused.status_code == 400 and refused.json()["missing"] == ["lead_unit"]
    mapped = _post(api(supervisor), data, mapping=json.dumps({"整改主体": "lead_unit"}))
    assert mapped.status_code == 200 and mapped.json()["counts"]["created"] == 1


def test_refused_files_and_roles(api, city, supervisor, leader, round_):
    assert _post(api(supervisor), xlsx(FILE), name="台账.xlsm").status_code == 400
    assert "Macro" in _post(api(supervisor), xlsx(FILE), name="台账.xlsm").json()["file"][0]
    assert _post(api(leader), xlsx(FILE)).status_code == 403
    assert _post(api(supervisor, read_only=True), xlsx(FILE)).status_code == 403


def test_staff_rows_outside_their_units_are_refused(api, city, staff_a, round_):
    rows = _post(api(staff_a), xlsx(FILE)).json()["rows"]
    assert [row["outcome"] for row in rows] == ["created", "error"]


def test_exports_follow_scope_and_filters(api, city, staff_b, leader, round_):
    RectificationItemFactory(round=round_, number="1", lead_unit=city["county_a"], deadline=dt.date(2022, 6, 30))
    RectificationItemFactory(round=round_, number="2", lead_unit=city["county_b"], deadline=dt.date(2022, 9, 30))
    sheet = load_workbook(io.BytesIO(api(staff_b).get("/api/v1/exports/items/").content)).worksheets[0]
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == ["2"]
    csv = api(leader).get("/api/v1/exports/items/", {"format": "csv", "deadline_before": "2022-07-01"})
    assert csv.status_code == 200 and csv.content.decode("utf-8-sig").count("\r\n") == 2
    assert api(leader).get("/api/v1/exports/items/", {"deadline_before": "x"}).status_code == 400
    assert api(leader).get("/api/v1/exports/nothing/").status_code == 400


def test_an_oversized_upload_is_refused(api, supervisor, settings):
    settings.LEDGER_MAX_UPLOAD_BYTES = 100
    response = _post(api(supervisor), b"x" * 200, name="big.csv")
    assert response.status_code == 400 and "limit" in response.json()["file"][0]
