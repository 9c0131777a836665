"""The bulletin (通报): a periodic, printable report ranking units (红黑榜), listing red and
overdue records and what changed since the previous bulletin. Kept as a list leaders open."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Bulletin(models.Model):
    """One bulletin (通报): weekly (周通报), monthly (月通报) or generated on demand (即时通报),
    for every record or for one inspection round's items. ``content`` holds the figures as
    they were when generated (the archive of what was sent); the workbook and the A4 page
    are rendered from it. The weekly job makes at most one weekly and one monthly bulletin
    per period and round — a database constraint, so running the job twice is harmless."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("周通报")
        MONTHLY = "monthly", _("月通报")
        ON_DEMAND = "on_demand", _("即时通报")

    class Status(models.TextChoices):
        PENDING = "pending", _("生成中")
        READY = "ready", _("已生成")
        FAILED = "failed", _("生成失败")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    round = models.ForeignKey("tracker.InspectionRound", verbose_name=_("督察轮次"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="bulletins")
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    content = models.JSONField(_("数据"), default=dict, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = pgettext_lazy("plural", "通报")
        ordering = ["-period_end", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period_end"], condition=Q(round__isnull=True) & ~Q(kind="on_demand"),
                                    name="bulletin_one_per_kind_period"),
            models.UniqueConstraint(fields=["kind", "period_end", "round"],
                                    condition=Q(round__isnull=False) & ~Q(kind="on_demand"),
                                    name="bulletin_one_per_kind_period_round"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="bulletin_period_ordered"),
        ]

    def __str__(self):
        return self.title
