"""Which records a dashboard figure counts, as queryset filters shared with the list pages.

The dashboard (:mod:`.loading`) and the list filters (``api.filtersets``) both call these,
so a matrix cell's or a headline figure's link to ``/targets/``, ``/items/`` or ``/funds/``
shows exactly the rows the figure counted:

- a target (目标指标) belongs to a year when its period (考核期 ``period_start`` –
  ``period_end``) overlaps that year — an autumn–winter target (秋冬季, 1 Oct – 31 Mar)
  counts in both calendar years it touches; the deadline is not used, because a target
  whose deadline falls early next year is still judged over this year's days;
- a rectification item (整改任务) belongs to a year when its inspection round (督察轮次) is
  from that year or before and still had an item open at some point of the year, and then
  the whole round counts, so the round's sign-off rate (销号率) is cumulative;
- an item is overdue (逾期) on ``as_of`` when its deadline is before ``as_of`` and it was not
  signed off (销号) by the end of ``as_of`` — derived from the deadline, never typed,
  the same rule as ``tracker.status.progress.milestone_status``;
- the level (四色预警) of an item or a fund allocation is red when overdue on ``as_of``
  (for a fund: its execution deadline passed with less paid than the target rate), else
  the worst warning (``Flag``) still open on it, else green;
- a group (单位分组, e.g. a war zone 战区) covers the subtrees of its member units.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from tracker.models import Flag, FundAllocation, InspectionRound, OrgUnit, RectificationItem

RED = 3


def end_of(day: date):
    """The first moment after ``day`` (local time), for "signed off by the end of ``day``"."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def open_flags(model, level=None):
    """Open warnings (``Flag``) on rows of ``model`` (at ``level`` when given)."""
    flags = Flag.objects.filter(subject_type_id=ContentType.objects.get_for_model(model).id, cleared_at__isnull=True)
    return flags if level is None else flags.filter(level=level)


def targets_of_year(queryset, year: int):
    """Targets whose period overlaps ``year``."""
    return queryset.filter(period_start__lte=date(year, 12, 31), period_end__gte=date(year, 1, 1))


def rounds_live_in(year: int):
    """Inspection rounds from ``year`` or before with an item not signed off before ``year``
    began (a subquery; the dashboard reads the handful of ids once)."""
    still_open = RectificationItem.objects.filter(round_id=OuterRef("pk")).filter(
        Q(signed_off_at__isnull=True) | Q(signed_off_at__gte=end_of(date(year, 1, 1) - timedelta(days=1))))
    return InspectionRound.objects.filter(year__lte=year).filter(Exists(still_open))


def items_of_year(queryset, year: int):
    """Rectification items of the rounds live in ``year`` (see :func:`rounds_live_in`)."""
    return queryset.filter(round_id__in=rounds_live_in(year).values("pk"))


def signed_off_by(as_of: date) -> Q:
    """Items signed off (已销号) by the end of ``as_of``."""
    return Q(state=RectificationItem.State.SIGNED_OFF, signed_off_at__lt=end_of(as_of))


def item_overdue(as_of: date) -> Q:
    """Items overdue on ``as_of``: past their deadline and not signed off by then."""
    return Q(deadline__lt=as_of) & ~signed_off_by(as_of)


def with_item_state(queryset, as_of: date):
    """Annotate ``signed_now`` and ``overdue_now`` (on ``as_of``) on an item queryset."""
    signed = signed_off_by(as_of)
    return queryset.annotate(
        signed_now=Case(When(signed, then=Value(True)), default=Value(False), output_field=BooleanField()),
        overdue_now=Case(When(Q(deadline__lt=as_of) & ~signed, then=Value(True)), default=Value(False),
                         output_field=BooleanField()))


def _at_levels(queryset, model, red_now: Q, levels) -> Q:
    """Rows of ``queryset`` whose level (red when ``red_now``, else the worst open warning,
    else green) is one of ``levels``."""
    levels = {int(level) for level in levels}
    flagged = {lv: open_flags(model, lv).values("subject_id") for lv in (1, 2, 3)}
    any_flag = open_flags(model).values("subject_id")
    worst = {3: Q(pk__in=flagged[3]),
             2: Q(pk__in=flagged[2]) & ~Q(pk__in=flagged[3]),
             1: Q(pk__in=flagged[1]) & ~Q(pk__in=flagged[2]) & ~Q(pk__in=flagged[3]),
             0: ~Q(pk__in=any_flag)}
    q = Q(pk__in=[])
    for level in levels:
        q |= (red_now | worst[3]) if level == RED else (~red_now & worst[level])
    return queryset.filter(q)


def items_at_levels(queryset, as_of: date, levels):
    """Items whose level on ``as_of`` is one of ``levels`` (red: overdue or a red warning)."""
    return _at_levels(queryset, RectificationItem, item_overdue(as_of), levels)


def with_paid_by(queryset, as_of: date):
    """Annotate ``paid_by`` (live disbursements paid up to ``as_of``) on allocations."""
    paid = Q(disbursements__deleted_at__isnull=True, disbursements__paid_on__lte=as_of)
    return queryset.annotate(paid_by=Coalesce(Sum("disbursements__amount", filter=paid), Value(Decimal(0)),
                                              output_field=FundAllocation._meta.get_field("amount")))


def fund_overdue(as_of: date) -> Q:
    """Allocations whose execution deadline is before ``as_of`` with less paid by then than
    the target rate (100% when none is set) of the amount. Needs :func:`with_paid_by`'s
    annotation, through :func:`funds_at_levels`."""
    return Q(execution_deadline__lt=as_of, paid_by__lt=F("required_paid"))


def funds_at_levels(queryset, as_of: date, levels):
    """Allocations whose level on ``as_of`` is one of ``levels`` (red: overdue or a red warning)."""
    amount = FundAllocation._meta.get_field("amount")
    required = ExpressionWrapper(F("amount") * Coalesce(F("target_rate"), Value(Decimal(100))) / Value(Decimal(100)),
                                 output_field=DecimalField(max_digits=amount.max_digits + 6, decimal_places=6))
    overdue_ids = (with_paid_by(FundAllocation.objects.filter(execution_deadline__lt=as_of), as_of)
                   .annotate(required_paid=required).filter(fund_overdue(as_of)).values("pk"))
    return _at_levels(queryset, FundAllocation, Q(pk__in=overdue_ids), levels)


def group_paths(group) -> list[str]:
    """The tree paths of a group's member units (a war zone's counties)."""
    return list(OrgUnit.objects.filter(groups=group).values_list("path", flat=True))


def under_paths(lookup: str, paths) -> Q:
    """Records whose unit (``lookup``: "lead_unit", "unit" …) lies in one of the subtrees
    at ``paths``; no path, no record."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{lookup}__path__startswith": path})
    return q
