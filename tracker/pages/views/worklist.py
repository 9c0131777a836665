"""The start page (工作台): the user's own work, most urgent first.

Staff see their units' targets and items (the ones they may write); supervisors the whole
city's with their queues; leaders are sent to the dashboard (驾驶舱), their start page."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from tracker.access import can_write_everything
from tracker.models import Level, RectificationItem, User
from tracker.pages.tables import WorkRowTable
from tracker.services.worklist import worklist_for


@login_required
def home(request):
    user = request.user
    if user.role == User.Role.LEADER and not user.is_superuser:
        try:
            return redirect(reverse("pages:dashboard"))
        except NoReverseMatch:
            pass
    as_of = timezone.localdate()
    worklist = worklist_for(user, as_of, own_only=user.role != User.Role.LEADER)
    try:
        level = int(request.GET.get("level", ""))
        level = level if level in Level.values else None
    except ValueError:
        level = None
    rows = worklist.filtered(level)
    overdue = [row for row in worklist.rows if row.overdue]
    table = WorkRowTable(rows)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    queues = {}
    if can_write_everything(user):
        State = RectificationItem.State
        queues = {
            "reported": RectificationItem.objects.filter(state=State.REPORTED).count(),
            "lookback": RectificationItem.objects.filter(state=State.SIGNED_OFF, lookback_due__lte=as_of,
                                                         lookback_done_at__isnull=True).count(),
        }
    levels = [{"level": lv.value, "label": lv.label, "count": worklist.counts.get(lv.value, 0)} for lv in reversed(Level)]
    return render(request, "pages/worklist.html", {
        "worklist": worklist, "table": table, "levels": levels, "level": level, "overdue_count": len(overdue),
        "queues": queues, "as_of": as_of,
    })
