"""The leaders' dashboard (驾驶舱): headline figures, the four-colour matrix, the ranking
(红黑榜) and the charts, under the filters year / category / unit subtree / war zone.

The figures come from ``tracker.dashboard`` through the same cache the JSON endpoints
under ``/api/v1/dashboard/`` use, so the page and REST clients always agree; the charts are
fetched by the page from those endpoints. Staff see their own units' version (the access
rule narrows every figure)."""
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from tracker.access import READ, restrict
from tracker.dashboard import cache, service
from tracker.dashboard.categories import CATEGORIES
from tracker.dashboard.charts import CHARTS
from tracker.dashboard.filters import parse_filters
from tracker.models import OrgGroup, OrgUnit
from tracker.services.errors import ServiceError

CHART_TITLES = {
    "pm25": _("PM2.5 累计均值与目标"), "good_days": _("优良天数比例"), "heavy_days": _("重污染天数与控制目标"),
    "funds_by_unit": _("各单位专项资金执行率"), "burndown": _("督察整改销号进度"), "level_history": _("目标预警等级变化"),
}


def _parts(user, filters):
    return service.dashboard_parts(user, filters, cache.cached)


@login_required
@require_GET
def dashboard(request):
    today = timezone.localdate()
    error = None
    try:
        filters = parse_filters(request.GET, today)
    except ServiceError as exc:
        error = exc.message(get_language())
        filters = parse_filters({}, today)
    try:
        parts = _parts(request.user, filters)
    except ServiceError as exc:  # e.g. a war zone that does not exist
        error = exc.message(get_language())
        filters = parse_filters({}, today)
        parts = _parts(request.user, filters)
    query = urlencode(filters.query())
    charts = [{"name": name, "title": CHART_TITLES.get(name, name), "src": f"/api/v1/dashboard/charts/{name}/?{query}"}
              for name in CHARTS]
    units = restrict(OrgUnit.objects.order_by("sort_order", "code"), request.user, READ)
    return render(request, "pages/dashboard.html", {
        **parts, "filters": filters, "error": error, "charts": charts, "categories": CATEGORIES.items(),
        "units": units, "zones": OrgGroup.objects.filter(kind=OrgGroup.Kind.WAR_ZONE).order_by("code"),
        "years": range(today.year - 4, today.year + 2),
    })
