"""Side doors (issue 14): ways county A learned county B's data, or staff wrote what only
supervisors may. Each test names the door; each checks that B's record and a record that
does not exist answer exactly alike, or that the write is refused and nothing changes."""
import datetime as dt
from decimal import Decimal

import pytest

from api.models import ApiToken
from tests.factories import (
    DisbursementFactory, FundAllocationFactory, InspectionRoundFactory, ObservationFactory, ProjectFactory,
    RectificationItemFactory, SiteFactory, TargetFactory, UserFactory,
)
from tracker.models import Disbursement, Observation, OrgUnit, RectificationItem, User, WebhookSubscription

pytestmark = pytest.mark.django_db

MISSING = 10**6


def same_answer(first, second):
    """Two responses a client cannot tell apart (status and body)."""
    return first.status_code == second.status_code and first.json() == second.json()


# --- 1. validation before scope ------------------------------------------------------------
def test_a_payment_against_a_siblings_allocation_reveals_nothing_of_its_amounts(api, city, staff_a):
    # given county B's allocation of 900, of which 800 is paid
    allocation = FundAllocationFactory(unit=city["county_b"], amount=Decimal("900.00"))
    DisbursementFactory(allocation=allocation, amount=Decimal("800.00"))
    client = api(staff_a)
    payload = {"paid_on": "2026-05-01", "amount": "101.00"}

    # when
    sibling = client.post("/api/v1/disbursements/", {**payload, "allocation": allocation.pk}, format="json",
                          HTTP_ACCEPT_LANGUAGE="en")
    missing = client.post("/api/v1/disbursements/", {**payload, "allocation": MISSING}, format="json",
                          HTTP_ACCEPT_LANGUAGE="en")

    # then: the same 400, and neither 900 nor 901 appears
    assert sibling.status_code == 400
    assert same_answer(sibling, missing)
    assert "900" not in sibling.content.decode() and "901" not in sibling.content.decode()
    assert Disbursement.objects.count() == 1


def test_an_observation_for_a_siblings_site_reveals_nothing_of_its_coverage(api, city, staff_a):
    # given county B's site with a reading on 2026-03-01 and none on 2026-03-02
    site = SiteFactory(unit=city["county_b"])
    ObservationFactory(site=site, observed_on=dt.date(2026, 3, 1))
    client = api(staff_a)

    def post(day, site_id):
        return client.post("/api/v1/observations/", {"metric": site.observations.get().metric_id, "site": site_id,
                                                     "observed_on": day, "value": "30"}, format="json")

    # when
    with_data, without_data, missing = post("2026-03-01", site.pk), post("2026-03-02", site.pk), post("2026-03-01",
                                                                                                     MISSING)

    # then: a day with data, a day without and a missing site all answer alike
    assert with_data.status_code == 400
    assert same_answer(with_data, without_data) and same_answer(with_data, missing)
    assert Observation.objects.count() == 1


def test_patching_an_own_observation_onto_a_siblings_target_answers_like_a_missing_one(api, city, staff_a):
    # given A's target-series point and B's target with a point on the same day
    own_target, other = TargetFactory(lead_unit=city["county_a"]), TargetFactory(lead_unit=city["county_b"])
    mine = ObservationFactory(site=None, target=own_target, metric=own_target.metric, observed_on=dt.date(2026, 3, 1))
    ObservationFactory(site=None, target=other, metric=other.metric, observed_on=dt.date(2026, 3, 1))
    client = api(staff_a)

    # when
    sibling = client.patch(f"/api/v1/observations/{mine.pk}/", {"target": other.pk}, format="json", HTTP_IF_MATCH="*")
    missing = client.patch(f"/api/v1/observations/{mine.pk}/", {"target": MISSING}, format="json", HTTP_IF_MATCH="*")

    # then
    assert sibling.status_code == 400 and same_answer(sibling, missing)
    mine.refresh_from_db()
    assert mine.target == own_target


