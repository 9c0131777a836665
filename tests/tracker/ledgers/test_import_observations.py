"""Importing monitoring data: long sheets (site, metric, date, value) and wide station
sheets (a date column and one column per station)."""
import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import ObservationFactory, TargetFactory
from tracker.ledgers.importer import import_ledger
from tracker.ledgers.kinds import Options
from tracker.models import Observation

from .builders import csv_bytes, xlsx

pytestmark = pytest.mark.django_db


def test_a_long_sheet_with_units_in_chinese_imports(city, supervisor, pm25, stations):
    # given daily readings with the unit written in Chinese
    data = xlsx([["监测站点", "监测指标", "监测日期", "浓度", "单位"],
                 ["东站", "PM2.5浓度", "2022/1/1", 35, "微克/立方米"],
                 ["西站", "pm25", "2022年1月2日", "41.5", "μg/m3"]])
    # when committed
    result = import_ledger("日报.xlsx", data, "observations", supervisor, dry_run=False)
    # then both are stored as imports, in the catalogue's unit
    assert result.counts["created"] == 2
    west = Observation.objects.get(site=stations[1])
    assert west.value == Decimal("41.5") and west.observed_on == dt.date(2022, 1, 2)
    assert west.source == Observation.Source.IMPORT and west.reported_by == supervisor


def test_a_unit_in_another_unit_of_the_family_is_converted(city, supervisor, co, stations):
    # given CO written in μg/m³ while the catalogue keeps mg/m³
    data = xlsx([["站点", "指标", "日期", "数值(微克/立方米)"], ["东站", "co", "2022-01-01", 1200]])
    # when committed, then the value is stored in mg/m³ (1200 μg/m³ = 1.2 mg/m³)
    import_ledger("co.xlsx", data, "observations", supervisor, dry_run=False)
    assert Observation.objects.get().value == Decimal("1.2")


def test_an_unknown_unit_name_is_a_row_error(city, supervisor, pm25, stations):
    data = xlsx([["站点", "指标", "日期", "数值", "单位"], ["东站", "pm25", "2022-01-01", 30, "斤/立方米"]])
    result = import_ledger("bad.xlsx", data, "observations", supervisor, dry_run=False)
    assert result.errors[0].column == "单位" and "斤/立方米" in result.errors[0].zh
    assert Observation.objects.count() == 0


def test_a_wide_station_sheet_gives_one_observation_per_cell(city, supervisor, pm25, stations):
    # given a date column and one column per station, an empty cell for a missing reading
    data = xlsx([["PM2.5日均浓度"], ["日期", "东站", "西站（μg/m³）"],
                 [dt.date(2022, 1, 1), 30, 40], [dt.date(2022, 1, 2), None, 45]])
    # when committed with the metric named
    result = import_ledger("wide.xlsx", data, "observations_wide", supervisor, dry_run=False,
                           options=Options(metric="pm25"))
    # then three observations exist, keyed by site and day
    assert result.counts["created"] == 3
    assert sorted((o.site.code, o.observed_on.day, o.value) for o in Observation.objects.all()) == [
        ("st-east", 1, Decimal("30")), ("st-west", 1, Decimal("40")), ("st-west", 2, Decimal("45"))]


def test_a_wide_sheet_names_the_station_column_of_a_bad_cell(city, supervisor, pm25, stations):
    data = xlsx([["日期", "东站", "南站"], ["2022-01-01", 30, 40]])
    result = import_ledger("wide.xlsx", data, "observations_wide", supervisor, options=Options(metric="pm25"))
    assert [(r.column, r.outcome) for r in result.results] == [("东站", "created"), ("南站", "error")]


def test_reimport_is_unchanged_and_a_changed_value_updates(city, supervisor, pm25, stations):
    # given a reading already stored
    ObservationFactory(site=stations[0], metric=pm25, observed_on=dt.date(2022, 1, 1), value=Decimal("30"))
    data = csv_bytes([["站点", "指标", "日期", "数值"], ["东站", "pm25", "2022-01-01", "30.0"],
                      ["东站", "pm25", "2022-01-02", "33"]], "utf-8-sig")
    # when the file is committed twice
    first = import_ledger("a.csv", data, "observations", supervisor, dry_run=False)
    second = import_ledger("a.csv", data, "observations", supervisor, dry_run=False)
    # then the first creates one and keeps one, the second changes nothing
    assert (first.counts["created"], first.counts["unchanged"]) == (1, 1)
    assert second.counts["unchanged"] == 2 and Observation.objects.count() == 2


def test_target_series_rows_and_staff_scope(city, staff_a, pm25, stations):
    # given a staff member of 甲县, a target of 甲县 and the other county's station
    target = TargetFactory(code="T-A", metric=pm25, lead_unit=city["county_a"])
    data = xlsx([["站点", "目标编号", "日期", "数值"], [None, "T-A", "2026-01-01", 25], ["西站", None, "2022-01-01", 25]])
    # when previewed with the metric given for site rows
    result = import_ledger("a.xlsx", data, "observations", staff_a, options=Options(metric="pm25"))
    # then the target row is accepted; the station outside their scope is not found
    assert [r.outcome for r in result.results] == ["created", "error"]
    assert result.results[1].column == "站点"
    assert target.observations.count() == 0  # a dry run
