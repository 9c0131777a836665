"""Lists: query count independent of page size, filters, ordering and search."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    DisbursementFactory, FundAllocationFactory, ObservationFactory, OrgUnitFactory, RectificationItemFactory,
    SiteFactory, TargetFactory,
)
from tracker.models import Evidence

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["results"])


def make_rows(resource, unit, n, co_unit):
    for _ in range(n):
        if resource == "targets":
            TargetFactory(lead_unit=unit).co_units.add(co_unit)
        elif resource == "rectification-items":
            RectificationItemFactory(lead_unit=unit).co_units.add(co_unit)
        elif resource == "observations":
            ObservationFactory(site=SiteFactory(unit=unit))
        elif resource == "fund-allocations":
            DisbursementFactory(allocation=FundAllocationFactory(unit=unit))


@pytest.mark.parametrize("resource", ["targets", "rectification-items", "observations", "fund-allocations"])
@pytest.mark.parametrize("role", ["staff_a", "supervisor"])
def test_list_query_count_does_not_grow_with_page_size(request, api, city, resource, role):
    # given 5 rows, then 50 rows
    client = api(request.getfixturevalue(role))
    client.get("/api/v1/me/")  # the token's first use writes last_used_at once; keep it out of the count
    make_rows(resource, city["county_a"], 5, city["town_a"])
    few, n_few = count_queries(client, f"/api/v1/{resource}/?limit=100")
    make_rows(resource, city["county_a"], 45, city["town_a"])

    # when
    many, n_many = count_queries(client, f"/api/v1/{resource}/?limit=100")

    # then
    assert (n_few, n_many) == (5, 50)
    assert many == few


def test_fund_allocation_shows_paid_and_execution_rate(api, city, supervisor):
    # given 1000 allocated, 250 paid
    allocation = FundAllocationFactory(unit=city["county_a"])
    DisbursementFactory(allocation=allocation, amount="100.00")
    DisbursementFactory(allocation=allocation, amount="150.00")

    # when
    row = api(supervisor).get(f"/api/v1/fund-allocations/{allocation.pk}/").json()

    # then
    assert row["paid"] == "250.00" and row["execution_rate"] == 25.0


def test_disbursement_beyond_the_allocation_is_refused(api, city, supervisor):
    allocation = FundAllocationFactory(unit=city["county_a"], amount="100.00")
    response = api(supervisor).post("/api/v1/disbursements/", {
        "allocation": allocation.pk, "paid_on": "2026-05-01", "amount": "100.01"}, format="json",
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "allocated" in response.json()["amount"][0]


def test_targets_filter_by_level_metric_and_search(api, city, supervisor):
    # given
    red = TargetFactory(lead_unit=city["county_a"], title="重污染天数")
    TargetFactory(lead_unit=city["county_a"], title="优良天数")
    type(red).objects.filter(pk=red.pk).update(level=3)
    client = api(supervisor)

    # then
    assert [r["id"] for r in client.get("/api/v1/targets/?level=3").json()["results"]] == [red.pk]
    assert [r["id"] for r in client.get("/api/v1/targets/?search=重污染").json()["results"]] == [red.pk]
    assert client.get("/api/v1/targets/?level=3").json()["results"][0]["colour"] == "red"
    assert client.get("/api/v1/targets/?metric=pm25").json()["count"] == 2
    assert client.get("/api/v1/targets/?metric=no2").json()["count"] == 0


def test_items_filter_by_state_and_ordering(api, city, supervisor):
    # given
    late = RectificationItemFactory(lead_unit=city["county_a"], deadline=dt.date(2026, 9, 1))
    early = RectificationItemFactory(lead_unit=city["county_a"], deadline=dt.date(2026, 2, 1))
    RectificationItemFactory(lead_unit=city["county_a"], state="in_progress")

    # when
    rows = api(supervisor).get("/api/v1/rectification-items/?state=assigned&ordering=deadline").json()["results"]

    # then
    assert [r["id"] for r in rows] == [early.pk, late.pk]


def test_updated_since_returns_only_later_changes(api, city, supervisor):
    # given two targets, one touched after a point in time
    first = TargetFactory(lead_unit=city["county_a"])
    second = TargetFactory(lead_unit=city["county_a"])
    type(first).objects.filter(pk=first.pk).update(updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    type(second).objects.filter(pk=second.pk).update(updated_at=dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc))

    # when
    rows = api(supervisor).get("/api/v1/targets/", {"updated_since": "2026-01-15T00:00:00Z"}).json()["results"]

    # then
    assert [r["id"] for r in rows] == [second.pk]


def test_bad_filter_value_is_a_400_in_english_and_chinese(api, city, supervisor):
    client = api(supervisor)
    en = client.get("/api/v1/targets/?deadline_before=tomorrow", HTTP_ACCEPT_LANGUAGE="en")
    zh = client.get("/api/v1/targets/?deadline_before=tomorrow", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert en.status_code == zh.status_code == 400
    assert en.json() != zh.json()


def test_a_list_row_equals_the_record_read_alone(api, city, supervisor):
    # given a target with co-operating units (one of them since deleted) and sites, and an item
    # with evidence (one piece deleted): the list prefetches these into plain lists
    target = TargetFactory(lead_unit=city["county_a"])
    gone = OrgUnitFactory(parent=city["county_b"])
    target.co_units.add(city["town_a"], city["county_b"], gone)
    gone.soft_delete()
    target.sites.add(SiteFactory(unit=city["county_a"]), SiteFactory(unit=city["town_a"]))
    item = RectificationItemFactory(lead_unit=city["county_a"])
    item.co_units.add(city["town_a"])
    Evidence.objects.create(item=item, file="evidence/a.jpg", description="现场照片")
    Evidence.objects.create(item=item, file="evidence/b.jpg", description="撤回").soft_delete()
    client = api(supervisor)

    rows = {}
    for resource, record in (("targets", target), ("rectification-items", item)):
        # when
        listed = {row["id"]: row for row in client.get(f"/api/v1/{resource}/?limit=100").json()["results"]}
        alone = client.get(f"/api/v1/{resource}/{record.pk}/").json()

        # then
        assert listed[record.pk] == alone
        rows[resource] = alone
    assert sorted(rows["targets"]["co_units"]) == sorted([city["town_a"].pk, city["county_b"].pk])
    assert len(rows["targets"]["sites"]) == 2
    assert rows["rectification-items"]["co_units"] == [city["town_a"].pk]
    assert [e["description"] for e in rows["rectification-items"]["evidence"]] == ["现场照片"]
