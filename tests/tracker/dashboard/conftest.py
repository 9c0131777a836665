"""A small city ledger for the dashboard tests: two counties (甲县 with a town, 乙县), a war
zone holding 甲县, targets at every level, two inspection rounds, funds and a project."""
import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from tests.factories import (
    DisbursementFactory,
    FundAllocationFactory,
    InspectionRoundFactory,
    MetricFactory,
    MilestoneFactory,
    ProjectFactory,
    RectificationItemFactory,
    TargetFactory,
)
from tracker.models import Flag, MetricKind, OrgGroup, RectificationItem

AS_OF = dt.date(2026, 10, 15)


def at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def warn(record, unit, level, cause="deadline", *, cleared=False, day=AS_OF):
    """Raise a warning of ``cause`` at ``level`` on ``record`` through the flag life cycle
    (the only writer of flags and of the level copy on items and stage tasks), and clear it
    again when ``cleared``. Returns the flag."""
    from tracker.jobs.flags import Signal, sync_flags

    kind = ContentType.objects.get_for_model(record)
    signal = Signal(kind.id, record.pk, cause, unit.pk, level, reason="test")
    sync_flags([signal], subject_type=kind, causes={cause}, as_of=day, now=at(day))
    if cleared:
        sync_flags([], subject_type=kind, causes={cause}, as_of=day, now=at(day, 11))
    return Flag.objects.filter(subject_type=kind, subject_id=record.pk, cause=cause).latest("id")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def signed_off(item, day, by):
    item.state = RectificationItem.State.SIGNED_OFF
    item.signed_off_by, item.signed_off_at = by, at(day)
    item.save()
    return item


def add_county_ledger(county, supervisor, *, levels=(3, 1, 0), round_=None, prefix=""):
    """Targets at ``levels`` (air, water, air …), a round's items (one signed off, one
    overdue, one on time), a fund with a payment, and a project with an overdue stage task."""
    air = MetricFactory()
    water = MetricFactory(code="water_section_share", name="断面水质优良比例", kind=MetricKind.SITE_SHARE, unit="%",
                          comparator=">=", is_site_metric=False)
    for i, level in enumerate(levels):
        TargetFactory(lead_unit=county, metric=air if i % 2 == 0 else water, level=level)
    round_ = round_ or InspectionRoundFactory()
    signed_off(RectificationItemFactory(round=round_, lead_unit=county, deadline=dt.date(2026, 6, 30)),
               dt.date(2026, 6, 1), supervisor)
    RectificationItemFactory(round=round_, lead_unit=county, deadline=dt.date(2026, 9, 30))  # overdue on AS_OF
    RectificationItemFactory(round=round_, lead_unit=county, deadline=dt.date(2026, 12, 31))
    fund = FundAllocationFactory(unit=county, amount=Decimal(1000), allocated_on=dt.date(2026, 3, 1),
                                 execution_deadline=dt.date(2026, 12, 31), target_rate=Decimal(90))
    DisbursementFactory(allocation=fund, amount=Decimal(300), paid_on=dt.date(2026, 5, 1))
    DisbursementFactory(allocation=fund, amount=Decimal(200), paid_on=dt.date(2026, 11, 1))  # after AS_OF
    project = ProjectFactory(lead_unit=county)
    MilestoneFactory(project=project, due_on=dt.date(2026, 9, 1))  # overdue, not done
    return round_


@pytest.fixture
def ledger(city, supervisor):
    """甲县 (in war zone 东部战区): red/yellow/green targets, a town target orange; 乙县: green
    targets and one never evaluated, a yellow warning on its on-time item; one round each."""
    round_a = add_county_ledger(city["county_a"], supervisor, levels=(3, 1, 0))
    TargetFactory(lead_unit=city["town_a"], level=2)
    round_b = add_county_ledger(city["county_b"], supervisor, levels=(0, 0, None))
    on_time_b = RectificationItem.objects.get(round=round_b, deadline=dt.date(2026, 12, 31))
    warn(on_time_b, city["county_b"], 1)
    TargetFactory(lead_unit=city["city"], level=0)
    zone = OrgGroup.objects.create(code="zone-east", name="东部战区")
    zone.members.set([city["county_a"]])
    return {**city, "round_a": round_a, "round_b": round_b, "zone": zone}
