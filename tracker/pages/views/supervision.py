"""Supervisors' pages (督查室): the sign-off and look-back queues, flags with their
answers and the letters issued from them, notices with their printable page, and the
thresholds of the at-risk math. Flags and notices are readable by the units they
concern too (their staff answer them here)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api.filtersets import FlagFilterSet, NoticeFilterSet
from tracker.access import READ, WRITE, can, can_write_everything, restrict
from tracker.jobs.flags import acknowledge_flag
from tracker.jobs.subjects import CAUSE_LABELS, describe
from tracker.models import Flag, Notice, RectificationItem, StatusThresholds
from tracker.pages.forms import NoticeIssueForm, ResponseForm, ThresholdsForm
from tracker.pages.tables import FlagTable, NoticeTable
from tracker.services.errors import ServiceError
from tracker.services.supervision import issue_notice_by_hand, respond_to_notice

from .base import filtered_table, require_supervisor, scoped, service_failed

State = RectificationItem.State


@login_required
def supervision(request):
    require_supervisor(request)
    as_of = timezone.localdate()
    reported = RectificationItem.objects.filter(state=State.REPORTED)
    lookback = RectificationItem.objects.filter(state=State.SIGNED_OFF, lookback_due__lte=as_of,
                                                lookback_done_at__isnull=True)
    flags = Flag.objects.filter(cleared_at__isnull=True)
    return render(request, "pages/supervision/index.html", {
        "reported": reported.count(), "lookback": lookback.count(), "open_flags": flags.count(),
        "unanswered_flags": flags.filter(acknowledged_at__isnull=True).count(),
        "unanswered_notices": Notice.objects.filter(responded_at__isnull=True).count(),
    })


def _queue(request, queryset, title, template_hint):
    require_supervisor(request)
    queryset = queryset.select_related("round", "lead_unit").prefetch_related("evidence")
    return render(request, "pages/supervision/queue.html", {"items": queryset, "title": title, "kind": template_hint})


@login_required
def sign_off_queue(request):
    """申请销号 waiting for a supervisor, oldest report first."""
    return _queue(request, RectificationItem.objects.filter(state=State.REPORTED).order_by("completion_reported_at"),
                  _("待销号核验"), "sign_off")


@login_required
def lookback_queue(request):
    """已销号 items whose 回头看 date has come."""
    as_of = timezone.localdate()
    return _queue(request, RectificationItem.objects.filter(
        state=State.SIGNED_OFF, lookback_due__lte=as_of, lookback_done_at__isnull=True).order_by("lookback_due"),
        _("待回头看"), "lookback")


@login_required
def flag_list(request):
    queryset = restrict(Flag.objects.all(), request.user, READ).select_related("unit", "subject_type")
    if "is_open" not in request.GET:
        queryset = queryset.filter(cleared_at__isnull=True)
    filterset, table = filtered_table(request, queryset, FlagFilterSet, FlagTable)
    return render(request, "pages/supervision/flags.html", {"filter": filterset, "table": table})


def subject_url(flag):
    """The page of what a flag is about (a target, an item, a fund …), when it has one."""
    from django.urls import reverse

    model = flag.subject_type.model
    names = {"target": "pages:target", "rectificationitem": "pages:item", "fundallocation": "pages:fund"}
    if model in names:
        return reverse(names[model], args=[flag.subject_id])
    return None


@login_required
@require_http_methods(["GET", "POST"])
def flag_detail(request, pk):
    flag = scoped(request, Flag.objects.select_related("unit", "subject_type", "acknowledged_by"), pk)
    may_answer = flag.cleared_at is None and can(request.user, WRITE, flag)
    form = ResponseForm(request.POST or None) if may_answer else None
    if request.method == "POST":
        if form is None:
            return render(request, "pages/forbidden.html", status=403)
        if form.is_valid():
            try:
                acknowledge_flag(flag, request.user, form.cleaned_data["response"])
            except ServiceError as error:
                service_failed(request, form, error)
            else:
                messages.success(request, _("已响应。"))
                return redirect("pages:flag", pk=pk)
    subject = describe(flag)
    return render(request, "pages/supervision/flag.html", {
        "flag": flag, "subject": subject, "subject_label": _(subject.label),
        "cause": _(CAUSE_LABELS.get(flag.cause, flag.cause)),
        "subject_url": subject_url(flag), "events": flag.events.select_related("actor"),
        "notices": flag.notices.all(), "form": form,
        "issue_form": NoticeIssueForm() if can_write_everything(request.user) and flag.cleared_at is None else None,
    })


@login_required
@require_POST
def flag_issue_notice(request, pk):
    require_supervisor(request)
    flag = scoped(request, Flag.objects.select_related("unit"), pk)
    form = NoticeIssueForm(request.POST)
    if form.is_valid():
        try:
            notice = issue_notice_by_hand(flag, form.cleaned_data["kind"], request.user)
        except ServiceError as error:
            service_failed(request, None, error)
        else:
            messages.success(request, _("已发出 %(kind)s %(number)s。") % {"kind": notice.get_kind_display(),
                                                                       "number": notice.number})
            return redirect("pages:notice", pk=notice.pk)
    return redirect("pages:flag", pk=pk)


@login_required
def notice_list(request):
    queryset = restrict(Notice.objects.all(), request.user, READ).select_related("unit")
    filterset, table = filtered_table(request, queryset, NoticeFilterSet, NoticeTable)
    return render(request, "pages/supervision/notices.html", {"filter": filterset, "table": table})


@login_required
@require_http_methods(["GET", "POST"])
def notice_detail(request, pk):
    notice = scoped(request, Notice.objects.select_related("unit", "flag"), pk)
    open_flag = notice.flag if notice.flag_id and notice.flag.cleared_at is None else None
    may_answer = notice.responded_at is None and can(request.user, WRITE, notice)
    form = ResponseForm(request.POST or None) if may_answer else None
    if request.method == "POST":
        if form is None:
            return render(request, "pages/forbidden.html", status=403)
        if form.is_valid():
            try:
                if open_flag is not None:  # answering the flag answers its letters too
                    acknowledge_flag(open_flag, request.user, form.cleaned_data["response"])
                else:
                    respond_to_notice(notice, request.user, form.cleaned_data["response"])
            except ServiceError as error:
                service_failed(request, form, error)
            else:
                messages.success(request, _("已反馈。"))
                return redirect("pages:notice", pk=pk)
    return render(request, "pages/supervision/notice.html", {"notice": notice, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def thresholds(request):
    require_supervisor(request)
    form = ThresholdsForm(request.POST or None, instance=StatusThresholds.current())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("预警阈值已保存，下次测算起生效。"))
        return redirect("pages:supervision")
    return render(request, "pages/form.html", {"form": form, "title": _("预警阈值"), "back": "/supervision/"})


