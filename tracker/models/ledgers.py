"""What the spreadsheet import (台账导入) remembers between files: the column mapping a
unit settled on, and other names a unit goes by."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .org import OrgUnit


class LedgerColumnMapping(models.Model):
    """One column heading a unit's ledgers use and the field it means (表头映射), e.g.
    "整改责任主体" → lead unit. Saved when a user fixes an unknown column in the mapping
    step, and applied to that unit's next file of the same kind. ``unit`` empty means the
    mapping was saved by someone without a unit (a supervisor) and applies to everyone.
    ``field`` empty means "ignore this column"."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("单位"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="ledger_mappings")
    kind = models.CharField(_("台账类型"), max_length=30)
    header = models.CharField(_("表头"), max_length=100)
    field = models.CharField(_("对应字段"), max_length=40, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("设置人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("台账表头映射")
        verbose_name_plural = pgettext_lazy("plural", "台账表头映射")
        ordering = ["kind", "header"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "header"], condition=Q(unit__isnull=False),
                                    name="ledgermapping_one_per_unit_kind_header"),
            models.UniqueConstraint(fields=["kind", "header"], condition=Q(unit__isnull=True),
                                    name="ledgermapping_one_shared_per_kind_header"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.header} → {self.field or '-'}"


class OrgUnitAlias(models.Model):
    """Another name a unit is written as in ledgers (别名), beyond its name and short name:
    "市环境局" for 市生态环境局, an old name after a reorganisation. Each alias names one unit."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("别名"), max_length=100, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位别名")
        verbose_name_plural = pgettext_lazy("plural", "单位别名")
        ordering = ["alias"]

    def __str__(self):
        return f"{self.alias} → {self.unit}"
