"""Bad input (issue 14): every one of these once reached the database or gave a 500; each
now gets a 4xx with a JSON body in the client's language, and writes nothing. Nonsense
the server once accepted is refused with the metric's own plausible range."""
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from api import changes
from tests.factories import (
    FundAllocationFactory, InspectionRoundFactory, MetricFactory, RectificationItemFactory,
    SiteFactory, TargetFactory,
)
from tracker.models import Disbursement, Observation, RectificationItem, Target

pytestmark = pytest.mark.django_db

LISTS = ["targets", "sites", "observations", "rectification-items", "projects", "fund-allocations",
         "disbursements", "flags", "notices", "org-units", "documents", "inspection-rounds", "webhook-subscriptions"]


def is_json_error(response, status=400):
    return response.status_code == status and response["Content-Type"].startswith("application/json")


# --- 500s ----------------------------------------------------------------------------------
@pytest.mark.parametrize("resource", LISTS)
@pytest.mark.parametrize("params", [{"limit": "100000000000000000000"}, {"offset": "100000000000000000000"},
                                    {"limit": "²"}, {"limit": "-1"}, {"limit": "0"}])
def test_paging_beyond_what_the_database_takes_is_a_400(api, supervisor, resource, params):
    assert is_json_error(api(supervisor).get(f"/api/v1/{resource}/", params))


@pytest.mark.parametrize("limit", ["²", "100000000000000000000", "0", "1001", "-5"])
def test_change_feed_limit_must_be_a_plain_integer(api, supervisor, limit):
    assert is_json_error(api(supervisor).get("/api/v1/changes/", {"limit": limit}))


@pytest.mark.parametrize("moment", ["2026-01-01T00:00:00+23:00", "2026-01-01T00:00:00-16:00",
                                    "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_updated_since_outside_what_the_database_compares_is_a_400(api, supervisor, moment):
    response = api(supervisor).get("/api/v1/targets/", {"updated_since": moment}, HTTP_ACCEPT_LANGUAGE="en")
    assert is_json_error(response) and "updated_since" in response.json()


def test_updated_since_with_a_real_offset_still_filters(api, city, supervisor):
    TargetFactory(lead_unit=city["county_a"])
    response = api(supervisor).get("/api/v1/targets/", {"updated_since": "2000-01-01T00:00:00+08:00"})
    assert response.status_code == 200 and response.json()["count"] == 1


def encode(text):
    import base64

    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    encode("1.2.99999999999999"),            # issued in a year out of range
    encode("1.2.-5"), encode("-1.2.1700000000"), encode("1.-2.1700000000"),
    encode("1.2"), encode("99999999999999999999.1.1700000000"), encode("1.2.３"), "%%%", "\u00e9",
])
def test_a_cursor_that_is_no_cursor_is_a_400(api, supervisor, cursor):
    assert is_json_error(api(supervisor).get("/api/v1/changes/", {"cursor": cursor}))


def test_a_fresh_cursor_still_works(api, supervisor):
    cursor = changes.encode_cursor(0, 0)
    assert api(supervisor).get("/api/v1/changes/", {"cursor": cursor}).status_code == 200


NESTED_ENDPOINTS = ["/api/v1/observations/", "/api/v1/observations/bulk/", "/api/v1/rectification-items/bulk/",
                    "/api/v1/webhook-subscriptions/"]


@pytest.mark.parametrize("path", NESTED_ENDPOINTS)
def test_a_body_of_100000_brackets_is_a_400(api, supervisor, path):
    response = api(supervisor).post(path, "[" * 100_000, content_type="application/json")
    assert is_json_error(response)


@pytest.mark.parametrize("path", ["/api/v1/observations/bulk/", "/api/v1/rectification-items/bulk/"])
def test_a_bulk_row_nested_5000_deep_is_a_400(api, supervisor, path):
    body = '[{"note": ' + "[" * 5000 + "]" * 5000 + "}]"
    response = api(supervisor).post(path, body, content_type="application/json")
    assert is_json_error(response)


