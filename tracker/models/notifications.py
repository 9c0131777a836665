"""Notifications: the in-app inbox, webhooks for REST clients, notice templates and
numbering, and the leaders' digests and weekly bulletins (通报).

Every row here is created by the one process that won a flag transition (see
``docs/jobs.md``); the unique keys below make a second insert fail instead of
sending twice.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class NoticeTemplate(models.Model):
    """The editable text of one kind of letter of the 四书 (提示函/预警函/督办函/约谈通知).

    Supervisors edit it in the admin. ``title`` and ``body`` use Django template syntax
    with ``notice``, ``flag``, ``subject``, ``unit``, ``level``, ``figures``,
    ``deadline`` and ``response_due`` in the context; ``number_prefix`` starts the letter
    number ("督办" → "督办〔2026〕7号"); the response is due ``response_workdays`` working
    days after issue. The migration seeds one row per kind."""

    kind = models.CharField(_("文书类型"), max_length=20, unique=True)
    number_prefix = models.CharField(_("文号前缀"), max_length=20)
    response_workdays = models.PositiveSmallIntegerField(_("反馈期限（工作日）"), default=5)
    title = models.CharField(_("标题模板"), max_length=300)
    body = models.TextField(_("正文模板"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = pgettext_lazy("plural", "文书模板")
        ordering = ["kind"]

    def __str__(self):
        return f"{self.kind} {self.number_prefix}"


class NoticeSequence(models.Model):
    """The last number issued for one letter prefix in one year. The numbering service
    increments it with a single ``UPDATE … SET last = last + 1`` inside the transaction
    that creates the notice, so the row lock serialises concurrent issuers and numbers
    are never reused (the unique ``Notice.number`` is the backstop)."""

    prefix = models.CharField(_("文号前缀"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用号"), default=0)

    class Meta:
        verbose_name = _("文号序列")
        verbose_name_plural = pgettext_lazy("plural", "文号序列")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="noticesequence_one_per_prefix_year")]

    def __str__(self):
        return f"{self.prefix}〔{self.year}〕{self.last}"


class Notification(models.Model):
    """One message in a user's in-app inbox (站内消息), optionally also sent by email.
    ``key`` names the transition it reports ("flag-event:42", "digest:7"); unique per
    user, so a transition reaches each person once."""

    class EmailStatus(models.TextChoices):
        NONE = "none", _("不发邮件")
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE,
                             related_name="notifications")
    key = models.CharField(_("事件键"), max_length=80)
    event_type = models.CharField(_("事件类型"), max_length=40)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    flag = models.ForeignKey("tracker.Flag", verbose_name=_("预警"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    email_status = models.CharField(_("邮件状态"), max_length=10, choices=EmailStatus.choices,
                                    default=EmailStatus.NONE)
    email_attempts = models.PositiveSmallIntegerField(_("邮件尝试次数"), default=0)
    emailed_at = models.DateTimeField(_("邮件时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = pgettext_lazy("plural", "站内消息")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user_key")]
        indexes = [models.Index(fields=["email_status"], name="notification_email_status")]

    def __str__(self):
        return f"{self.user} {self.title}"


class WebhookSubscription(models.Model):
    """A REST client's subscription (省级平台, BI …): the event types it wants
    ("flag.raised", "notice.issued" …; "*" for all), where to POST them, and the shared
    secret that signs each body with HMAC-SHA256."""

    name = models.CharField(_("名称"), max_length=100)
    url = models.URLField(_("回调地址"), max_length=500)
    secret = models.CharField(_("签名密钥"), max_length=200)
    event_types = models.JSONField(_("事件类型"), default=list, help_text=_('如 ["flag.raised", "notice.issued"]，"*" 表示全部。'))
    is_active = models.BooleanField(_("启用"), default=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("所属用户"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        verbose_name = _("Webhook 订阅")
        verbose_name_plural = pgettext_lazy("plural", "Webhook 订阅")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def wants(self, event_type):
        return "*" in self.event_types or event_type in self.event_types


class WebhookDelivery(models.Model):
    """One event to POST to one subscription, with its attempts. Retried with exponential
    backoff; after the last attempt it moves to ``dead_letter`` (死信) for a person to look
    at and re-queue. ``log`` keeps every attempt (time, HTTP status, error)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        RETRYING = "retrying", _("等待重试")
        DELIVERED = "delivered", _("已送达")
        DEAD_LETTER = "dead_letter", _("死信")

    subscription = models.ForeignKey(WebhookSubscription, verbose_name=_("订阅"), on_delete=models.CASCADE,
                                     related_name="deliveries")
    event_type = models.CharField(_("事件类型"), max_length=40)
    event_key = models.CharField(_("事件键"), max_length=80)
    payload = models.JSONField(_("内容"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now, db_index=True)
    last_status_code = models.PositiveSmallIntegerField(_("最近状态码"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    log = models.JSONField(_("投递日志"), default=list, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("Webhook 投递")
        verbose_name_plural = pgettext_lazy("plural", "Webhook 投递")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_key"], name="webhookdelivery_once_per_event"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhookdelivery_due")]

    def __str__(self):
        return f"{self.event_key} → {self.subscription}"


class Digest(models.Model):
    """A leaders' morning digest (晨报: counts by level, what turned red since yesterday,
    the most overdue units) or a weekly bulletin (通报: units ranked, 红黑榜). One per kind
    and period; the record is the archive of what was sent."""

    class Kind(models.TextChoices):
        MORNING = "morning", _("每日晨报")
        WEEKLY = "weekly", _("每周通报")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    title = models.CharField(_("标题"), max_length=200)
    content = models.JSONField(_("数据"), default=dict)
    text = models.TextField(_("正文"))
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)

    class Meta:
        verbose_name = _("晨报/通报")
        verbose_name_plural = pgettext_lazy("plural", "晨报/通报")
        ordering = ["-period_end", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period_end"], name="digest_one_per_kind_period"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="digest_period_ordered"),
        ]

    def __str__(self):
        return self.title
