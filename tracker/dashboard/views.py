"""Bulletin pages (通报): the list leaders open, the printable A4 page, the Excel download,
and "generate now" for supervisors. A bulletin covers the whole city, so only users who
may read everything (leaders, supervisors, administrators) see it: the access rule has no
unit path for bulletins and gives staff nothing (404, not a hint that it exists)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tracker.access import READ, can_write_everything, restrict
from tracker.models import Bulletin, InspectionRound

from . import bulletins
from .workbook import workbook_bytes


def _readable(user):
    return restrict(Bulletin.objects.select_related("round"), user, READ)


@login_required
def bulletin_list(request):
    items = list(_readable(request.user)[:200])
    return render(request, "tracker/bulletins/list.html", {
        "bulletins": items, "can_generate": can_write_everything(request.user),
        "rounds": InspectionRound.objects.order_by("-year", "code") if can_write_everything(request.user) else [],
        "pending": any(b.status == Bulletin.Status.PENDING for b in items),
    })


@login_required
def bulletin_detail(request, pk):
    bulletin = get_object_or_404(_readable(request.user), pk=pk, status=Bulletin.Status.READY)
    return render(request, "tracker/bulletins/print.html", {"bulletin": bulletin, "c": bulletin.content})


@login_required
def bulletin_xlsx(request, pk):
    bulletin = get_object_or_404(_readable(request.user), pk=pk, status=Bulletin.Status.READY)
    response = HttpResponse(workbook_bytes(bulletin),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="bulletin-{bulletin.pk}-{bulletin.period_end}.xlsx"'
    return response


@login_required
@require_POST
def bulletin_generate(request):
    """Supervisors: queue an on-demand bulletin; the list shows it as 生成中 until the task fills it."""
    if not can_write_everything(request.user):
        return HttpResponseForbidden(_("只有督查室可以生成通报。 / Only supervisors can generate bulletins."))
    raw = request.POST.get("round") or ""
    round_id = None
    if raw:
        if not raw.isdigit() or not InspectionRound.objects.filter(pk=int(raw)).exists():
            messages.error(request, _("督察轮次不存在。 / No such inspection round."))
            return redirect("bulletins:list")
        round_id = int(raw)
    from tracker.tasks import generate_bulletin_task

    with transaction.atomic():
        bulletin = bulletins.request_bulletin(request.user, round_id, timezone.localdate())
        transaction.on_commit(lambda: generate_bulletin_task.delay(bulletin.pk))
    messages.success(request, _("通报正在生成，稍后刷新本页即可查看。"))
    return redirect("bulletins:list")
