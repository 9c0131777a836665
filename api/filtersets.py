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

from django.utils import timezone

from tracker.dashboard import selections
from tracker.dashboard.categories import CATEGORIES, target_category_q
from tracker.models import (
    DailyReport, Disbursement, Flag, FundAllocation, InspectionRound, Level, Notice, Observation, OrgGroup, OrgUnit,
    Project, RectificationItem, Site, SourceDocument, Target,
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


def own_unit_filter(lookup):
    """Records of that unit itself, not of the units under it (a dashboard row's 本级)."""
    return UnitFilter(queryset=OrgUnit.objects.all(), field_name=lookup,
                      label="unit id: that unit's own records, not its subtree's (本级)")


@extend_schema_field(OpenApiTypes.INT)
class GroupFilter(filters.ModelChoiceFilter):
    """An org-group id (单位分组, e.g. a war zone 战区); matches records of its member units'
    subtrees."""


def group_filter(lookup):
    def method(queryset, name, value):
        return queryset.filter(selections.under_paths(lookup, selections.group_paths(value)))
    return GroupFilter(queryset=OrgGroup.objects.all(), method=method,
                       label="group id (war zone 战区): its member units' subtrees")


YEAR_MESSAGE = lazy_pick("年度须为 2000 至 2100 之间的整数。", "year must be a whole number between 2000 and 2100.")


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(filters.NumberFilter):
    """A calendar year (2000–2100) selecting records by one of the dashboard's rules."""


def year_filter(select, label):
    def method(queryset, name, value):
        return select(queryset, int(value))
    return YearFilter(method=method, label=label, min_value=2000, max_value=2100, decimal_places=0,
                      error_messages=dict.fromkeys(("invalid", "min_value", "max_value", "max_decimal_places",
                                                    "max_digits", "max_whole_digits"), YEAR_MESSAGE))


BOOLEAN_CHOICES = [("true", "true"), ("false", "false"), ("1", "1"), ("0", "0")]


class AsOfFilterSetMixin(filters.FilterSet):
    """``as_of``: the day overdue and the level are judged for (default today), as the
    dashboard's links pass it for a past year."""

    as_of = filters.DateFilter(method="keep_all", label="as_of (YYYY-MM-DD): the day overdue and level are judged for")

    def keep_all(self, queryset, name, value):
        return queryset

    def judged_on(self):
        return self.form.cleaned_data.get("as_of") or timezone.localdate()


class TargetLevelFilter(filters.MultipleChoiceFilter):
    """四色预警 level 0–3, or ``none``: not evaluated yet (未测算)."""

    def filter(self, qs, value):
        if not value:
            return qs
        levels = [int(v) for v in value if v != "none"]
        q = Q(level__in=levels)
        if "none" in value:
            q |= Q(level__isnull=True)
        return qs.filter(q)


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
    own_unit = own_unit_filter("lead_unit")
    group = group_filter("lead_unit")
    level = TargetLevelFilter(choices=[*Level.choices, ("none", "未测算 not evaluated")],
                              label="level (0–3, or none: not evaluated yet)")
    year = year_filter(selections.targets_of_year, "year: targets whose period (考核期) overlaps it")
    category = filters.ChoiceFilter(choices=list(CATEGORIES.items()), method="filter_category",
                                    label="dashboard category (air, water, soil, funds, rectification, projects, "
                                          "milestones)")
    metric = filters.CharFilter(field_name="metric__code", label="metric code")
    deadline_after = filters.DateFilter(field_name="deadline", lookup_expr="gte")
    deadline_before = filters.DateFilter(field_name="deadline", lookup_expr="lte")

    class Meta:
        model = Target
        fields = ["kind", "is_active", "lead_leader", "value_masked"]

    def filter_category(self, queryset, name, value):
        return queryset.filter(target_category_q(value))


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


class RectificationItemFilterSet(AsOfFilterSetMixin, LedgerFilterSet):
    unit = unit_filter("lead_unit")
    own_unit = own_unit_filter("lead_unit")
    group = group_filter("lead_unit")
    year = year_filter(selections.items_of_year,
                       "year: items of the rounds from that year or before still open during it")
    overdue = filters.ChoiceFilter(choices=BOOLEAN_CHOICES, method="filter_overdue",
                                   label="overdue on as_of (true/false): past the deadline, not signed off")
    level = filters.MultipleChoiceFilter(choices=Level.choices, method="filter_level",
                                         label="level on as_of: red when overdue, else the worst open warning")
    state = filters.MultipleChoiceFilter(choices=RectificationItem.State.choices)
    deadline_after = filters.DateFilter(field_name="deadline", lookup_expr="gte")
    deadline_before = filters.DateFilter(field_name="deadline", lookup_expr="lte")
    lookback_due_before = filters.DateFilter(field_name="lookback_due", lookup_expr="lte")

    class Meta:
        model = RectificationItem
        fields = ["round", "is_long_term", "number"]

    def filter_overdue(self, queryset, name, value):
        overdue = selections.item_overdue(self.judged_on())
        return queryset.filter(overdue) if value in ("true", "1") else queryset.exclude(overdue)

    def filter_level(self, queryset, name, value):
        return selections.items_at_levels(queryset, self.judged_on(), value) if value else queryset


class ProjectFilterSet(LedgerFilterSet):
    unit = unit_filter("lead_unit")
    planned_end_after = filters.DateFilter(field_name="planned_end", lookup_expr="gte")
    planned_end_before = filters.DateFilter(field_name="planned_end", lookup_expr="lte")

    class Meta:
        model = Project
        fields = []


class FundAllocationFilterSet(AsOfFilterSetMixin, LedgerFilterSet):
    unit = unit_filter("unit")
    own_unit = own_unit_filter("unit")
    group = group_filter("unit")
    level = filters.MultipleChoiceFilter(choices=Level.choices, method="filter_level",
                                         label="level on as_of: red when past the execution deadline below the "
                                               "target rate, else the worst open warning")
    deadline_after = filters.DateFilter(field_name="execution_deadline", lookup_expr="gte")
    deadline_before = filters.DateFilter(field_name="execution_deadline", lookup_expr="lte")

    class Meta:
        model = FundAllocation
        fields = ["year", "source", "project"]

    def filter_level(self, queryset, name, value):
        return selections.funds_at_levels(queryset, self.judged_on(), value) if value else queryset


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
