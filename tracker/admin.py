"""The admin: the administrators' tool (users, units, holidays, letter templates); daily
work happens on the pages. Codes are shown by their Chinese labels, and a save refused by a
database rule says why in a sentence (``tracker.constraints``).

Every business model is registered with its history (simple-history's admin records the
signed-in user as the actor of each change). Deletion is soft: the delete action marks
rows deleted instead of removing them.
"""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import models
from .constraints import ConstraintSentencesForm
from .jobs.subjects import CAUSE_LABELS
from .labels import event_type_label, reason_label

admin.site.site_header = _("生态环境目标任务督办台账")
admin.site.site_title = _("督办台账")
admin.site.index_title = _("台账管理")


@admin.action(description=_("删除所选（保留记录，标记为已删除）"))
def soft_delete_selected(modeladmin, request, queryset):
    for obj in queryset:
        obj.soft_delete()


class LedgerAdmin(SimpleHistoryAdmin):
    """Base admin for ledger records: history, soft delete, no hard delete."""

    form = ConstraintSentencesForm
    actions = [soft_delete_selected]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.OrgUnit)
class OrgUnitAdmin(LedgerAdmin):
    list_display = ("name", "code", "kind", "parent", "has_daily_report_duty")
    list_filter = ("kind", "has_daily_report_duty")
    search_fields = ("name", "short_name", "code")
    autocomplete_fields = ("parent",)


@admin.register(models.OrgGroup)
class OrgGroupAdmin(LedgerAdmin):
    list_display = ("name", "code", "kind", "lead_leader")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    filter_horizontal = ("members",)


@admin.register(models.User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ("username", "full_name", "role", "title", "is_active")
    list_filter = ("role", "is_active", "units")
    search_fields = ("username", "full_name", "title")
    filter_horizontal = ("units", "groups", "user_permissions")
    fieldsets = BaseUserAdmin.fieldsets + ((_("督办信息"), {"fields": ("role", "full_name", "title", "phone", "units")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("督办信息"), {"fields": ("role", "full_name", "units")}),)


@admin.register(models.SourceDocument)
class SourceDocumentAdmin(LedgerAdmin):
    list_display = ("title", "kind", "speaker", "issued_on")
    list_filter = ("kind", "issued_on")
    search_fields = ("title", "speaker", "full_text")
    date_hierarchy = "issued_on"


@admin.register(models.Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "unit", "comparator")
    list_filter = ("kind",)
    search_fields = ("name", "name_en", "code")


class ObservationInline(admin.TabularInline):
    model = models.Observation
    fk_name = "target"
    extra = 0
    fields = ("observed_on", "metric", "value", "source", "note")
    ordering = ("-observed_on",)
    show_change_link = True


@admin.register(models.Target)
class TargetAdmin(LedgerAdmin):
    list_display = ("code", "title", "metric", "kind", "comparator", "target_value", "deadline", "lead_unit", "level")
    list_filter = ("level", "kind", "metric", "lead_unit", "is_active", "value_masked")
    search_fields = ("code", "title", "source_sentence")
    autocomplete_fields = ("lead_unit", "co_units", "lead_leader", "source_document", "sites")
    readonly_fields = ("level", "reason_text", "explanation_zh", "explanation_en", "figures", "evaluated_at")
    date_hierarchy = "deadline"

    @admin.display(description=_("原因"))
    def reason_text(self, target):
        return reason_label(target.reason)

    fieldsets = (
        (None, {"fields": ("code", "title", "metric", "kind", "comparator", "target_value", "value_masked", "unit")}),
        (_("期限"), {"fields": ("period_start", "period_end", "deadline", "deadline_text")}),
        (_("基准与判定"), {"fields": ("baseline_value", "baseline_period_start", "baseline_period_end", "inner_kind",
                                   "change_unit", "rank_total", "day_limit", "class_limit", "done_on")}),
        (_("责任"), {"fields": ("lead_unit", "co_units", "lead_leader", "points_at_risk", "sites", "is_active")}),
        (_("来源"), {"fields": ("source_document", "source_sentence", "source_start", "source_end")}),
        (_("测算结果（系统计算）"), {"fields": readonly_fields}),
    )


@admin.register(models.Site)
class SiteAdmin(LedgerAdmin):
    list_display = ("name", "code", "kind", "tier", "unit", "standard_class")
    list_filter = ("kind", "tier", "unit")
    search_fields = ("name", "code")


@admin.register(models.Observation)
class ObservationAdmin(LedgerAdmin):
    list_display = ("observed_on", "metric", "site", "target", "value", "source", "reported_by")
    list_filter = ("metric", "source", "site")
    search_fields = ("site__name", "target__title", "note")
    date_hierarchy = "observed_on"
    autocomplete_fields = ("site", "target")
    list_select_related = ("metric", "site", "target", "reported_by")


@admin.register(models.TargetStatusChange)
class TargetStatusChangeAdmin(admin.ModelAdmin):
    list_display = ("created_at", "target", "old_level", "new_level", "reason_text")

    @admin.display(description=_("原因"), ordering="reason")
    def reason_text(self, change):
        return reason_label(change.reason)

    list_filter = ("new_level", "reason")
    search_fields = ("target__title", "target__code")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.StatusThresholds)
class StatusThresholdsAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "warning_window_days", "progress_tolerance", "orange_margin", "trend_window_days",
                    "day_budget_margin", "rank_margin")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.InspectionRound)
