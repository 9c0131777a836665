"""Property-based conformance: schemathesis generates requests from /api/schema/ and
sends each as unit staff of one county and as a supervisor limited to another county.
No response may be a server error, and every response must match the schema."""
import json

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from api.models import ApiToken
from tests.factories import (
    DisbursementFactory, FundAllocationFactory, ObservationFactory, RectificationItemFactory, SiteFactory,
    TargetFactory, UserFactory,
)
from tracker.models import User

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def load_schema():
    """The schema exactly as /api/schema/ serves it, generated in-process, and the WSGI app
    to send the generated requests to."""
    from config.wsgi import application
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    raw = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = application
    return loaded


schema = load_schema()


@pytest.fixture(autouse=True)
def _allow_schemathesis_host(settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]  # schemathesis' WSGI requests say Host: localhost


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI app directly, not through Django's test client, so the
    request signals would close the test's database connection after each request (on
    PostgreSQL that ends the test transaction). Detach them, as django.test.Client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def role_tokens(city):
    """Tokens of two roles in different units, with some records for each to touch."""
    for unit in (city["county_a"], city["county_b"]):
        TargetFactory(lead_unit=unit)
        ObservationFactory(site=SiteFactory(unit=unit))
        RectificationItemFactory(lead_unit=unit)
        DisbursementFactory(allocation=FundAllocationFactory(unit=unit))
    staff = UserFactory(role=User.Role.STAFF, units=[city["county_a"]])
    supervisor = UserFactory(role=User.Role.SUPERVISOR)
    return [ApiToken.issue(staff)[1], ApiToken.issue(supervisor, unit=city["county_b"])[1]]


@schema.parametrize()
@hypothesis_settings(max_examples=3, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema(case, role_tokens):
    for key in role_tokens:
        response = case.call(headers={"Authorization": f"Token {key}"})
        case.validate_response(response, checks=CHECKS)
