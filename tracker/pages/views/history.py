"""修改记录 — one record's whole audit trail as a page: who changed what and when, each
field before → after, newest first, 50 entries a page; and, for supervisors, the restore
button of a soft-deleted record. The same scope and the same trail as
``GET /api/v1/history/<resource>/<id>/`` (``tracker.services.audit``): a record the user
may not read is a 404 whether it exists or not; deleted records stay readable here."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api.history import scoped_record
from tracker.access import WRITE, can_write_everything
from tracker.services import audit
from tracker.services.errors import ServiceError

from .base import service_failed

PER_PAGE = 50

# Where each kind of record has its own page (the others link back to the list only).
RECORD_PAGES = {"targets": "pages:target", "rectification-items": "pages:item", "fund-allocations": "pages:fund",
                "flags": "pages:flag", "notices": "pages:notice"}


def recent_history(record, resource, limit=10):
    """The last changes of ``record`` for its page, and where its whole trail is."""
    return {"history": audit.for_reader(audit.history_of(record)[:limit], get_language()),
            "history_resource": resource, "history_pk": record.pk}


@login_required
@require_http_methods(["GET", "HEAD"])
def record_history(request, resource, pk):
    model, record = scoped_record(resource, pk, request.user)
    page = Paginator(audit.for_reader(audit.history_of(record), get_language()), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "pages/history.html", {
        "record": record, "resource": resource, "model_label": model._meta.verbose_name, "page": page,
        "record_page": RECORD_PAGES.get(resource), "deleted": getattr(record, "deleted_at", None),
        "may_restore": getattr(record, "deleted_at", None) is not None and can_write_everything(request.user),
    })


@login_required
@require_POST
def record_restore(request, resource, pk):
    model, record = scoped_record(resource, pk, request.user, WRITE)
    if not can_write_everything(request.user):
        raise PermissionDenied("只有督查室可以恢复已删除的记录。 / Only supervisors can restore a deleted record.")
    try:
        audit.restore_record(model, record.pk, request.user)
    except ServiceError as error:
        service_failed(request, None, error)
    else:
        messages.success(request, _("已恢复。"))
    return redirect("pages:record-history", resource=resource, pk=record.pk)
