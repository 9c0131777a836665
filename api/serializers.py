"""Serializers: input validation and output shape only; rules live in tracker.services.

Every business serializer runs the model's database constraints before saving, so bad
input gets a field-level message in the client's language instead of a database error.
"""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from rest_framework import serializers

from tracker.access import may_write

from tracker.models import (
    LEVEL_COLOURS, Comparator, Disbursement, Flag, FundAllocation, InspectionRound, Metric, MetricKind, Notice,
    Observation, OrgUnit, Project, RectificationItem, Site, SourceDocument, Target, User, WebhookSubscription,
)
from tracker.services import plausibility
from tracker.services.errors import ServiceError
from tracker.services.payments import ensure_payment_fits

from . import webhooks
from .exceptions import forbidden_to_write
from .fields import (
    SaneDateField, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField, StrictDecimalField, acting_user, listed_rows,
)
from .messages import pick
from .representation import field_by_field, instance_plan, show_instance

# Constraint name → (field, Chinese, English). Unknown constraints get a generic message.
CONSTRAINT_MESSAGES = {
    "observation_site_xor_target": (None, "须且只能填写站点或目标之一。", "Give exactly one of site or target."),
    "observation_one_per_site_metric_day": (
        "observed_on", "该站点该指标当日已有数据。", "This site already has a value of this metric on this day."),
    "observation_one_per_target_day": ("observed_on", "该目标当日已有数据。", "This target already has a value on this day."),
    "target_period_ordered": ("period_end", "考核期止不能早于考核期起。", "period_end must not be before period_start."),
    "target_masked_value_is_unknown": (
        "target_value", "目标值待确认时不能填写目标值。", "A masked target has no target value."),
    "target_percentage_in_range": ("target_value", "百分比须在 0–100 之间。", "A percentage must be within 0–100."),
    "item_number_unique_in_round": ("number", "该轮次已有此清单编号。", "This round already has an item with this number."),
    "project_dates_ordered": ("planned_end", "计划完工不能早于开工日期。", "planned_end must not be before starts_on."),
    "allocation_deadline_after_allocation": (
        "execution_deadline", "执行期限不能早于下达日期。", "execution_deadline must not be before allocated_on."),
    "allocation_year_plausible": ("year", "年度须在 2000–2100 之间。", "year must be within 2000–2100."),
    "allocation_amount_non_negative": ("amount", "金额不能为负。", "amount must not be negative."),
    "disbursement_amount_non_negative": ("amount", "金额不能为负。", "amount must not be negative."),
    "round_year_plausible": ("year", "年度须在 2000–2100 之间。", "year must be within 2000–2100."),
    "site_standard_class_in_range": ("standard_class", "水质类别须在 1–6 之间。", "standard_class must be within 1–6."),
}


def constraint_errors(instance):
    """Run every model constraint on ``instance``; {field: [message]} for those violated."""
    errors = {}
    model = type(instance)
    for constraint in model._meta.constraints:
        try:
            constraint.validate(model, instance)
        except DjangoValidationError:
            field, zh, en = CONSTRAINT_MESSAGES.get(
                constraint.name,
                ("non_field_errors", f"数据不符合规则“{constraint.name}”。", f"Violates rule {constraint.name}."),
            )
            errors.setdefault(field or "non_field_errors", []).append(pick(zh, en))
    return errors


def service_error_detail(error):
    message = pick(error.zh, error.en)
    return {error.field: [message]} if error.field else {"non_field_errors": [message]}


# Codes as the ledger writes them: letters, digits, '-', '_' and '.' ("FOREST-COVER-33.5").
CODE_PATTERN = r"^[A-Za-z0-9._-]+$"


