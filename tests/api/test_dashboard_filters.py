"""The list filters behind the dashboard's links (year, category, group, level=none,
overdue, round, own_unit, as_of): what each selects, that a record filter stays within the
user's scope, and that a bad value is a 400 in the client's language, never a 500."""
import datetime as dt

import pytest

from tests.factories import InspectionRoundFactory, RectificationItemFactory, TargetFactory
from tests.tracker.dashboard.conftest import AS_OF, ledger  # noqa: F401 (fixture)
from tracker.models import FundAllocation, OrgGroup, RectificationItem, Target


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_year_keeps_targets_whose_period_overlaps_it(api, city, supervisor):
    # given a calendar-year target, an autumn–winter one (1 Oct 2025 – 31 Mar 2026) and last year's
    this_year = TargetFactory(lead_unit=city["county_a"], period_start=dt.date(2026, 1, 1),
                              period_end=dt.date(2026, 12, 31), deadline=dt.date(2026, 12, 31))
    winter = TargetFactory(lead_unit=city["county_a"], period_start=dt.date(2025, 10, 1),
                           period_end=dt.date(2026, 3, 31), deadline=dt.date(2026, 3, 31))
    last_year = TargetFactory(lead_unit=city["county_a"], period_start=dt.date(2025, 1, 1),
                              period_end=dt.date(2025, 12, 31), deadline=dt.date(2025, 12, 31))
    # when / then: the winter target counts in both years it touches
    assert ids(api(supervisor).get("/api/v1/targets/", {"year": 2026})) == {this_year.pk, winter.pk}
    assert ids(api(supervisor).get("/api/v1/targets/", {"year": 2025})) == {winter.pk, last_year.pk}


def test_level_none_lists_the_targets_not_evaluated_yet(api, city, supervisor):
    never = TargetFactory(lead_unit=city["county_a"], level=None)
    red = TargetFactory(lead_unit=city["county_a"], level=3)
    TargetFactory(lead_unit=city["county_a"], level=0)
    assert ids(api(supervisor).get("/api/v1/targets/", {"level": "none"})) == {never.pk}
    assert ids(api(supervisor).get("/api/v1/targets/?level=none&level=3")) == {never.pk, red.pk}


def test_category_keeps_the_targets_of_that_dashboard_column(ledger, api, supervisor):  # noqa: F811
    water = set(Target.objects.filter(metric__code="water_section_share").values_list("pk", flat=True))
    assert water and ids(api(supervisor).get("/api/v1/targets/", {"category": "water", "limit": 100})) == water


def test_group_keeps_the_subtrees_of_the_war_zones_members(ledger, api, supervisor):  # noqa: F811
    path = ledger["county_a"].path
    expected = set(Target.objects.filter(lead_unit__path__startswith=path).values_list("pk", flat=True))
    got = ids(api(supervisor).get("/api/v1/targets/", {"group": ledger["zone"].pk, "limit": 100}))
    assert got == expected and ledger["town_a"].pk in set(
        Target.objects.filter(pk__in=got).values_list("lead_unit_id", flat=True))
    funds = set(FundAllocation.objects.filter(unit__path__startswith=path).values_list("pk", flat=True))
    assert ids(api(supervisor).get("/api/v1/fund-allocations/", {"group": ledger["zone"].pk})) == funds


def test_own_unit_keeps_that_units_records_only(ledger, api, supervisor):  # noqa: F811
    own = set(Target.objects.filter(lead_unit=ledger["county_a"]).values_list("pk", flat=True))
    assert ids(api(supervisor).get("/api/v1/targets/", {"own_unit": ledger["county_a"].pk})) == own