def test_write_scope_is_decided_before_duplicate_checks(api, city, staff_a):
    # given a county-B target on which A co-operates (readable, not writable), with a point on 03-01
    target = TargetFactory(lead_unit=city["county_b"])
    target.co_units.add(city["county_a"])
    ObservationFactory(site=None, target=target, metric=target.metric, observed_on=dt.date(2026, 3, 1))
    client = api(staff_a)

    def post(day):
        return client.post("/api/v1/observations/", {"metric": target.metric_id, "target": target.pk,
                                                     "observed_on": day, "value": "30"}, format="json")

    # then: refused as not writable on both days, before the duplicate check
    assert post("2026-03-01").status_code == post("2026-03-02").status_code == 403


# --- 2. unscoped related fields --------------------------------------------------------------
def test_a_target_cannot_take_a_siblings_site(api, city, staff_a):
    # given
    target = TargetFactory(lead_unit=city["county_a"])
    other_site = SiteFactory(unit=city["county_b"])
    client = api(staff_a)

    # when
    sibling = client.patch(f"/api/v1/targets/{target.pk}/", {"sites": [other_site.pk]}, format="json",
                           HTTP_IF_MATCH="*")
    missing = client.patch(f"/api/v1/targets/{target.pk}/", {"sites": [MISSING]}, format="json", HTTP_IF_MATCH="*")

    # then
    assert sibling.status_code == 400 and same_answer(sibling, missing)
    assert not target.sites.exists()


def test_an_allocation_cannot_point_at_a_siblings_project(api, city, staff_a):
    # given
    allocation = FundAllocationFactory(unit=city["county_a"])
    project = ProjectFactory(lead_unit=city["county_b"])
    client = api(staff_a)

    # when
    sibling = client.patch(f"/api/v1/fund-allocations/{allocation.pk}/", {"project": project.pk}, format="json",
                           HTTP_IF_MATCH="*")
    missing = client.patch(f"/api/v1/fund-allocations/{allocation.pk}/", {"project": MISSING}, format="json",
                           HTTP_IF_MATCH="*")

    # then
    assert sibling.status_code == 400 and same_answer(sibling, missing)
    allocation.refresh_from_db()
    assert allocation.project_id is None


@pytest.mark.parametrize("role", [User.Role.STAFF, User.Role.SUPERVISOR, User.Role.ADMIN])
def test_a_lead_leader_must_be_a_leader(api, city, supervisor, role):
    # given a person who is not a leader
    person = UserFactory(role=role, units=[city["county_b"]] if role == User.Role.STAFF else None)
    target = TargetFactory(lead_unit=city["county_a"])

    # when
    response = api(supervisor).patch(f"/api/v1/targets/{target.pk}/", {"lead_leader": person.pk}, format="json",
                                     HTTP_IF_MATCH="*")

    # then
    assert response.status_code == 400 and "lead_leader" in response.json()
    target.refresh_from_db()
    assert target.lead_leader is None


def test_a_leader_can_lead(api, city, supervisor, leader):
    target = TargetFactory(lead_unit=city["county_a"])
    response = api(supervisor).patch(f"/api/v1/targets/{target.pk}/", {"lead_leader": leader.pk}, format="json",
                                     HTTP_IF_MATCH="*")
    assert response.status_code == 200 and response.json()["lead_leader"] == leader.pk


def test_a_token_limited_to_county_b_cannot_name_county_a_records(api, city, supervisor):
    # given a supervisor's token limited to county B, and a county-A site
    site = SiteFactory(unit=city["county_a"])
    target = TargetFactory(lead_unit=city["county_b"])
    client = api(supervisor, unit=city["county_b"])

    # when
    response = client.patch(f"/api/v1/targets/{target.pk}/", {"sites": [site.pk]}, format="json", HTTP_IF_MATCH="*")

    # then
    assert response.status_code == 400


