"""Shared pytest fixtures: users of each role in a small unit tree."""
import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from tests.factories import OrgUnitFactory, UserFactory
from tracker.models import OrgUnit, User


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, with requests answered one at a time.

    With SQLite in memory, every request thread of the live server shares the test's one
    connection (there is no other way to see the test's data). A page that fetches its charts
    while its session is being saved then runs two statements on that connection at once, and
    SQLite refuses the commit ("SQL statements in progress"), which Django reports as a 400.
    Production never shares a connection (gunicorn workers, PostgreSQL), so this is the harness's
    problem: the lock is held for each request's application call, not for a keep-alive socket,
    so a browser's idle connection never blocks another one.
    """

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


LiveServerThread.server_class = OneRequestAtATimeServer


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