@pytest.mark.parametrize("path", ["/api/v1/observations/bulk/", "/api/v1/rectification-items/bulk/",
                                  "/api/v1/webhook-subscriptions/", "/api/v1/targets/"])
def test_a_lone_surrogate_is_a_400_everywhere(api, city, supervisor, path):
    # given rows that would otherwise be valid, with a lone surrogate in their text
    site, metric, round_ = SiteFactory(unit=city["county_a"]), MetricFactory(), InspectionRoundFactory()
    rows = {
        "/api/v1/observations/bulk/": [{"site": site.code, "metric": metric.code, "observed_on": "2026-03-01",
                                        "value": "30", "note": "SURROGATE"}],
        "/api/v1/rectification-items/bulk/": [{"round": round_.code, "number": "1", "problem": "SURROGATE",
                                               "deadline": "2026-12-31", "lead_unit": city["county_a"].code}],
        "/api/v1/webhook-subscriptions/": {"name": "SURROGATE", "url": "https://example.org/h", "secret": "s",
                                           "event_types": ["flag.raised"]},
        "/api/v1/targets/": {"title": "SURROGATE"},
    }[path]
    body = json.dumps(rows).replace("SURROGATE", "\\ud800")

    # when
    response = api(supervisor).post(path, body, content_type="application/json")

    # then
    assert is_json_error(response)
    assert Observation.objects.count() == RectificationItem.objects.count() == 0


def test_a_body_over_the_limit_is_a_json_413(api, supervisor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "x" * 2000})
    response = api(supervisor).post("/api/v1/sites/", body, content_type="application/json",
                                    HTTP_IDEMPOTENCY_KEY="big")
    assert is_json_error(response, 413)


