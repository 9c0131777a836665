"""Speech to ledger through the API: extract candidates, accept them, never twice."""
import datetime as dt

import pytest

from tests.factories import MetricFactory, SourceDocumentFactory

pytestmark = pytest.mark.django_db

TEXT = "今年全市PM2.5年均浓度要控制在30微克/立方米以内，空气质量优良天数比例达到85%以上。2025年PM2.5平均浓度为32微克/立方米。"


@pytest.fixture
def document():
    MetricFactory(code="pm25", name="PM2.5年均浓度", unit="μg/m³", kind="period_mean", comparator="<=")
    return SourceDocumentFactory(full_text=TEXT, issued_on=dt.date(2026, 3, 2))


def test_supervisor_extracts_and_accepts_candidates_once(api, supervisor, city, document):
    client = api(supervisor)
    # when
    found = client.post(f"/api/v1/documents/{document.pk}/extract/").json()["candidates"]
    pm25 = next(c for c in found if c["kind"] == "target" and c["value"] == 30.0)
    assert TEXT[pm25["start"]:pm25["end"]] == pm25["sentence"]
    assert any(c["kind"] == "achievement" and c["value"] == 32.0 for c in found)
    row = {"start": pm25["start"], "end": pm25["end"], "title": "PM2.5年均浓度30", "metric": "pm25",
           "comparator": "<=", "value": "30", "unit": "μg/m³", "deadline": "2026-12-31",
           "lead_unit": city["county_a"].pk}
    first = client.post(f"/api/v1/documents/{document.pk}/accept/", {"candidates": [row]}, format="json")
    again = client.post(f"/api/v1/documents/{document.pk}/accept/", {"candidates": [row]}, format="json")
    # then
    assert first.status_code == 200 and len(first.json()["created"]) == 1
    assert again.json() == {"created": [], "skipped": first.json()["created"]}
    refreshed = client.post(f"/api/v1/documents/{document.pk}/extract/").json()["candidates"]
    assert next(c for c in refreshed if c["start"] == pm25["start"])["accepted_target_id"] == first.json()["created"][0]


def test_unit_staff_may_not_extract(api, staff_a, document):
    response = api(staff_a).post(f"/api/v1/documents/{document.pk}/extract/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["detail"]


def test_a_bad_row_writes_nothing(api, supervisor, city, document):
    from tracker.models import Target

    row = {"start": 0, "end": 5, "title": "x", "metric": "pm25", "comparator": "<=", "value": "30",
           "unit": "μg/m³", "deadline": "2026-12-31", "lead_unit": city["county_a"].pk}
    bad = {**row, "end": 10_000}
    response = api(supervisor).post(f"/api/v1/documents/{document.pk}/accept/", {"candidates": [row, bad]},
                                    format="json")
    assert response.status_code == 400
    assert not Target.objects.exists()