class CodeField(serializers.CharField):
    """A record's code (编码/编号); stricter than free text, looser than a slug."""

    def __init__(self, allow_unicode=False, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(RegexValidator(CODE_PATTERN, message=pick(
            "编码只能包含字母、数字、“-”、“_”和“.”。", "A code may only hold letters, digits, '-', '_' and '.'.")))


class LedgerSerializer(serializers.ModelSerializer):
    """Base of every writable resource. In this order, before anything is saved:

    1. each related field accepts only records the acting user may read (scoped
       querysets, see api/fields.py) — a sibling's id reads exactly like a missing one;
    2. the record as it would stand must lie in the user's write scope (403), decided
       before any check that reads what it points at (payments, duplicates …);
    3. plausibility (tracker.services.plausibility) and the model's constraints give
       field-level messages in the client's language.

    After saving, the view checks the write scope once more on the stored row."""

    serializer_related_field = ScopedPrimaryKeyRelatedField
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: StrictDecimalField,
        models.DateField: SaneDateField,
        models.SlugField: CodeField,
    }

    @field_by_field
    def to_representation(self, instance):
        """As DRF shows it, with plain columns read straight off the instance
        (api.representation.show_instance): DRF's per-field lookups were most of a list
        page's time. Anything but a model instance (validated data) takes DRF's path."""
        if not isinstance(instance, self.Meta.model):
            return super().to_representation(instance)
        plan = self.__dict__.get("_instance_plan")
        if plan is None:
            plan = self._instance_plan = instance_plan(self)
        return show_instance(plan, instance)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        candidate = self.candidate(attrs)
        user = acting_user(self)
        if user is not None and not may_write(user, candidate):
            raise forbidden_to_write()
        try:
            self.check_plausible(candidate, attrs)
        except ServiceError as error:
            raise serializers.ValidationError(service_error_detail(error))
        errors = constraint_errors(candidate)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def candidate(self, attrs):
        """The record as it would be saved: the current row (if any) with ``attrs`` applied."""
        model = self.Meta.model
        if self.instance is not None:
            candidate = model(**{f.attname: getattr(self.instance, f.attname) for f in model._meta.concrete_fields})
            candidate._state.adding, candidate._state.db = False, self.instance._state.db
        else:
            candidate = model()
        for name, value in attrs.items():
            field = model._meta.get_field(name)
            if not field.many_to_many:
                setattr(candidate, name, value)
        return candidate

    def check_plausible(self, candidate, attrs):
        """Raise ServiceError for values that cannot be true (see tracker.services.plausibility)."""


LEDGER_READ_ONLY = ["id", "created_at", "updated_at"]


class OrgUnitSerializer(LedgerSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "short_name", "kind", "parent", "path", "sort_order",
                  "has_daily_report_duty", "created_at", "updated_at"]
        read_only_fields = LEDGER_READ_ONLY + ["path"]


class MeSerializer(serializers.ModelSerializer):
    units = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    token = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "title", "role", "units", "token"]
        read_only_fields = fields

    def get_token(self, user) -> dict | None:
        token = getattr(self.context.get("request"), "auth", None)
        if token is None or not hasattr(token, "read_only"):
            return None
        return {"name": token.name, "read_only": token.read_only, "unit": token.unit_id}


class SourceDocumentSerializer(LedgerSerializer):
    class Meta:
        model = SourceDocument
        fields = ["id", "title", "kind", "speaker", "issued_on", "full_text", "created_by", "created_at", "updated_at"]
        read_only_fields = LEDGER_READ_ONLY + ["created_by"]


class MetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = Metric
        fields = ["id", "code", "name", "name_en", "kind", "unit", "comparator", "percentile", "is_site_metric"]


EVALUATION_FIELDS = ["level", "colour", "reason", "explanation_zh", "explanation_en", "figures", "evaluated_at"]


