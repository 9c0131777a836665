"""A change-feed page shows every record exactly as its detail endpoint does, whether it
was read straight from the rows (``api.representation``) or through DRF's serializer."""
import datetime as dt
from decimal import Decimal

import pytest

from api.representation import represent
from api.views import FEED_VIEWSETS
from tests.api.test_query_counts import add_records
from tests.factories import ObservationFactory, SiteFactory
from tracker.models import Observation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("resource", sorted(FEED_VIEWSETS))
def test_the_feed_shows_a_record_as_the_serializer_does(city, supervisor, resource):
    # given records of every kind, one with empty optional fields and a soft-deleted one
    add_records([city["county_a"], city["county_b"]], 1)
    site = SiteFactory(unit=city["county_a"])
    ObservationFactory(site=site, observed_on=dt.date(2026, 3, 1), value=Decimal("12.3450"), note="")
    Observation.objects.filter(observed_on=dt.date(2026, 3, 1)).first().soft_delete()
    viewset = FEED_VIEWSETS[resource]
    queryset = viewset.queryset.all()
    objs = list(queryset)
    assert objs, resource

    # when
    fast = represent(viewset.serializer_class, queryset, {})

    # then: the oracle is the serializer itself
    expected = {obj.pk: dict(item) for obj, item in zip(objs, viewset.serializer_class(objs, many=True).data)}
    assert {pk: dict(item) for pk, item in fast.items()} == expected


def test_observations_take_the_fast_path(city):
    # the reason this module exists: the feed's busiest resource is read with values()
    from api.representation import _columns
    from api.serializers import ObservationSerializer

    assert _columns(ObservationSerializer(), Observation.objects.all()) is not None
