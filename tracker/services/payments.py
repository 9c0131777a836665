"""Payments out of special funds (专项资金支付)."""
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from tracker.access import WRITE, restrict
from tracker.models import Disbursement, FundAllocation

from .errors import ServiceError


def ensure_payment_fits(allocation, amount, *, replacing=None):
    """The payments of an allocation never exceed what was allocated (支付不得超过下达金额).
    ``replacing`` is the payment being edited, whose old amount does not count."""
    paid = Disbursement.objects.filter(allocation=allocation)
    if replacing is not None and replacing.pk:
        paid = paid.exclude(pk=replacing.pk)
    total = (paid.aggregate(total=Sum("amount"))["total"] or Decimal("0")) + amount
    if total > allocation.amount:
        raise ServiceError(
            f"累计支付 {total} 万元将超过下达金额 {allocation.amount} 万元。",
            f"Payments would total {total}, more than the allocated {allocation.amount}.",
            field="amount",
        )


def record_disbursement(user, allocation, *, paid_on, amount, note="", as_of=None):
    """A payment out of an allocation (支付), entered by the allocation's unit or a
    supervisor: not in the future, not before the money was allocated, positive, and never
    beyond what was allocated. The row lock on the allocation serialises two payments
    entered at once, so both cannot squeeze under the ceiling."""
    as_of = as_of or timezone.localdate()
    if not restrict(FundAllocation.objects.filter(pk=allocation.pk), user, WRITE).exists():
        raise ServiceError("无权为该资金登记支付。", "You may not record payments of this allocation.", kind="forbidden")
    if amount is None or amount <= 0:
        raise ServiceError("支付金额须大于 0。", "The amount must be greater than 0.", field="amount")
    if paid_on > as_of:
        raise ServiceError("支付日期不能晚于今天。", "The payment date cannot be in the future.", field="paid_on")
    if paid_on < allocation.allocated_on:
        raise ServiceError(f"支付日期不能早于下达日期（{allocation.allocated_on:%Y-%m-%d}）。",
                           f"The payment date cannot be before the allocation ({allocation.allocated_on}).",
                           field="paid_on")
    with transaction.atomic():
        locked = FundAllocation.objects.select_for_update().get(pk=allocation.pk)
        ensure_payment_fits(locked, amount)
        return Disbursement.objects.create(allocation=locked, paid_on=paid_on, amount=amount, note=note[:200])