class InspectionRoundAdmin(LedgerAdmin):
    list_display = ("name", "code", "kind", "year", "feedback_on")
    list_filter = ("kind", "year")
    search_fields = ("name", "code")


class MilestoneInline(admin.TabularInline):
    model = models.Milestone
    extra = 0
    fields = ("sequence", "title", "due_on", "done_on")


class EvidenceInline(admin.TabularInline):
    model = models.Evidence
    extra = 0
    fields = ("file", "description", "uploaded_by")


@admin.register(models.RectificationItem)
class RectificationItemAdmin(LedgerAdmin):
    list_display = ("__str__", "round", "lead_unit", "deadline", "state", "is_long_term", "rebound_count")
    list_filter = ("round", "state", "is_long_term", "lead_unit")
    search_fields = ("number", "problem", "measures")
    autocomplete_fields = ("lead_unit", "co_units", "lead_leader", "signed_off_by", "source_document")
    date_hierarchy = "deadline"
    inlines = [MilestoneInline, EvidenceInline]
    list_select_related = ("round", "lead_unit")


@admin.register(models.Milestone)
class MilestoneAdmin(LedgerAdmin):
    list_display = ("title", "item", "project", "due_on", "done_on")
    list_filter = ("done_on",)
    search_fields = ("title",)
    autocomplete_fields = ("item", "project")


@admin.register(models.Evidence)
class EvidenceAdmin(LedgerAdmin):
    list_display = ("__str__", "item", "target", "uploaded_by", "created_at")
    search_fields = ("description",)
    autocomplete_fields = ("item", "target")


class DisbursementInline(admin.TabularInline):
    model = models.Disbursement
    extra = 0
    fields = ("paid_on", "amount", "note")


@admin.register(models.Project)
class ProjectAdmin(LedgerAdmin):
    list_display = ("name", "code", "lead_unit", "planned_end")
    list_filter = ("lead_unit",)
    search_fields = ("name", "code")
    inlines = [MilestoneInline]


@admin.register(models.FundAllocation)
class FundAllocationAdmin(LedgerAdmin):
    list_display = ("code", "unit", "source", "year", "amount", "paid", "execution_rate", "execution_deadline")
    list_filter = ("source", "year", "unit")
    search_fields = ("code", "purpose")
    inlines = [DisbursementInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_paid()

    @admin.display(description=_("已支付（万元）"))
    def paid(self, obj):
        return obj.paid

    @admin.display(description=_("执行率"))
    def execution_rate(self, obj):
        return f"{obj.paid / obj.amount * 100:.1f}%" if obj.amount else "—"


@admin.register(models.Disbursement)
class DisbursementAdmin(LedgerAdmin):
    list_display = ("allocation", "paid_on", "amount")
    date_hierarchy = "paid_on"


class FlagEventInline(admin.TabularInline):
    model = models.FlagEvent
    extra = 0
    can_delete = False
    readonly_fields = ("event", "old_level", "new_level", "at", "actor", "note")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("__str__", "unit", "level", "cause_label", "raised_at", "escalated_at", "cleared_at",
                    "acknowledged_at")

    @admin.display(description=_("原因"), ordering="cause")
    def cause_label(self, flag):
        return CAUSE_LABELS.get(flag.cause, flag.cause)

    list_filter = ("level", "cause", "unit")
    search_fields = ("reason", "response")
    inlines = [FlagEventInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "unit", "issued_at", "response_due", "responded_at", "print_link")

    @admin.display(description=_("打印"))
    def print_link(self, notice):
        return format_html('<a href="{}" target="_blank">{}</a>', reverse("notice-print", args=[notice.pk]),
                           _("打印版"))

    list_filter = ("kind", "unit")
    search_fields = ("number", "title", "body")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.DailyReport)
