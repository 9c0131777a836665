"""A change-feed page shows every record exactly as its detail endpoint does, whether it
was read straight from the rows (``api.representation``) or through DRF's serializer."""
import datetime as dt
from decimal import Decimal

import pytest

from rest_framework import serializers

from api.representation import represent
from api.serializers import LedgerSerializer
from api.urls import router
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

    # then: the oracle is DRF's own Serializer.to_representation, field by field
    expected = {obj.pk: drf_shows(viewset.serializer_class(), obj) for obj in objs}
    assert {pk: dict(item) for pk, item in fast.items()} == expected


def drf_shows(serializer, obj):
    return dict(serializers.Serializer.to_representation(serializer, obj))


# every routed resource whose serializer is a ledger serializer (the instance fast path)
LEDGER_VIEWSETS = [viewset for _, viewset, _ in router.registry
                   if issubclass(getattr(viewset, "serializer_class", None) or object, LedgerSerializer)]


@pytest.mark.parametrize("viewset", LEDGER_VIEWSETS, ids=lambda viewset: viewset.__name__)
def test_every_resource_shows_an_instance_as_drf_does(city, supervisor, viewset):
    # given records of every kind, with co-operating units, empty optional fields and
    # timestamps either side of midnight in the site's zone
    add_records([city["county_a"], city["county_b"]], 2)
    objs = list(viewset.queryset.all())
    assert objs, viewset.__name__
    serializer = viewset.serializer_class(context={})

    # when
    shown = [serializer.to_representation(obj) for obj in objs]

    # then
    assert shown == [drf_shows(viewset.serializer_class(context={}), obj) for obj in objs]


def test_validated_data_takes_drfs_path(city, supervisor):
    # a serializer's .data before save represents its validated data (a mapping, not an instance)
    from types import SimpleNamespace

    from api.serializers import SiteSerializer

    data = {"code": "s-1", "name": "站点", "kind": "air_station", "unit": city["county_a"].pk}
    serializer = SiteSerializer(data=data, context={"request": SimpleNamespace(user=supervisor)})
    assert serializer.is_valid(), serializer.errors
    assert (serializer.data["code"], serializer.data["unit"]) == ("s-1", city["county_a"].pk)


def test_observations_take_the_fast_path(city):
    # the reason this module exists: the feed's busiest resource is read with values()
    from api.representation import _columns
    from api.serializers import ObservationSerializer

    assert _columns(ObservationSerializer(), Observation.objects.all()) is not None
