"""Cached figures: one computation per data version, scope and filters; any write makes them stale."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TargetFactory
from tracker.dashboard import cache as dashboard_cache
from tracker.dashboard import service
from tracker.dashboard.filters import DashboardFilters
from tracker.models import Target
from tracker.signals import UPDATED, announce

from .conftest import AS_OF

FILTERS = DashboardFilters(as_of=AS_OF, year=2026)


def _red_count(user):
    data = dashboard_cache.cached(user, "summary", FILTERS, lambda: service.dashboard_for(user, FILTERS, "summary"))
    return data["targets"]["levels"][0]["count"]


def test_second_read_comes_from_the_cache(ledger, leader):
    _red_count(leader)
    with CaptureQueriesContext(connection) as queries:
        _red_count(leader)
    assert len(queries.captured_queries) == 0


def test_a_saved_record_makes_cached_figures_stale(ledger, leader):
    # given a cached figure
    before = _red_count(leader)
    # when a target turns red through save()
    target = Target.objects.filter(level=0).first()
    target.level = 3
    target.save()
    # then the next read sees it
    assert _red_count(leader) == before + 1


def test_a_set_based_write_announced_makes_cached_figures_stale(ledger, leader):
    before = _red_count(leader)
    # when the evaluation pass updates levels with update() and announces the rows
    pks = list(Target.objects.filter(level=0).values_list("pk", flat=True))
    Target.objects.filter(pk__in=pks).update(level=3)
    announce(Target, pks, UPDATED)
    # then
    assert _red_count(leader) == before + len(pks)


def test_update_without_announcement_stays_cached_until_the_version_moves(ledger, leader):
    # the reason set-based paths must announce: a silent update() is not seen
    before = _red_count(leader)
    Target.objects.filter(level=0).update(level=3)
    assert _red_count(leader) == before
    TargetFactory(lead_unit=ledger["county_b"], level=0)  # any save moves the version
    assert _red_count(leader) > before


def test_staff_and_leaders_never_share_a_cache_entry(ledger, leader, staff_a):
    # given the leader's figure cached first
    city_wide = _red_count(leader)
    # when 甲县's staff read the same figure
    mine = _red_count(staff_a)
    # then they get their own, counted in their scope
    assert mine == Target.objects.filter(level=3, lead_unit__path__startswith=ledger["county_a"].path).count()
    assert dashboard_cache.scope_key(leader) != dashboard_cache.scope_key(staff_a)
    assert city_wide == Target.objects.filter(level=3).count()


def test_a_token_limited_to_one_unit_has_its_own_scope(ledger, supervisor):
    from tracker.access import ScopeLimit

    plain = dashboard_cache.scope_key(supervisor)
    supervisor.scope_limit = ScopeLimit(unit_paths=(ledger["county_b"].path,))
    assert dashboard_cache.scope_key(supervisor) != plain
