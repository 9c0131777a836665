"""Fund pages (专项资金): allocations in scope with their execution rate, one allocation
with its payments against the expected path (序时进度), and the add-a-payment form."""
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from api.filtersets import FundAllocationFilterSet
from tracker.access import READ, WRITE, can, restrict
from tracker.jobs.rules import fund_verdict
from tracker.models import FundAllocation, StatusThresholds
from tracker.pages.forms import DisbursementForm
from tracker.pages.tables import AllocationTable, DisbursementTable
from tracker.services.errors import ServiceError
from tracker.services.payments import record_disbursement

from .base import filtered_table, scoped, service_failed
from .history import recent_history


@login_required
def fund_list(request):
    queryset = restrict(FundAllocation.objects.with_paid(), request.user, READ).select_related("unit", "project")
    filterset, table = filtered_table(request, queryset, FundAllocationFilterSet, AllocationTable)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    totals = {"amount": sum((a.amount for a in rows), Decimal(0)), "paid": sum((a.paid for a in rows), Decimal(0))}
    totals["rate"] = (totals["paid"] / totals["amount"] * 100) if totals["amount"] else None
    return render(request, "pages/funds/list.html", {"filter": filterset, "table": table, "totals": totals})


def expected_rate(allocation, as_of):
    """序时进度: the target rate × the elapsed share of allocation → deadline."""
    target = allocation.target_rate if allocation.target_rate is not None else Decimal(100)
    span = (allocation.execution_deadline - allocation.allocated_on).days
    if span <= 0:
        return target
    share = min(Decimal(1), max(Decimal(0), Decimal((as_of - allocation.allocated_on).days) / span))
    return (target * share).quantize(Decimal("0.01"))


@login_required
@require_http_methods(["GET", "POST"])
def fund_detail(request, pk):
    allocation = scoped(request, FundAllocation.objects.with_paid().select_related("unit", "project"), pk)
    as_of = timezone.localdate()
    may_write = can(request.user, WRITE, allocation)
    form = DisbursementForm(request.POST or None, initial={"paid_on": as_of}) if may_write else None
    if request.method == "POST":
        if form is None:
            return render(request, "pages/forbidden.html", status=403)
        if form.is_valid():
            try:
                record_disbursement(request.user, allocation, **form.cleaned_data)
            except ServiceError as error:
                service_failed(request, form, error)
            else:
                messages.success(request, _("支付已登记。"))
                return redirect("pages:fund", pk=pk)
    payments = allocation.disbursements.all()
    table = DisbursementTable(payments)
    rate = allocation.paid / allocation.amount * 100 if allocation.amount else None
    verdict = fund_verdict(allocation.amount, allocation.paid, allocation.target_rate, allocation.allocated_on,
                           allocation.execution_deadline, as_of, StatusThresholds.current().progress_tolerance)
    return render(request, "pages/funds/detail.html", {
        "allocation": allocation, "table": table, "form": form, "rate": rate, "verdict": verdict,
        "expected": expected_rate(allocation, as_of), "chart": execution_chart(allocation, payments),
        **recent_history(allocation, "fund-allocations"),
    })


def execution_chart(allocation, payments):
    """Cumulative execution rate at each payment against the expected path (ECharts-ready)."""
    if not allocation.amount:
        return None
    days, rates, running = [allocation.allocated_on], [0.0], Decimal(0)
    for payment in payments.order_by("paid_on", "id"):
        running += payment.amount
        days.append(payment.paid_on)
        rates.append(round(float(running / allocation.amount * 100), 2))
    days.append(allocation.execution_deadline)
    rates.append(None)
    return {"title": str(allocation), "unit": "%", "x": [d.isoformat() for d in days], "series": [
        {"name": _("累计执行率"), "kind": "line", "data": rates, "connect": True},
        {"name": _("序时进度"), "kind": "line", "dashed": True, "data": [float(expected_rate(allocation, d)) for d in days]},
    ]}
