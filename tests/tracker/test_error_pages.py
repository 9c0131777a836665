"""Degraded services: the database briefly unreachable, the broker down."""
import socket

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.factories import TargetFactory


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as it does while PostgreSQL is restarting."""
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(connection, "ensure_connection", refuse)


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_api_answers_503_json_while_the_database_is_unreachable(browser, supervisor, database_down):
    # when
    response = browser.get("/api/v1/targets/", HTTP_AUTHORIZATION="Token whatever", HTTP_ACCEPT_LANGUAGE="en")
    # then
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response.json() == {"detail": "数据库暂时无法访问，请稍后重试。 / The database is unreachable for the moment; "
                                         "please try again shortly.", "code": "unavailable"}


@pytest.mark.django_db
def test_pages_answer_a_chinese_503_page_without_a_traceback(browser, supervisor, monkeypatch):
    # given: signed in, then the database goes away
    browser.force_login(supervisor)

    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    # when
    response = browser.get("/")
    # then
    text = response.content.decode()
    assert response.status_code == 503
    assert "数据库暂时无法访问" in text and "Traceback" not in text and "OperationalError" not in text


@pytest.mark.django_db
def test_requests_succeed_again_once_the_database_is_back(browser, supervisor, monkeypatch):
    # given: an outage, then the database returns
    def refuse():
        raise OperationalError("connection refused")

    with monkeypatch.context() as outage:
        outage.setattr(connection, "ensure_connection", refuse)
        assert browser.get("/api/v1/targets/", HTTP_AUTHORIZATION="Token abc").status_code == 503
    # when
    browser.force_login(supervisor)
    response = browser.get("/api/v1/targets/")
    # then
    assert response.status_code == 200


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_with_the_broker_down_the_api_and_pages_keep_working(supervisor, city, settings):
    # given: Redis unreachable
    from tests.api.conftest import client_for

    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    TargetFactory(lead_unit=city["county_a"])
    client = client_for(supervisor)
    # when
    listing = client.get("/api/v1/targets/")
    ready = client.get("/readyz")
    # then: reads and writes go on; only readiness says the broker is missing
    assert listing.status_code == 200 and listing.json()["count"] == 1
    assert ready.status_code == 503 and ready.json()["broker"] == "error"
