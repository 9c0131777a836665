"""Warnings: flags (四色预警) with their history, notices (四书) and daily reports."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from simple_history.models import HistoricalRecords

from .base import Level
from .org import OrgUnit


class Flag(models.Model):
    """A raised warning on one subject (a target, an item, a milestone, a fund, a unit
    that missed its daily report) for one cause. Raised when the subject's level rises,
    escalated when left unanswered, cleared when the cause is gone; acknowledged with a
    response by the responsible unit. At most one open flag per subject and cause — a
    database constraint, so two beat processes or a retried task cannot raise twice."""

    subject_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField(_("对象编号"))
    subject = GenericForeignKey("subject_type", "subject_id")
    cause = models.CharField(_("原因代码"), max_length=40)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="flags")
    level = models.PositiveSmallIntegerField(_("预警等级"), choices=Level.choices)
    # The subject's own level at the last scan. ``level`` may sit above it after an
    # escalation for being left unanswered; a later scan keeps that escalation.
    subject_level = models.PositiveSmallIntegerField(_("对象等级"), choices=Level.choices, null=True, blank=True)
    reason = models.TextField(_("说明"), blank=True)
    figures = models.JSONField(_("测算数据"), default=dict, blank=True)
    raised_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True)
    cleared_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("响应时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("响应人"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    response = models.TextField(_("响应说明"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = pgettext_lazy("plural", "预警")
        ordering = ["-level", "raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "cause"], condition=Q(cleared_at__isnull=True),
                name="flag_one_open_per_subject_cause",
            ),
            models.CheckConstraint(condition=Q(level__gte=0, level__lte=3), name="flag_level_in_range"),
        ]
        # The list's order (worst first, oldest first): a page is read off the index instead of
        # sorting every flag (80,000 open: 42 ms a page, 18 req/s).
        indexes = [models.Index(fields=["subject_type", "subject_id"]),
                   models.Index(fields=["-level", "raised_at"], name="flag_listing_order"),
                   # Each subject's worst open warning (the dashboard's levels, 四色矩阵): one
                   # index-only pass in subject order instead of a scan and a hash of every flag
                   # (95,000 open on items: 100 ms -> 33 ms, tracker.dashboard.loading).
                   models.Index(fields=["subject_type", "subject_id", "level"], condition=Q(cleared_at__isnull=True),
                                name="flag_open_subject_level")]

    def __str__(self):
        from tracker.jobs.subjects import CAUSE_LABELS

        return f"{self.get_level_display()} {CAUSE_LABELS.get(self.cause, self.cause)}预警 #{self.subject_id}"


class FlagEvent(models.Model):
    """One transition in a flag's life (raised, escalated, de-escalated, cleared,
    acknowledged): the flag's history, never edited."""

    class Event(models.TextChoices):
        RAISED = "raised", _("发起")
        ESCALATED = "escalated", _("升级")
        LOWERED = "lowered", _("降级")
        CLEARED = "cleared", _("解除")
        ACKNOWLEDGED = "acknowledged", _("响应")

    flag = models.ForeignKey(Flag, verbose_name=_("预警"), on_delete=models.PROTECT, related_name="events")
    event = models.CharField(_("事件"), max_length=20, choices=Event.choices)
    old_level = models.PositiveSmallIntegerField(_("原等级"), choices=Level.choices, null=True, blank=True)
    new_level = models.PositiveSmallIntegerField(_("新等级"), choices=Level.choices, null=True, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("预警记录")
        verbose_name_plural = pgettext_lazy("plural", "预警记录")
        ordering = ["at", "id"]
        # "What turned red since yesterday" (the dashboard) and "what changed since the last
        # bulletin": a day's events read off the index, not a scan of the whole log.
        indexes = [models.Index(fields=["at"], name="flagevent_at")]


class Notice(models.Model):
    """A numbered letter of the 四书: 提示函 reminder (yellow), 预警函 warning and 督办函
    supervision order (orange), 约谈通知 summons (red), addressed to the lead unit with a
    response due date counted in working days."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("提示函")
        WARNING = "warning", _("预警函")
        SUPERVISION_ORDER = "supervision_order", _("督办函")
        SUMMONS = "summons", _("约谈通知")

    number = models.CharField(_("文号"), max_length=60, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    flag = models.ForeignKey(Flag, verbose_name=_("预警"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="notices")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("主送单位"), on_delete=models.PROTECT, related_name="notices")
    issued_at = models.DateTimeField(_("发出时间"), default=timezone.now)
    response_due = models.DateField(_("反馈期限"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    responded_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    response = models.TextField(_("反馈内容"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("督办文书")
        verbose_name_plural = pgettext_lazy("plural", "督办文书")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["flag", "kind"], name="notice_one_per_flag_kind"),
        ]

    def __str__(self):
        return self.number


class DailyReport(models.Model):
    """A unit's daily report (日报告); ``is_zero`` marks a zero report (零报告, nothing
    new). A unit with the duty that files nothing by the cutoff is flagged."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="daily_reports")
    report_date = models.DateField(_("报告日期"))
    is_zero = models.BooleanField(_("零报告"), default=False)
    content = models.TextField(_("内容"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报告人"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("日报告")
        verbose_name_plural = pgettext_lazy("plural", "日报告")
        ordering = ["-report_date"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "report_date"], name="dailyreport_one_per_unit_day"),
            models.CheckConstraint(condition=Q(is_zero=False) | Q(content=""), name="dailyreport_zero_has_no_content"),
        ]


class CalendarDay(models.Model):
    """A day staff entered into the working-day calendar: a statutory holiday (法定节假日)
    or a make-up working day (调休上班). Used on top of the chinesecalendar package, and
    alone for years the package does not know yet."""

    day = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否上班"), help_text=_("勾选表示调休上班日；不勾选表示放假。"))
    name = models.CharField(_("名称"), max_length=50, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("节假日/调休")
        verbose_name_plural = pgettext_lazy("plural", "节假日/调休")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} {self.name}"
