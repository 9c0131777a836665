"""Bulk create or update of fund payments (专项资金支付) by allocation code + payment
date: the ledger import's payment sheets. The running total of an allocation's payments
never exceeds what was allocated (``ensure_payment_fits``)."""
from decimal import Decimal

from tracker.access import READ, WRITE, restrict
from tracker.models import Disbursement, FundAllocation

from .bulk import CREATED, UNCHANGED, UPDATED, RowError, parse_date, parse_decimal, parse_text, run_bulk, screen_rows
from .errors import ServiceError
from .payments import ensure_payment_fits

CENTS = Decimal("0.01")


def upsert_disbursements(rows, user, *, partial=False, dry_run=False):
    """Create or update payments; a row is ``allocation`` (code), ``paid_on``, ``amount``
    (万元) and an optional ``note``. One payment per allocation and day."""
    rows = screen_rows(rows)
    codes = {row.get("allocation") for row in rows if isinstance(row, dict) and isinstance(row.get("allocation"), str)}
    base = FundAllocation.objects.filter(code__in=codes)
    writable = set(restrict(base, user, WRITE).values_list("pk", flat=True))
    allocations = {a.code: a for a in restrict(base, user, READ)}

    def apply_row(index, row):
        allocation = allocations.get(row.get("allocation")) if isinstance(row.get("allocation"), str) else None
        if allocation is None:
            raise RowError("allocation", f"找不到编码为“{row.get('allocation')}”的专项资金，或不在您的权限范围内。",
                           f"No fund allocation {row.get('allocation')!r}, or it is outside your scope.")
        if allocation.pk not in writable:
            raise RowError("allocation", f"无权为“{allocation.code}”登记支付。",
                           f"You may not record payments of {allocation.code!r}.")
        paid_on = parse_date(row, "paid_on")
        amount = parse_decimal(row, "amount").quantize(CENTS)
        note = parse_text(row, "note", 200)
        if amount < 0:
            raise RowError("amount", "金额不能为负。", "amount must not be negative.")
        existing = Disbursement.objects.filter(allocation=allocation, paid_on=paid_on).order_by("id").first()
        if existing is not None and existing.amount == amount and existing.note == note:
            return UNCHANGED
        try:
            ensure_payment_fits(allocation, amount, replacing=existing)
        except ServiceError as error:
            raise RowError("amount", error.zh, error.en) from None
        if existing is None:
            Disbursement.objects.create(allocation=allocation, paid_on=paid_on, amount=amount, note=note)
            return CREATED
        existing.amount, existing.note = amount, note
        existing.save()
        return UPDATED

    return run_bulk(rows, apply_row, partial=partial, dry_run=dry_run)

