"""What every page view shares: the object a user may act on (404 outside the read scope,
exactly like a missing id), lists filtered by the API's FilterSets, and services' errors
shown on the form."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from tracker.access import READ, WRITE, can, can_write_everything, restrict


def scoped(request, queryset, pk, action=READ):
    """The row ``pk`` if the user may read it (404 otherwise, never a hint it exists);
    with ``action=WRITE`` also 403 when they may read it but not change it."""
    obj = get_object_or_404(restrict(queryset, request.user, READ), pk=pk)
    if action == WRITE and not can(request.user, WRITE, obj):
        raise PermissionDenied("无权修改。 / You may not change this.")
    return obj


def require_supervisor(request):
    if not can_write_everything(request.user):
        raise Http404  # a page staff and leaders have no link to


# The API's FilterSets describe their filters for REST clients (in English, with the
# query syntax); a page shows the same filters under the page's own words, and leaves
# out the ones only a client needs (a sync cursor; the judgement day the dashboard's
# links pass along, which still works in the URL).
PAGE_FILTER_LABELS = {
    "unit": _("单位（含下级）"), "own_unit": _("单位（仅本级）"), "group": _("战区"), "year": _("年度"),
    "category": _("类别"), "metric": _("指标编码"), "level": _("预警等级"), "overdue": _("逾期"),
    "is_open": _("未解除"),
}
API_ONLY_FILTERS = ("updated_since", "as_of")


def page_filter_form(filterset):
    """The FilterSet's form with the page's labels (and choice names), the API-only
    fields hidden; the filtering itself is untouched."""
    form = filterset.form
    for name in API_ONLY_FILTERS:
        if name in form.fields:  # still applied when in the URL, carried on as a hidden input
            form.fields[name].widget = forms.HiddenInput()
    for name, label in PAGE_FILTER_LABELS.items():
        if name in form.fields:
            form.fields[name].label = label
    level = form.fields.get("level")
    if level is not None and hasattr(level, "choices"):
        level.choices = [(value, _("未测算") if value == "none" else label) for value, label in level.choices]
    return form


def filtered_table(request, queryset, filterset_class, table_class, *, prefix=None, **table_kwargs):
    """A FilterSet (the API's) over the user's scope and a paginated, sortable table of it."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    page_filter_form(filterset)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    table = table_class(rows, prefix=prefix, **table_kwargs)
    RequestConfig(request, paginate={"per_page": table_class._meta.per_page}).configure(table)
    return filterset, table


def service_failed(request, form, error):
    """Show a ServiceError on ``form`` (or as a message when no form is given)."""
    if form is None:
        messages.error(request, error.message(get_language()))
        return
    from tracker.pages.forms import add_service_error

    add_service_error(form, error)
