"""API test helpers: a client signed in with a fresh token for a given user."""
import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.models import ApiToken


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    cache.clear()
    yield
    cache.clear()


def client_for(user, **token_options):
    """An APIClient authenticated with a new API token of ``user``."""
    _token, key = ApiToken.issue(user, **token_options)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def api():
    return client_for


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "schemathesis: property-based API conformance run (bounded examples; part of the CI suite)",
    )
