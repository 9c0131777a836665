"""Dashboard aggregates, each checked against the same figure counted straight from the
database with an independent query (an oracle), never with the code under test."""
import datetime as dt
from decimal import Decimal

from django.db import connection
from django.db.models import Max, Q, Sum
from django.test.utils import CaptureQueriesContext

from tests.factories import OrgUnitFactory
from tracker.dashboard import service
from tracker.dashboard.filters import DashboardFilters
from tracker.dashboard.loading import load_snapshot
from tracker.models import Disbursement, Flag, FundAllocation, Milestone, RectificationItem, Target

from .conftest import AS_OF, add_county_ledger

FILTERS = DashboardFilters(as_of=AS_OF, year=2026)


def test_targets_by_colour_equal_the_stored_levels(ledger, leader):
    # given the ledger; when
    data = service.summary(load_snapshot(leader, FILTERS), leader)
    # then each colour's count is the number of active targets stored at that level
    counts = {row["level"]: row["count"] for row in data["targets"]["levels"]}
    for level in (0, 1, 2, 3):
        assert counts[level] == Target.objects.active().filter(level=level).count()
    assert data["targets"]["unevaluated"]["count"] == Target.objects.active().filter(level__isnull=True).count()
    assert data["targets"]["levels"][0]["link"] == "/targets/?year=2026&level=3"


def test_sign_off_per_round_and_overall_equal_the_items_signed_off_by_as_of(ledger, leader):
    data = service.summary(load_snapshot(leader, FILTERS), leader)["rectification"]
    for row in data["rounds"]:
        items = RectificationItem.objects.filter(round_id=row["round_id"])
        done = items.filter(state="signed_off", signed_off_at__date__lte=AS_OF).count()
        assert (row["total"], row["signed_off"]) == (items.count(), done)
        assert row["rate"] == round(100 * done / items.count(), 1)
        assert row["link"] == f"/items/?year=2026&round={row['round_id']}"
    all_items = RectificationItem.objects.all()
    assert data["overall"]["total"] == all_items.count()
    assert data["overall"]["signed_off"] == all_items.filter(state="signed_off").count()


def test_fund_execution_is_paid_by_as_of_over_allocated_against_the_time_path(ledger, leader):
    data = service.summary(load_snapshot(leader, FILTERS), leader)["funds"]
    allocated = FundAllocation.objects.filter(year=2026).aggregate(s=Sum("amount"))["s"]
    paid = Disbursement.objects.filter(paid_on__lte=AS_OF).aggregate(s=Sum("amount"))["s"]
    assert data["allocated"] == float(allocated) and data["paid"] == float(paid)
    assert data["rate"] == round(float(100 * paid / allocated), 1)
    # expected: each allocation's target × elapsed share of allocation day → deadline, weighted by amount
    weighted = sum(float(f.amount) * float(f.target_rate) * (AS_OF - f.allocated_on).days
                   / (f.execution_deadline - f.allocated_on).days for f in FundAllocation.objects.all())
    assert data["expected"] == round(weighted / float(allocated), 1)
    assert data["target"] == 90.0


def test_overdue_items_are_unsigned_items_past_their_deadline(ledger, leader):
    data = service.summary(load_snapshot(leader, FILTERS), leader)["overdue_items"]
    assert data["count"] == RectificationItem.objects.exclude(state="signed_off").filter(deadline__lt=AS_OF).count()
    assert data["link"] == "/items/?year=2026&overdue=1"


def test_new_reds_since_yesterday_come_from_status_changes_and_red_flag_events(ledger, leader):
    # given a target that turned red yesterday and one that turned red last week
    from tracker.models import TargetStatusChange

    from .conftest import at
    fresh, stale = Target.objects.filter(level=0)[:2]
    TargetStatusChange.objects.create(target=fresh, created_at=at(AS_OF - dt.timedelta(days=1)), as_of=AS_OF,
                                      old_level=1, new_level=3, reason="x")
    TargetStatusChange.objects.create(target=stale, created_at=at(AS_OF - dt.timedelta(days=7)), as_of=AS_OF,
                                      old_level=1, new_level=3, reason="x")
    # when
    data = service.summary(load_snapshot(leader, FILTERS), leader)["new_reds"]
    # then only yesterday's counts
    assert [(r["model"], r["id"]) for r in data["records"]] == [("target", fresh.pk)]