class TargetSerializer(LedgerSerializer):
    colour = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id", "code", "title", "metric", "kind", "comparator", "target_value", "value_masked", "unit",
            "period_start", "period_end", "deadline", "deadline_text", "baseline_value", "baseline_period_start",
            "baseline_period_end", "rank_total", "lead_unit", "co_units", "lead_leader", "sites", "points_at_risk",
            "is_active", "source_document", "source_sentence", "source_start", "source_end",
            *EVALUATION_FIELDS, "created_at", "updated_at",
        ]
        read_only_fields = LEDGER_READ_ONLY + EVALUATION_FIELDS

    def get_colour(self, target) -> str | None:
        return LEVEL_COLOURS.get(target.level)

    def check_plausible(self, target, attrs):
        metric = target.metric if target.metric_id else None
        plausibility.check_target(metric, kind=target.kind, comparator=target.comparator,
                                  target_value=target.target_value, period_start=target.period_start,
                                  period_end=target.period_end, deadline=target.deadline)


class SiteSerializer(LedgerSerializer):
    class Meta:
        model = Site
        fields = ["id", "code", "name", "kind", "tier", "unit", "standard_class", "created_at", "updated_at"]
        read_only_fields = LEDGER_READ_ONLY


class ObservationSerializer(LedgerSerializer):
    class Meta:
        model = Observation
        fields = ["id", "metric", "site", "target", "observed_on", "value", "source", "reported_by", "note",
                  "created_at", "updated_at"]
        read_only_fields = LEDGER_READ_ONLY + ["source", "reported_by"]

    def check_plausible(self, observation, attrs):
        if observation.metric_id:
            plausibility.check_value(observation.metric, observation.value)
        if observation.observed_on:
            plausibility.check_observation_date(observation.observed_on, timezone.localdate(),
                                                target=observation.target if observation.target_id else None)


class InspectionRoundSerializer(LedgerSerializer):
    class Meta:
        model = InspectionRound
        fields = ["id", "code", "name", "kind", "year", "feedback_on", "source_document", "lookback_after_days",
                  "created_at", "updated_at"]
        read_only_fields = LEDGER_READ_ONLY


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    file = serializers.FileField(read_only=True)
    description = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


LIFE_CYCLE_FIELDS = ["state", "completion_reported_at", "completion_note", "signed_off_by", "signed_off_at",
                     "lookback_due", "lookback_done_at", "rebound_count"]


class RectificationItemSerializer(LedgerSerializer):
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = RectificationItem
        fields = [
            "id", "round", "number", "problem", "measures", "lead_unit", "co_units", "lead_leader", "deadline",
            "is_long_term", *LIFE_CYCLE_FIELDS, "evidence", "source_document", "source_sentence", "source_start",
            "source_end", "created_at", "updated_at",
        ]
        read_only_fields = LEDGER_READ_ONLY + LIFE_CYCLE_FIELDS
        listed_relations = ["evidence"]

    def get_evidence(self, item) -> list[dict]:
        # Uses the prefetched live evidence (see the view's queryset); never one query per row.
        # One evidence serializer for every row of a page (building one costs more than using it).
        if "_evidence_serializer" not in self.__dict__:
            self._evidence_serializer = EvidenceSerializer(context=self.context)
        show = self._evidence_serializer.to_representation
        return [show(e) for e in listed_rows(item, "evidence") if e.deleted_at is None]


class ReportCompletionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    evidence_description = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class LookbackSerializer(serializers.Serializer):
    rebounded = serializers.BooleanField()
    new_deadline = SaneDateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AcknowledgeSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=4000)


