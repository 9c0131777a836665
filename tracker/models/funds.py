"""Projects (项目) and special funds (专项资金) with their disbursements."""
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .base import LedgerRecord, WarningLevelCopy
from .org import OrgUnit


class Project(LedgerRecord):
    """A funded project (项目, e.g. a rural sewage works) with stage milestones; slow
    projects are named in speeches and tracked by their milestones and fund payments."""

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    lead_unit = models.ForeignKey(OrgUnit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="projects")
    lead_leader = models.ForeignKey("tracker.User", verbose_name=_("牵头领导"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="led_projects")
    starts_on = models.DateField(_("开工日期"), null=True, blank=True)
    planned_end = models.DateField(_("计划完工"))
    description = models.TextField(_("说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = pgettext_lazy("plural", "项目")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(planned_end__gte=F("starts_on")), name="project_dates_ordered",
            ),
        ]

    def __str__(self):
        return self.name


class FundAllocationQuerySet(models.QuerySet):
    def with_paid(self):
        """Annotate ``paid`` (sum of live disbursements) so the execution rate is derived
        in one query, never typed."""
        return self.annotate(
            paid=models.functions.Coalesce(
                models.Sum("disbursements__amount", filter=Q(disbursements__deleted_at__isnull=True)),
                models.Value(0, output_field=models.DecimalField(max_digits=16, decimal_places=2)),
            )
        )


class FundAllocationManager(models.Manager.from_queryset(FundAllocationQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class FundAllocation(WarningLevelCopy, LedgerRecord):
    """A special-fund allocation (专项资金下达) to a unit, from central, provincial or
    municipal budgets. Budget execution rate (预算执行率/支付率) = paid ÷ allocated, derived
    from the disbursements; targets such as "年底前执行率超过 90%" track it."""

    class Source(models.TextChoices):
        CENTRAL = "central", _("中央")
        PROVINCIAL = "provincial", _("省级")
        MUNICIPAL = "municipal", _("市级")

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("使用单位"), on_delete=models.PROTECT, related_name="allocations")
    project = models.ForeignKey(Project, verbose_name=_("项目"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="allocations")
    source = models.CharField(_("资金来源"), max_length=20, choices=Source.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("下达金额（万元）"), max_digits=14, decimal_places=2)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    allocated_on = models.DateField(_("下达日期"))
    execution_deadline = models.DateField(_("执行期限"))
    target_rate = models.DecimalField(_("执行率目标（%）"), max_digits=5, decimal_places=2, null=True, blank=True)

    objects = FundAllocationManager()
    history = HistoricalRecords(excluded_fields=list(WarningLevelCopy.COPY_FIELDS))

    class Meta:
        verbose_name = _("专项资金")
        verbose_name_plural = pgettext_lazy("plural", "专项资金")
        ordering = ["-year", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_amount_non_negative"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="allocation_year_plausible"),
            models.CheckConstraint(
                condition=Q(target_rate__isnull=True) | Q(target_rate__gte=0, target_rate__lte=100),
                name="allocation_target_rate_percentage",
            ),
            models.CheckConstraint(condition=Q(execution_deadline__gte=F("allocated_on")),
                                   name="allocation_deadline_after_allocation"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_source_display()} {self.purpose or self.code}"


class Disbursement(LedgerRecord):
    """A payment out of an allocation (支付). The sum of payments never exceeds the
    allocation; the service that records payments checks it."""

    allocation = models.ForeignKey(FundAllocation, verbose_name=_("专项资金"), on_delete=models.PROTECT,
                                   related_name="disbursements")
    paid_on = models.DateField(_("支付日期"))
    amount = models.DecimalField(_("支付金额（万元）"), max_digits=14, decimal_places=2)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("资金支付")
        verbose_name_plural = pgettext_lazy("plural", "资金支付")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="disbursement_amount_non_negative"),
        ]

    def __str__(self):
        return f"{self.paid_on} {self.amount}"
