"""The rectification life cycle through the API: report completion with evidence, sign
off, look-back with rebound; and acknowledging a flag."""
import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import RectificationItemFactory, TargetFactory
from tracker.models import Evidence, Flag, FlagEvent, RectificationItem

pytestmark = pytest.mark.django_db


def photo(name="after.jpg"):
    return SimpleUploadedFile(name, b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")


@pytest.fixture
def item(city):
    return RectificationItemFactory(lead_unit=city["county_a"], state=RectificationItem.State.IN_PROGRESS)


def url(item, action):
    return f"/api/v1/rectification-items/{item.pk}/{action}/"


def report(client, item):
    return client.post(url(item, "report-completion"), {"note": "已完成整改", "evidence": [photo()]},
                       format="multipart")


def test_staff_report_completion_with_evidence(api, item, staff_a):
    # when
    response = report(api(staff_a), item)

    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "reported" and body["completion_note"] == "已完成整改"
    assert len(body["evidence"]) == 1
    assert Evidence.objects.filter(item=item).count() == 1


def test_report_completion_without_evidence_is_refused(api, item, staff_a):
    # when
    response = api(staff_a).post(url(item, "report-completion"), {"note": "done"}, format="json",
                                 HTTP_ACCEPT_LANGUAGE="en")

    # then
    assert response.status_code == 400
    assert "evidence" in response.json()
    item.refresh_from_db()
    assert item.state == "in_progress"


def test_only_supervisors_sign_off(api, item, staff_a, supervisor):
    # given completion reported
    report(api(staff_a), item)

    # when staff try
    refused = api(staff_a).post(url(item, "sign-off"))

    # then
    assert refused.status_code == 403
    signed = api(supervisor).post(url(item, "sign-off"))
    assert signed.status_code == 200
    body = signed.json()
    assert body["state"] == "signed_off" and body["signed_off_by"] == supervisor.pk
    expected_due = timezone.localdate() + dt.timedelta(days=item.round.lookback_after_days)
    assert body["lookback_due"] == expected_due.isoformat()


def test_sign_off_of_an_unreported_item_is_a_conflict(api, item, supervisor):
    response = api(supervisor).post(url(item, "sign-off"))
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.state == "in_progress"


def test_lookback_rebound_reopens_with_new_deadline(api, item, staff_a, supervisor):
    # given a signed-off item
    report(api(staff_a), item)
    api(supervisor).post(url(item, "sign-off"))
    new_deadline = timezone.localdate() + dt.timedelta(days=60)

    # when the look-back finds a rebound
    response = api(supervisor).post(url(item, "lookback"), {"rebounded": True, "new_deadline": new_deadline},
                                    format="json")

    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "in_progress"
    assert body["deadline"] == new_deadline.isoformat()
    assert body["rebound_count"] == 1
    assert body["lookback_done_at"] is not None
    assert item.history.filter(state="signed_off").exists()


def test_lookback_holding_keeps_the_item_closed(api, item, staff_a, supervisor):
    report(api(staff_a), item)
    api(supervisor).post(url(item, "sign-off"))
    body = api(supervisor).post(url(item, "lookback"), {"rebounded": False}, format="json").json()
    assert body["state"] == "signed_off" and body["rebound_count"] == 0 and body["lookback_done_at"]


def test_rebound_without_new_deadline_is_refused(api, item, staff_a, supervisor):
    report(api(staff_a), item)
    api(supervisor).post(url(item, "sign-off"))
    response = api(supervisor).post(url(item, "lookback"), {"rebounded": True}, format="json",
                                    HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "新的整改时限" in response.json()["new_deadline"][0]
    item.refresh_from_db()
    assert item.state == "signed_off" and item.rebound_count == 0


def test_other_county_staff_cannot_find_the_item(api, item, staff_b):
    assert report(api(staff_b), item).status_code == 404
    assert not Evidence.objects.exists()


def test_life_cycle_fields_are_not_writable_directly(api, item, staff_a):
    response = api(staff_a).patch(f"/api/v1/rectification-items/{item.pk}/", {"state": "signed_off"},
                                  format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.state == "in_progress"


@pytest.fixture
def flag(city):
    target = TargetFactory(lead_unit=city["county_a"])
    return Flag.objects.create(subject_type=ContentType.objects.get_for_model(target), subject_id=target.pk,
                               cause="behind_path", unit=city["county_a"], level=1)


def test_unit_acknowledges_a_flag(api, flag, staff_a):
    # when
    response = api(staff_a).post(f"/api/v1/flags/{flag.pk}/acknowledge/", {"response": "已部署专项整治"},
                                 format="json")

    # then
    assert response.status_code == 200
    assert response.json()["acknowledged_by"] == staff_a.pk
    assert FlagEvent.objects.filter(flag=flag, event="acknowledged", actor=staff_a).count() == 1


def test_flag_acknowledge_needs_a_response_and_scope(api, flag, staff_a, staff_b, leader):
    assert api(staff_a).post(f"/api/v1/flags/{flag.pk}/acknowledge/", {"response": ""},
                             format="json").status_code == 400
    assert api(staff_b).post(f"/api/v1/flags/{flag.pk}/acknowledge/", {"response": "x"},
                             format="json").status_code == 404
    assert api(leader).post(f"/api/v1/flags/{flag.pk}/acknowledge/", {"response": "x"},
                            format="json").status_code == 403
    assert not FlagEvent.objects.exists()
