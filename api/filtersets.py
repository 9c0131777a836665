"""FilterSets: one per resource, usable by pages and the API alike.

``unit`` always means "this unit and everything under it" (the subtree), matched on the
record's lead/owning unit; ``updated_since`` lets a client re-read only what changed.

Every filter that names a record (``?unit=``, ``?site=``, ``?target=``, ``?project=``,
``?allocation=``, ``?parent=``, ``?within=``, ``?round=``, ``?lead_leader=`` …) chooses among
the records the acting user may name (api.fields.referable, through tracker.access): a
sibling county's id and an id that does not exist both answer 400 with the same message,
so a filter cannot be used to learn what exists elsewhere. ``LedgerFilterSet`` does this
for every such filter, declared or generated from ``Meta.fields``.
"""
import datetime as dt

import django_filters as filters
from django import forms
from django.db.models import Q
from django_filters.fields import IsoDateTimeField, ModelChoiceField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from tracker.models import (
    DailyReport, Disbursement, Flag, FundAllocation, InspectionRound, Level, Notice, Observation, OrgUnit, Project,
    RectificationItem, Site, SourceDocument, Target,
)

from .fields import referable
from .messages import lazy_pick

# PostgreSQL keeps offsets within ±15:59; integer columns within 64 bits.
LARGEST_OFFSET = dt.timedelta(hours=15, minutes=59)
LARGEST_ID = 2**63 - 1


def _subtree(lookup):
    field = f"{lookup}__path__startswith" if lookup else "path__startswith"

    def method(queryset, name, value):
        return queryset.filter(**{field: value.path})
    return method


class ScopedModelChoiceField(ModelChoiceField):
    """A record id for a filter: anything that is not a plausible id is simply not a choice."""

    def to_python(self, value):
        if value not in self.empty_values and (not str(value).isascii() or not str(value).isdigit()
                                               or int(value) > LARGEST_ID):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SaneIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment the database can compare: offset within ±15:59, years 1900–2200."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        offset = moment.utcoffset()
        if (offset is not None and abs(offset) > LARGEST_OFFSET) or not 1900 <= moment.year <= 2200:
            raise forms.ValidationError(lazy_pick(
                "须为 ISO 8601 时间（1900–2200 年，时区偏移不超过 ±15:59）。",
                "Must be an ISO 8601 date-time (years 1900–2200, offset within ±15:59)."), code="invalid")
        return moment


class SaneIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = SaneIsoDateTimeField


