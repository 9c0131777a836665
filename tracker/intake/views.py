"""Review pages: paste or upload a speech, confirm its date (inferred from the text when it
states none), see every candidate highlighted in the text, accept / correct / reject each,
and create the targets — and the rectification items of a feedback list — in one step.
Views only validate and call ``tracker.services.intake``."""
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tracker.access import can_write_everything, restrict
from tracker.models import InspectionRound, Metric, SourceDocument
from tracker.services import intake
from tracker.services.errors import ServiceError

from .forms import CandidateFormSet, DefaultsForm, DocumentForm, ItemDefaultsForm, ItemFormSet


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
    if request.method == "POST" and "infer" in request.POST:
        form, inferred = _with_inferred_date(request, form)
        documents = restrict(SourceDocument.objects.all(), request.user).order_by("-issued_on", "-id")[:50]
        return render(request, "tracker/intake/list.html", {"form": form, "documents": documents, "inferred": inferred})
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
    documents = restrict(SourceDocument.objects.all(), request.user).order_by("-issued_on", "-id")[:50]
    return render(request, "tracker/intake/list.html", {"form": form, "documents": documents})


def _with_inferred_date(request, form):
    """The form again, its date prefilled with the one the text states or implies (an upload's
    text moves into the text box, so the file need not be chosen again), and a note saying
    where the date came from."""
    data = request.POST.copy()
    text = data.get("text", "")
    upload = request.FILES.get("upload")
    if not text.strip() and upload is not None:
        try:
            text = intake.text_from_upload(upload.name, upload.read())
        except ServiceError as exc:
            form.add_error("upload", exc.message(request.LANGUAGE_CODE))
            return form, None
        data["text"] = text
    found = intake.infer_issued_on(text)
    if found:
        data["issued_on"] = found[0].isoformat()
    form = DocumentForm(data)
    note = found and (found[1] if not request.LANGUAGE_CODE.startswith("en") else found[2])
    return form, {"date": found[0] if found else None, "source": note}


def _initial_rows(candidates, user=None):
    metrics = {m.code: m for m in Metric.objects.all()}
    units = list(intake.units_for(user)) if user is not None else []
    rows = []
    for c in candidates:
        unit = None
        for name in (c.responsible or "").replace("，", "、").split("、"):
            unit = unit or intake.match_unit(name.strip(), units)
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
    document = get_object_or_404(restrict(SourceDocument.objects.all(), request.user), pk=pk)
    candidates = intake.review_candidates(document)
    items = intake.review_items(document)
    action = request.POST.get("action", "targets") if request.method == "POST" else None
    targets_data = request.POST if action == "targets" else None
    defaults = DefaultsForm(targets_data, prefix="defaults")
    formset = CandidateFormSet(targets_data, initial=_initial_rows(candidates, request.user), prefix="c")
    item_forms = _item_forms(request, items, request.POST if action == "items" else None)
    if action == "items":
        response = _accept_items(request, document, *item_forms)
        if response:
            return response
    if action == "targets" and defaults.is_valid() and formset.is_valid():
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
    item_defaults, item_formset = item_forms
    zh, en = intake.date_used(document)
    return render(request, "tracker/intake/review.html", {
        "document": document, "rows": rows, "formset": formset, "defaults": defaults,
        "segments": highlighted_segments(document.full_text, candidates),
        "item_rows": list(zip(items, item_formset.forms)), "item_formset": item_formset, "item_defaults": item_defaults,
        "date_used": en if request.LANGUAGE_CODE.startswith("en") else zh,
    })


def _item_forms(request, items, data):
    units = list(intake.units_for(request.user))
    initial = [{
        "accept": item.accepted_item_id is None, "start": item.start, "end": item.end, "number": item.number,
        "problem": item.problem, "measures": item.measures, "lead_unit": intake.match_unit(item.responsible, units),
        "co_units": [u for u in (intake.match_unit(n, units) for n in item.co_responsible) if u],
        "deadline": dt.date.fromisoformat(item.deadline) if item.deadline else None, "is_long_term": item.is_long_term,
    } for item in items]
    item_defaults = ItemDefaultsForm(data, prefix="items")
    item_defaults.fields["round"].queryset = restrict(InspectionRound.objects.all(), request.user)
    return item_defaults, ItemFormSet(data, initial=initial, prefix="i")


def _accept_items(request, document, item_defaults, item_formset):
    """Create the confirmed rectification items; a redirect when done, None to show errors."""
    if not (item_defaults.is_valid() and item_formset.is_valid()):
        return None
    acceptances = []
    for row in item_formset.cleaned_data:
        if not row.get("accept"):
            continue
        lead_unit = row["lead_unit"] or item_defaults.cleaned_data["lead_unit"]
        if lead_unit is None:
            messages.error(request, _("请为每条确认的整改任务选择牵头单位。 / Choose a lead unit for every accepted item."))
            return None
        acceptances.append(intake.ItemAcceptance(
            start=row["start"], end=row["end"], number=row["number"], problem=row["problem"],
            measures=row["measures"], lead_unit=lead_unit, deadline=row["deadline"],
            co_units=tuple(row["co_units"]), is_long_term=row["is_long_term"],
        ))
    try:
        created, skipped = intake.accept_items(document, item_defaults.cleaned_data["round"], acceptances, request.user)
    except ServiceError as exc:
        messages.error(request, exc.message(request.LANGUAGE_CODE))
        return None
    messages.success(request, _("已创建 %(created)d 个整改任务，跳过已存在的 %(skipped)d 个。") % {
        "created": len(created), "skipped": len(skipped)})
    return redirect("intake:review", pk=document.pk)
