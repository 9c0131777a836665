"""Bookkeeping of the scheduled jobs themselves (not business records, so no history)."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JobRun(models.Model):
    """One scheduled slot of a daily or weekly job (晨报 08:00, 日报告 17:30, 每周通报 Monday
    08:30 …) that has been started, or handed to the worker by the catch-up sweep.

    Beat drops a tick it cannot publish (the broker was down); the sweep looks for the
    latest slot of each such job with no row here and runs it once. The unique key makes
    the claim a compare-and-set: of two sweeps, only the one whose insert wins enqueues."""

    job = models.CharField(_("任务"), max_length=80)
    slot = models.DateTimeField(_("计划时间"))
    caught_up = models.BooleanField(_("补跑"), default=False)
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)

    class Meta:
        verbose_name = _("定时任务运行")
        verbose_name_plural = pgettext_lazy("plural", "定时任务运行")
        ordering = ["-slot", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="jobrun_once_per_slot")]

    def __str__(self):
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M}"
