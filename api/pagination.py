"""Paging: ``?limit=`` and ``?offset=`` as the database can take them.

A limit or offset that is not a plain non-negative integer (``?limit=²``, ``?limit=-1``,
``?limit=100000000000000000000``) is a 400 with a bilingual message — never silently
replaced, never passed on to the database."""
import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.utils.urls import replace_query_param

from .messages import pick

PLAIN_INTEGER = re.compile(r"[0-9]{1,19}")
MAX_LIMIT = 1000
MAX_OFFSET = 2**63 - 1


def bounded_integer(request, name, default, low, high):
    """The integer query parameter ``name`` within [low, high], ``default`` when absent."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not PLAIN_INTEGER.fullmatch(raw) or not low <= int(raw) <= high:
        raise ValidationError({name: [pick(f"{name} 须为 {low}–{high} 的整数。",
                                           f"{name} must be an integer from {low} to {high}.")]})
    return int(raw)


# A list counts its rows up to this many; beyond it ``count`` is null (as GitLab leaves out
# X-Total beyond 10,000 rows) unless the client asks ``?count=exact``. Counting 2 million
# observations costs more than serving the page.
COUNT_CAP = 10_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Limit 1–1000 (default 100), offset ≥ 0.

    ``next`` comes from reading one row more than the page, not from the count; ``count``
    is exact up to ``COUNT_CAP`` rows and null beyond, or always exact with ``?count=exact``.
    """

    default_limit = 100
    max_limit = MAX_LIMIT
    count_query_param = "count"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        exact = self.wants_exact_count(request)
        rows = list(queryset[self.offset:self.offset + self.limit + 1])
        self.has_next = len(rows) > self.limit
        self.count = queryset.count() if exact else self.capped_count(queryset)
        self.display_page_controls = self.count is not None and self.count > self.limit and self.template is not None
        return rows[:self.limit]

    def capped_count(self, queryset):
        """The number of rows when it is at most ``COUNT_CAP``, else None (order does not
        matter to a count, so the database need not sort)."""
        counted = queryset.order_by()[:COUNT_CAP + 1].count()
        return counted if counted <= COUNT_CAP else None

    def wants_exact_count(self, request):
        raw = request.query_params.get(self.count_query_param)
        if raw is None or raw == "":
            return False
        if raw != "exact":
            raise ValidationError({self.count_query_param: [pick(
                "count 只能为 exact（精确计数）。", "count may only be exact (an exact count).")]})
        return True

    def get_next_link(self):
        if not self.has_next:
            return None
        url = replace_query_param(self.request.build_absolute_uri(), self.limit_query_param, self.limit)
        return replace_query_param(url, self.offset_query_param, self.offset + self.limit)

    def get_limit(self, request):
        return bounded_integer(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request):
        return bounded_integer(request, self.offset_query_param, 0, 0, MAX_OFFSET)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"].update(
            nullable=True, description=f"Exact up to {COUNT_CAP:,} rows, null beyond (unless ?count=exact).")
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_limit)
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"].update(minimum=0, maximum=MAX_OFFSET)
        parameters.append({
            "name": self.count_query_param, "required": False, "in": "query",
            "description": f"exact: count every row (by default the count stops at {COUNT_CAP:,}).",
            "schema": {"type": "string", "enum": ["exact"]},
        })
        return parameters
