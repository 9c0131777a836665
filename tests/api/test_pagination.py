"""Paging (api/pagination.py): ``next`` from one row more than the page, ``count`` exact up
to the cap and null beyond unless ``?count=exact``."""
import pytest

from api import pagination
from tests.factories import TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_targets(city):
    return [TargetFactory(lead_unit=city["county_a"]) for _ in range(5)]


def page(client, query):
    response = client.get(f"/api/v1/targets/?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def offsets_of(link):
    from urllib.parse import parse_qs, urlparse
    params = parse_qs(urlparse(link).query)
    return int(params["offset"][0]), int(params["limit"][0])


def test_count_is_exact_under_the_cap_and_next_walks_every_row(api, supervisor, five_targets):
    client = api(supervisor)
    seen, query = [], "limit=2"
    while True:
        body = page(client, query)
        assert body["count"] == 5
        seen += [row["id"] for row in body["results"]]
        if body["next"] is None:
            break
        offset, limit = offsets_of(body["next"])
        query = f"limit={limit}&offset={offset}"
    assert sorted(seen) == sorted(t.pk for t in five_targets)
    assert len(seen) == 5  # pages 2 + 2 + 1, no row twice


def test_a_page_that_ends_exactly_at_the_last_row_has_no_next(api, supervisor, five_targets):
    body = page(api(supervisor), "limit=5")
    assert (len(body["results"]), body["next"]) == (5, None)
    body = page(api(supervisor), "limit=4&offset=1")
    assert (len(body["results"]), body["next"]) == (4, None)


def test_beyond_the_cap_the_count_is_null_but_paging_still_works(api, supervisor, five_targets, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    client = api(supervisor)

    first = page(client, "limit=2")
    assert first["count"] is None
    assert offsets_of(first["next"]) == (2, 2)
    last = page(client, "limit=2&offset=4")
    assert (len(last["results"]), last["next"], last["count"]) == (1, None, None)


def test_at_the_cap_the_count_is_still_given(api, supervisor, five_targets, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    assert page(api(supervisor), "limit=2")["count"] == 5


def test_count_exact_counts_beyond_the_cap(api, supervisor, five_targets, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    assert page(api(supervisor), "limit=2&count=exact")["count"] == 5


def test_the_count_is_of_the_scope_and_filters(api, city, staff_a, five_targets):
    TargetFactory(lead_unit=city["county_b"])  # a sibling county's: not counted for staff_a
    body = page(api(staff_a), "limit=1")
    assert body["count"] == 5


@pytest.mark.parametrize("value", ["yes", "EXACT", "1", "exact "])
def test_any_other_count_value_is_a_bilingual_400(api, supervisor, value):
    zh = api(supervisor).get("/api/v1/targets/", {"count": value})
    en = api(supervisor).get("/api/v1/targets/", {"count": value}, HTTP_ACCEPT_LANGUAGE="en")
    assert (zh.status_code, en.status_code) == (400, 400)
    assert "exact" in zh.json()["count"][0] and "精确" in zh.json()["count"][0]
    assert en.json()["count"][0] == "count may only be exact (an exact count)."


def test_the_schema_says_the_count_may_be_null_and_offers_count_exact(api, supervisor):
    schema = api(supervisor).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    listed = schema["components"]["schemas"]["PaginatedTargetList"]["properties"]["count"]
    assert listed["nullable"] is True
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/targets/"]["get"]["parameters"]}
    assert parameters["count"]["schema"]["enum"] == ["exact"]
