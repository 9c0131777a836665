"""Payments out of special funds (专项资金支付)."""
from decimal import Decimal

from django.db.models import Sum

from tracker.models import Disbursement

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
