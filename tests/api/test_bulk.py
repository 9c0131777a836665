"""Bulk upserts: one transaction, a {created, updated, unchanged, errors} summary,
all-or-nothing unless ?partial=true, ?dry_run=true writes nothing, history is kept."""
import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import (
    InspectionRoundFactory, MetricFactory, ObservationFactory, RectificationItemFactory, SiteFactory, TargetFactory,
)
from tracker.models import Observation, RectificationItem

pytestmark = pytest.mark.django_db

URL = "/api/v1/observations/bulk/"


@pytest.fixture
def site_a(city):
    return SiteFactory(code="st-a", unit=city["county_a"])


@pytest.fixture
def site_b(city):
    return SiteFactory(code="st-b", unit=city["county_b"])


def row(site="st-a", day="2026-05-01", value="31.5", **extra):
    return {"site": site, "metric": "pm25", "observed_on": day, "value": value, **extra}


def test_creates_updates_and_counts_unchanged(api, site_a, staff_a):
    # given one existing reading that will change and one that will not
    metric = MetricFactory()
    ObservationFactory(site=site_a, metric=metric, observed_on=dt.date(2026, 5, 1), value=Decimal("30"))
    ObservationFactory(site=site_a, metric=metric, observed_on=dt.date(2026, 5, 2), value=Decimal("28"))

    # when
    response = api(staff_a).post(URL, [row(value="31.5"), row(day="2026-05-02", value="28"),
                                       row(day="2026-05-03", value="40")], format="json")

    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["created"], body["updated"], body["unchanged"], body["errors"]) == (1, 1, 1, [])
    updated = Observation.objects.get(site=site_a, observed_on=dt.date(2026, 5, 1))
    assert updated.value == Decimal("31.5") and updated.source == "api" and updated.reported_by == staff_a
    assert updated.history.count() == 2  # created + updated: the history is kept


def test_one_bad_row_rolls_back_the_whole_batch(api, site_a, staff_a):
    # given
    MetricFactory()

    # when
    response = api(staff_a).post(URL, [row(), row(day="2026-13-01")], format="json", HTTP_ACCEPT_LANGUAGE="en")

    # then
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [{"index": 1, "field": "observed_on", "message": "observed_on must be a YYYY-MM-DD date."}]
    assert body["committed"] is False
    assert not Observation.objects.exists()


def test_partial_keeps_the_good_rows(api, site_a, site_b, staff_a):
    # given a row for another county's site, which staff of county A may not write
    MetricFactory()

    # when
    response = api(staff_a).post(f"{URL}?partial=true", [row(), row(site="st-b"), row(value="abc")], format="json",
                                 HTTP_ACCEPT_LANGUAGE="zh-hans")

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["created"] == 1 and body["committed"] is True
    assert [(e["index"], e["field"]) for e in body["errors"]] == [(1, "site"), (2, "value")]
    assert "不存在或无权访问" in body["errors"][0]["message"]
    assert Observation.objects.count() == 1


def test_dry_run_counts_but_writes_nothing(api, site_a, staff_a):
    MetricFactory()
    response = api(staff_a).post(f"{URL}?dry_run=true", [row(), row(day="2026-05-02")], format="json")
    assert response.status_code == 200
    assert response.json()["created"] == 2 and response.json()["committed"] is False
    assert not Observation.objects.exists()


def test_target_series_rows_upsert_by_target_and_date(api, city, staff_a):
    # given a progress target of county A
    target = TargetFactory(code="fund-rate", lead_unit=city["county_a"])

    # when pushed twice with a new value
    client = api(staff_a)
    client.post(URL, [{"target": "fund-rate", "observed_on": "2026-06-30", "value": "45"}], format="json")
    second = client.post(URL, [{"target": "fund-rate", "observed_on": "2026-06-30", "value": "47.5"}], format="json")

    # then
    assert second.json()["updated"] == 1
    assert Observation.objects.get(target=target).value == Decimal("47.5")