def test_new_reds_count_every_red_in_scope_and_list_the_first_few(ledger, leader, monkeypatch):
    # given three targets that turned red yesterday and an item whose warning was raised red
    from tracker.models import TargetStatusChange

    from .conftest import at, warn
    targets = list(Target.objects.active().order_by("pk")[:3])
    for target in targets:
        TargetStatusChange.objects.create(target=target, created_at=at(AS_OF - dt.timedelta(days=1)), as_of=AS_OF,
                                          old_level=1, new_level=3, reason="x")
    item = RectificationItem.objects.order_by("pk").first()
    warn(item, item.lead_unit, 3)  # raised red on AS_OF (its RAISED event)
    monkeypatch.setattr(service, "NEW_REDS_LISTED", 2)
    # when
    data = service.summary(load_snapshot(leader, FILTERS), leader)["new_reds"]
    # then all four count, and only the first two are listed: the item, then the first target
    assert data["count"] == 4
    assert data["listed"] == 2
    assert [(r["model"], r["id"]) for r in data["records"]] == [("item", item.pk), ("target", targets[0].pk)]


def test_todays_new_reds_are_read_off_the_records_and_agree_with_the_history(ledger, leader):
    # given, today, a red warning raised on one item and on one fund, an item's yellow one
    # escalated to red, and a red raised and cleared again on a third item
    from django.utils import timezone

    from tracker.models import FundAllocation

    from .conftest import warn

    today = timezone.localdate()
    first, second, third = RectificationItem.objects.order_by("pk")[:3]
    fund = FundAllocation.objects.order_by("pk").first()
    warn(first, first.lead_unit, 3, day=today)
    warn(fund, fund.unit, 3, cause="execution", day=today)
    warn(second, second.lead_unit, 1, cause="evidence_missing", day=today - dt.timedelta(days=5))
    warn(second, second.lead_unit, 3, cause="evidence_missing", day=today)
    warn(third, third.lead_unit, 3, cause="lookback_due", cleared=True, day=today)
    # when today's dashboard is asked, and the same window is read from the history (as for a past day)
    filters = DashboardFilters(as_of=today, year=today.year)
    data = service.summary(load_snapshot(leader, filters), leader)["new_reds"]
    history = service.new_reds(load_snapshot(leader, filters), leader, from_history=True)
    # then today's counts the three records red now, not the one cleared
    assert sorted((r["model"], r["id"]) for r in data["records"]) == sorted(
        [("fund", fund.pk), ("item", first.pk), ("item", second.pk)])
    # and the history counts the same three plus the one red for an hour today
    assert sorted((r["model"], r["id"]) for r in history["records"]) == sorted(
        [("fund", fund.pk), ("item", first.pk), ("item", second.pk), ("item", third.pk)])


def _item_level(item):
    """The rule restated for the oracle: red when overdue, else the worst open warning, else green."""
    if item.state != "signed_off" and item.deadline < AS_OF:
        return 3
    worst = Flag.objects.filter(subject_id=item.pk, subject_type__model="rectificationitem",
                                cleared_at__isnull=True).aggregate(m=Max("level"))["m"]
    return worst or 0


