"""Shared pytest fixtures: users of each role in a small unit tree."""
import pytest

from tests.factories import OrgUnitFactory, UserFactory
from tracker.models import OrgUnit, User


@pytest.fixture
def city(db):
    """A city with two counties, one of which has a town under it."""
    city = OrgUnitFactory(code="city", name="市", kind=OrgUnit.Kind.CITY)
    county_a = OrgUnitFactory(code="county-a", name="甲县", parent=city)
    town_a = OrgUnitFactory(code="town-a", name="甲县一镇", kind=OrgUnit.Kind.TOWN, parent=county_a)
    county_b = OrgUnitFactory(code="county-b", name="乙县", parent=city)
    return {"city": city, "county_a": county_a, "town_a": town_a, "county_b": county_b}


@pytest.fixture
def staff_a(city):
    return UserFactory(username="staff-a", role=User.Role.STAFF, units=[city["county_a"]])


@pytest.fixture
def staff_b(city):
    return UserFactory(username="staff-b", role=User.Role.STAFF, units=[city["county_b"]])


@pytest.fixture
def supervisor(db):
    return UserFactory(username="supervisor", role=User.Role.SUPERVISOR)


@pytest.fixture
def leader(db):
    return UserFactory(username="leader", role=User.Role.LEADER)