@pytest.mark.parametrize("bad, field", [
    ({"observed_on": "2026-05-01", "value": "1"}, None),                      # neither site nor target
    (row(site="nowhere"), "site"),                                             # unknown site
    ({**row(), "metric": "nope"}, "metric"),                                   # unknown metric
    (row(value=None), "value"),                                                # missing value
    (row(value="NaN"), "value"),                                               # not finite
    ("not an object", None),
])
def test_bad_rows_are_reported_by_index_and_field(api, site_a, staff_a, bad, field):
    MetricFactory()
    body = api(staff_a).post(URL, [row(day="2026-04-01"), bad], format="json").json()
    assert [(e["index"], e["field"]) for e in body["errors"]] == [(1, field)]
    assert not Observation.objects.exists()


def test_body_must_be_a_list(api, staff_a, city):
    response = api(staff_a).post(URL, {"site": "x"}, format="json")
    assert response.status_code == 400 and "rows" in response.json()


ITEMS_URL = "/api/v1/rectification-items/bulk/"


def item_row(number="1", **extra):
    return {"round": "prov-2026", "number": number, "problem": "垃圾填埋场渗滤液外溢", "lead_unit": "county-a",
            "deadline": "2026-10-31", **extra}


def test_items_upsert_by_round_and_number(api, city, staff_a):
    # given a round with item 1 already filed
    round_ = InspectionRoundFactory(code="prov-2026")
    RectificationItemFactory(round=round_, number="1", problem="旧描述", lead_unit=city["county_a"],
                             deadline=dt.date(2026, 10, 31))

    # when
    body = api(staff_a).post(ITEMS_URL, [item_row("1"), item_row("2", co_units=["town-a"]), item_row("1")],
                             format="json").json()

    # then
    assert (body["created"], body["updated"], body["unchanged"]) == (1, 1, 1)
    assert RectificationItem.objects.get(round=round_, number="1").problem == "垃圾填埋场渗滤液外溢"
    assert list(RectificationItem.objects.get(round=round_, number="2").co_units.all()) == [city["town_a"]]


def test_items_for_another_county_are_refused(api, city, staff_a):
    InspectionRoundFactory(code="prov-2026")
    body = api(staff_a).post(ITEMS_URL, [item_row("1", lead_unit="county-b")], format="json").json()
    assert body["errors"][0]["field"] == "lead_unit"
    assert not RectificationItem.objects.exists()


def test_leaders_cannot_bulk_write(api, city, leader):
    InspectionRoundFactory(code="prov-2026")
    response = api(leader).post(ITEMS_URL, [item_row("1")], format="json")
    assert response.status_code == 403  # refused before any row is read
    assert not RectificationItem.objects.exists()


def test_codes_of_the_wrong_type_are_row_errors_not_crashes(api, city, staff_a):
    # found by schemathesis: {"round": {}} used to raise TypeError (500)
    InspectionRoundFactory(code="prov-2026")
    body = api(staff_a).post(f"{ITEMS_URL}?partial=true", [item_row("1", round={}), item_row("2", lead_unit=[1]),
                                                         item_row("3", co_units=[{}])], format="json").json()
    assert [(e["index"], e["field"]) for e in body["errors"]] == [(0, "round"), (1, "lead_unit"), (2, "co_units")]
    response = api(staff_a).post(URL, [{"site": "st-x", "metric": {}, "observed_on": "2026-05-01", "value": 1}],
                                 format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("url,row", [
    ("/api/v1/rectification-items/bulk/", {"round": "r\x00", "number": "1", "problem": "p", "lead_unit": "x",
                                          "deadline": "2026-12-31"}),
    ("/api/v1/observations/bulk/", {"site": "s", "metric": "pm25", "observed_on": "2026-01-01", "value": 1,
                                   "note": "a\x00b"}),
])
def test_a_nul_character_is_a_row_error_not_a_server_error(api, supervisor, url, row):
    # PostgreSQL cannot store or even look up text with NUL; it must never reach the database.
    response = api(supervisor).post(url, [row], format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["index"] == 0 and "NUL" in error["message"]
