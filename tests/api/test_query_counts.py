"""Every list endpoint costs the same number of queries however many rows there are and
however large the page: no query per row (N+1). Checked as a supervisor and as unit staff,
whose scope adds its own (constant) work."""
import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    DisbursementFactory, FundAllocationFactory, MilestoneFactory, ObservationFactory, ProjectFactory,
    RectificationItemFactory, SiteFactory, SourceDocumentFactory, TargetFactory,
)
from tracker.models import Flag, Notice, WebhookSubscription

LISTS = [
    "org-units", "documents", "targets", "sites", "observations", "inspection-rounds", "rectification-items",
    "projects", "fund-allocations", "disbursements", "flags", "notices", "webhook-subscriptions",
]


def add_records(units, n):
    """``n`` records of every kind in each unit, with their related rows filled in."""
    for unit in units:
        for i in range(n):
            document = SourceDocumentFactory()
            site = SiteFactory(unit=unit)
            target = TargetFactory(lead_unit=unit, source_document=document)
            target.co_units.add(unit)
            target.sites.add(site)
            ObservationFactory(site=site, metric=target.metric, observed_on=dt.date(2026, 1, 1 + i))
            item = RectificationItemFactory(lead_unit=unit)
            item.co_units.add(unit)
            MilestoneFactory(item=item, project=None)
            fund = FundAllocationFactory(unit=unit, project=ProjectFactory(lead_unit=unit))
            DisbursementFactory(allocation=fund)
            flag = Flag.objects.create(subject_type=ContentType.objects.get_for_model(item), subject_id=item.id,
                                       cause="deadline", unit=unit, level=3)
            Notice.objects.create(number=f"督办〔2026〕{flag.id}号", kind="summons", flag=flag, unit=unit,
                                  response_due=dt.date(2026, 2, 1), title="约谈通知", body="…")
            WebhookSubscription.objects.create(name=f"订阅{flag.id}", url="http://127.0.0.1:9/", secret="s",
                                               event_types=["*"])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("resource", LISTS)
@pytest.mark.parametrize("who", ["supervisor", "staff_a"])
def test_list_query_count_does_not_grow_with_rows_or_page_size(request, api, city, resource, who):
    # given a client, and one record of each kind per unit
    user = request.getfixturevalue(who)
    client = api(user)
    units = [city["county_a"], city["town_a"], city["county_b"]]
    add_records(units, 1)
    client.get(f"/api/v1/{resource}/?limit=1")  # the token's first use is recorded once, not per request
    small = count_queries(client, f"/api/v1/{resource}/?limit=2")
    # when there are four times as many records and the page is larger
    add_records(units, 3)
    large = count_queries(client, f"/api/v1/{resource}/?limit=10")
    # then the list costs the same number of queries
    assert large == small


DASHBOARD_PATHS = ["/dashboard/", "/api/v1/dashboard/summary/", "/api/v1/dashboard/matrix/",
                   "/api/v1/dashboard/ranking/", *[f"/api/v1/dashboard/charts/{name}/" for name in
                                                   ("pm25", "good_days", "heavy_days", "funds_by_unit", "burndown",
                                                    "level_history")]]


@pytest.mark.parametrize("path", DASHBOARD_PATHS)
@pytest.mark.parametrize("who", ["leader", "staff_a"])
def test_dashboard_query_count_does_not_grow_with_the_data(request, client, city, path, who):
    """The dashboard page and each of its JSON endpoints, uncached: the same number of
    queries for one record of each kind per unit as for four (set-based, no loop per record)."""
    from django.core.cache import cache

    user = request.getfixturevalue(who)
    client.force_login(user)
    units = [city["county_a"], city["town_a"], city["county_b"]]

    def count():
        cache.clear()  # every figure computed, none read from the cache
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, {"year": 2026})
        assert response.status_code == 200, response.content[:300]
        return len(ctx.captured_queries)

    # given one record of each kind per unit, measured twice (content types cached)
    add_records(units, 1)
    count()
    small = count()
    # when three more of each kind per unit are added
    add_records(units, 3)
    # then the same number of queries reads them
    assert count() == small