def test_matrix_cells_count_each_units_subtree_by_category(ledger, leader):
    # when
    data = service.matrix(load_snapshot(leader, FILTERS))
    rows = {row["id"]: row for row in data["units"]}
    county_a, county_b = ledger["county_a"], ledger["county_b"]
    # then the air cell of 甲县 counts the PM2.5 targets led in its subtree (the town's included)
    air = Target.objects.filter(lead_unit__path__startswith=county_a.path, metric__code="pm25")
    cell = rows[county_a.pk]["cells"]["air"]
    assert cell["total"] == air.count()
    assert {c["level"]: c["count"] for c in cell["counts"]} == {
        lv: air.filter(level=lv).count() for lv in (3, 2, 1, 0)}
    assert cell["level"] == air.aggregate(m=Max("level"))["m"]
    assert cell["link"] == f"/targets/?year=2026&category=air&unit={county_a.pk}"
    # and the rectification cell of 乙县 shows the worst item: overdue → red
    items_b = RectificationItem.objects.filter(lead_unit=county_b)
    assert rows[county_b.pk]["cells"]["rectification"]["level"] == max(_item_level(i) for i in items_b)
    assert rows[county_b.pk]["cells"]["rectification"]["link"] == f"/items/?year=2026&unit={county_b.pk}"
    # and the city's own target sits in the city's own row
    assert rows[ledger["city"].pk]["cells"]["air"]["total"] == Target.objects.filter(lead_unit=ledger["city"]).count()


def test_matrix_war_zone_rows_cover_member_subtrees(ledger, leader):
    data = service.matrix(load_snapshot(leader, FILTERS))
    zone = {row["id"]: row for row in data["zones"]}[ledger["zone"].pk]
    path = ledger["county_a"].path
    assert zone["cells"]["air"]["total"] == Target.objects.filter(lead_unit__path__startswith=path,
                                                                  metric__code="pm25").count()
    assert zone["cells"]["funds"]["total"] == FundAllocation.objects.filter(unit__path__startswith=path).count()
    assert zone["cells"]["air"]["link"] == f"/targets/?year=2026&category=air&group={ledger['zone'].pk}"


def _oracle_levels(path):
    """Every record's level under ``path`` by the documented rules, counted with plain queries."""
    levels = list(Target.objects.filter(lead_unit__path__startswith=path, level__isnull=False)
                  .values_list("level", flat=True))
    levels += [_item_level(i) for i in RectificationItem.objects.filter(lead_unit__path__startswith=path)]
    levels += [3 if m.done_on is None and m.due_on < AS_OF else 0
               for m in Milestone.objects.filter(project__lead_unit__path__startswith=path)]
    levels += [0 for _ in FundAllocation.objects.filter(unit__path__startswith=path)]  # none behind or past due
    levels += [3 for _ in Milestone.objects.filter(project__lead_unit__path__startswith=path, done_on=None,
                                                   due_on__lt=AS_OF).values("project").distinct()]
    return levels


def test_ranking_score_is_the_average_penalty_share(ledger, leader):
    # when
    data = service.ranking(load_snapshot(leader, FILTERS))
    rows = {row["id"]: row for row in data["units"]}
    # then each county's score is 100 × (1 − Σ level ÷ (3 × records)) over its records
    for county in (ledger["county_a"], ledger["county_b"]):
        levels = _oracle_levels(county.path)
        assert rows[county.pk]["records"] == len(levels)
        assert rows[county.pk]["score"] == round(100 * (1 - sum(levels) / (3 * len(levels))), 1)
    # and the better county ranks first, the black list starts with the worst
    assert [r["rank"] for r in data["units"]] == list(range(1, len(data["units"]) + 1))
    assert data["units"] == sorted(data["units"], key=lambda r: (-r["score"], r["red"], -r["records"], r["id"]))
    assert data["black_list"][0]["id"] == data["units"][-1]["id"]


def test_category_filter_keeps_one_column_and_its_records(ledger, leader):
    filters = DashboardFilters(as_of=AS_OF, year=2026, category="air")
    data = service.summary(load_snapshot(leader, filters), leader)
    assert data["targets"]["total"] == Target.objects.filter(metric__code="pm25").count()
    assert data["rectification"]["overall"]["total"] == 0
    assert [c["key"] for c in service.matrix(load_snapshot(leader, filters))["categories"]] == ["air"]


def test_unit_filter_narrows_to_the_subtree_and_rows_to_its_children(ledger, leader):
    filters = DashboardFilters(as_of=AS_OF, year=2026, unit=ledger["county_a"].pk)
    snapshot = load_snapshot(leader, filters)
    data = service.summary(snapshot, leader)
    assert data["targets"]["total"] == Target.objects.filter(lead_unit__path__startswith=ledger["county_a"].path).count()
    assert {row["id"] for row in service.matrix(snapshot)["units"]} == {ledger["county_a"].pk, ledger["town_a"].pk}