class ScopedFilterSet(filters.FilterSet):
    """A FilterSet whose record filters choose among what the acting user may name."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for filter_ in self.filters.values():
            if isinstance(filter_, filters.ModelChoiceFilter):
                filter_.queryset = referable(filter_.queryset.all(), user)
                filter_.field_class = ScopedModelChoiceField
            elif isinstance(filter_, filters.NumberFilter):
                filter_.extra.setdefault("min_value", -LARGEST_ID)
                filter_.extra.setdefault("max_value", LARGEST_ID)


class LedgerFilterSet(ScopedFilterSet):
    updated_since = SaneIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte",
                                          label="updated_at ≥ (ISO 8601)")


@extend_schema_field(OpenApiTypes.INT)
class UnitFilter(filters.ModelChoiceFilter):
    """An org-unit id; matches records of that unit and every unit under it."""


def unit_filter(lookup, label="unit id (including its subtree)"):
    return UnitFilter(queryset=OrgUnit.objects.all(), method=_subtree(lookup), label=label)


class OrgUnitFilterSet(LedgerFilterSet):
    within = unit_filter("", label="unit id: that unit and its subtree")

    class Meta:
        model = OrgUnit
        fields = ["kind", "parent", "code"]


class SourceDocumentFilterSet(LedgerFilterSet):
    issued_after = filters.DateFilter(field_name="issued_on", lookup_expr="gte")
    issued_before = filters.DateFilter(field_name="issued_on", lookup_expr="lte")

    class Meta:
        model = SourceDocument
        fields = ["kind"]


class TargetFilterSet(LedgerFilterSet):
    unit = unit_filter("lead_unit")
    level = filters.MultipleChoiceFilter(choices=Level.choices)
    metric = filters.CharFilter(field_name="metric__code", label="metric code")
    deadline_after = filters.DateFilter(field_name="deadline", lookup_expr="gte")
    deadline_before = filters.DateFilter(field_name="deadline", lookup_expr="lte")

    class Meta:
        model = Target
        fields = ["kind", "is_active", "lead_leader", "value_masked"]


class SiteFilterSet(LedgerFilterSet):
    unit = unit_filter("unit")

    class Meta:
        model = Site
        fields = ["kind", "tier"]


class ObservationFilterSet(LedgerFilterSet):
    unit = UnitFilter(queryset=OrgUnit.objects.all(), method="filter_unit",
                      label="unit (site's or target's lead unit, including subtree)")
    metric = filters.CharFilter(field_name="metric__code", label="metric code")
    observed_after = filters.DateFilter(field_name="observed_on", lookup_expr="gte")
    observed_before = filters.DateFilter(field_name="observed_on", lookup_expr="lte")

    class Meta:
        model = Observation
        fields = ["site", "target", "source"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(Q(site__unit__path__startswith=value.path)
                               | Q(target__lead_unit__path__startswith=value.path))


class InspectionRoundFilterSet(LedgerFilterSet):
    class Meta:
        model = InspectionRound
        fields = ["kind", "year"]


class RectificationItemFilterSet(LedgerFilterSet):
    unit = unit_filter("lead_unit")
    state = filters.MultipleChoiceFilter(choices=RectificationItem.State.choices)
    deadline_after = filters.DateFilter(field_name="deadline", lookup_expr="gte")
    deadline_before = filters.DateFilter(field_name="deadline", lookup_expr="lte")
    lookback_due_before = filters.DateFilter(field_name="lookback_due", lookup_expr="lte")

    class Meta:
        model = RectificationItem
        fields = ["round", "is_long_term", "number"]


class ProjectFilterSet(LedgerFilterSet):
    unit = unit_filter("lead_unit")
    planned_end_after = filters.DateFilter(field_name="planned_end", lookup_expr="gte")
    planned_end_before = filters.DateFilter(field_name="planned_end", lookup_expr="lte")

    class Meta:
        model = Project
        fields = []


class FundAllocationFilterSet(LedgerFilterSet):
    unit = unit_filter("unit")
    deadline_after = filters.DateFilter(field_name="execution_deadline", lookup_expr="gte")
    deadline_before = filters.DateFilter(field_name="execution_deadline", lookup_expr="lte")

    class Meta:
        model = FundAllocation
        fields = ["year", "source", "project"]


class DisbursementFilterSet(LedgerFilterSet):
    unit = unit_filter("allocation__unit")
    paid_after = filters.DateFilter(field_name="paid_on", lookup_expr="gte")
    paid_before = filters.DateFilter(field_name="paid_on", lookup_expr="lte")

    class Meta:
        model = Disbursement
        fields = ["allocation"]


class FlagFilterSet(LedgerFilterSet):
    unit = unit_filter("unit")
    level = filters.MultipleChoiceFilter(choices=Level.choices)
    is_open = filters.BooleanFilter(field_name="cleared_at", lookup_expr="isnull", label="open (not cleared)")

    class Meta:
        model = Flag
        fields = ["cause"]


class NoticeFilterSet(LedgerFilterSet):
    unit = unit_filter("unit")
    response_due_before = filters.DateFilter(field_name="response_due", lookup_expr="lte")
    response_due_after = filters.DateFilter(field_name="response_due", lookup_expr="gte")

    class Meta:
        model = Notice
        fields = ["kind"]


class DailyReportFilterSet(ScopedFilterSet):
    class Meta:
        model = DailyReport
        fields = ["unit", "report_date", "is_zero"]
