"""/api/v1/dashboard/: the dashboard's JSON, scoped by the access rule, with bilingual errors."""
from django.db.models import Q

from tests.tracker.dashboard.conftest import AS_OF, ledger  # noqa: F401 (fixture)
from tracker.models import RectificationItem, Target

QUERY = f"?as_of={AS_OF.isoformat()}"


def test_leader_reads_every_part(ledger, leader, api):  # noqa: F811
    client = api(leader)
    for part in ("summary", "matrix", "ranking"):
        response = client.get(f"/api/v1/dashboard/{part}/{QUERY}")
        assert response.status_code == 200, response.content
    summary = client.get(f"/api/v1/dashboard/summary/{QUERY}").json()
    assert summary["targets"]["total"] == Target.objects.active().count()
    assert summary["overdue_items"]["count"] == RectificationItem.objects.exclude(state="signed_off").filter(
        deadline__lt=AS_OF).count()


def test_staff_get_their_own_units_version(ledger, staff_a, api):  # noqa: F811
    body = api(staff_a).get(f"/api/v1/dashboard/summary/{QUERY}").json()
    mine = Q(lead_unit__path__startswith=ledger["county_a"].path)
    assert body["targets"]["total"] == Target.objects.filter(mine).count()
    ranking = api(staff_a).get(f"/api/v1/dashboard/ranking/{QUERY}").json()
    assert ledger["county_b"].pk not in {row["id"] for row in ranking["units"]}


def test_staff_cannot_filter_on_another_countys_unit(ledger, staff_a, api):  # noqa: F811
    response = api(staff_a).get(f"/api/v1/dashboard/matrix/{QUERY}&unit={ledger['county_b'].pk}")
    assert response.status_code == 400
    assert "无权查看" in response.json()["unit"][0]


def test_bad_filters_are_refused_in_the_clients_language(ledger, leader, api):  # noqa: F811
    client = api(leader)
    zh = client.get("/api/v1/dashboard/summary/?category=sky")
    en = client.get("/api/v1/dashboard/summary/?year=abc", HTTP_ACCEPT_LANGUAGE="en")
    assert zh.status_code == en.status_code == 400
    assert zh.json()["category"][0].startswith("未知的分类")
    assert en.json()["year"][0].startswith("year must be a whole number")


def test_charts_are_echarts_shaped_and_unknown_ones_are_404(ledger, leader, api):  # noqa: F811
    client = api(leader)
    body = client.get(f"/api/v1/dashboard/charts/burndown/{QUERY}").json()
    assert set(body) >= {"title", "x", "series", "unit", "link"}
    assert {line["kind"] for line in body["series"]} <= {"line", "bar"}
    assert client.get("/api/v1/dashboard/charts/weather/").status_code == 404
    assert client.get("/api/v1/dashboard/charts/pm25/?target=x").status_code == 400


def test_anonymous_callers_get_nothing(ledger, client):  # noqa: F811
    assert client.get("/api/v1/dashboard/summary/").status_code in (401, 403)


def test_filters_change_the_figures(ledger, leader, api):  # noqa: F811
    client = api(leader)
    everything = client.get(f"/api/v1/dashboard/summary/{QUERY}").json()
    air = client.get(f"/api/v1/dashboard/summary/{QUERY}&category=air").json()
    assert air["targets"]["total"] == Target.objects.filter(metric__code="pm25").count() < everything["targets"]["total"]
    assert air["filters"] == {"year": 2026, "category": "air", "as_of": AS_OF.isoformat()}  # as_of: not today
