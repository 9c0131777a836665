"""docs/examples/sync_client.py against a live server: push a day of observations,
then pull the change feed into a DataFrame."""
import importlib.util
import pathlib

import pandas as pd
import pytest

from api.models import ApiToken
from tests.factories import MetricFactory, SiteFactory
from tracker.models import Observation

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "docs" / "examples" / "sync_client.py"


def load_example():
    spec = importlib.util.spec_from_file_location("sync_client", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def monitoring_token(city, staff_a):
    MetricFactory(code="pm25")
    SiteFactory(code="st-east", unit=city["county_a"])
    SiteFactory(code="st-west", unit=city["town_a"])
    return ApiToken.issue(staff_a, name="monitoring")[1]


@pytest.mark.django_db(transaction=True)
def test_push_a_day_then_pull_the_feed(live_server, monitoring_token, tmp_path):
    # given the example client and a day of readings
    sync_client = load_example()
    client = sync_client.TrackerClient(live_server.url, monitoring_token)
    day = pd.DataFrame({"site": ["st-east", "st-west"], "metric": ["pm25", "pm25"],
                        "observed_on": ["2026-05-01", "2026-05-01"], "value": [31.5, 28.0]})

    # when pushed twice (the retry is a no-op) and the feed pulled
    first = client.push_observations(day, idempotency_key="day-2026-05-01")
    retry = client.push_observations(day, idempotency_key="day-2026-05-01")
    changes = sync_client.sync(client, tmp_path / "cursor.txt")

    # then
    assert (first["created"], first["errors"]) == (2, [])
    assert retry == first
    assert Observation.objects.count() == 2
    assert isinstance(changes, pd.DataFrame)
    assert set(changes.columns) >= {"resource", "object_id", "action", "changed_at"}
    assert (tmp_path / "cursor.txt").read_text()

    # and a second push with a corrected value shows up as an update on the next pull
    corrected = day.assign(value=[33.0, 28.0])
    assert client.push_observations(corrected)["updated"] == 1
    later = sync_client.sync(client, tmp_path / "cursor.txt")
    assert list(later[later.resource == "observations"].action) == ["updated"]