class CandidateSerializer(serializers.Serializer):
    """A candidate target found in a document's text (see docs/extraction.md)."""

    index = serializers.IntegerField(help_text="Position in the extraction result.")
    kind = serializers.ChoiceField(choices=["target", "achievement", "milestone"],
                                   help_text="target (forward-looking), achievement (past figure) or milestone.")
    metric = serializers.CharField(help_text="Normalised metric code (metric catalogue).")
    metric_text = serializers.CharField(help_text="The metric as written.")
    value = serializers.FloatField(allow_null=True, help_text="The number; null when masked or a milestone.")
    unit = serializers.CharField(allow_null=True, help_text="Normalised unit (μg/m³, %, 个百分点, 天 …).")
    comparator = serializers.CharField(help_text="<=, >=, =, decrease_by, increase_by or exit_bottom.")
    period_or_deadline = serializers.CharField(allow_null=True, help_text="The period or deadline as written.")
    deadline = serializers.DateField(allow_null=True, help_text="The deadline resolved to a date, if it can be.")
    responsible = serializers.CharField(allow_null=True, help_text="Units the text names as responsible.")
    sentence = serializers.CharField(help_text="The clause, exactly as in the document's text.")
    start = serializers.IntegerField(help_text="Offset of the clause's first character in full_text.")
    end = serializers.IntegerField(help_text="Offset just after the clause's last character.")
    confidence = serializers.FloatField(help_text="0–1.")
    accepted_target_id = serializers.IntegerField(allow_null=True,
                                                  help_text="The target already created from this candidate, if any.")


class ExtractionSerializer(serializers.Serializer):
    candidates = CandidateSerializer(many=True)


class AcceptanceSerializer(serializers.Serializer):
    """One confirmed (and possibly corrected) candidate to create as a target."""

    start = serializers.IntegerField(min_value=0, help_text="Offset of the sentence in the document's full_text.")
    end = serializers.IntegerField(min_value=1, help_text="Offset just after the sentence.")
    title = serializers.CharField(max_length=300, help_text="The target's name.")
    metric = ScopedSlugRelatedField(slug_field="code", queryset=Metric.objects.all(),
                                    help_text="Metric catalogue code (e.g. pm25).")
    kind = serializers.ChoiceField(choices=MetricKind.choices, required=False, allow_blank=True,
                                   help_text="Rule kind; defaults to the metric's.")
    comparator = serializers.ChoiceField(choices=Comparator.choices, help_text="Comparator.")
    value = StrictDecimalField(max_digits=14, decimal_places=4, allow_null=True,
                               help_text="Target value; null when unknown (masked) or a milestone.")
    unit = serializers.CharField(max_length=20, allow_blank=True, default="", help_text="Unit.")
    deadline = SaneDateField(help_text="Deadline (the period ends here).")
    lead_unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), help_text="Lead unit id.")
    lead_leader = ScopedPrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True,
                                               help_text="Lead leader id (a leader).")


class AcceptRequestSerializer(serializers.Serializer):
    candidates = AcceptanceSerializer(many=True, allow_empty=False)


class AcceptResultSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the targets created.")
    skipped = serializers.ListField(child=serializers.IntegerField(),
                                    help_text="Ids of targets that already existed for these candidates.")


class ProjectSerializer(LedgerSerializer):
    class Meta:
        model = Project
        fields = ["id", "code", "name", "lead_unit", "lead_leader", "starts_on", "planned_end", "description",
                  "created_at", "updated_at"]
        read_only_fields = LEDGER_READ_ONLY


class FundAllocationSerializer(LedgerSerializer):
    paid = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    execution_rate = serializers.SerializerMethodField(help_text="paid ÷ amount × 100 (%)")

    class Meta:
        model = FundAllocation
        fields = ["id", "code", "unit", "project", "source", "year", "amount", "purpose", "allocated_on",
                  "execution_deadline", "target_rate", "paid", "execution_rate", "created_at", "updated_at"]
        read_only_fields = LEDGER_READ_ONLY

    def get_execution_rate(self, allocation) -> float | None:
        paid = getattr(allocation, "paid", None)
        if paid is None or not allocation.amount:
            return None
        return round(float(paid / allocation.amount * 100), 2)


class DisbursementSerializer(LedgerSerializer):
    class Meta:
        model = Disbursement
        fields = ["id", "allocation", "paid_on", "amount", "note", "created_at", "updated_at"]
        read_only_fields = LEDGER_READ_ONLY

    def check_plausible(self, payment, attrs):
        plausibility.check_payment_date(payment.allocation, payment.paid_on, timezone.localdate())
        ensure_payment_fits(payment.allocation, payment.amount, replacing=self.instance)


