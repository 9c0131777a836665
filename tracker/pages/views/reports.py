"""The daily / zero report page (日报告 / 零报告) for units with the duty."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tracker.access import READ, restrict
from tracker.models import DailyReport, OrgUnit
from tracker.pages.forms import DailyReportForm
from tracker.services.errors import ServiceError
from tracker.services.reports import file_daily_report, may_report_for

from .base import service_failed


@login_required
@require_http_methods(["GET", "POST"])
def daily_report(request):
    as_of = timezone.localdate()
    readable = restrict(OrgUnit.objects.filter(has_daily_report_duty=True), request.user, READ)
    units = OrgUnit.objects.filter(pk__in=[u.pk for u in readable if may_report_for(request.user, u)])
    form = DailyReportForm(request.POST or None, units=units,
                           initial={"report_date": as_of, "is_zero": "0", "unit": units.first()})
    if request.method == "POST" and form.is_valid():
        try:
            report = file_daily_report(request.user, form.cleaned_data["unit"],
                                       report_date=form.cleaned_data["report_date"],
                                       is_zero=form.cleaned_data["is_zero"], content=form.cleaned_data["content"])
        except ServiceError as error:
            service_failed(request, form, error)
        else:
            messages.success(request, (_("零报告已报送。") if report.is_zero else _("日报告已报送。")))
            return redirect("pages:daily-report")
    recent = restrict(DailyReport.objects.select_related("unit", "reported_by"), request.user, READ)[:30]
    filed_today = set(DailyReport.objects.filter(report_date=as_of, unit__in=units).values_list("unit_id", flat=True))
    return render(request, "pages/daily_report.html", {
        "form": form if units.exists() else None, "recent": recent, "as_of": as_of,
        "due": [u for u in units if u.pk not in filed_today],
    })
