"""Review pages: paste or upload a speech, see every candidate highlighted in the text,
accept / correct / reject each, and create the targets in one step. Views only validate and
call ``tracker.services.intake``."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tracker.access import can_write_everything
from tracker.models import Metric, OrgUnit, SourceDocument
from tracker.services import intake
from tracker.services.errors import ServiceError

from .forms import CandidateFormSet, DefaultsForm, DocumentForm


def _supervisor_only(request):
    if not can_write_everything(request.user):
        raise PermissionDenied(_("只有督查室可以使用讲话录入。 / Only supervisors can use document intake."))


def highlighted_segments(text, candidates):
    """Split ``text`` into plain and highlighted segments for the candidates' spans
    (overlapping spans merge into one highlight)."""
    spans = sorted((c.start, c.end, c.index) for c in candidates)
    segments, pos = [], 0
    for start, end, index in spans:
        if end <= pos:
            continue
        start = max(start, pos)
        if start > pos:
            segments.append({"text": text[pos:start], "mark": None})
        segments.append({"text": text[start:end], "mark": index})
        pos = end
    if pos < len(text):
        segments.append({"text": text[pos:], "mark": None})
    return segments


@login_required
@require_http_methods(["GET", "POST"])
def document_list(request):
    _supervisor_only(request)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = intake.create_document(
                user=request.user, title=form.cleaned_data["title"], kind=form.cleaned_data["kind"],
                issued_on=form.cleaned_data["issued_on"], speaker=form.cleaned_data["speaker"],
                text=form.cleaned_data["text"] or "", upload=form.cleaned_data["upload"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message(request.LANGUAGE_CODE))
        else:
            return redirect("intake:review", pk=document.pk)
    documents = SourceDocument.objects.order_by("-issued_on", "-id")[:50]
    return render(request, "tracker/intake/list.html", {"form": form, "documents": documents})


def _initial_rows(candidates):
    metrics = {m.code: m for m in Metric.objects.all()}
    units = {u.name: u for u in OrgUnit.objects.all()}
    rows = []
    for c in candidates:
        unit = None
        for name in (c.responsible or "").replace("，", "、").split("、"):
            unit = unit or units.get(name.strip())
        rows.append({
            "accept": c.accepted_target_id is None and c.kind in ("target", "milestone"),
            "start": c.start, "end": c.end, "title": c.sentence[:300],
            "metric": metrics.get(c.metric), "kind": "milestone" if c.kind == "milestone" else "",
            "comparator": c.comparator or ">=", "value": c.value, "unit": c.unit or "",
            "deadline": c.deadline, "lead_unit": unit,
        })
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def document_review(request, pk):
    _supervisor_only(request)
    document = get_object_or_404(SourceDocument, pk=pk)
    candidates = intake.review_candidates(document)
    defaults = DefaultsForm(request.POST or None, prefix="defaults")
    formset = CandidateFormSet(request.POST or None, initial=_initial_rows(candidates), prefix="c")
    if request.method == "POST" and defaults.is_valid() and formset.is_valid():
        acceptances = []
        for row in formset.cleaned_data:
            if not row.get("accept"):
                continue
            lead_unit = row["lead_unit"] or defaults.cleaned_data["lead_unit"]
            if lead_unit is None:
                messages.error(request, _("请为每条确认的目标选择牵头单位。 / Choose a lead unit for every accepted row."))
                break
            acceptances.append(intake.Acceptance(
                start=row["start"], end=row["end"], title=row["title"], metric=row["metric"],
                comparator=row["comparator"], value=row["value"], unit=row["unit"], deadline=row["deadline"],
                lead_unit=lead_unit, lead_leader=defaults.cleaned_data["lead_leader"], kind=row["kind"] or None,
            ))
        else:
            try:
                created, skipped = intake.accept_candidates(document, acceptances, request.user)
            except ServiceError as exc:
                messages.error(request, exc.message(request.LANGUAGE_CODE))
            else:
                messages.success(request, _("已创建 %(created)d 个目标，跳过已存在的 %(skipped)d 个。") % {
                    "created": len(created), "skipped": len(skipped)})
                return redirect("intake:review", pk=document.pk)
    rows = list(zip(candidates, formset.forms))
    return render(request, "tracker/intake/review.html", {
        "document": document, "rows": rows, "formset": formset, "defaults": defaults,
        "segments": highlighted_segments(document.full_text, candidates),
    })
