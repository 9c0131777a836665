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


# --- set-based: the cost of a batch does not grow with its rows ---------------------------------
def days(n, start=dt.date(2025, 1, 1)):
    return [(start + dt.timedelta(days=i)).isoformat() for i in range(n)]


def queries_of_upsert(client, rows):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/api/v1/me/")  # the token's last-used stamp is written by the first request only
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, rows, format="json")
    assert response.status_code == 200, response.json()
    return len(queries)


@pytest.mark.parametrize("kind", ["create", "update"])
def test_the_query_count_of_a_bulk_upsert_does_not_grow_with_its_rows(api, site_a, staff_a, kind):
    # given a client and, for updates, readings already there for every day sent. SQLite
    # binds at most 999 parameters a statement, so Django splits an INSERT of more than
    # ~70 rows there: the large batch is 200 rows on PostgreSQL and 60 on SQLite.
    from django.db import connection

    MetricFactory()
    client = api(staff_a)
    large = 200 if connection.vendor == "postgresql" else 60
    few, many = [row(day=d) for d in days(10)], [row(day=d) for d in days(large, dt.date(2024, 1, 1))]
    if kind == "update":
        client.post(URL, few + many, format="json")
        for r in few + many:
            r["value"] = "44.5"

    # when
    counts = [queries_of_upsert(client, few), queries_of_upsert(client, many)]

    # then: 10 rows and 200 rows cost the same queries, and every row was written
    assert counts[0] == counts[1], counts
    assert Observation.objects.filter(value=Decimal("44.5" if kind == "update" else "31.5")).count() == 10 + large


def test_a_bulk_upsert_writes_history_and_change_feed_rows_for_every_record(api, site_a, staff_a):
    # given
    from api.models import ChangeLog

    MetricFactory()
    client = api(staff_a)
    client.post(URL, [row(day=d) for d in days(3)], format="json")

    # when two change and one stays
    body = client.post(URL, [row(day=d, value=v) for d, v in zip(days(3), ["31.5", "32", "33"])],
                       format="json").json()

    # then
    assert (body["created"], body["updated"], body["unchanged"]) == (0, 2, 1)
    changed = Observation.objects.get(observed_on=dt.date(2025, 1, 2))
    assert [(h.history_type, h.value, h.history_user) for h in changed.history.order_by("history_id")] == [
        ("+", Decimal("31.5"), staff_a), ("~", Decimal("32"), staff_a)]
    assert sorted(ChangeLog.objects.filter(resource="observations", object_id=changed.pk)
                  .values_list("action", flat=True)) == ["created", "updated"]
    assert changed.updated_at > changed.created_at


def test_one_bad_row_in_a_large_batch_writes_nothing(api, site_a, staff_a):
    # given 300 good rows and, in the middle, a value no monitor can produce
    from api.models import ChangeLog

    MetricFactory(plausible_min=Decimal(0), plausible_max=Decimal(1000))
    rows = [row(day=d) for d in days(300)]
    rows[150]["value"] = "-5"

    # when
    response = api(staff_a).post(URL, rows, format="json", HTTP_ACCEPT_LANGUAGE="en")

    # then the batch is refused, naming the row, and no reading, history or change is written
    assert response.status_code == 400
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [(150, "value")]
    assert "outside the plausible range" in response.json()["errors"][0]["message"]
    assert not Observation.all_objects.exists()
    assert not Observation.history.exists()
    assert not ChangeLog.objects.filter(resource="observations").exists()


def test_a_repeated_row_in_one_batch_updates_the_reading_the_earlier_row_created(api, site_a, staff_a):
    MetricFactory()
    body = api(staff_a).post(URL, [row(value="30"), row(value="30"), row(value="35")], format="json").json()
    assert (body["created"], body["unchanged"], body["updated"]) == (1, 1, 1)
    assert Observation.objects.get().value == Decimal("35")
