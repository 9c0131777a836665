"""Rectification item pages (整改任务): the list, one item's page with its life-cycle
buttons (only those the user may press), evidence, milestones and timeline; supervisors'
create, edit and batch forms."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api.filtersets import RectificationItemFilterSet
from tracker.access import READ, WRITE, can, can_write_everything, restrict
from tracker.jobs.rules import deadline_verdict
from tracker.models import Evidence, InspectionRound, Milestone, OrgUnit, RectificationItem, StatusThresholds
from tracker.pages.forms import (
    CompletionForm, EvidenceForm, ItemBatchForm, ItemForm, LookbackForm, MilestoneForm,
)
from tracker.pages.tables import ItemTable
from tracker.services import items as item_services
from tracker.services.calendar import load_calendar
from tracker.services.errors import ServiceError

from .base import filtered_table, require_supervisor, scoped, service_failed
from .history import recent_history
from .targets import provenance_excerpt

State = RectificationItem.State


@login_required
def item_list(request):
    queryset = restrict(RectificationItem.objects.all(), request.user, READ).select_related("round", "lead_unit")
    filterset, table = filtered_table(request, queryset, RectificationItemFilterSet, ItemTable)
    return render(request, "pages/items/list.html", {
        "filter": filterset, "table": table, "may_create": can_write_everything(request.user),
        "overdue": request.GET.get("overdue") in ("1", "true"),
    })


def _actions(user, item, as_of):
    """The life-cycle buttons this user may press on this item now."""
    writer = can(user, WRITE, item)
    supervisor = can_write_everything(user)
    return {
        "start": writer and item.state == State.ASSIGNED,
        "report": writer and item.state in (State.ASSIGNED, State.IN_PROGRESS),
        "evidence": writer and item.state != State.SIGNED_OFF,
        "sign_off": supervisor and item.state == State.REPORTED,
        "lookback": supervisor and item.state == State.SIGNED_OFF,
        "edit": supervisor,
    }


def _timeline(item):
    """The item's life from its history: each state change with who and when."""
    rows, previous = [], None
    for entry in item.history.select_related("history_user").order_by("history_date", "history_id"):
        if previous is None:
            rows.append({"at": entry.history_date, "who": entry.history_user, "what": _("建立任务")})
        elif entry.state != previous.state:
            rows.append({"at": entry.history_date, "who": entry.history_user,
                         "what": _("%(old)s → %(new)s") % {"old": State(previous.state).label,
                                                           "new": State(entry.state).label}})
        elif entry.deadline != previous.deadline:
            rows.append({"at": entry.history_date, "who": entry.history_user,
                         "what": _("整改时限改为 %(day)s") % {"day": entry.deadline.isoformat()}})
        previous = entry
    return list(reversed(rows))


@login_required
def item_detail(request, pk):
    item = scoped(request, RectificationItem.objects.select_related("round", "lead_unit", "lead_leader",
                                                                    "signed_off_by", "source_document"), pk)
    as_of = timezone.localdate()
    calendar = load_calendar()
    left = calendar.working_days_between(as_of, item.deadline)
    verdict = None if item.state == State.SIGNED_OFF else deadline_verdict(
        item.deadline, as_of, calendar, StatusThresholds.current().warning_window_days)
    actions = _actions(request.user, item, as_of)
    return render(request, "pages/items/detail.html", {
        "item": item, "left": left, "late": -left, "verdict": verdict, "actions": actions,
        "completion_form": CompletionForm() if actions["report"] else None,
        "evidence_form": EvidenceForm() if actions["evidence"] else None,
        "lookback_form": LookbackForm(initial={"rebounded": "0"}) if actions["lookback"] else None,
        "milestone_form": MilestoneForm() if actions["edit"] else None,
        "evidence": item.evidence.select_related("uploaded_by"), "milestones": item.milestones.all(),
        "co_units": item.co_units.all(), "timeline": _timeline(item), **recent_history(item, "rectification-items"),
        "provenance": provenance_excerpt(item),
    })


def _refused(request, form, pk):
    """A life-cycle form that did not validate: its errors as messages, back to the item."""
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("pages:item", pk=pk)


def _locked(request, pk):
    """The item, locked for the life-cycle change (two clicks at once change it once)."""
    item = scoped(request, RectificationItem.objects.all(), pk, READ)
    return RectificationItem.objects.select_for_update().select_related("round").get(pk=item.pk)


def _run(request, pk, service, success, **kwargs):
    try:
        with transaction.atomic():
            item = _locked(request, pk)
            service(item, request.user, **kwargs)
    except ServiceError as error:
        service_failed(request, None, error)
    else:
        messages.success(request, success)
    return redirect("pages:item", pk=pk)


@login_required
@require_POST
def item_start(request, pk):
    return _run(request, pk, item_services.start_rectification, _("已开始整改。"))


