"""The inbox (消息): a user's notifications — flags raised, escalated, cleared, notices
issued, digests — newest first, with the open flags and notices that ask for an answer."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tracker.models import Notification


def _link(notification):
    """Where a message leads: its notice's page, else its flag's page."""
    link = notification.link or ""
    if link.startswith("/notices/") and link.endswith("/print/"):
        return link[: -len("print/")]
    if link:
        return link
    if notification.flag_id:
        return f"/flags/{notification.flag_id}/"
    return ""


@login_required
def inbox(request):
    messages_ = Notification.objects.filter(user=request.user).select_related("flag")
    if request.GET.get("unread") == "1":
        messages_ = messages_.filter(read_at__isnull=True)
    page = Paginator(messages_, 30).get_page(request.GET.get("page"))
    for notification in page:
        notification.target_url = _link(notification)
    return render(request, "pages/inbox.html", {"page": page, "unread_only": request.GET.get("unread") == "1"})


@login_required
@require_POST
def inbox_read(request, pk=None):
    """Mark one message (or, without ``pk``, all of them) read, then follow its link."""
    mine = Notification.objects.filter(user=request.user, read_at__isnull=True)
    if pk is None:
        mine.update(read_at=timezone.now())
        return redirect("pages:inbox")
    notification = Notification.objects.filter(user=request.user, pk=pk).first()
    if notification is None:
        return redirect("pages:inbox")
    mine.filter(pk=pk).update(read_at=timezone.now())
    link = _link(notification)
    return redirect(link if link.startswith("/") and not link.startswith("//") else "pages:inbox")
