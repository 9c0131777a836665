"""The one scoping rule: who may read and write which records; it fails closed."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from tests.factories import ObservationFactory, SiteFactory, TargetFactory, UserFactory
from tracker.access import READ, WRITE, among, can, owned, restrict
from tracker.models import Observation, OrgUnit, Target, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(city):
    return {
        "a": TargetFactory(lead_unit=city["county_a"]),
        "town_a": TargetFactory(lead_unit=city["town_a"]),
        "b": TargetFactory(lead_unit=city["county_b"]),
        "b_with_a_cooperating": TargetFactory(lead_unit=city["county_b"]),
    }


def visible(user, action=READ):
    return set(restrict(Target.objects.all(), user, action))


def test_staff_read_their_subtree_and_cooperating_targets(targets, staff_a, city):
    targets["b_with_a_cooperating"].co_units.add(city["county_a"])
    assert visible(staff_a) == {targets["a"], targets["town_a"], targets["b_with_a_cooperating"]}


def test_staff_write_only_where_their_unit_leads(targets, staff_a, city):
    targets["b_with_a_cooperating"].co_units.add(city["county_a"])
    assert visible(staff_a, WRITE) == {targets["a"], targets["town_a"]}


def test_staff_of_another_county_see_nothing_of_county_a(targets, staff_b):
    assert targets["a"] not in visible(staff_b)
    assert not can(staff_b, READ, targets["a"])


def test_supervisor_reads_and_writes_everything(targets, supervisor):
    assert visible(supervisor) == set(targets.values())
    assert visible(supervisor, WRITE) == set(targets.values())


def test_leader_reads_everything_and_writes_nothing(targets, leader):
    assert visible(leader) == set(targets.values())
    assert visible(leader, WRITE) == set()


@pytest.mark.parametrize("make_user", [
    lambda: AnonymousUser(),
    lambda: None,
    lambda: UserFactory(role=User.Role.STAFF),  # staff with no unit
    lambda: UserFactory(role=User.Role.SUPERVISOR, is_active=False),
])
def test_unknown_or_unscoped_users_see_nothing(targets, make_user):
    assert visible(make_user()) == set()


def test_a_target_with_two_cooperating_units_in_the_subtree_counts_once(targets, staff_a, city):
    # given a county-B target on which county A and its town both co-operate
    shared = targets["b_with_a_cooperating"]
    shared.co_units.add(city["county_a"], city["town_a"])

    # when
    scoped = restrict(Target.objects.all(), staff_a, READ)

    # then: one row per target, counted without DISTINCT
    assert scoped.count() == 3
    assert sorted(t.pk for t in scoped) == sorted({targets["a"].pk, targets["town_a"].pk, shared.pk})
    assert "DISTINCT" not in str(scoped.query).upper()


def test_staff_scope_is_a_subquery_not_a_join(staff_a, city):
    # when
    sql = str(restrict(Target.objects.all(), staff_a, READ).query).upper()

    # then: no join from targets to units or co-operating links; membership by IN (SELECT …),
    # which PostgreSQL is given as = ANY(ARRAY(SELECT …)) so that it can use an index
    assert " JOIN " not in sql
    membership = "= ANY(ARRAY(SELECT" if connection.vendor == "postgresql" else "IN (SELECT"
    assert membership in sql
    assert sql.count(membership) == sql.count("SELECT") - 1


def test_a_row_whose_one_path_is_empty_is_judged_by_its_other_paths(city, staff_a):
    # given observations of a site (no target: NULL on those paths) and of a target (no site),
    # each inside and outside staff A's subtree
    by_site = ObservationFactory(site=SiteFactory(unit=city["town_a"]), target=None)
    other_site = ObservationFactory(site=SiteFactory(unit=city["county_b"]), target=None)
    by_target = ObservationFactory(site=None, target=TargetFactory(lead_unit=city["county_a"]))
    other_target = ObservationFactory(site=None, target=TargetFactory(lead_unit=city["county_b"]))

    # when
    readable = set(restrict(Observation.objects.all(), staff_a, READ))
    unreadable = set(Observation.objects.exclude(pk__in=restrict(Observation.objects.all(), staff_a, READ)))

    # then
    assert readable == {by_site, by_target}
    assert unreadable == {other_site, other_target}


@pytest.mark.parametrize("model_name", ["OrgUnit", "Site"])
def test_staff_read_their_reference_data_but_never_write_it(city, staff_a, model_name):
    # given
    from tests.factories import SiteFactory
    from tracker import models

    model = getattr(models, model_name)
    own = city["county_a"] if model is models.OrgUnit else SiteFactory(unit=city["county_a"])

    # then: readable, not writable, yet still the owner of what is reported under it
    assert can(staff_a, READ, own)
    assert not can(staff_a, WRITE, own)
    assert own in owned(model.objects.all(), staff_a)


def test_owned_reference_data_follows_the_subtree_and_the_token_limit(city, staff_a, supervisor):
    # given a supervisor whose credential is limited to county B
    from tracker.access import ScopeLimit

    supervisor.scope_limit = ScopeLimit(unit_paths=(city["county_b"].path,))

    # then
    assert set(owned(OrgUnit.objects.all(), staff_a)) == {city["county_a"], city["town_a"]}
    assert set(owned(OrgUnit.objects.all(), supervisor)) == {city["county_b"]}


def test_among_a_list_of_ids_matches_in_on_every_backend(targets):
    # given four targets; when: among a list (with a None and an unknown id), and among nothing
    wanted = [targets["a"].pk, targets["b"].pk]
    listed = set(Target.objects.filter(among("pk", [*wanted, None, 10**9])).values_list("pk", flat=True))
    empty = Target.objects.filter(among("pk", [])).count()

    # then: as pk__in would
    assert listed == set(Target.objects.filter(pk__in=wanted).values_list("pk", flat=True)) == set(wanted)
    assert empty == 0