# --- 3. filters that tell existence ----------------------------------------------------------
FILTERS = [
    ("targets", "unit", lambda c: c["county_b"].pk),
    ("observations", "site", lambda c: SiteFactory(unit=c["county_b"]).pk),
    ("observations", "target", lambda c: TargetFactory(lead_unit=c["county_b"]).pk),
    ("observations", "unit", lambda c: c["county_b"].pk),
    ("fund-allocations", "project", lambda c: ProjectFactory(lead_unit=c["county_b"]).pk),
    ("disbursements", "allocation", lambda c: FundAllocationFactory(unit=c["county_b"]).pk),
    ("org-units", "parent", lambda c: c["county_b"].pk),
    ("org-units", "within", lambda c: c["county_b"].pk),
    ("sites", "unit", lambda c: c["county_b"].pk),
    ("rectification-items", "unit", lambda c: c["county_b"].pk),
]


@pytest.mark.parametrize(("resource", "name", "make_sibling"), FILTERS)
def test_a_filter_on_a_siblings_record_answers_like_a_missing_id(api, city, staff_a, resource, name, make_sibling):
    # given
    sibling_id = make_sibling(city)
    client = api(staff_a)

    # when
    sibling = client.get(f"/api/v1/{resource}/", {name: sibling_id})
    missing = client.get(f"/api/v1/{resource}/", {name: MISSING})

    # then
    assert sibling.status_code == 400
    assert same_answer(sibling, missing)


def test_a_filter_on_an_own_record_still_filters(api, city, staff_a):
    own = SiteFactory(unit=city["county_a"])
    ObservationFactory(site=own)
    ObservationFactory(site=SiteFactory(unit=city["town_a"]))
    response = api(staff_a).get("/api/v1/observations/", {"site": own.pk})
    assert response.status_code == 200 and response.json()["count"] == 1


@pytest.mark.parametrize("value", ["99999999999999999999999", "-1", "x", "１"])
def test_a_filter_id_that_is_no_id_is_a_400(api, city, staff_a, value):
    assert api(staff_a).get("/api/v1/observations/", {"site": value}).status_code == 400


# --- 4. bulk error messages ------------------------------------------------------------------
def test_bulk_item_rows_answer_alike_for_a_siblings_unit_and_an_unknown_one(api, city, staff_a):
    # given
    round_ = InspectionRoundFactory()
    row = {"round": round_.code, "number": "1", "problem": "问题", "deadline": "2026-12-31"}
    client = api(staff_a)

    # when
    sibling = client.post("/api/v1/rectification-items/bulk/", [{**row, "lead_unit": city["county_b"].code}],
                          format="json")
    missing = client.post("/api/v1/rectification-items/bulk/", [{**row, "lead_unit": city["county_b"].code + "x"}],
                          format="json")

    # then: the same message, apart from the code the client sent itself
    first, second = sibling.json()["errors"][0], missing.json()["errors"][0]
    assert first["field"] == second["field"] == "lead_unit"
    assert first["message"].replace(city["county_b"].code, "?") == second["message"].replace(
        city["county_b"].code + "x", "?")
    assert "不存在或无权访问" in first["message"]


def test_bulk_item_row_on_a_siblings_item_number_does_not_say_whose_it_is(api, city, staff_a):
    # given county B's item 7 in a shared round
    item = RectificationItemFactory(lead_unit=city["county_b"], number="7")
    row = {"round": item.round.code, "number": "7", "problem": "改写", "deadline": "2026-12-31",
           "lead_unit": city["county_a"].code}

    # when
    response = api(staff_a).post("/api/v1/rectification-items/bulk/", [row], format="json",
                                 HTTP_ACCEPT_LANGUAGE="en")

    # then: refused with the one answer, and B's item unchanged
    assert response.status_code == 400
    assert "does not exist or is not yours" in response.json()["errors"][0]["message"]
    item.refresh_from_db()
    assert item.problem == "问题描述" and item.lead_unit == city["county_b"]