class DailyReportAdmin(admin.ModelAdmin):
    list_display = ("unit", "report_date", "is_zero", "reported_by")
    list_filter = ("is_zero", "unit")
    date_hierarchy = "report_date"


@admin.register(models.CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ("day", "is_working_day", "name")
    list_filter = ("is_working_day",)
    date_hierarchy = "day"


# --- Notifications, webhooks, notice templates, digests (tracker.jobs) ------------------

@admin.register(models.NoticeTemplate)
class NoticeTemplateAdmin(SimpleHistoryAdmin):
    """四书 wording, edited by supervisors; Django template syntax (see docs/jobs.md)."""

    list_display = ("kind", "number_prefix", "response_workdays", "title", "updated_at")


@admin.register(models.NoticeSequence)
class NoticeSequenceAdmin(admin.ModelAdmin):
    list_display = ("prefix", "year", "last")
    readonly_fields = ("prefix", "year", "last")

    def has_add_permission(self, request):
        return False


@admin.register(models.Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "title", "event_label", "created_at", "read_at", "email_status")

    @admin.display(description=_("事件类型"), ordering="event_type")
    def event_label(self, notification):
        return event_type_label(notification.event_type)

    list_filter = ("event_type", "email_status")
    search_fields = ("title", "body", "key")
    raw_id_fields = ("user", "flag")


@admin.register(models.WebhookSubscription)
class WebhookSubscriptionAdmin(SimpleHistoryAdmin):
    list_display = ("name", "url", "is_active", "event_types", "owner")
    list_filter = ("is_active",)


@admin.register(models.WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event_key", "subscription", "event_type", "status", "attempts", "last_status_code",
                    "next_attempt_at", "delivered_at")
    list_filter = ("status", "event_type", "subscription")
    search_fields = ("event_key",)
    readonly_fields = ("subscription", "event_type", "event_key", "payload", "status", "attempts",
                       "next_attempt_at", "last_status_code", "last_error", "delivered_at", "log", "created_at")
    actions = ["requeue"]

    @admin.action(description=_("重新投递所选死信"))
    def requeue(self, request, queryset):
        from tracker.jobs.webhooks import requeue_dead_letters

        count = requeue_dead_letters(queryset.filter(status=models.WebhookDelivery.Status.DEAD_LETTER))
        self.message_user(request, _("已重新排队 %(n)d 条。") % {"n": count})

    def has_add_permission(self, request):
        return False


@admin.register(models.Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "period_start", "period_end", "created_at")
    list_filter = ("kind",)
    readonly_fields = ("kind", "period_start", "period_end", "title", "content", "text", "created_at")


@admin.register(models.OrgUnitAlias)
class OrgUnitAliasAdmin(SimpleHistoryAdmin):
    """Other names of a unit that ledgers use (matched by the ledger import)."""

    list_display = ("alias", "unit")
    search_fields = ("alias", "unit__name", "unit__short_name")
    autocomplete_fields = ("unit",)


@admin.register(models.LedgerColumnMapping)
class LedgerColumnMappingAdmin(SimpleHistoryAdmin):
    """Headings a unit's ledgers use, as saved in the import's mapping step."""

    list_display = ("header", "field", "kind", "unit", "updated_by", "updated_at")
    list_filter = ("kind",)
    search_fields = ("header", "unit__name")
