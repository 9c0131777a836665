"""The permission matrix: each role against in-scope and out-of-scope records, for every
verb. Outside the read scope a record does not exist (404); visible but not writable is 403."""
import datetime as dt

import pytest

from tests.factories import (
    DisbursementFactory, FundAllocationFactory, ObservationFactory, ProjectFactory, RectificationItemFactory,
    SiteFactory, TargetFactory,
)
from tracker.models import Target

pytestmark = pytest.mark.django_db


def make_records(unit):
    """One record of each unit-scoped resource, led by ``unit``."""
    site = SiteFactory(unit=unit)
    allocation = FundAllocationFactory(unit=unit)
    return {
        "targets": TargetFactory(lead_unit=unit),
        "sites": site,
        "observations": ObservationFactory(site=site),
        "rectification-items": RectificationItemFactory(lead_unit=unit),
        "projects": ProjectFactory(lead_unit=unit),
        "fund-allocations": allocation,
        "disbursements": DisbursementFactory(allocation=allocation),
    }


RESOURCES = ["targets", "sites", "observations", "rectification-items", "projects", "fund-allocations",
             "disbursements"]

# role → (status of GET in own county, GET in other county, PATCH own, PATCH other)
MATRIX = {
    "staff_a": (200, 404, 200, 404),
    "supervisor": (200, 200, 200, 200),
    "leader": (200, 200, 403, 403),
}
# Sites are reference data: staff read their own county's, only supervisors write them.
REFERENCE_OVERRIDES = {("staff_a", "sites"): (200, 404, 403, 404)}


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", sorted(MATRIX))
def test_permission_matrix(request, api, city, resource, role):
    # given records in county A (staff_a's) and county B
    user = request.getfixturevalue(role)
    own, other = make_records(city["county_a"])[resource], make_records(city["county_b"])[resource]
    client = api(user)
    expected = REFERENCE_OVERRIDES.get((role, resource), MATRIX[role])

    # when / then: reading
    assert client.get(f"/api/v1/{resource}/{own.pk}/").status_code == expected[0]
    assert client.get(f"/api/v1/{resource}/{other.pk}/").status_code == expected[1]
    # when / then: writing (a harmless PATCH with a valid If-Match)
    for obj, status in ((own, expected[2]), (other, expected[3])):
        response = client.patch(f"/api/v1/{resource}/{obj.pk}/", {}, format="json", HTTP_IF_MATCH="*")
        assert response.status_code == status, (resource, role, response.json())


@pytest.mark.parametrize("resource", RESOURCES)
def test_staff_list_shows_only_their_subtree(api, city, staff_a, resource):
    # given one record in each county and one in a town under county A
    own = make_records(city["county_a"])[resource]
    town = make_records(city["town_a"])[resource]
    make_records(city["county_b"])

    # when
    response = api(staff_a).get(f"/api/v1/{resource}/")

    # then
    assert {row["id"] for row in response.json()["results"]} == {own.pk, town.pk}


def test_staff_cannot_create_a_target_for_another_county(api, city, staff_a):
    # given a valid target led by county B
    target = TargetFactory.build(lead_unit=city["county_b"])
    payload = {
        "code": "T-new", "title": "新目标", "metric": TargetFactory(lead_unit=city["county_a"]).metric.pk,
        "kind": target.kind, "comparator": target.comparator, "target_value": "35", "unit": "μg/m³",
        "period_start": "2026-01-01", "period_end": "2026-12-31", "deadline": "2026-12-31",
        "lead_unit": city["county_b"].pk,
    }

    # when
    response = api(staff_a).post("/api/v1/targets/", payload, format="json")
    missing = api(staff_a).post("/api/v1/targets/", {**payload, "lead_unit": 10**6}, format="json")

    # then: refused as if county B did not exist, and nothing written
    assert response.status_code == missing.status_code == 400
    assert response.json() == missing.json()
    assert not Target.objects.filter(code="T-new").exists()

    # and for their own county it works
    payload["lead_unit"] = city["county_a"].pk
    assert api(staff_a).post("/api/v1/targets/", payload, format="json").status_code == 201


def test_staff_cannot_move_their_target_to_another_county(api, city, staff_a):
    # given
    target = TargetFactory(lead_unit=city["county_a"])

    # when
    response = api(staff_a).patch(f"/api/v1/targets/{target.pk}/", {"lead_unit": city["county_b"].pk},
                                  format="json", HTTP_IF_MATCH="*")

    # then: county B is not a unit staff A can name
    assert response.status_code == 400 and "lead_unit" in response.json()
    target.refresh_from_db()
    assert target.lead_unit == city["county_a"]


def test_cooperating_staff_read_but_do_not_write(api, city, staff_a):
    # given a county-B target on which county A co-operates
    target = TargetFactory(lead_unit=city["county_b"])
    target.co_units.add(city["county_a"])
    client = api(staff_a)

    # then
    assert client.get(f"/api/v1/targets/{target.pk}/").status_code == 200
    assert client.patch(f"/api/v1/targets/{target.pk}/", {}, format="json", HTTP_IF_MATCH="*").status_code == 403


def test_anonymous_requests_are_refused(client, city):
    assert client.get("/api/v1/targets/").status_code in (401, 403)


def test_delete_soft_deletes_and_hides_the_record(api, city, supervisor):
    # given
    target = TargetFactory(lead_unit=city["county_a"])
    client = api(supervisor)

    # when
    response = client.delete(f"/api/v1/targets/{target.pk}/", HTTP_IF_MATCH="*")

    # then: gone from the API, kept in the table with deleted_at
    assert response.status_code == 204
    assert client.get(f"/api/v1/targets/{target.pk}/").status_code == 404
    assert Target.all_objects.get(pk=target.pk).deleted_at is not None


def test_reference_data_is_readable_by_staff_but_not_writable(api, city, staff_a):
    # given
    round_ = RectificationItemFactory(lead_unit=city["county_a"]).round
    client = api(staff_a)

    # then
    assert client.get(f"/api/v1/inspection-rounds/{round_.pk}/").status_code == 200
    response = client.patch(f"/api/v1/inspection-rounds/{round_.pk}/", {"name": "x"}, format="json",
                            HTTP_IF_MATCH="*")
    assert response.status_code == 403


def test_leader_cannot_create(api, city, leader):
    response = api(leader).post("/api/v1/sites/", {"code": "s-x", "name": "站", "kind": "air_station",
                                                   "unit": city["county_a"].pk}, format="json")
    assert response.status_code == 403


def test_out_of_scope_error_is_in_the_clients_language(api, city, staff_a):
    # given a county-B target
    target = TargetFactory(lead_unit=city["county_b"])
    client = api(staff_a)

    # when
    zh = client.get(f"/api/v1/targets/{target.pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN").json()["detail"]
    en = client.get(f"/api/v1/targets/{target.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]

    # then
    assert zh != en
    assert "found" in en.lower()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)


def test_deadline_range_and_unit_subtree_filters(api, city, supervisor):
    # given
    early = TargetFactory(lead_unit=city["town_a"], deadline=dt.date(2026, 3, 31))
    TargetFactory(lead_unit=city["county_a"], deadline=dt.date(2026, 12, 31))
    TargetFactory(lead_unit=city["county_b"], deadline=dt.date(2026, 3, 31))

    # when
    response = api(supervisor).get("/api/v1/targets/", {"unit": city["county_a"].pk,
                                                        "deadline_before": "2026-06-30"})

    # then
    assert [row["id"] for row in response.json()["results"]] == [early.pk]