def test_bulk_item_rows_cannot_name_a_sibling_as_cooperating_unit(api, city, staff_a):
    round_ = InspectionRoundFactory()
    row = {"round": round_.code, "number": "1", "problem": "问题", "deadline": "2026-12-31",
           "lead_unit": city["county_a"].code, "co_units": [city["county_b"].code]}
    response = api(staff_a).post("/api/v1/rectification-items/bulk/", [row], format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "co_units"
    assert not RectificationItem.objects.exists()


def test_bulk_observation_rows_answer_alike_for_a_siblings_site_and_an_unknown_one(api, city, staff_a):
    site = SiteFactory(unit=city["county_b"])
    row = {"metric": ObservationFactory(site=site).metric.code, "observed_on": "2026-02-01", "value": "1"}
    client = api(staff_a)
    sibling = client.post("/api/v1/observations/bulk/", [{**row, "site": site.code}], format="json").json()
    missing = client.post("/api/v1/observations/bulk/", [{**row, "site": "no-such"}], format="json").json()
    assert sibling["errors"][0]["message"].replace(site.code, "?") == missing["errors"][0]["message"].replace(
        "no-such", "?")


# --- 5. idempotency keys per credential ------------------------------------------------------
def site_payload(unit):
    return {"code": "s-new", "name": "新站点", "kind": "air_station", "unit": unit.pk}


@pytest.mark.parametrize("narrower", [{"unit": "county_a"}, {"read_only": True}])
def test_an_idempotency_key_is_never_replayed_to_another_credential(api, city, supervisor, narrower):
    # given a supervisor's full token created a county-B site under key k
    full = api(supervisor)
    first = full.post("/api/v1/sites/", site_payload(city["county_b"]), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert first.status_code == 201
    options = {name: city[value] if name == "unit" else value for name, value in narrower.items()}

    # when the same user's narrower token sends the same request with the same key
    again = api(supervisor, **options).post("/api/v1/sites/", site_payload(city["county_b"]), format="json",
                                            HTTP_IDEMPOTENCY_KEY="k")

    # then: no replay of B's record; the narrower credential is judged on its own
    assert again.status_code in (400, 403)
    assert "Idempotent-Replayed" not in again
    assert "s-new" not in again.content.decode()


def test_a_replay_is_checked_against_the_credentials_current_scope(city, supervisor):
    # given a session user who created a county-B record under a key, then lost the role
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(supervisor)
    first = client.post("/api/v1/sites/", site_payload(city["county_b"]), format="json", HTTP_IDEMPOTENCY_KEY="k2")
    assert first.status_code == 201
    supervisor.role = User.Role.STAFF
    supervisor.save()
    supervisor.units.set([city["county_a"]])

    # when
    again = client.post("/api/v1/sites/", site_payload(city["county_b"]), format="json", HTTP_IDEMPOTENCY_KEY="k2")

    # then
    assert again.status_code == 404


# --- 6. staff write their own org unit --------------------------------------------------------
@pytest.mark.parametrize("change", [{"name": "改名"}, {"code": "renamed"}, {"has_daily_report_duty": False}])
def test_staff_cannot_change_their_own_unit(api, city, staff_a, change):
    # given
    unit = city["county_a"]
    unit.has_daily_report_duty = True
    unit.save()

    # when
    response = api(staff_a).patch(f"/api/v1/org-units/{unit.pk}/", change, format="json", HTTP_IF_MATCH="*")

    # then
    assert response.status_code == 403
    unit.refresh_from_db()
    assert (unit.name, unit.code, unit.has_daily_report_duty) == ("甲县", "county-a", True)


def test_staff_cannot_create_sub_units_or_sites(api, city, staff_a):
    client = api(staff_a)
    unit = client.post("/api/v1/org-units/", {"code": "new-town", "name": "新镇", "kind": "town",
                                              "parent": city["county_a"].pk}, format="json")
    site = client.post("/api/v1/sites/", {"code": "s-a", "name": "站", "kind": "air_station",
                                          "unit": city["county_a"].pk}, format="json")
    assert unit.status_code == site.status_code == 403
    assert not OrgUnit.objects.filter(code="new-town").exists()


def test_supervisors_still_manage_reference_data(api, city, supervisor):
    response = api(supervisor).patch(f"/api/v1/org-units/{city['county_a'].pk}/", {"name": "甲区"}, format="json",
                                     HTTP_IF_MATCH="*")
    assert response.status_code == 200


def test_staff_still_report_observations_for_their_sites(api, city, staff_a):
    site = SiteFactory(unit=city["county_a"])
    metric = ObservationFactory(site=SiteFactory(unit=city["county_a"])).metric
    response = api(staff_a).post("/api/v1/observations/", {"metric": metric.pk, "site": site.pk,
                                                           "observed_on": "2026-03-01", "value": "30"}, format="json")
    assert response.status_code == 201


# --- 7. flags are read-only --------------------------------------------------------------------
def test_flags_have_no_create(api, supervisor):
    from django.conf import settings  # noqa: F401

    response = api(supervisor).post("/api/v1/flags/", {}, format="json")
    assert response.status_code == 405


def test_the_schema_has_no_flag_create():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert set(schema["paths"]["/api/v1/flags/"]) == {"get"}
    assert set(schema["paths"]["/api/v1/notices/"]) == {"get"}


# --- 8. webhook receivers ---------------------------------------------------------------------
HOOK = {"name": "hook", "secret": "s3cret", "event_types": ["flag.raised"]}


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:5432/", "http://localhost/hook", "http://127.1/", "http://2130706433/", "http://0x7f000001/",
    "http://[::1]/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/", "http://192.168.1.1/",
    "http://172.16.0.1/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "http://api.localhost/",
])
def test_webhooks_cannot_point_inside_the_network(api, supervisor, url):
    response = api(supervisor).post("/api/v1/webhook-subscriptions/", {**HOOK, "url": url}, format="json")
    assert response.status_code == 400 and "url" in response.json()
    assert not WebhookSubscription.objects.exists()


