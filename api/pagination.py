"""Paging: ``?limit=`` and ``?offset=`` as the database can take them.

A limit or offset that is not a plain non-negative integer (``?limit=²``, ``?limit=-1``,
``?limit=100000000000000000000``) is a 400 with a bilingual message — never silently
replaced, never passed on to the database."""
import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

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


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Limit 1–1000 (default 100), offset ≥ 0."""

    default_limit = 100
    max_limit = MAX_LIMIT

    def get_limit(self, request):
        return bounded_integer(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request):
        return bounded_integer(request, self.offset_query_param, 0, 0, MAX_OFFSET)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_limit)
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"].update(minimum=0, maximum=MAX_OFFSET)
        return parameters
