"""``manage.py evaluate``: its two outputs, and the demo city's levels checked against the raw rows."""
import datetime as dt
import io
import json
from decimal import Decimal

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from tests.factories import MetricFactory, OrgUnitFactory, TargetFactory
from tests.fixtures.test_demo_city import city_daily, loaded_once
from tracker.models import MetricKind, Observation, Target
from tracker.status import Level

DEMO_AS_OF = dt.date(2026, 11, 23)
JSON_KEYS = {"id", "code", "title", "metric", "kind", "level", "colour", "reason", "explanation_zh",
             "explanation_en", "figures", "projection"}


def run(*args):
    out = io.StringIO()
    call_command("evaluate", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def two_milestones(db):
    milestone = MetricFactory(code="milestone", name="节点任务", kind=MetricKind.MILESTONE, unit="",
                              comparator="=", is_site_metric=False)
    unit = OrgUnitFactory()
    late = TargetFactory(code="MS-LATE", title="30个工作日内上报整改方案", metric=milestone, target_value=None,
                         lead_unit=unit, period_start=dt.date(2026, 6, 1), period_end=dt.date(2026, 7, 13),
                         deadline=dt.date(2026, 7, 13))
    done = TargetFactory(code="MS-DONE", title="6个月内报整改情况", metric=milestone, target_value=None,
                         lead_unit=unit, period_start=dt.date(2026, 6, 1), period_end=dt.date(2026, 7, 13),
                         deadline=dt.date(2026, 7, 13), done_on=dt.date(2026, 7, 1))
    return late, done


def test_json_output_is_one_object_per_target(two_milestones):
    # when
    rows = json.loads(run("--as-of", "2026-11-23", "--json"))

    # then
    assert [row["code"] for row in rows] == ["MS-DONE", "MS-LATE"]
    assert all(set(row) == JSON_KEYS for row in rows)
    late = rows[1]
    assert (late["id"], late["metric"], late["kind"]) == (two_milestones[0].pk, "milestone", "milestone")
    assert (late["level"], late["colour"], late["reason"]) == (3, "red", "overdue")
    assert late["figures"]["deadline"] == "2026-07-13" and late["figures"]["days_to_deadline"] < 0
    assert rows[0]["colour"] == "green" and rows[0]["figures"]["done_on"] == "2026-07-01"
    assert late["projection"] is None  # a milestone has no projection


def test_table_output_counts_levels_and_lists_the_red_targets(two_milestones):
    # when
    out = run("--as-of", "2026-11-23")

    # then
    lines = out.splitlines()
    assert any(line.split()[:3] == ["红", "red", "1"] for line in lines)
    assert any(line.split()[:3] == ["绿", "green", "1"] for line in lines)
    assert "MS-LATE  30个工作日内上报整改方案" in out
    assert Target.objects.get(code="MS-LATE").explanation_zh in out
    assert "MS-DONE" not in out


@pytest.mark.parametrize("bad", ["2026-13-01", "23/11/2026", "yesterday"])
def test_a_bad_as_of_date_is_refused_in_both_languages(db, bad):
    with pytest.raises(CommandError, match=r"应为 YYYY-MM-DD / --as-of must be YYYY-MM-DD"):
        run("--as-of", bad)


# -- the demo city ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with loaded_once(django_db_blocker, DEMO_AS_OF) as as_of:
        with django_db_blocker.unblock():
            rows = {row["code"]: row for row in json.loads(run("--as-of", as_of.isoformat(), "--json"))}
        yield rows


@pytest.mark.django_db
def test_demo_city_shows_every_warning_level(demo):
    levels = {row["level"] for row in demo.values()}
    assert levels == {0, 1, 2, 3}
    stored = dict(Target.objects.values_list("code", "level"))
    assert stored == {code: row["level"] for code, row in demo.items()}


@pytest.mark.django_db
def test_demo_pm25_annual_explanation_matches_the_raw_station_rows(demo):
    # given the city's daily means, computed here from the raw rows
    row, target = demo["AIR-PM25-ANNUAL"], Target.objects.get(code="AIR-PM25-ANNUAL")
    daily = city_daily("pm25", DEMO_AS_OF)
    this_year = [v for d, v in daily.items() if target.period_start <= d <= DEMO_AS_OF]
    big_n = (target.period_end - target.period_start).days + 1
    r = big_n - len(this_year)
    required = (float(target.target_value) * big_n - sum(this_year)) / r
    remaining = [DEMO_AS_OF + dt.timedelta(days=i) for i in range(1, r + 1)]
    last_year = np.mean([daily[d.replace(year=d.year - 1)] for d in remaining])

    # then: R = (T·N − S)/r, B over last year's same days, the required cut R/B − 1
    assert row["level"] == Level.ORANGE and row["reason"] == "serious_vs_last_year"
    assert row["figures"]["required_remaining_mean"] == pytest.approx(required)
    assert f"剩余 {r} 天日均值需控制在 {required:.1f} μg/m³ 以下" in row["explanation_zh"]
    assert f"去年同期 {last_year:.1f} μg/m³" in row["explanation_zh"]
    assert f"需同比下降 {abs(required / last_year - 1) * 100:.1f}%" in row["explanation_zh"]


@pytest.mark.django_db
def test_demo_heavy_pollution_budget_counts_the_heavy_days_in_the_raw_rows(demo):
    # given heavy days (AQI > 200): city PM2.5 > 150, PM10 > 350 or O3-8h > 265 (HJ 633 IAQI 200)
    pm25, pm10, o3 = (city_daily(m, DEMO_AS_OF) for m in ("pm25", "pm10", "o3"))
    heavy = [d for d in pm25 if d.year == DEMO_AS_OF.year and (pm25[d] > 150 or pm10[d] > 350 or o3[d] > 265)]

    # then: the zero-day budget is spent
    row = demo["AIR-HEAVY-RATIO"]
    assert heavy
    assert (row["level"], row["reason"]) == (Level.RED, "cannot_be_met")
    assert row["figures"]["observed_value"] == len(heavy)
    assert f"已出现 {len(heavy)} 天，控制目标 ≤ 0 天" in row["explanation_zh"]


@pytest.mark.django_db
def test_demo_drinking_water_names_the_sources_whose_latest_class_fails(demo):
    # given each source's latest class from the raw rows
    target = Target.objects.get(code="WATER-DRINKING-100")
    failing = []
    for site in target.sites.all():
        rows = Observation.objects.filter(site=site, observed_on__lte=DEMO_AS_OF)
        latest = rows.order_by("observed_on").last()
        if latest.value > Decimal(target.class_limit):
            failing.append(site.name)

    # then
    row = demo["WATER-DRINKING-100"]
    assert failing and sorted(row["figures"]["failing_sites"]) == sorted(failing)
    assert row["level"] == Level.ORANGE
    assert all(name in row["explanation_zh"] for name in failing)


@pytest.mark.django_db
def test_every_demo_air_target_with_a_value_has_a_projection_band_allowances_and_a_what_if(demo):
    from tracker.services.projection import what_if

    # given the air targets whose value is known (the masked ones cannot be projected)
    air = {code: row for code, row in demo.items() if code.startswith(("AIR-", "AW-"))}
    known = {code: row for code, row in air.items() if row["reason"] != "value_unknown"}

    # then
    assert len(known) >= 6
    for code, row in known.items():
        projection = row["projection"]
        assert projection is not None, code
        assert projection["projected_low"] <= projection["projected_value"] <= projection["projected_high"], code
        assert 0 <= projection["projected_probability"] <= 1, code
        assert projection["monthly_allowances"], code
        answer = what_if(Target.objects.get(code=code), DEMO_AS_OF, 0)
        assert answer["level"] in (0, 1, 2, 3) and answer["explanation_zh"], code
    assert all(row["projection"] is None for code, row in air.items() if code not in known)


@pytest.mark.django_db
def test_demo_pm25_projection_and_allowances_match_the_raw_station_rows(demo):
    # given the city's daily means, computed here from the raw rows
    row, target = demo["AIR-PM25-ANNUAL"], Target.objects.get(code="AIR-PM25-ANNUAL")
    daily = city_daily("pm25", DEMO_AS_OF)
    observed = [d for d in daily if target.period_start <= d <= DEMO_AS_OF]
    big_n = (target.period_end - target.period_start).days + 1
    s, r = sum(daily[d] for d in observed), big_n - len(observed)
    remaining = [DEMO_AS_OF + dt.timedelta(days=i) for i in range(1, r + 1)]
    back = {d: d.replace(year=d.year - 1) for d in observed + remaining}

    # when: this year's level relative to last year's same days, applied to last year's remaining days
    ratio = np.mean([daily[d] for d in observed]) / np.mean([daily[back[d]] for d in observed])
    path = ratio * np.mean([daily[back[d]] for d in remaining])
    central = (s + r * path) / big_n
    room = float(target.target_value) * big_n - s
    months = sorted({d.strftime("%Y-%m") for d in remaining})
    weight = {m: np.mean([daily[back[d]] for d in remaining if d.strftime("%Y-%m") == m]) for m in months}
    days = {m: sum(1 for d in remaining if d.strftime("%Y-%m") == m) for m in months}
    scale = room / sum(days[m] * weight[m] for m in months)

    # then
    projection = row["projection"]
    assert projection["projected_value"] == pytest.approx(central)
    assert projection["projected_level"] == Level.ORANGE and projection["projected_probability"] == 0.0
    assert [(a["month"], a["control_value"]) for a in projection["monthly_allowances"]] == [
        (m, pytest.approx(scale * weight[m])) for m in months]
