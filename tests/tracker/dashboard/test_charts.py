"""Chart series: shaped for ECharts, each end point checked against the database."""
import datetime as dt
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from tests.factories import (
    MetricFactory,
    ObservationFactory,
    RectificationItemFactory,
    SiteFactory,
    TargetFactory,
)
from tracker.dashboard.charts import CHARTS, build_chart
from tracker.dashboard.filters import DashboardFilters
from tracker.dashboard.loading import load_snapshot
from tracker.models import (
    Disbursement,
    FundAllocation,
    MetricKind,
    Observation,
    RectificationItem,
    TargetStatusChange,
)

from .conftest import AS_OF, at

FILTERS = DashboardFilters(as_of=AS_OF, year=2026)


def _chart(user, name, filters=FILTERS, **kw):
    return build_chart(load_snapshot(user, filters), user, name, **kw)


def test_every_chart_is_echarts_shaped(ledger, leader):
    for name in CHARTS:
        chart = _chart(leader, name)
        assert set(chart) >= {"name", "title", "x", "series", "unit", "link"}
        for line in chart["series"]:
            assert line["kind"] in ("line", "bar") and len(line["data"]) == len(chart["x"]) and line["name"]


def test_pm25_chart_ends_at_the_mean_so_far_and_the_remaining_control_value(city, leader):
    # given the city's PM2.5 target (≤ 35 over 2026) and one station's daily readings for 30 days
    target = TargetFactory(lead_unit=city["city"], period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    site = SiteFactory(unit=city["county_a"])
    target.sites.set([site])
    for i in range(30):
        ObservationFactory(metric=target.metric, site=site, observed_on=dt.date(2026, 1, 1) + dt.timedelta(days=i),
                           value=Decimal(20 + (i * 7) % 25))
    as_of = dt.date(2026, 1, 30)
    # when
    chart = _chart(leader, "pm25", DashboardFilters(as_of=as_of, year=2026))
    # then the last observed day's points equal the database's mean and R = (T·N − S)/r
    lines = {line["name"]: line["data"] for line in chart["series"]}
    day = chart["x"].index(as_of.isoformat())
    observed = Observation.objects.filter(site=site, observed_on__lte=as_of).aggregate(a=Avg("value"), s=Sum("value"),
                                                                                      n=Count("id"))
    assert lines["累计均值"][day] == round(float(observed["a"]), 2)
    assert lines["剩余日均控制值"][day] == round((35 * 365 - float(observed["s"])) / (365 - observed["n"]), 2)
    assert lines["目标值"][0] == 35.0 and lines["累计均值"][day + 1] is None
    assert chart["target"]["id"] == target.pk and chart["link"] == f"/targets/{target.pk}/"


def test_good_day_and_heavy_day_charts_count_the_days_of_the_series(city, leader):
    # given two targets judged on their own daily AQI series
    good = TargetFactory(lead_unit=city["city"], metric=MetricFactory(
        code="good_day_ratio", name="优良天数比例", kind=MetricKind.DAY_RATIO, unit="%", comparator=">=",
        is_site_metric=False), target_value=Decimal(90), day_limit=Decimal(100))
    heavy = TargetFactory(lead_unit=city["city"], metric=MetricFactory(
        code="heavy_pollution_days", name="重污染天数", kind=MetricKind.DAY_BUDGET, unit="天", comparator="<=",
        is_site_metric=False), target_value=Decimal(3), day_limit=Decimal(200))
    for i in range(40):
        aqi = Decimal((i * 37) % 260)
        for t in (good, heavy):
            Observation.objects.create(metric=t.metric, target=t, observed_on=dt.date(2026, 1, 1) + dt.timedelta(days=i),
                                       value=aqi)
    as_of = dt.date(2026, 2, 9)
    filters = DashboardFilters(as_of=as_of, year=2026)
    # when
    ratio = _chart(leader, "good_days", filters)
    days = _chart(leader, "heavy_days", filters)
    # then the last day's figures are the database's counts
    day = ratio["x"].index(as_of.isoformat())
    rows = Observation.objects.filter(target=good, observed_on__lte=as_of)
    assert ratio["series"][0]["data"][day] == round(100 * rows.filter(value__lte=100).count() / rows.count(), 1)
    heavy_count = Observation.objects.filter(target=heavy, observed_on__lte=as_of, value__gt=200).count()
    assert days["series"][0]["data"][day] == heavy_count and days["series"][1]["data"][0] == 3.0


def test_fund_chart_gives_each_units_execution_rate(ledger, leader):
    chart = _chart(leader, "funds_by_unit")
    rates = dict(zip(chart["x"], chart["series"][0]["data"]))
    for county in (ledger["county_a"], ledger["county_b"]):
        amount = FundAllocation.objects.filter(unit__path__startswith=county.path).aggregate(s=Sum("amount"))["s"]
        paid = Disbursement.objects.filter(allocation__unit__path__startswith=county.path,
                                           paid_on__lte=AS_OF).aggregate(s=Sum("amount"))["s"]
        assert rates[county.name] == round(float(100 * paid / amount), 1)


def test_burndown_ends_with_each_rounds_open_items(ledger, leader):
    chart = _chart(leader, "burndown")
    assert chart["x"][-1] == AS_OF.isoformat()
    for line in chart["series"]:
        open_items = RectificationItem.objects.filter(round_id=line["round_id"]).filter(
            ~Q(state="signed_off") | Q(signed_off_at__date__gt=AS_OF)).count()
        assert line["data"][-1] == open_items
        assert line["link"] == f"/items/?year=2026&round={line['round_id']}"



def test_burndown_counts_each_day_on_the_axis_like_the_database(ledger, leader, supervisor):
    # given two items of 甲县's round signed off either side of midnight after Sunday 3 May
    # (23:30 on the Sunday counts as signed off that Sunday, 00:30 on Monday only the week after)
    sunday_night = timezone.make_aware(dt.datetime(2026, 5, 3, 23, 30))
    monday_morning = timezone.make_aware(dt.datetime(2026, 5, 4, 0, 30))
    for moment in (sunday_night, monday_morning):
        item = RectificationItemFactory(round=ledger["round_a"], lead_unit=ledger["county_a"],
                                        deadline=dt.date(2026, 12, 31))
        RectificationItem.objects.filter(pk=item.pk).update(state="signed_off", signed_off_by=supervisor,
                                                            signed_off_at=moment)
    # when
    chart = _chart(leader, "burndown")
    # then every point is the round's items not signed off by the end of that day (local dates),
    # all listed from 1 January (no feedback day)
    for line in chart["series"]:
        items = RectificationItem.objects.filter(round_id=line["round_id"])
        expected = [items.exclude(state="signed_off", signed_off_at__date__lte=dt.date.fromisoformat(day)).count()
                    for day in chart["x"]]
        assert line["data"] == expected
    line = next(line for line in chart["series"] if line["round_id"] == ledger["round_a"].pk)
    sunday = chart["x"].index("2026-05-03")
    assert line["data"][sunday - 1] - line["data"][sunday] == 1  # the Sunday-night sign-off
    assert line["data"][sunday] - line["data"][sunday + 1] == 1  # the Monday-morning one, a week on

def test_level_history_counts_targets_by_their_latest_change(ledger, leader):
    # given level changes for three targets over the year
    targets = list(ledger["county_a"].led_targets.all()[:3])
    for target, (day, level) in zip(targets, [(dt.date(2026, 3, 1), 3), (dt.date(2026, 5, 1), 1),
                                              (dt.date(2026, 11, 1), 2)]):
        TargetStatusChange.objects.create(target=target, created_at=at(day), as_of=day, new_level=level, reason="x")
    TargetStatusChange.objects.create(target=targets[0], created_at=at(dt.date(2026, 6, 1)), as_of=dt.date(2026, 6, 1),
                                      old_level=3, new_level=0, reason="x")
    # when
    chart = _chart(leader, "level_history")
    # then at the last point each level's count is the number of targets whose latest change by AS_OF has it
    lines = {line["colour"]: line["data"][-1] for line in chart["series"]}
    latest = {}
    for change in TargetStatusChange.objects.filter(as_of__lte=AS_OF).order_by("as_of", "id"):
        latest[change.target_id] = change.new_level
    for colour, level in (("red", 3), ("orange", 2), ("yellow", 1), ("green", 0)):
        assert lines[colour] == sum(1 for v in latest.values() if v == level)