class FlagSerializer(serializers.ModelSerializer):
    subject_type = serializers.SerializerMethodField()
    colour = serializers.SerializerMethodField()

    class Meta:
        model = Flag
        fields = ["id", "subject_type", "subject_id", "cause", "unit", "level", "colour", "reason", "figures",
                  "raised_at", "escalated_at", "cleared_at", "acknowledged_at", "acknowledged_by", "response",
                  "updated_at"]
        read_only_fields = fields

    def get_subject_type(self, flag) -> str:
        return f"{flag.subject_type.app_label}.{flag.subject_type.model}"

    def get_colour(self, flag) -> str:
        return LEVEL_COLOURS[flag.level]


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["id", "number", "kind", "flag", "unit", "issued_at", "response_due", "title", "body",
                  "responded_at", "response", "updated_at"]
        read_only_fields = fields


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    read_only = serializers.BooleanField(required=False, default=False)
    unit = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=2**63 - 1,
                                    help_text="limit the token to this unit's subtree (a unit you can see)")


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    name = serializers.CharField()
    read_only = serializers.BooleanField()
    unit = serializers.IntegerField(allow_null=True)



class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    resource = serializers.CharField()
    object_id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["created", "updated", "deleted"])
    changed_at = serializers.DateTimeField()
    data = serializers.JSONField(allow_null=True, help_text="current state; null for a deletion (tombstone)")


class ChangeFeedSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next_cursor = serializers.CharField()
    has_more = serializers.BooleanField()


class BulkObservationRowSerializer(serializers.Serializer):
    """One row of /observations/bulk/ (documentation only; the service validates)."""

    site = serializers.CharField(required=False, help_text="site code (with metric), or")
    metric = serializers.CharField(required=False, help_text="metric code (with site)")
    target = serializers.CharField(required=False, help_text="target code")
    observed_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=4)
    note = serializers.CharField(required=False, allow_blank=True)


class BulkItemRowSerializer(serializers.Serializer):
    """One row of /rectification-items/bulk/ (documentation only; the service validates)."""

    round = serializers.CharField(help_text="inspection round code")
    number = serializers.CharField()
    problem = serializers.CharField()
    measures = serializers.CharField(required=False, allow_blank=True)
    lead_unit = serializers.CharField(help_text="unit code")
    co_units = serializers.ListField(child=serializers.CharField(), required=False)
    deadline = serializers.DateField()
    is_long_term = serializers.BooleanField(required=False)


class BulkErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class BulkSummarySerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = BulkErrorSerializer(many=True)
    committed = serializers.BooleanField()
    dry_run = serializers.BooleanField()


class WebhookSubscriptionSerializer(LedgerSerializer):
    secret = serializers.CharField(write_only=True, max_length=200, style={"input_type": "password"})
    event_types = serializers.ListField(child=serializers.CharField(max_length=40), allow_empty=False)

    class Meta:
        model = WebhookSubscription
        fields = ["id", "name", "url", "secret", "event_types", "is_active", "owner", "created_at"]
        read_only_fields = ["id", "owner", "created_at"]

    def check_plausible(self, subscription, attrs):
        if "url" in attrs:
            webhooks.check_webhook_url(attrs["url"])
        if "event_types" in attrs:
            webhooks.check_event_types(attrs["event_types"])


class WhatIfRequestSerializer(serializers.Serializer):
    """推演: the assumed value for the rest of the period, in the rule's terms (see docs/status-rules.md)."""

    assumed = serializers.FloatField(help_text=(
        "the remaining days' mean (period mean); remaining days above the limit (percentile); heavy days to "
        "come (day budget); the remaining good-day share in % (day ratio); progress per 30 days (progress)"))