@login_required
@require_POST
def item_report(request, pk):
    item = scoped(request, RectificationItem.objects.all(), pk)
    if not can(request.user, WRITE, item):
        raise Http404
    form = CompletionForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, form, pk)
    return _run(request, pk, item_services.report_completion, _("已申请销号，等待督查室核验。"),
                note=form.cleaned_data["note"], evidence_files=form.cleaned_data["evidence"],
                evidence_description=form.cleaned_data["evidence_description"])


@login_required
@require_POST
def item_evidence(request, pk):
    scoped(request, RectificationItem.objects.all(), pk)  # scope (404) before the form is judged
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, form, pk)
    return _run(request, pk, item_services.add_evidence, _("佐证材料已上传。"), files=form.cleaned_data["evidence"],
                description=form.cleaned_data["description"])


@login_required
@require_POST
def item_sign_off(request, pk):
    response = _run(request, pk, item_services.sign_off, _("已销号。"))
    if request.POST.get("next") == "queue":
        return redirect("pages:sign-off-queue")
    return response


@login_required
@require_POST
def item_lookback(request, pk):
    scoped(request, RectificationItem.objects.all(), pk)  # scope (404) before the form is judged
    form = LookbackForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, pk)
    return _run(request, pk, item_services.record_lookback, _("回头看结果已登记。"),
                rebounded=form.cleaned_data["rebounded"], new_deadline=form.cleaned_data["new_deadline"],
                note=form.cleaned_data["note"])


@login_required
@require_POST
def item_milestone_add(request, pk):
    require_supervisor(request)
    item = scoped(request, RectificationItem.objects.all(), pk, WRITE)
    form = MilestoneForm(request.POST, instance=Milestone(item=item))
    if form.is_valid():
        form.save()
        messages.success(request, _("阶段性任务已添加。"))
    else:
        return _refused(request, form, pk)
    return redirect("pages:item", pk=pk)


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = scoped(request, Milestone.objects.select_related("item"), pk, WRITE)
    if milestone.done_on is None:
        milestone.done_on = timezone.localdate()
        milestone.save()
        messages.success(request, _("阶段性任务已标记完成。"))
    target = reverse("pages:item", args=[milestone.item_id]) if milestone.item_id else reverse("home")
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk=None):
    require_supervisor(request)
    item = scoped(request, RectificationItem.objects.all(), pk, WRITE) if pk else None
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("整改任务已保存。"))
        return redirect("pages:item", pk=saved.pk)
    return render(request, "pages/form.html", {
        "form": form, "title": _("修改整改任务") if item else _("新建整改任务"),
        "back": reverse("pages:item", args=[item.pk]) if item else reverse("pages:items"),
    })


def _unit_codes():
    """name, short name and code → unit code, for units typed by name in a pasted list."""
    table = {}
    for unit in OrgUnit.objects.all():
        for key in (unit.code, unit.name, unit.short_name):
            if key:
                table.setdefault(key.strip(), unit.code)
    return table


def parse_item_lines(text, round_code):
    """Rows for ``upsert_items`` from a list pasted from Excel (tab-separated) or typed
    with "|": number, problem, lead unit (name, short name or code), deadline, measures."""
    units = _unit_codes()
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in (line.split("\t") if "\t" in line else line.split("|"))]
        parts += [""] * (5 - len(parts))
        number, problem, unit, deadline, measures = parts[:5]
        rows.append({"round": round_code, "number": number, "problem": problem,
                     "lead_unit": units.get(unit, unit), "deadline": deadline, "measures": measures})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def item_batch(request):
    require_supervisor(request)
    form = ItemBatchForm(request.POST or None)
    summary = rows = None
    if request.method == "POST" and form.is_valid():
        round_ = form.cleaned_data["round"]
        rows = parse_item_lines(form.cleaned_data["rows"], round_.code)
        summary = item_services.upsert_items(rows, request.user, dry_run=form.cleaned_data["dry_run"])
        if summary.committed:
            messages.success(request, _("已保存：新建 %(c)s 项，更新 %(u)s 项，未变 %(n)s 项。") % {
                "c": summary.created, "u": summary.updated, "n": summary.unchanged})
            return redirect(reverse("pages:items") + f"?round={round_.pk}")
    errors = {index: error for index, error in summary.errors} if summary else {}
    lines = [{"row": row, "error": errors.get(index)} for index, row in enumerate(rows or [])]
    return render(request, "pages/items/batch.html", {"form": form, "summary": summary, "lines": lines,
                                                      "rounds": InspectionRound.objects.all()})


@login_required
def evidence_download(request, pk):
    """An evidence file, only to those who may read its item or target (404 for anyone
    else), always as an attachment (never rendered inline, so an uploaded HTML or SVG cannot
    run in our origin)."""
    evidence = scoped(request, Evidence.objects.all(), pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.filename, content_type="application/octet-stream")
