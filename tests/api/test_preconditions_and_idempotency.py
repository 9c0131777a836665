"""ETag/If-Match for updates (428 without, 412 when stale) and Idempotency-Key for POSTs
(replay, 422 for a different body, 409 while in flight, 24-hour retention)."""
import datetime as dt
import json

import pytest
from django.test import RequestFactory
from django.utils import timezone

from api.idempotency import fingerprint
from api.models import ApiToken, IdempotencyKey
from rest_framework.test import APIClient
from tests.factories import RectificationItemFactory, TargetFactory
from tracker.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(city):
    return TargetFactory(lead_unit=city["county_a"])


def test_get_returns_an_etag_that_allows_the_update(api, target, supervisor):
    # given
    client = api(supervisor)
    etag = client.get(f"/api/v1/targets/{target.pk}/")["ETag"]

    # when
    response = client.patch(f"/api/v1/targets/{target.pk}/", {"title": "新名称"}, format="json", HTTP_IF_MATCH=etag)

    # then
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_update_without_if_match_is_428(api, target, supervisor):
    response = api(supervisor).patch(f"/api/v1/targets/{target.pk}/", {"title": "x"}, format="json",
                                     HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    target.refresh_from_db()
    assert target.title != "x"


def test_update_with_a_stale_etag_is_412(api, target, supervisor):
    # given two clients read the same version
    client = api(supervisor)
    etag = client.get(f"/api/v1/targets/{target.pk}/")["ETag"]
    assert client.patch(f"/api/v1/targets/{target.pk}/", {"title": "一"}, format="json",
                        HTTP_IF_MATCH=etag).status_code == 200

    # when the second writes with the old ETag
    response = client.patch(f"/api/v1/targets/{target.pk}/", {"title": "二"}, format="json", HTTP_IF_MATCH=etag)

    # then
    assert response.status_code == 412
    target.refresh_from_db()
    assert target.title == "一"


def test_delete_needs_a_matching_etag(api, target, supervisor):
    client = api(supervisor)
    assert client.delete(f"/api/v1/targets/{target.pk}/").status_code == 428
    assert client.delete(f"/api/v1/targets/{target.pk}/", HTTP_IF_MATCH='"stale"').status_code == 412
    etag = client.get(f"/api/v1/targets/{target.pk}/")["ETag"]
    assert client.delete(f"/api/v1/targets/{target.pk}/", HTTP_IF_MATCH=etag).status_code == 204


def site_payload(city, code="s-new"):
    return {"code": code, "name": "新站点", "kind": "air_station", "unit": city["county_a"].pk}


def test_retry_with_the_same_key_replays_the_first_response(api, city, supervisor):
    # given
    client = api(supervisor)
    first = client.post("/api/v1/sites/", site_payload(city), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    # when
    again = client.post("/api/v1/sites/", site_payload(city), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    # then: one site, same answer
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Site.objects.filter(code="s-new").count() == 1


def test_same_key_with_a_different_body_is_422(api, city, supervisor):
    client = api(supervisor)
    client.post("/api/v1/sites/", site_payload(city), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    response = client.post("/api/v1/sites/", site_payload(city, code="s-other"), format="json",
                           HTTP_IDEMPOTENCY_KEY="k-2")
    assert response.status_code == 422
    assert not Site.objects.filter(code="s-other").exists()


def test_same_key_while_the_first_is_in_flight_is_409(api, city, supervisor):
    # given a first request that has claimed the key and not finished
    token, key = ApiToken.issue(supervisor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = json.dumps(site_payload(city))
    raw = RequestFactory().post("/api/v1/sites/", body, content_type="application/json")
    IdempotencyKey.objects.create(user=supervisor, credential=f"token:{token.pk}", key="k-3", fingerprint=fingerprint(raw))

    # when
    response = client.post("/api/v1/sites/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-3")

    # then
    assert response.status_code == 409
    assert not Site.objects.filter(code="s-new").exists()


def test_keys_expire_after_24_hours(api, city, supervisor):
    # given a key used 25 hours ago
    client = api(supervisor)
    client.post("/api/v1/sites/", site_payload(city), format="json", HTTP_IDEMPOTENCY_KEY="k-4")
    IdempotencyKey.objects.filter(key="k-4").update(created_at=timezone.now() - dt.timedelta(hours=25))

    # when the key is reused for another body
    response = client.post("/api/v1/sites/", site_payload(city, code="s-later"), format="json",
                           HTTP_IDEMPOTENCY_KEY="k-4")

    # then it is a new request
    assert response.status_code == 201
    assert Site.objects.filter(code="s-later").exists()


def test_keys_are_per_user(api, city, supervisor):
    other_supervisor = type(supervisor).objects.create_user("sup2", password="x", role="supervisor")
    api(supervisor).post("/api/v1/sites/", site_payload(city), format="json", HTTP_IDEMPOTENCY_KEY="k-5")
    response = api(other_supervisor).post("/api/v1/sites/", site_payload(city, "s-2"), format="json",
                                          HTTP_IDEMPOTENCY_KEY="k-5")
    assert response.status_code == 201


def test_life_cycle_action_honours_if_match(api, city, supervisor):
    item = RectificationItemFactory(lead_unit=city["county_a"])
    response = api(supervisor).post(f"/api/v1/rectification-items/{item.pk}/sign-off/", HTTP_IF_MATCH='"old"')
    assert response.status_code == 412


def test_validation_error_writes_nothing_and_speaks_both_languages(api, city, supervisor):
    client = api(supervisor)
    bad = {"code": "s-bad", "name": "x", "kind": "volcano", "unit": city["county_a"].pk}
    en = client.post("/api/v1/sites/", bad, format="json", HTTP_ACCEPT_LANGUAGE="en").json()
    zh = client.post("/api/v1/sites/", bad, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert "kind" in en and en != zh
    assert not Site.objects.filter(code="s-bad").exists()
