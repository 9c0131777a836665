"""Web pages of the tracker app (the admin is the supervisors' main tool)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from tracker.access import READ, restrict
from tracker.jobs.subjects import describe
from tracker.models import Notice


@login_required
def notice_print(request, pk):
    """A 四书 letter as a printable A4 page. Only users who may read the notice see it
    (its unit's staff, supervisors, leaders); anyone else gets 404, not a hint it exists."""
    notice = get_object_or_404(restrict(Notice.objects.select_related("unit", "flag"), request.user, READ), pk=pk)
    subject = describe(notice.flag) if notice.flag_id else None
    return render(request, "tracker/notice_print.html", {"notice": notice, "subject": subject})
