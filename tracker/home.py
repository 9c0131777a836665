"""The start page after sign-in: the signed-in user's ledger at a glance — targets by
warning level and the red and orange ones, each narrowed by the one access rule."""
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from tracker.access import READ, can_write_everything, restrict
from tracker.models import Level, RectificationItem, Target


@login_required
def home(request):
    targets = restrict(Target.objects.active(), request.user, READ)
    counts = {row["level"]: row["n"] for row in targets.values("level").annotate(n=Count("id", distinct=True))}
    levels = [{"level": level, "label": level.label, "count": counts.get(level.value, 0)} for level in reversed(Level)]
    urgent = (targets.filter(level__gte=Level.ORANGE).select_related("lead_unit", "metric")
              .order_by("-level", "deadline")[:20])
    overdue_items = (restrict(RectificationItem.objects.exclude(state=RectificationItem.State.SIGNED_OFF), request.user, READ)
                     .filter(deadline__lt=timezone.localdate()).select_related("round", "lead_unit")
                     .order_by("deadline")[:20])
    return render(request, "tracker/home.html", {
        "levels": levels, "unevaluated": counts.get(None, 0), "urgent": urgent, "overdue_items": overdue_items,
        "is_supervisor": can_write_everything(request.user),
    })