def test_a_setting_allows_internal_receivers(api, supervisor, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    response = api(supervisor).post("/api/v1/webhook-subscriptions/", {**HOOK, "url": "http://127.0.0.1:8080/"},
                                    format="json")
    assert response.status_code == 201


def test_webhooks_refuse_unknown_event_types(api, supervisor):
    response = api(supervisor).post("/api/v1/webhook-subscriptions/",
                                    {**HOOK, "url": "https://example.org/h", "event_types": ["flag.raised", "made.up"]},
                                    format="json")
    assert response.status_code == 400 and "event_types" in response.json()


def test_known_event_types_include_everything_the_jobs_publish(api, supervisor):
    # given every event type the jobs publish
    from api.webhooks import KNOWN_EVENT_TYPES
    from tracker.jobs.notify import EVENT_TYPES

    # then
    assert set(EVENT_TYPES.values()) <= KNOWN_EVENT_TYPES
    response = api(supervisor).post("/api/v1/webhook-subscriptions/",
                                    {**HOOK, "url": "https://example.org/h", "event_types": sorted(KNOWN_EVENT_TYPES)},
                                    format="json")
    assert response.status_code == 201


def test_tokens_cannot_be_limited_to_an_unseen_unit_and_the_answer_is_alike(city, staff_a):
    from rest_framework.test import APIClient

    client = APIClient()
    body = {"username": "staff-a", "password": "pw-123456"}
    sibling = client.post("/api/v1/auth/token/", {**body, "unit": city["county_b"].pk}, format="json")
    missing = client.post("/api/v1/auth/token/", {**body, "unit": MISSING}, format="json")
    wrong_password = client.post("/api/v1/auth/token/", {**body, "password": "x", "unit": MISSING}, format="json")
    assert sibling.status_code == 400 and same_answer(sibling, missing)
    assert wrong_password.status_code in (401, 403)
    assert not ApiToken.objects.exists()
