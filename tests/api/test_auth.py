"""Tokens: issued for a password, narrowed per token, revoked, throttled per token."""
import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from api.models import ApiToken
from tests.factories import TargetFactory

pytestmark = pytest.mark.django_db


def test_token_for_username_and_password(staff_a):
    # when
    response = APIClient().post("/api/v1/auth/token/", {"username": "staff-a", "password": "pw-123456"},
                                format="json")

    # then: the key works
    assert response.status_code == 201
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "staff-a" and me["role"] == "staff"


def test_wrong_password_gets_no_token(staff_a):
    response = APIClient().post("/api/v1/auth/token/", {"username": "staff-a", "password": "nope"},
                                format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (401, 403)
    assert "password" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_read_only_token_cannot_write(api, city, supervisor):
    # given a supervisor's read-only token
    target = TargetFactory(lead_unit=city["county_a"])
    client = api(supervisor, read_only=True)

    # then
    assert client.get(f"/api/v1/targets/{target.pk}/").status_code == 200
    response = client.patch(f"/api/v1/targets/{target.pk}/", {"title": "改"}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.title != "改"


def test_unit_limited_token_sees_only_that_subtree(api, city, supervisor):
    # given a supervisor's token limited to county A
    own = TargetFactory(lead_unit=city["town_a"])
    other = TargetFactory(lead_unit=city["county_b"])
    client = api(supervisor, unit=city["county_a"])

    # then
    ids = {row["id"] for row in client.get("/api/v1/targets/").json()["results"]}
    assert ids == {own.pk}
    assert client.get(f"/api/v1/targets/{other.pk}/").status_code == 404


def test_revoked_token_is_refused(city, staff_a):
    # given
    token, key = ApiToken.issue(staff_a)
    call_command("api_token", "revoke", str(token.pk), stdout=io.StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    # then
    assert client.get("/api/v1/targets/").status_code == 401


def test_management_command_creates_limited_token(city, staff_a):
    # when
    out = io.StringIO()
    call_command("api_token", "create", "staff-a", "--read-only", "--unit", "town-a", "--name", "bi", stdout=out,
                 stderr=io.StringIO())
    key = out.getvalue().strip()

    # then
    token = ApiToken.objects.get()
    assert token.read_only and token.unit == city["town_a"] and token.key_prefix == key[:8]
    listing = io.StringIO()
    call_command("api_token", "list", stdout=listing)
    assert "read-only,unit=town-a" in listing.getvalue()


def test_throttling_is_per_token(api, city, staff_a, monkeypatch):
    # given a budget of two requests per token
    monkeypatch.setenv("API_TOKEN_RATE", "2/hour")
    first, second = api(staff_a), api(staff_a)

    # when
    statuses = [first.get("/api/v1/sites/").status_code for _ in range(3)]

    # then: the third call of one token is throttled, another token is not
    assert statuses == [200, 200, 429]
    assert second.get("/api/v1/sites/").status_code == 200


def test_schema_and_swagger_ui_are_served_locally(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/rectification-items/{id}/sign-off/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn.jsdelivr" not in docs.content and b"drf_spectacular_sidecar" in docs.content
