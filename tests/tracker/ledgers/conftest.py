"""Fixtures of the ledger tests: a small unit tree (from tests/conftest.py) with a
provincial round, a metric catalogue and stations."""
import datetime as dt

import pytest

from tests.factories import FundAllocationFactory, InspectionRoundFactory, MetricFactory, SiteFactory
from tracker.models import MetricKind, Site


@pytest.fixture
def provincial_round(db):
    return InspectionRoundFactory(code="prov-2022", name="省级生态环境保护督察反馈问题整改", year=2022,
                                  feedback_on=dt.date(2022, 3, 1))


@pytest.fixture
def pm25(db):
    return MetricFactory(code="pm25", name="PM2.5浓度", kind=MetricKind.PERIOD_MEAN, unit="μg/m³",
                         is_site_metric=True)


@pytest.fixture
def co(db):
    return MetricFactory(code="co", name="CO浓度", kind=MetricKind.PERCENTILE, unit="mg/m³", is_site_metric=True)


@pytest.fixture
def stations(city):
    return [
        SiteFactory(code="st-east", name="东站", kind=Site.Kind.AIR_STATION, unit=city["county_a"]),
        SiteFactory(code="st-west", name="西站", kind=Site.Kind.AIR_STATION, unit=city["county_b"]),
    ]


@pytest.fixture
def fund(city):
    return FundAllocationFactory(code="fund-sewage", unit=city["county_a"], purpose="农村污水治理专项",
                                 amount="1000.00", year=2022, allocated_on=dt.date(2022, 3, 1),
                                 execution_deadline=dt.date(2022, 12, 31))
