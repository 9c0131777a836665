"""The one scoping rule: who may read and write which records; it fails closed."""
import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import TargetFactory, UserFactory
from tracker.access import READ, WRITE, can, restrict
from tracker.models import Target, User

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
