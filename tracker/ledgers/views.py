"""Ledger pages: upload → (mapping) → preview of every row → confirm; exports of the
lists and empty templates. Views validate and call ``importer``/``export``; the upload
waits between steps in the file storage under a random token kept in the session."""
import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tracker.models import User
from tracker.services.errors import ServiceError

from .columns import KIND_LABELS
from .export import EXPORTS, export_list, template
from .files import check_size
from .forms import MappingForm, UploadForm
from .importer import MappingNeeded, can_import, import_ledger, remember_mapping
from .kinds import Options

SESSION_KEY = "ledger_uploads"
OUTCOME_LABELS = {"created": gettext_lazy("新增"), "updated": gettext_lazy("更新"), "unchanged": gettext_lazy("无变化"),
                  "error": gettext_lazy("错误")}
EXPORT_LABELS = {"targets": gettext_lazy("目标指标（含测算结果）"), "items": gettext_lazy("整改任务"),
                 "flags": gettext_lazy("预警"), "funds": gettext_lazy("专项资金执行"),
                 "observations": gettext_lazy("监测数据"), "disbursements": gettext_lazy("资金支付")}


def _may_export(user):
    return user.is_active and (user.is_superuser or user.role in (
        User.Role.STAFF, User.Role.SUPERVISOR, User.Role.LEADER, User.Role.ADMIN))


def _require(allowed):
    if not allowed:
        raise PermissionDenied(_("您的角色不能使用台账导入导出。 / Your role may not use ledger import and export."))


def _file_response(name, content_type, content):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def ledger_home(request):
    """The upload form (staff and supervisors), export and template links (leaders too)."""
    _require(_may_export(request.user))
    importing = can_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user) if importing else None
    if request.method == "POST":
        _require(importing)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                check_size(upload.size)  # before storing it
            except ServiceError as refused:
                form.add_error("file", refused.message(request.LANGUAGE_CODE))
        if form.is_valid():
            token = uuid.uuid4().hex
            path = default_storage.save(f"ledger-uploads/{token}.bin", ContentFile(upload.read()))
            uploads = request.session.get(SESSION_KEY, {})
            uploads[token] = {
                "name": upload.name, "path": path, "kind": form.cleaned_data["kind"], "overrides": {},
                "round": form.cleaned_data["round"].code if form.cleaned_data["round"] else "",
                "year": form.cleaned_data["year"],
                "metric": form.cleaned_data["metric"].code if form.cleaned_data["metric"] else "",
            }
            request.session[SESSION_KEY] = uploads
            return redirect("ledgers:preview", token=token)
    return render(request, "tracker/ledgers/home.html", {
        "form": form, "exports": EXPORT_LABELS.items(), "kinds": KIND_LABELS.items(),
    })


def _pending_upload(request, token):
    upload = request.session.get(SESSION_KEY, {}).get(token)
    if upload is None or not default_storage.exists(upload["path"]):
        raise Http404(_("上传已过期，请重新上传。"))
    return upload


def _forget(request, token, upload):
    default_storage.delete(upload["path"])
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, token):
    """GET: the dry run's preview (or the mapping step). POST ``map``: apply the mapping;
    POST ``commit``: import for real, all or nothing, and show the outcome."""
    _require(can_import(request.user))
    upload = _pending_upload(request, token)
    action = request.POST.get("action") if request.method == "POST" else None
    mapping_form, error, result = None, None, None
    with default_storage.open(upload["path"], "rb") as stored:
        data = stored.read()
    options = Options(round=upload["round"], year=upload["year"], metric=upload["metric"])
    if action == "map":
        headings = request.POST.getlist("headings")
        mapping_form = MappingForm(request.POST, kind=upload["kind"], headings=headings)
        if mapping_form.is_valid():
            choices = mapping_form.choices()
            if mapping_form.cleaned_data["remember"]:
                remember_mapping(request.user, upload["kind"], choices)
            upload["overrides"] = {**upload["overrides"], **choices}
            uploads = request.session[SESSION_KEY]
            uploads[token] = upload
            request.session[SESSION_KEY] = uploads
            return redirect("ledgers:preview", token=token)
    try:
        result = import_ledger(upload["name"], data, upload["kind"], request.user, dry_run=action != "commit",
                               options=options, overrides=upload["overrides"])
    except MappingNeeded as needed:
        error = needed.message(request.LANGUAGE_CODE)
        mapping_form = MappingForm(kind=upload["kind"], headings=needed.headings)
    except ServiceError as refused:
        error = refused.message(request.LANGUAGE_CODE)
    if result is not None and result.ignored and mapping_form is None:
        mapping_form = MappingForm(kind=upload["kind"], headings=result.ignored)
    if result is not None and result.committed:
        _forget(request, token, upload)
        mapping_form = None
    return render(request, "tracker/ledgers/preview.html", {
        "upload": upload, "token": token, "kind_label": KIND_LABELS.get(upload["kind"]), "result": result,
        "error": error, "mapping_form": mapping_form,
        "rows": [(row, OUTCOME_LABELS[row.outcome]) for row in result.results] if result else [],
    })


@login_required
@require_GET
def export_download(request, kind):
    """The list ``kind`` as the user sees it, with the list's filters from the query."""
    _require(_may_export(request.user))
    if kind not in EXPORTS:
        raise Http404(kind)
    params = request.GET.copy()
    file_format = params.pop("format", ["xlsx"])[-1]
    try:
        return _file_response(*export_list(kind, request.user, params, "csv" if file_format == "csv" else "xlsx"))
    except ServiceError as refused:
        return HttpResponse(refused.message(request.LANGUAGE_CODE), status=400, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def template_download(request, kind):
    _require(_may_export(request.user))
    if kind not in KIND_LABELS:
        raise Http404(kind)
    return _file_response(*template(kind, "csv" if request.GET.get("format") == "csv" else "xlsx"))
