"""The evaluation pass: set-wise loading, writing only what changed, the status-change history."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MetricFactory, OrgUnitFactory, SiteFactory, TargetFactory
from tracker.models import Metric, MetricKind, Observation, Site, StatusThresholds, Target, TargetStatusChange
from tracker.services.evaluation import evaluate_all, evaluate_target_now
from tracker.status import Level, Reason

AS_OF = dt.date(2026, 11, 23)
YEAR = dict(period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
            deadline=dt.date(2026, 12, 31))


def days(start, end):
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def metric(code, kind, unit="", comparator="<=", site=False, **extra):
    return MetricFactory(code=code, name=code.upper(), kind=kind, unit=unit, comparator=comparator,
                         is_site_metric=site, **extra)


def site_readings(site, metric, values_by_day):
    Observation.objects.bulk_create(
        Observation(site=site, metric=metric, observed_on=day, value=Decimal(str(value)))
        for day, value in values_by_day.items()
    )


def target_readings(target, values_by_day):
    Observation.objects.bulk_create(
        Observation(target=target, metric=target.metric, observed_on=day, value=Decimal(str(value)))
        for day, value in values_by_day.items()
    )


@pytest.fixture
def catalogue(db):
    StatusThresholds.current()  # the row exists, as after the first pass ever
    return {
        "pm25": metric("pm25", MetricKind.PERIOD_MEAN, "μg/m³", site=True),
        "o3": metric("o3", MetricKind.PERCENTILE, "μg/m³", site=True, percentile=Decimal("0.9")),
        "good": metric("good_day_ratio", MetricKind.DAY_RATIO, "%", ">="),
        "share": metric("water_section_share", MetricKind.SITE_SHARE, "%", ">="),
        "class": metric("water_class", MetricKind.SITE_SHARE, "类", site=True),
        "progress": metric("villages_count", MetricKind.PROGRESS, "个", ">="),
        "rank": metric("rank", MetricKind.RANK, "名", "exit_bottom"),
        "milestone": metric("milestone", MetricKind.MILESTONE, "", "="),
    }


def build_group(n, catalogue):
    """One county with two air stations and two water sections, and a target of each kind
    (period mean, percentile, day ratio from the AQI, share of sites, progress, rank, milestone,
    baseline change) with a year of readings: 8 targets."""
    county = OrgUnitFactory(code=f"county-{n}")
    stations = [SiteFactory(code=f"air-{n}-{i}", unit=county) for i in range(2)]
    sections = [SiteFactory(code=f"ws-{n}-{i}", unit=county, kind=Site.Kind.WATER_SECTION, standard_class=3)
                for i in range(2)]
    year = days(dt.date(2025, 1, 1), AS_OF)
    for i, station in enumerate(stations):
        site_readings(station, catalogue["pm25"], {d: 20 + i + d.day % 7 for d in year})
        site_readings(station, catalogue["o3"], {d: 90 + d.day for d in year})
    for i, section in enumerate(sections):
        monthly = {dt.date(2026, m, 28): 2 + i + m % 2 for m in range(1, 11)}
        site_readings(section, catalogue["class"], monthly)
    made = [
        TargetFactory(code=f"pm25-{n}", metric=catalogue["pm25"], target_value=Decimal("23"), lead_unit=county,
                      **YEAR),
        TargetFactory(code=f"o3-{n}", metric=catalogue["o3"], target_value=Decimal("160"), lead_unit=county,
                      **YEAR),
        TargetFactory(code=f"good-{n}", metric=catalogue["good"], target_value=Decimal("91.6"),
                      day_limit=Decimal("100"), lead_unit=county, **YEAR),
        TargetFactory(code=f"share-{n}", metric=catalogue["share"], target_value=Decimal("50"), class_limit=3,
                      lead_unit=county, **YEAR),
        TargetFactory(code=f"villages-{n}", metric=catalogue["progress"], target_value=Decimal("45"),
                      baseline_value=0, lead_unit=county, **YEAR),
        TargetFactory(code=f"rank-{n}", metric=catalogue["rank"], target_value=Decimal("5"), rank_total=11,
                      lead_unit=county, **YEAR),
        TargetFactory(code=f"plan-{n}", metric=catalogue["milestone"], target_value=None, lead_unit=county,
                      period_start=dt.date(2026, 6, 1), period_end=dt.date(2026, 7, 13),
                      deadline=dt.date(2026, 7, 13), done_on=dt.date(2026, 7, 7)),
        TargetFactory(code=f"down10-{n}", metric=catalogue["pm25"], kind=MetricKind.BASELINE_CHANGE,
                      comparator="decrease_by", target_value=Decimal("10"), change_unit="%",
                      baseline_value=Decimal("25"), lead_unit=county, **YEAR),
    ]
    for target in made:
        if target.kind in (MetricKind.PERIOD_MEAN, MetricKind.PERCENTILE, MetricKind.DAY_RATIO,
                           MetricKind.BASELINE_CHANGE):
            target.sites.set(stations)
        elif target.kind == MetricKind.SITE_SHARE:
            target.sites.set(sections)
    target_readings(made[4], {dt.date(2026, m, 28): 3 * m for m in range(1, 11)})
    target_readings(made[5], {dt.date(2026, m, 28): 6 + m % 3 for m in range(1, 11)})
    return made


def audit_free(captured):
    return [q for q in captured.captured_queries if not q["sql"].startswith('INSERT INTO "tracker_historical')]


def queries_of_a_pass(as_of=AS_OF):
    with CaptureQueriesContext(connection) as captured:
        evaluate_all(as_of)
    return captured


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_number_of_targets(catalogue):
    # given 8 targets of eight kinds
    build_group(0, catalogue)
    few = queries_of_a_pass()
    # ... and then 40, with four times the stations and readings
    Target.objects.update(level=None, reason="", explanation_zh="", explanation_en="", figures={})
    for n in range(1, 5):
        build_group(n, catalogue)

    # when
    many = queries_of_a_pass()

    # then
    assert Target.objects.active().count() == 40
    assert Target.objects.filter(level__isnull=True).count() == 0
    # The audit trail's history rows are inserted in batches the database's parameter limit
    # sets (SQLite: 999 values), so they are counted apart: one batch per ~25 targets.
    few, many = (audit_free(c) for c in (few, many))
    assert len(many) == len(few), [q["sql"][:60] for q in many]
    # PostgreSQL asks once more: the transaction id the change feed orders its rows by.
    assert len(few) <= 15 + (connection.vendor == "postgresql"), [q["sql"][:90] for q in few]


@pytest.mark.django_db
def test_a_second_pass_with_the_same_as_of_writes_nothing(catalogue):
    # given a first pass
    build_group(0, catalogue)
    first = evaluate_all(AS_OF)
    stamps = dict(Target.objects.values_list("code", "updated_at"))
    changes = TargetStatusChange.objects.count()
    history = Target.history.count()

    # when
    with CaptureQueriesContext(connection) as captured:
        second = evaluate_all(AS_OF)

    # then
    assert len(first.changed_ids) == 8 and second.changed_ids == [] and second.level_changes == []
    assert dict(Target.objects.values_list("code", "updated_at")) == stamps
    assert TargetStatusChange.objects.count() == changes == 8
    assert Target.history.count() == history
    writes = [q for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert writes == []


@pytest.mark.django_db
def test_a_level_change_writes_exactly_one_status_change(catalogue):
    # given a milestone, not done, first judged well before its deadline (green)
    county = OrgUnitFactory()
    plan = TargetFactory(metric=catalogue["milestone"], target_value=None, lead_unit=county,
                         period_start=dt.date(2026, 6, 1), period_end=dt.date(2026, 9, 30),
                         deadline=dt.date(2026, 9, 30))
    evaluate_all(dt.date(2026, 6, 10))
    assert TargetStatusChange.objects.filter(target=plan).count() == 1

    # when judged after its deadline
    summary = evaluate_all(dt.date(2026, 10, 9))

    # then
    change = TargetStatusChange.objects.filter(target=plan).order_by("id").last()
    assert TargetStatusChange.objects.filter(target=plan).count() == 2
    assert (change.old_level, change.new_level, change.as_of, change.reason) == (
        Level.GREEN, Level.RED, dt.date(2026, 10, 9), Reason.OVERDUE)
    assert "已逾期" in change.explanation_zh
    assert [(c.target_id, c.old_level, c.new_level) for c in summary.level_changes] == [(plan.pk, 0, 3)]


@pytest.mark.django_db
def test_new_figures_at_the_same_level_update_the_target_without_a_status_change(catalogue):
    # given a milestone judged green twice, ten days apart
    plan = TargetFactory(metric=catalogue["milestone"], target_value=None, lead_unit=OrgUnitFactory(),
                         period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
                         deadline=dt.date(2026, 12, 31))
    evaluate_all(dt.date(2026, 3, 1))

    # when
    summary = evaluate_all(dt.date(2026, 3, 11))

    # then
    plan.refresh_from_db()
    assert summary.changed_ids == [plan.pk] and summary.level_changes == []
    assert plan.figures["as_of"] == "2026-03-11"
    assert TargetStatusChange.objects.filter(target=plan).count() == 1


@pytest.mark.django_db
def test_a_masked_target_is_value_unknown(catalogue):
    # given "控制目标为X微克/立方米"
    masked = TargetFactory(metric=catalogue["pm25"], target_value=None, value_masked=True,
                           lead_unit=OrgUnitFactory(), **YEAR)

    # when
    evaluate_all(AS_OF)

    # then
    masked.refresh_from_db()
    assert (masked.level, masked.reason) == (Level.YELLOW, Reason.VALUE_UNKNOWN)
    assert "目标值待确认" in masked.explanation_zh


@pytest.mark.django_db
def test_deleted_and_inactive_targets_are_skipped(catalogue):
    # given
    unit = OrgUnitFactory()
    live = TargetFactory(metric=catalogue["milestone"], target_value=None, lead_unit=unit, **YEAR)
    inactive = TargetFactory(metric=catalogue["milestone"], target_value=None, lead_unit=unit,
                             is_active=False, **YEAR)
    deleted = TargetFactory(metric=catalogue["milestone"], target_value=None, lead_unit=unit, **YEAR)
    deleted.soft_delete()

    # when
    summary = evaluate_all(AS_OF)

    # then
    assert [r.target.pk for r in summary.results] == [live.pk]
    levels = dict(Target.all_objects.values_list("pk", "level"))
    assert levels[inactive.pk] is None and levels[deleted.pk] is None and levels[live.pk] is not None
    assert not TargetStatusChange.objects.filter(target__in=[inactive, deleted]).exists()


@pytest.mark.django_db
def test_a_target_the_rules_cannot_read_is_flagged_and_the_pass_goes_on(catalogue):
    # given a rank target written with ">=" (ranks need exit_bottom) next to a good one
    unit = OrgUnitFactory()
    broken = TargetFactory(code="A-BROKEN", metric=catalogue["rank"], comparator=">=",
                           target_value=Decimal("5"), rank_total=11, lead_unit=unit, **YEAR)
    fine = TargetFactory(code="B-FINE", metric=catalogue["milestone"], target_value=None, lead_unit=unit,
                         **YEAR)

    # when
    summary = evaluate_all(AS_OF)

    # then
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert (broken.level, broken.reason) == (Level.YELLOW, Reason.CANNOT_EVALUATE)
    assert "exit_bottom" in broken.figures["error"] and "无法测算" in broken.explanation_zh
    assert summary.failed_ids == [broken.pk]
    assert fine.reason == Reason.ON_TRACK


def test_a_target_the_rules_cannot_read_logs_one_line_without_a_traceback(catalogue, caplog):
    # given a percentile metric without p (a misconfigured catalogue entry)
    bad_metric = metric("o3_bad", MetricKind.PERCENTILE, "μg/m³", site=True)
    broken = TargetFactory(code="A-NO-P", metric=bad_metric, target_value=Decimal("160"), **YEAR)

    # when
    with caplog.at_level("WARNING", logger="tracker.services.evaluation"):
        evaluate_all(AS_OF)

    # then one record, one line, no traceback; the target still says why
    records = [r for r in caplog.records if "A-NO-P" in r.getMessage()]
    assert len(records) == 1
    assert records[0].exc_info is None and "\n" not in records[0].getMessage()
    assert "ValueError" in records[0].getMessage()
    broken.refresh_from_db()
    assert broken.reason == Reason.CANNOT_EVALUATE and "percentile" in broken.figures["error"]


@pytest.mark.django_db
def test_period_mean_without_linked_sites_reads_every_station_under_the_lead_unit(catalogue):
    # given two stations in the county (one in a town under it) and one elsewhere, at 20, 30 and 90
    county = OrgUnitFactory()
    town = OrgUnitFactory(parent=county, kind="town")
    elsewhere = OrgUnitFactory()
    week = days(dt.date(2026, 1, 1), dt.date(2026, 1, 10))
    for unit, value in ((county, 20), (town, 30), (elsewhere, 90)):
        site_readings(SiteFactory(unit=unit), catalogue["pm25"], {d: value for d in week})
    target = TargetFactory(metric=catalogue["pm25"], target_value=Decimal("35"), lead_unit=county, **YEAR)

    # when
    evaluation = evaluate_target_now(target, dt.date(2026, 1, 10))

    # then: the city mean is (20 + 30) / 2 over 10 days; R = (35·365 − 250) / 355
    assert evaluation.figures["observed_value"] == pytest.approx(25.0)
    assert evaluation.figures["required_remaining_mean"] == pytest.approx((35 * 365 - 250) / 355)
    target.refresh_from_db()
    assert target.figures["required_remaining_mean"] == pytest.approx((35 * 365 - 250) / 355)


@pytest.mark.django_db
def test_day_ratio_counts_good_days_from_the_stations_aqi(catalogue):
    # given ten days, PM2.5 at 50 except three days at 80 (IAQI 107: not good)
    county = OrgUnitFactory()
    station = SiteFactory(unit=county)
    ten = days(dt.date(2026, 1, 1), dt.date(2026, 1, 10))
    site_readings(station, catalogue["pm25"], {d: 80 if d.day in (2, 5, 9) else 50 for d in ten})
    target = TargetFactory(metric=catalogue["good"], target_value=Decimal("91.6"), day_limit=Decimal("100"),
                           lead_unit=county, **YEAR)
    target.sites.set([station])

    # when
    evaluation = evaluate_target_now(target, dt.date(2026, 1, 10))

    # then
    assert evaluation.figures["good_days"] == 7
    assert evaluation.figures["days_observed"] == 10


@pytest.mark.django_db
def test_site_share_without_a_class_limit_uses_each_sites_standard(catalogue):
    # given two sections reading IV, one whose own standard is IV
    county = OrgUnitFactory()
    relaxed = SiteFactory(unit=county, name="中原闸", kind=Site.Kind.WATER_SECTION, standard_class=4)
    strict = SiteFactory(unit=county, name="高新渠", kind=Site.Kind.WATER_SECTION, standard_class=3)
    for section in (relaxed, strict):
        site_readings(section, catalogue["class"], {dt.date(2026, 10, 31): 4})
    target = TargetFactory(metric=catalogue["share"], target_value=Decimal("100"), lead_unit=county, **YEAR)
    target.sites.set([relaxed, strict])

    # when
    evaluation = evaluate_target_now(target, AS_OF)

    # then
    assert evaluation.figures["failing_sites"] == ["高新渠"]
    assert evaluation.level == Level.ORANGE


@pytest.mark.django_db
def test_baseline_change_in_points_derives_the_target_in_the_metrics_unit(catalogue):
    # given 优良断面比例 66.7% last year, to rise by 3.4 points; 1 of 2 sections good now
    county = OrgUnitFactory()
    sections = [SiteFactory(unit=county, kind=Site.Kind.WATER_SECTION) for _ in range(2)]
    for section, cls in zip(sections, (2, 4)):
        site_readings(section, catalogue["class"], {dt.date(2026, 10, 31): cls})
    target = TargetFactory(metric=catalogue["share"], kind=MetricKind.BASELINE_CHANGE,
                           comparator="increase_by",
                           target_value=Decimal("3.4"), unit="%", change_unit="个百分点",
                           baseline_value=Decimal("66.7"), class_limit=3, lead_unit=county, **YEAR)
    target.sites.set(sections)

    # when
    evaluation = evaluate_target_now(target, AS_OF)

    # then
    assert evaluation.figures["derived_target"] == pytest.approx(70.1)
    assert evaluation.figures["observed_value"] == pytest.approx(0.5)
    assert evaluation.reason == Reason.BELOW_TARGET


@pytest.mark.django_db
def test_evaluate_target_now_can_leave_the_stored_result_alone(catalogue):
    # given
    plan = TargetFactory(metric=catalogue["milestone"], target_value=None, lead_unit=OrgUnitFactory(), **YEAR)

    # when
    evaluation = evaluate_target_now(plan, AS_OF, save=False)

    # then
    plan.refresh_from_db()
    assert evaluation.reason == Reason.ON_TRACK
    assert plan.level is None and not TargetStatusChange.objects.exists()
    assert Metric.objects.filter(code="milestone").exists()