def test_war_zone_filter_keeps_only_member_subtrees(ledger, leader):
    filters = DashboardFilters(as_of=AS_OF, year=2026, group=ledger["zone"].pk)
    data = service.summary(load_snapshot(leader, filters), leader)
    assert data["overdue_items"]["count"] == RectificationItem.objects.filter(
        lead_unit__path__startswith=ledger["county_a"].path, deadline__lt=AS_OF).exclude(state="signed_off").count()


def test_staff_of_county_a_never_see_county_b(ledger, staff_a):
    # when 甲县's staff read every part
    snapshot = load_snapshot(staff_a, FILTERS)
    summary, matrix, ranking = (service.summary(snapshot, staff_a), service.matrix(snapshot),
                                service.ranking(snapshot))
    # then every figure counts 甲县's subtree only
    mine = Q(lead_unit__path__startswith=ledger["county_a"].path)
    assert summary["targets"]["total"] == Target.objects.filter(mine).count()
    assert summary["overdue_items"]["count"] == RectificationItem.objects.filter(mine, deadline__lt=AS_OF).exclude(
        state="signed_off").count()
    assert summary["funds"]["allocated"] == float(FundAllocation.objects.filter(
        unit__path__startswith=ledger["county_a"].path).aggregate(s=Sum("amount"))["s"])
    assert {row["name"] for row in summary["rectification"]["rounds"]} == {ledger["round_a"].name}
    seen = {row["id"] for row in matrix["units"]} | {row["id"] for row in ranking["units"]}
    assert ledger["county_b"].pk not in seen and ledger["city"].pk not in seen


def test_query_count_does_not_grow_with_the_data(ledger, leader, supervisor, city):
    def count():
        with CaptureQueriesContext(connection) as queries:
            snapshot = load_snapshot(leader, FILTERS)
            service.summary(snapshot, leader)
            service.matrix(snapshot)
            service.ranking(snapshot)
        return len(queries.captured_queries)

    # given the ledger, measured once (content types cached), then three more counties' ledgers
    count()
    before = count()
    for i in range(3):
        add_county_ledger(OrgUnitFactory(parent=city["city"], name=f"丙县{i}"), supervisor, levels=(3, 2, 1, 0))
    # then the same number of queries reads four times the data
    assert count() == before


def test_a_past_year_is_judged_on_its_last_day(ledger, leader):
    from tracker.dashboard.filters import parse_filters

    filters = parse_filters({"year": "2025"}, AS_OF)
    assert filters.as_of == dt.date(2025, 12, 31)
    data = service.summary(load_snapshot(leader, filters), leader)
    assert data["funds"]["allocated"] == 0.0 and data["targets"]["total"] == 0
    assert Decimal(0) == (FundAllocation.objects.filter(year=2025).aggregate(s=Sum("amount"))["s"] or Decimal(0))


def test_an_item_with_several_warnings_counts_once_at_its_worst_open_one(ledger, leader):
    # given 乙县's on-time item with its yellow warning, an orange one of another cause, and a
    # red one already cleared
    from .conftest import warn

    item = RectificationItem.objects.get(round=ledger["round_b"], deadline=dt.date(2026, 12, 31))
    warn(item, ledger["county_b"], 2, cause="evidence_missing")
    warn(item, ledger["county_b"], 3, cause="lookback_due", cleared=True)

    # when
    cell = {row["id"]: row for row in service.matrix(load_snapshot(leader, FILTERS))["units"]}[
        ledger["county_b"].pk]["cells"]["rectification"]
    counts = {c["level"]: c["count"] for c in cell["counts"] if c["count"]}

    # then: the item is orange once, the county's other items as the oracle says
    items = RectificationItem.objects.filter(lead_unit=ledger["county_b"])
    assert _item_level(item) == 2
    assert counts == {level: n for level in (3, 2, 1, 0)
                      if (n := sum(_item_level(i) == level for i in items))}
    assert cell["total"] == items.count()
