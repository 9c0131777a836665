"""What every page view shares: the object a user may act on (404 outside the read scope,
exactly like a missing id), lists filtered by the API's FilterSets, and services' errors
shown on the form."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
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


def filtered_table(request, queryset, filterset_class, table_class, *, prefix=None, **table_kwargs):
    """A FilterSet (the API's) over the user's scope and a paginated, sortable table of it."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
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
