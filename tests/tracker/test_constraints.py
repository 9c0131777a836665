"""The database refuses broken rows, whatever path tries to store them."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.factories import (
    DisbursementFactory, FundAllocationFactory, InspectionRoundFactory, MetricFactory, ObservationFactory,
    OrgUnitFactory, RectificationItemFactory, SiteFactory, TargetFactory,
)
from tracker.models import FundAllocation, Milestone, Observation, RectificationItem, Target

pytestmark = pytest.mark.django_db


def refused(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()
    return True


def test_target_period_end_before_start_is_refused():
    assert refused(lambda: TargetFactory(period_start=dt.date(2026, 12, 31), period_end=dt.date(2026, 1, 1)))


def test_target_percentage_above_100_is_refused():
    metric = MetricFactory(code="good_day_ratio", name="优良天数比例", unit="%", kind="day_ratio", comparator=">=")
    assert refused(lambda: TargetFactory(metric=metric, unit="%", target_value=Decimal("101")))


def test_percentage_check_also_holds_for_queryset_updates():
    # given a valid percentage target
    metric = MetricFactory(code="good_day_ratio", name="优良天数比例", unit="%", kind="day_ratio", comparator=">=")
    target = TargetFactory(metric=metric, unit="%", target_value=Decimal("91.6"))
    # when a bulk path tries to write an impossible value, then the database refuses it
    assert refused(lambda: Target.objects.filter(pk=target.pk).update(target_value=Decimal("-1")))


def test_masked_target_cannot_carry_a_value():
    assert refused(lambda: TargetFactory(value_masked=True, target_value=Decimal("0")))


def test_masked_target_with_unknown_value_is_stored():
    target = TargetFactory(value_masked=True, target_value=None)
    assert Target.objects.get(pk=target.pk).target_value is None


def test_provenance_offsets_must_be_ordered():
    assert refused(lambda: TargetFactory(source_start=10, source_end=5))


def test_item_number_is_unique_in_its_round():
    rnd = InspectionRoundFactory()
    RectificationItemFactory(round=rnd, number="7")
    assert refused(lambda: RectificationItemFactory(round=rnd, number="7"))


def test_same_item_number_in_another_round_is_fine():
    RectificationItemFactory(number="7")
    RectificationItemFactory(number="7")
    assert RectificationItem.objects.filter(number="7").count() == 2


def test_signed_off_item_needs_a_signer():
    assert refused(lambda: RectificationItemFactory(state=RectificationItem.State.SIGNED_OFF))


def test_negative_fund_amount_is_refused():
    assert refused(lambda: FundAllocationFactory(amount=Decimal("-1")))


def test_negative_disbursement_is_refused():
    assert refused(lambda: DisbursementFactory(amount=Decimal("-0.01")))


def test_observation_needs_exactly_one_of_site_or_target():
    target = TargetFactory()
    site = SiteFactory()
    assert refused(lambda: ObservationFactory(site=site, target=target))
    assert refused(lambda: ObservationFactory(site=None, target=None))


def test_one_observation_per_site_metric_and_day():
    site = SiteFactory()
    ObservationFactory(site=site, observed_on=dt.date(2026, 3, 1))
    assert refused(lambda: ObservationFactory(site=site, observed_on=dt.date(2026, 3, 1)))


def test_a_soft_deleted_observation_frees_its_day():
    # given an observation that was deleted (tombstoned)
    site = SiteFactory()
    ObservationFactory(site=site, observed_on=dt.date(2026, 3, 1)).soft_delete()
    # when the day is reported again, then it is stored and the tombstone stays
    ObservationFactory(site=site, observed_on=dt.date(2026, 3, 1))
    assert Observation.all_objects.filter(site=site).count() == 2
    assert Observation.objects.filter(site=site).count() == 1


def test_milestone_needs_exactly_one_parent():
    assert refused(lambda: Milestone.objects.create(title="x", due_on=dt.date(2026, 1, 1)))


def test_fund_deadline_before_allocation_is_refused():
    assert refused(lambda: FundAllocationFactory(allocated_on=dt.date(2026, 5, 1), execution_deadline=dt.date(2026, 4, 1)))


def test_execution_rate_is_derived_from_disbursements():
    # given an allocation of 1000 with 250 + 150 paid and a deleted payment of 999
    allocation = FundAllocationFactory(amount=Decimal("1000"))
    DisbursementFactory(allocation=allocation, amount=Decimal("250"))
    DisbursementFactory(allocation=allocation, amount=Decimal("150"))
    DisbursementFactory(allocation=allocation, amount=Decimal("999")).soft_delete()
    # when
    paid = FundAllocation.objects.with_paid().get(pk=allocation.pk).paid
    # then
    assert paid == Decimal("400")


def test_unit_tree_paths_follow_moves():
    # given a county with a town, under a city
    city = OrgUnitFactory(code="c")
    county = OrgUnitFactory(code="k", parent=city)
    town = OrgUnitFactory(code="t", parent=county)
    other = OrgUnitFactory(code="o", parent=city)
    # when the county moves under another unit
    county.parent = other
    county.save()
    town.refresh_from_db()
    # then the town's path follows
    assert town.path == f"/{city.pk}/{other.pk}/{county.pk}/{town.pk}/"
    assert set(other.subtree()) == {other, county, town}


def test_unit_cannot_move_under_its_own_descendant():
    from django.core.exceptions import ValidationError

    parent = OrgUnitFactory(code="p")
    child = OrgUnitFactory(code="ch", parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError):
        parent.save()
