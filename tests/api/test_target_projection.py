"""GET /targets/{id}/projection/ and POST /targets/{id}/what-if/: scoped, bilingual, and writing nothing."""
import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import MetricFactory, SiteFactory, TargetFactory
from tracker.models import MetricKind, Observation, Target, TargetStatusChange

AS_OF = "2026-10-27"  # 300 days of 2026 in, 65 to go


def days(start, count):
    return [start + dt.timedelta(days=i) for i in range(count)]


@pytest.fixture
def pm25_target(city):
    """PM2.5 ≤ 35 in county A: 2026 at 25 so far; 2025 at 20 to 27 Oct and 40 after (ratio 1.25)."""
    metric = MetricFactory(code="pm25", kind=MetricKind.PERIOD_MEAN, unit="μg/m³", is_site_metric=True)
    site = SiteFactory(unit=city["county_a"])
    target = TargetFactory(code="AIR-PM25", metric=metric, lead_unit=city["county_a"], target_value=Decimal("35"))
    target.sites.add(site)
    readings = [(day, 25) for day in days(dt.date(2026, 1, 1), 300)]
    readings += [(day, 20) for day in days(dt.date(2025, 1, 1), 300)]
    readings += [(day, 40) for day in days(dt.date(2025, 10, 28), 65)]
    Observation.objects.bulk_create(Observation(site=site, metric=metric, observed_on=day, value=Decimal(value))
                                    for day, value in readings)
    return target


def writes():
    return (Target.history.count(), TargetStatusChange.objects.count(),
            list(Target.objects.values_list("level", "reason", "figures")))


def test_projection_and_allowances_for_a_unit_target(api, staff_a, pm25_target):
    # given
    before = writes()

    # when
    response = api(staff_a).get(f"/api/v1/targets/{pm25_target.pk}/projection/?as_of={AS_OF}")

    # then path 1.25 × 40 = 50 on the 65 days: (300 × 25 + 65 × 50) / 365 = 10 750 / 365 = 29.45 ≤ 35
    assert response.status_code == 200
    body = response.json()
    assert body["available"] is True and body["projection"]["colour"] == "green"
    assert body["projection"]["central"] == pytest.approx(10750 / 365)
    assert body["projection"]["probability"] == 1.0
    # room 35 × 365 − 7 500 = 5 275 over 65 days, all at last year's 40: a flat 81.15 a day
    assert [(m["month"], m["days_remaining"]) for m in body["allowances"]] == [
        ("2026-10", 4), ("2026-11", 30), ("2026-12", 31)]
    assert body["allowances"][1]["control_value"] == pytest.approx(5275 / 65)
    assert body["assumption_zh"] == "剩余天数的日均浓度"
    assert writes() == before


@pytest.mark.parametrize(
    "assumed, colour, end",
    [
        (60, "green", (7500 + 65 * 60) / 365),  # R = 5 275 / 65 = 81.15 ≥ 60
        (90, "yellow", (7500 + 65 * 90) / 365),  # 81.15 / 90 − 1 = −9.8%
        (95, "orange", (7500 + 65 * 95) / 365),  # 81.15 / 95 − 1 = −14.6%
    ],
)
def test_what_if_answers_the_end_value_and_level(api, staff_a, pm25_target, assumed, colour, end):
    # given
    before = writes()

    # when
    response = api(staff_a).post(f"/api/v1/targets/{pm25_target.pk}/what-if/?as_of={AS_OF}",
                                 {"assumed": assumed}, format="json")

    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["colour"], body["end_value"]) == (colour, pytest.approx(end))
    assert [n["colour"] for n in body["needed"]] == ["green", "yellow", "orange"]
    assert body["needed"][0]["high"] == pytest.approx(5275 / 65)
    assert writes() == before


def test_a_read_only_leader_may_ask_what_if(api, leader, pm25_target):
    # when
    response = api(leader, read_only=True).post(f"/api/v1/targets/{pm25_target.pk}/what-if/?as_of={AS_OF}",
                                                {"assumed": 30}, format="json")

    # then
    assert response.status_code == 200 and response.json()["meets"] is True


def test_outside_the_read_scope_both_are_not_found(api, staff_b, pm25_target):
    # when
    client = api(staff_b)
    got = client.get(f"/api/v1/targets/{pm25_target.pk}/projection/")
    posted = client.post(f"/api/v1/targets/{pm25_target.pk}/what-if/", {"assumed": 30}, format="json")

    # then
    assert (got.status_code, posted.status_code) == (404, 404)


@pytest.mark.parametrize(
    "body, language, message",
    [
        ({"assumed": "abc"}, "en", "valid number"),
        ({}, "en", "required"),
        ({"assumed": -5}, "en", "a concentration cannot be negative"),
        ({"assumed": -5}, "zh-hans", "浓度不能为负"),
    ],
)
def test_bad_input_is_a_bilingual_400_and_writes_nothing(api, staff_a, pm25_target, body, language, message):
    # given
    before = writes()

    # when
    response = api(staff_a).post(f"/api/v1/targets/{pm25_target.pk}/what-if/?as_of={AS_OF}", body,
                                 format="json", HTTP_ACCEPT_LANGUAGE=language)

    # then
    assert response.status_code == 400
    assert message in str(response.json())
    assert writes() == before


@pytest.mark.parametrize("as_of", ["2026-13-01", "yesterday", "1999-12-31"])
def test_a_bad_as_of_is_refused(api, staff_a, pm25_target, as_of):
    # when
    response = api(staff_a).get(f"/api/v1/targets/{pm25_target.pk}/projection/?as_of={as_of}",
                                HTTP_ACCEPT_LANGUAGE="en")

    # then
    assert response.status_code == 400 and "as_of must be a date" in str(response.json())


def test_a_milestone_has_no_projection_and_no_what_if(api, staff_a, city):
    # given
    metric = MetricFactory(code="plan", kind=MetricKind.MILESTONE, unit="", comparator="=", is_site_metric=False)
    target = TargetFactory(metric=metric, lead_unit=city["county_a"], target_value=None)

    # when
    client = api(staff_a)
    got = client.get(f"/api/v1/targets/{target.pk}/projection/?as_of={AS_OF}", HTTP_ACCEPT_LANGUAGE="en")
    posted = client.post(f"/api/v1/targets/{target.pk}/what-if/?as_of={AS_OF}", {"assumed": 1}, format="json")

    # then
    assert got.status_code == 200
    assert (got.json()["available"], got.json()["projection"], got.json()["allowances"]) == (False, None, [])
    assert posted.status_code == 400 and "不做预测与推演" in posted.json()["detail"]
