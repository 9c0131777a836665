"""The schema as a client reads it (issue 14, "Also"): served to the project's own tokens,
If-Match required where the server requires it, every operation's error statuses listed,
real codes matching their pattern, ``paid`` in a new allocation; throttle counters shared
through Redis when REDIS_URL is set."""
import os
import re
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache

from config.settings import cache_settings
from tests.factories import TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api, supervisor):
    response = api(supervisor).get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_accepts_the_projects_own_tokens(api, staff_a):
    assert api(staff_a).get("/api/schema/").status_code == 200


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_if_match_is_required_on_updates_and_deletes(schema, method):
    operation = schema["paths"]["/api/v1/targets/{id}/"][method]
    if_match = [p for p in operation["parameters"] if p["name"] == "If-Match"]
    assert if_match and if_match[0]["required"] is True
    assert {"412", "428"} <= set(operation["responses"])


def test_every_operation_lists_its_error_statuses(schema):
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/"):
            continue  # the schema's own endpoint
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert "400" in statuses and "429" in statuses, (method, path)
            if "{" in path:
                assert "404" in statuses, (method, path)
            if method in ("post", "put", "patch", "delete"):
                assert "403" in statuses or path == "/api/v1/auth/token/", (method, path)


def test_real_codes_match_the_code_pattern(schema):
    pattern = schema["components"]["schemas"]["Target"]["properties"]["code"]["pattern"]
    for code in ("FOREST-COVER-33.5", "WATER-GOOD-UP3.4", "AIR-PM25-ANNUAL", "T-0001"):
        assert re.search(pattern, code), code


def test_a_new_allocation_shows_what_is_paid(api, city, supervisor):
    response = api(supervisor).post("/api/v1/fund-allocations/", {
        "code": "F-1", "unit": city["county_a"].pk, "source": "central", "year": 2026, "amount": "100.00",
        "allocated_on": "2026-03-01", "execution_deadline": "2026-12-31"}, format="json")
    assert response.status_code == 201
    assert response.json()["paid"] == "0.00" and response.json()["execution_rate"] == 0.0


def test_an_update_answers_with_the_record_as_get_shows_it(api, city, supervisor):
    target = TargetFactory(lead_unit=city["county_a"])
    client = api(supervisor)
    patched = client.patch(f"/api/v1/targets/{target.pk}/", {"title": "新"}, format="json", HTTP_IF_MATCH="*")
    fetched = client.get(f"/api/v1/targets/{target.pk}/")
    assert patched.json() == fetched.json() and patched["ETag"] == fetched["ETag"]


def test_throttle_counters_use_redis_when_redis_url_is_set():
    assert cache_settings("redis://127.0.0.1:6379/3")["default"]["BACKEND"].endswith("RedisCache")
    assert cache_settings("")["default"]["BACKEND"].endswith("LocMemCache")


@pytest.mark.integration
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_two_processes_share_one_throttle_budget_through_redis():
    # given two caches built from the production settings, as two web processes would
    options = {**cache_settings(os.environ["REDIS_URL"])["default"], "KEY_PREFIX": f"t-{uuid.uuid4().hex}"}
    first, second = (RedisCache(options["LOCATION"], options) for _ in range(2))

    # when one records a request
    first.set("throttle_token_token-1", [1.0, 2.0], 60)

    # then the other sees it
    assert second.get("throttle_token_token-1") == [1.0, 2.0]
    first.delete("throttle_token_token-1")