@pytest.mark.parametrize("day, overdue", [
    (dt.date(2026, 9, 30), False),  # on the deadline: not yet overdue
    (dt.date(2026, 10, 1), True),   # the day after
])
def test_overdue_is_judged_on_as_of_from_the_deadline(api, city, supervisor, day, overdue):
    item = RectificationItemFactory(lead_unit=city["county_a"], deadline=dt.date(2026, 9, 30))
    got = ids(api(supervisor).get("/api/v1/rectification-items/", {"overdue": "true", "as_of": day.isoformat()}))
    assert (item.pk in got) is overdue
    rest = ids(api(supervisor).get("/api/v1/rectification-items/", {"overdue": "false", "as_of": day.isoformat()}))
    assert (item.pk in rest) is not overdue


def test_an_item_signed_off_is_not_overdue(ledger, api, supervisor):  # noqa: F811
    got = ids(api(supervisor).get("/api/v1/rectification-items/", {"overdue": "1", "as_of": AS_OF.isoformat()}))
    expected = RectificationItem.objects.filter(deadline__lt=AS_OF).exclude(state="signed_off")
    assert got == set(expected.values_list("pk", flat=True)) and got


def test_item_year_keeps_rounds_still_open_during_that_year(api, city, supervisor):
    # given a 2024 round closed in 2024, a 2024 round with an item still open, and a 2027 round
    closed = InspectionRoundFactory(year=2024)
    done = RectificationItemFactory(round=closed, lead_unit=city["county_a"])
    RectificationItem.objects.filter(pk=done.pk).update(state="signed_off", signed_off_by=supervisor, signed_off_at=dt.datetime(
        2024, 11, 1, tzinfo=dt.timezone.utc))
    open_round = InspectionRoundFactory(year=2024)
    still_open = RectificationItemFactory(round=open_round, lead_unit=city["county_a"])
    RectificationItemFactory(round=InspectionRoundFactory(year=2027), lead_unit=city["county_a"])
    assert ids(api(supervisor).get("/api/v1/rectification-items/", {"year": 2026})) == {still_open.pk}


def test_a_round_of_another_county_is_allowed_but_its_items_are_not_shown(ledger, api, staff_a):  # noqa: F811
    # rounds are shared reference data: naming one reveals nothing; its items stay scoped
    got = ids(api(staff_a).get("/api/v1/rectification-items/", {"round": ledger["round_b"].pk}))
    assert got == set()


def test_a_unit_outside_the_scope_is_the_same_400_as_one_that_does_not_exist(ledger, api, staff_a):  # noqa: F811
    outside = api(staff_a).get("/api/v1/targets/", {"own_unit": ledger["county_b"].pk})
    missing = api(staff_a).get("/api/v1/targets/", {"own_unit": 987654})
    assert outside.status_code == missing.status_code == 400
    assert outside.json() == missing.json()


@pytest.mark.parametrize("resource, params", [
    ("targets", {"year": "abc"}), ("targets", {"year": "1999"}), ("targets", {"year": "99999999999999999999"}),
    ("targets", {"year": "2026.5"}), ("targets", {"category": "weather"}), ("targets", {"level": "purple"}),
    ("targets", {"group": "x"}), ("targets", {"group": "987654"}), ("rectification-items", {"overdue": "maybe"}),
    ("rectification-items", {"as_of": "2026-13-01"}), ("rectification-items", {"year": "²"}),
    ("rectification-items", {"round": "-1"}), ("rectification-items", {"level": "9"}),
    ("fund-allocations", {"group": "99999999999999999999"}), ("fund-allocations", {"level": "none"}),
])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_bad_filter_value_is_a_400_in_the_clients_language(api, city, supervisor, resource, params, language):
    response = api(supervisor).get(f"/api/v1/{resource}/", params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    text = str(response.json())
    has_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    assert has_chinese is (language == "zh-hans"), text


def test_a_group_of_any_kind_filters_by_its_members(api, city, supervisor):
    group = OrgGroup.objects.create(code="lakes", name="湖区", kind=OrgGroup.Kind.OTHER)
    group.members.set([city["county_b"]])
    b = TargetFactory(lead_unit=city["county_b"])
    TargetFactory(lead_unit=city["county_a"])
    assert ids(api(supervisor).get("/api/v1/targets/", {"group": group.pk})) == {b.pk}
