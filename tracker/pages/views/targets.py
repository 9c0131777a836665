"""Target pages (目标指标): the list, one target's page with its evaluation, chart,
observations, evidence, provenance and history, the add-a-value and evidence forms, and
supervisors' edit form."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from api.filtersets import TargetFilterSet
from tracker.access import READ, WRITE, can, can_write_everything, owned, restrict
from tracker.models import Level, Observation, Target
from tracker.pages.figures import labelled_figures
from tracker.pages.forms import EvidenceForm, ObservationForm, TargetForm
from tracker.pages.tables import ObservationTable, TargetTable
from tracker.services.charts import target_chart
from tracker.services.errors import ServiceError
from tracker.services.evaluation import evaluate_target_now
from tracker.services.evidence import add_target_evidence
from tracker.services.observations import record_observation
from tracker.services.projection import projection_with_allowances, what_if

from .base import filtered_table, require_supervisor, scoped, service_failed
from .history import recent_history

CONTEXT_CHARS = 160


@login_required
def target_list(request):
    queryset = restrict(Target.objects.active(), request.user, READ).select_related("metric", "lead_unit")
    filterset, table = filtered_table(request, queryset, TargetFilterSet, TargetTable)
    counts = {lv.value: 0 for lv in Level}
    for level in filterset.qs.values_list("level", flat=True) if filterset.is_valid() else []:
        if level is not None:
            counts[level] += 1
    levels = [{"level": lv.value, "label": lv.label, "count": counts[lv.value]} for lv in reversed(Level)]
    return render(request, "pages/targets/list.html", {
        "filter": filterset, "table": table, "levels": levels,
        "may_create": can_write_everything(request.user),
    })


def provenance_excerpt(record):
    """The source sentence in its document's text, with some text either side, split into
    (before, sentence, after) so the page can highlight it."""
    document = record.source_document
    if document is None:
        return None
    text = document.full_text or ""
    start, end = record.source_start, record.source_end
    if start is None or end is None or end > len(text):
        return {"document": document, "before": "", "sentence": record.source_sentence, "after": ""}
    return {"document": document, "before": ("…" if start > CONTEXT_CHARS else "") + text[max(0, start - CONTEXT_CHARS):start],
            "sentence": text[start:end], "after": text[end:end + CONTEXT_CHARS] + ("…" if end + CONTEXT_CHARS < len(text) else "")}


def _observation_form(request, target, data=None):
    sites = owned(target.sites.all(), request.user) if target.sites.exists() else None
    return ObservationForm(data, sites=sites, initial={"observed_on": timezone.localdate()})


@login_required
@require_http_methods(["GET", "POST"])
def target_detail(request, pk):
    target = scoped(request, Target.objects.select_related("metric", "lead_unit", "lead_leader", "source_document"), pk)
    may_write = can(request.user, WRITE, target) or owned(target.sites.all(), request.user).exists()
    form = _observation_form(request, target, request.POST or None) if may_write else None
    if request.method == "POST":
        if form is None:
            return render(request, "pages/forbidden.html", status=403)
        if form.is_valid():
            try:
                observation, created = record_observation(
                    request.user, target=target, site=form.cleaned_data.get("site"),
                    value=form.cleaned_data["value"], observed_on=form.cleaned_data["observed_on"],
                    note=form.cleaned_data["note"])
            except ServiceError as error:
                service_failed(request, form, error)
            else:
                with transaction.atomic():
                    evaluate_target_now(target, timezone.localdate())
                target.refresh_from_db()
                messages.success(request, (_("已保存 %(day)s 的数据，预警等级已重新测算：%(level)s。") if created else
                                           _("已更正 %(day)s 的数据，预警等级已重新测算：%(level)s。")) % {
                    "day": observation.observed_on.isoformat(),
                    "level": target.get_level_display() if target.level is not None else _("待测算")})
                return redirect("pages:target", pk=target.pk)
    observations = Observation.objects.filter(target=target).select_related("site")
    if target.sites.exists():
        observations = Observation.objects.filter(site__in=target.sites.all(), metric=target.metric).select_related("site")
    obs_table = ObservationTable(observations.filter(observed_on__gte=target.period_start), prefix="obs-")
    RequestConfig(request, paginate={"per_page": 20}).configure(obs_table)
    english = (get_language() or "").startswith("en")
    return render(request, "pages/targets/detail.html", {
        "target": target, "form": form, "obs_table": obs_table,
        "explanation": target.explanation_en if english and target.explanation_en else target.explanation_zh,
        "figures": labelled_figures(target.figures), "chart": target_chart(target, timezone.localdate()),
        "provenance": provenance_excerpt(target), **recent_history(target, "targets"),
        "status_changes": target.status_changes.all()[:20], "co_units": target.co_units.all(),
        "sites": target.sites.all(), "may_edit": can_write_everything(request.user),
        "outlook": projection_with_allowances(target, timezone.localdate()), "english": english,
        "evidence": target.evidence.select_related("uploaded_by"),
        "evidence_form": EvidenceForm() if can(request.user, WRITE, target) else None,
    })


@login_required
@require_POST
def target_evidence(request, pk):
    """佐证材料 upload on a target, for those who may write the target (its lead unit's
    staff, supervisors); the file checks and the write rule are the service's."""
    target = scoped(request, Target.objects.all(), pk)  # 404 outside the read scope, before the form is judged
    if not can(request.user, WRITE, target):
        return render(request, "pages/forbidden.html", status=403)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        try:
            add_target_evidence(target, request.user, form.cleaned_data["evidence"],
                                description=form.cleaned_data["description"])
        except ServiceError as error:
            service_failed(request, None, error)
        else:
            messages.success(request, _("佐证材料已上传。"))
    return redirect(reverse("pages:target", args=[target.pk]) + "#evidence")


@login_required
@require_POST
def target_what_if(request, pk):
    """推演: the answer to "what if the rest of the period went like this?" as a fragment of
    the target page (htmx swaps it in); nothing is saved."""
    target = scoped(request, Target.objects.all(), pk)
    english = (get_language() or "").startswith("en")
    try:
        answer, error = what_if(target, timezone.localdate(), request.POST.get("assumed", "")), None
    except ServiceError as exc:
        answer, error = None, exc.message(get_language())
    return render(request, "pages/targets/_what_if.html", {"answer": answer, "error": error, "english": english},
                  status=200 if answer else 400)


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, pk=None):
    require_supervisor(request)
    target = scoped(request, Target.objects.all(), pk, WRITE) if pk else None
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            evaluate_target_now(saved, timezone.localdate())
        messages.success(request, _("目标已保存。"))
        return redirect("pages:target", pk=saved.pk)
    return render(request, "pages/form.html", {
        "form": form, "title": _("修改目标") if target else _("新建目标"),
        "back": reverse("pages:target", args=[target.pk]) if target else reverse("pages:targets"),
    })


@login_required
@require_POST
def target_reevaluate(request, pk):
    target = scoped(request, Target.objects.all(), pk)
    with transaction.atomic():
        evaluate_target_now(target, timezone.localdate())
    messages.success(request, _("已重新测算。"))
    return redirect("pages:target", pk=target.pk)