def test_a_multipart_body_over_the_limit_is_a_json_413(api, city, staff_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    item = RectificationItemFactory(lead_unit=city["county_a"])
    response = api(staff_a).post(f"/api/v1/rectification-items/{item.pk}/report-completion/",
                                 {"note": "x" * 5000}, format="multipart")
    assert is_json_error(response, 413)


def test_the_documented_maximum_bulk_fits(api, city, supervisor, settings):
    # given 5,000 rows with 300-character Chinese notes (over Django's default 2.5 MB limit)
    site = SiteFactory(unit=city["county_a"])
    metric = MetricFactory()
    start = dt.date(2010, 1, 1)
    rows = [{"site": site.code, "metric": metric.code, "observed_on": str(start + dt.timedelta(days=n)),
             "value": "30", "note": "监测" * 150} for n in range(5000)]
    body = json.dumps(rows)  # ASCII-escaped, as most clients send
    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    # when
    response = api(supervisor).post("/api/v1/observations/bulk/?dry_run=true", body,
                                    content_type="application/json", HTTP_IDEMPOTENCY_KEY="max-bulk")

    # then
    assert response.status_code == 200, response.content[:300]
    assert response.json()["created"] == 5000


@pytest.mark.parametrize("pk", ["99999999999999999999", "9223372036854775808"])
def test_a_detail_id_beyond_64_bits_is_a_404(api, supervisor, pk):
    assert is_json_error(api(supervisor).get(f"/api/v1/targets/{pk}/"), 404)


@pytest.mark.parametrize("year", ["99999999999999999999", "1e400"])
def test_a_number_filter_beyond_64_bits_is_a_400(api, supervisor, year):
    assert is_json_error(api(supervisor).get("/api/v1/inspection-rounds/", {"year": year}))


# --- nonsense accepted ---------------------------------------------------------------------
@pytest.fixture
def pm25():
    return MetricFactory(plausible_min=Decimal("0"), plausible_max=Decimal("1500"))


@pytest.mark.parametrize("value", ["-5", "99999999", "1500.0001"])
def test_a_reading_outside_the_metrics_plausible_range_is_refused(api, city, supervisor, pm25, value):
    site = SiteFactory(unit=city["county_a"])
    response = api(supervisor).post("/api/v1/observations/", {"metric": pm25.pk, "site": site.pk,
                                                              "observed_on": "2026-03-01", "value": value},
                                    format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "plausible" in response.json()["value"][0]
    assert not Observation.objects.exists()


@pytest.mark.parametrize("value", ["0", "1500", "35.5"])
def test_a_reading_on_or_inside_the_range_is_taken(api, city, supervisor, pm25, value):
    site = SiteFactory(unit=city["county_a"])
    response = api(supervisor).post("/api/v1/observations/", {"metric": pm25.pk, "site": site.pk,
                                                              "observed_on": "2026-03-01", "value": value},
                                    format="json")
    assert response.status_code == 201


def test_bulk_rows_outside_the_range_are_row_errors(api, city, supervisor, pm25):
    site = SiteFactory(unit=city["county_a"])
    rows = [{"site": site.code, "metric": pm25.code, "observed_on": "2026-03-01", "value": v} for v in ("-5", "30")]
    body = api(supervisor).post("/api/v1/observations/bulk/?partial=true", rows, format="json").json()
    assert body["created"] == 1 and [(e["index"], e["field"]) for e in body["errors"]] == [(0, "value")]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"])
def test_observation_dates_outside_the_window_are_refused(api, city, supervisor, pm25, day):
    site = SiteFactory(unit=city["county_a"])
    response = api(supervisor).post("/api/v1/observations/", {"metric": pm25.pk, "site": site.pk,
                                                              "observed_on": day, "value": "30"}, format="json")
    assert response.status_code == 400 and "observed_on" in response.json()


def test_observations_from_the_future_are_refused(api, city, supervisor, pm25):
    site = SiteFactory(unit=city["county_a"])
    tomorrow_but_one = timezone.localdate() + dt.timedelta(days=2)
    response = api(supervisor).post("/api/v1/observations/", {"metric": pm25.pk, "site": site.pk,
                                                              "observed_on": str(tomorrow_but_one), "value": "30"},
                                    format="json")
    assert response.status_code == 400 and "observed_on" in response.json()


def test_bulk_observation_dates_outside_the_window_are_row_errors(api, city, supervisor, pm25):
    site = SiteFactory(unit=city["county_a"])
    rows = [{"site": site.code, "metric": pm25.code, "observed_on": "0001-01-01", "value": "30"}]
    body = api(supervisor).post("/api/v1/observations/bulk/", rows, format="json").json()
    assert [e["field"] for e in body["errors"]] == ["observed_on"]


def target_payload(city, pm25, **changes_):
    return {"code": "T-new", "title": "新目标", "metric": pm25.pk, "kind": "period_mean", "comparator": "<=",
            "target_value": "35", "unit": "μg/m³", "period_start": "2026-01-01", "period_end": "2026-12-31",
            "deadline": "2026-12-31", "lead_unit": city["county_a"].pk, **changes_}


@pytest.mark.parametrize("change", [
    {"target_value": "  12 "}, {"target_value": "-5"}, {"target_value": "99999999"},
    {"period_start": "0001-01-01", "period_end": "9999-12-31", "deadline": "9999-12-31"},
    {"period_start": "2001-01-01", "period_end": "2026-12-31"},        # 26 years
    {"deadline": "2025-06-30"},                                       # before the period
    {"deadline": "2029-12-31"},                                       # three years after it
])
def test_nonsense_targets_are_refused(api, city, supervisor, pm25, change):
    response = api(supervisor).post("/api/v1/targets/", target_payload(city, pm25, **change), format="json")
    assert response.status_code == 400, response.json()
    assert not Target.objects.exists()


def test_a_decrease_target_is_not_held_to_the_concentration_range(api, city, supervisor, pm25):
    payload = target_payload(city, pm25, kind="baseline_change", comparator="decrease_by", target_value="10",
                             baseline_value="30")
    assert api(supervisor).post("/api/v1/targets/", payload, format="json").status_code == 201


def test_a_sensible_target_and_the_code_with_a_dot_are_taken(api, city, supervisor, pm25):
    response = api(supervisor).post("/api/v1/targets/", target_payload(city, pm25, code="FOREST-COVER-33.5"),
                                    format="json")
    assert response.status_code == 201 and response.json()["code"] == "FOREST-COVER-33.5"


@pytest.mark.parametrize("paid_on", ["0001-01-01", "2026-02-28"])  # the window; before the allocation (03-01)
def test_nonsense_payment_dates_are_refused(api, city, supervisor, paid_on):
    allocation = FundAllocationFactory(unit=city["county_a"])
    response = api(supervisor).post("/api/v1/disbursements/", {"allocation": allocation.pk, "paid_on": paid_on,
                                                               "amount": "10.00"}, format="json")
    assert response.status_code == 400 and "paid_on" in response.json()
    assert not Disbursement.objects.exists()


def test_a_payment_is_not_dated_in_the_future(api, city, supervisor):
    allocation = FundAllocationFactory(unit=city["county_a"], allocated_on=dt.date(2026, 1, 1))
    day = timezone.localdate() + dt.timedelta(days=5)
    response = api(supervisor).post("/api/v1/disbursements/", {"allocation": allocation.pk, "paid_on": str(day),
                                                               "amount": "10.00"}, format="json")
    assert response.status_code == 400 and "paid_on" in response.json()


@pytest.mark.parametrize("new_deadline", ["9999-12-31", str(dt.date.today().replace(year=dt.date.today().year + 6))])
def test_a_lookback_cannot_reopen_an_item_for_ever(api, city, supervisor, new_deadline):
    # given a signed-off item
    item = RectificationItemFactory(lead_unit=city["county_a"], state=RectificationItem.State.SIGNED_OFF,
                                    signed_off_by=supervisor, signed_off_at=timezone.now(),
                                    completion_reported_at=timezone.now())

    # when
    response = api(supervisor).post(f"/api/v1/rectification-items/{item.pk}/lookback/",
                                    {"rebounded": True, "new_deadline": new_deadline}, format="json")

    # then
    assert response.status_code == 400 and "new_deadline" in response.json()
    item.refresh_from_db()
    assert item.state == RectificationItem.State.SIGNED_OFF


@pytest.mark.parametrize(("raw", "stored"), [("false", False), ("true", True), (False, False), ("0", False)])
def test_bulk_is_long_term_means_what_it_says(api, city, supervisor, raw, stored):
    round_ = InspectionRoundFactory()
    row = {"round": round_.code, "number": "1", "problem": "问题", "deadline": "2026-12-31",
           "lead_unit": city["county_a"].code, "is_long_term": raw}
    assert api(supervisor).post("/api/v1/rectification-items/bulk/", [row], format="json").status_code == 200
    assert RectificationItem.objects.get().is_long_term is stored


@pytest.mark.parametrize("raw", ["no", "yes", 2, [], "falsch"])
def test_bulk_is_long_term_refuses_what_is_no_boolean(api, city, supervisor, raw):
    round_ = InspectionRoundFactory()
    row = {"round": round_.code, "number": "1", "problem": "问题", "deadline": "2026-12-31",
           "lead_unit": city["county_a"].code, "is_long_term": raw}
    body = api(supervisor).post("/api/v1/rectification-items/bulk/", [row], format="json").json()
    assert [e["field"] for e in body["errors"]] == ["is_long_term"]


def test_bulk_item_deadlines_outside_the_window_are_row_errors(api, city, supervisor):
    round_ = InspectionRoundFactory()
    row = {"round": round_.code, "number": "1", "problem": "问题", "deadline": "9999-12-31",
           "lead_unit": city["county_a"].code}
    body = api(supervisor).post("/api/v1/rectification-items/bulk/", [row], format="json").json()
    assert [e["field"] for e in body["errors"]] == ["deadline"]


def test_an_observation_for_a_target_lies_around_its_period(api, city, supervisor, pm25):
    target = TargetFactory(lead_unit=city["county_a"], metric=pm25)
    response = api(supervisor).post("/api/v1/observations/", {"metric": pm25.pk, "target": target.pk,
                                                              "observed_on": "2020-01-01", "value": "30"},
                                    format="json")
    assert response.status_code == 400 and "observed_on" in response.json()
    ok = api(supervisor).post("/api/v1/observations/", {"metric": pm25.pk, "target": target.pk,
                                                        "observed_on": "2025-06-01", "value": "30"}, format="json")
    assert ok.status_code == 201
