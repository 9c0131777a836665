"""Liveness and readiness endpoints: /healthz answers alone, /readyz checks DB and broker."""
import socket

import pytest
from django.db import OperationalError


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_needs_nothing(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ok_when_database_and_broker_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_when_the_broker_is_unreachable(client, settings):
    # given: a Redis broker on a port nobody listens on
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    # when
    response = client.get("/readyz")
    # then
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "error"}


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_fails(client, monkeypatch):
    # given: every query fails as it does while the database is down
    from config import health

    class Down:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Down())
    # when
    response = client.get("/readyz")
    # then
    assert response.status_code == 503 and response.json()["database"] == "error"
