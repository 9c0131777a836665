"""Fixtures for the jobs tests: a unit with staff who read email, and a supervisor."""
import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import OrgUnitFactory, UserFactory
from tracker.models import User


def at(day, hour=10):
    """An aware datetime on ``day`` in Asia/Shanghai."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def unit(db):
    return OrgUnitFactory(code="county-x", name="甲县")


@pytest.fixture
def other_unit(db):
    return OrgUnitFactory(code="county-y", name="乙县")


@pytest.fixture
def unit_staff(unit):
    return UserFactory(username="x-staff", role=User.Role.STAFF, units=[unit], email="x-staff@example.cn")


@pytest.fixture
def other_staff(other_unit):
    return UserFactory(username="y-staff", role=User.Role.STAFF, units=[other_unit], email="y@example.cn")


@pytest.fixture
def duty_supervisor(db):
    return UserFactory(username="sup", role=User.Role.SUPERVISOR, email="sup@example.cn")


@pytest.fixture
def boss(db):
    return UserFactory(username="boss", role=User.Role.LEADER, email="boss@example.cn")
