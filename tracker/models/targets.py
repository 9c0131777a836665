"""Targets (指标/目标), the metric catalogue, monitoring sites and observations."""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .base import LedgerRecord, Level
from .org import OrgUnit
from .sources import Provenance


class MetricKind(models.TextChoices):
    """The eight kinds of at-risk math in DOMAIN.md (plus the percentile variant of 1)."""

    PERIOD_MEAN = "period_mean", _("时段均值")
    PERCENTILE = "percentile", _("百分位数")
    DAY_BUDGET = "day_budget", _("天数控制")
    DAY_RATIO = "day_ratio", _("天数比例")
    SITE_SHARE = "site_share", _("站点/断面达标比例")
    PROGRESS = "progress", _("进度到期限")
    BASELINE_CHANGE = "baseline_change", _("较基准变化")
    RANK = "rank", _("排名")
    MILESTONE = "milestone", _("节点任务")


class Comparator(models.TextChoices):
    LE = "<=", _("不高于")
    GE = ">=", _("不低于")
    EQ = "=", _("等于")
    DECREASE_BY = "decrease_by", _("下降")
    INCREASE_BY = "increase_by", _("提高")
    EXIT_BOTTOM = "exit_bottom", _("退出后N名")


class Metric(models.Model):
    """An entry of the metric catalogue (PM2.5, 优良天数比例, 资金执行率 …): its code, the
    kind of math that applies by default, the unit and the comparator. A target picks one."""

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    kind = models.CharField(_("默认算法"), max_length=20, choices=MetricKind.choices)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    comparator = models.CharField(_("默认比较"), max_length=12, choices=Comparator.choices, default=Comparator.LE)
    percentile = models.DecimalField(
        _("百分位"), max_digits=4, decimal_places=3, null=True, blank=True,
        help_text=_("O3 取日最大8小时平均第90百分位数，CO 取日均值第95百分位数（HJ 663）。"),
    )
    is_site_metric = models.BooleanField(_("按站点监测"), default=False)
    plausible_min = models.DecimalField(
        _("合理下限"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("低于此值的监测数据或目标值视为录入错误而拒收（如 PM2.5 不会为负）。"),
    )
    plausible_max = models.DecimalField(
        _("合理上限"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("高于此值的监测数据或目标值视为录入错误而拒收（如百分比不超过 100）。"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标目录")
        verbose_name_plural = pgettext_lazy("plural", "指标目录")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percentile__isnull=True) | Q(percentile__gt=0, percentile__lt=1),
                name="metric_percentile_in_range",
            ),
            models.CheckConstraint(
                condition=Q(plausible_min__isnull=True) | Q(plausible_max__isnull=True)
                | Q(plausible_max__gte=F("plausible_min")),
                name="metric_plausible_range_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def plausible_bounds(self):
        """(low, high) a value of this metric can take, either None when open: the
        catalogue's own range, or, where it gives none, what the unit itself rules out
        (``PHYSICAL_BOUNDS_BY_UNIT``: no negative concentration, no year of 400 days)."""
        if self.plausible_min is None and self.plausible_max is None:
            return PHYSICAL_BOUNDS_BY_UNIT.get(self.unit, (None, None))
        return self.plausible_min, self.plausible_max

    def is_plausible(self, value):
        """Whether ``value`` (a reading, or an absolute target value) can be true of this
        metric at all; an open end of the range accepts anything on that side."""
        if value is None:
            return True
        low, high = self.plausible_bounds()
        if low is not None and value < low:
            return False
        return high is None or value <= high

    def plausible_range_text(self):
        low, high = self.plausible_bounds()
        low = "" if low is None else f"{low.normalize():f}"
        high = "" if high is None else f"{high.normalize():f}"
        return f"{low}–{high} {self.unit}".strip()


# What a unit of measure rules out whatever the metric, for catalogue entries without a
# range of their own. "%" is absent on purpose: a change in % (下降比例) can be negative.
PHYSICAL_BOUNDS_BY_UNIT = {
    "μg/m³": (Decimal(0), Decimal(10000)),  # PM10 in a sandstorm stays below 10,000 μg/m³
    "mg/m³": (Decimal(0), Decimal(100)),
    "天": (Decimal(0), Decimal(366)),
}


class TargetQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, deleted_at__isnull=True)


class TargetManager(models.Manager.from_queryset(TargetQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Target(LedgerRecord, Provenance):
    """A tracked target (指标/目标): a metric with a comparator and a target value over a
    period, owned by a lead unit (牵头单位) with co-operating units (配合单位) and a lead
    leader (牵头领导). ``target_value`` is null when the speech masked the number ("X微克",
    "**.**%"): the target is then *unknown*, never zero. The evaluation fields are written
    only by the status engine; nobody types a level."""

    code = models.SlugField(_("编号"), max_length=40, unique=True)
    title = models.CharField(_("名称"), max_length=300)
    metric = models.ForeignKey(Metric, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets")
    kind = models.CharField(_("算法"), max_length=20, choices=MetricKind.choices)
    comparator = models.CharField(_("比较"), max_length=12, choices=Comparator.choices)
    target_value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=4, null=True, blank=True)
    value_masked = models.BooleanField(
        _("目标值待确认"), default=False, help_text=_("原文数值被隐去（如“X微克/立方米”），须补录。"),
    )
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    period_start = models.DateField(_("考核期起"))
    period_end = models.DateField(_("考核期止"))
    deadline = models.DateField(_("完成时限"))
    deadline_text = models.CharField(_("时限原文"), max_length=100, blank=True)
    baseline_value = models.DecimalField(_("基准值"), max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_period_start = models.DateField(_("基准期起"), null=True, blank=True)
    baseline_period_end = models.DateField(_("基准期止"), null=True, blank=True)
    rank_total = models.PositiveIntegerField(_("参与排名总数"), null=True, blank=True)
    inner_kind = models.CharField(
        _("基准变化后适用算法"), max_length=20, choices=MetricKind.choices, blank=True,
        help_text=_("较基准变化（如“PM2.5下降10%”）先由基准值推出目标值，再按此算法测算；留空则按指标默认算法。"),
    )
    change_unit = models.CharField(
        _("变化幅度单位"), max_length=10, blank=True,
        choices=[("%", _("百分比（相对）")), ("个百分点", _("个百分点（绝对）"))],
        help_text=_("较基准变化的幅度单位；目标值为幅度，单位字段仍是指标本身的单位。"),
    )
    day_limit = models.DecimalField(
        _("日判定限值"), max_digits=10, decimal_places=2, null=True, blank=True,
        help_text=_("按日数值判定优良天/重污染天时的限值（如 AQI 100、200）。"),
    )
    class_limit = models.PositiveSmallIntegerField(
        _("达标水质类别"), null=True, blank=True, help_text=_("断面/水源地达标比例：不劣于该类别即达标（Ⅲ类填 3）。"),
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True, help_text=_("节点任务完成的日期。"))
    lead_unit = models.ForeignKey(OrgUnit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="led_targets")
    co_units = models.ManyToManyField(OrgUnit, verbose_name=_("配合单位"), blank=True, related_name="cooperating_targets")
    lead_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("牵头领导"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="led_targets",
    )
    sites = models.ManyToManyField(
        "tracker.Site", verbose_name=_("监测站点/断面"), blank=True, related_name="targets",
        help_text=_("按站点计算的指标（空气质量、断面水质）取这些站点的数据。"),
    )
    points_at_risk = models.DecimalField(_("考核扣分风险"), max_digits=6, decimal_places=2, default=0)
    is_active = models.BooleanField(_("在办"), default=True)
    # Written by the status engine only.
    level = models.PositiveSmallIntegerField(_("预警等级"), choices=Level.choices, null=True, blank=True, editable=False)
    reason = models.CharField(_("原因代码"), max_length=40, blank=True, editable=False)
    explanation_zh = models.TextField(_("说明"), blank=True, editable=False)
    explanation_en = models.TextField(_("说明（英文）"), blank=True, editable=False)
    figures = models.JSONField(_("测算数据"), default=dict, blank=True, editable=False)
    evaluated_at = models.DateTimeField(_("测算时间"), null=True, blank=True, editable=False)

    objects = TargetManager()
    history = HistoricalRecords(m2m_fields=[co_units])

    class Meta:
        verbose_name = _("目标指标")
        verbose_name_plural = pgettext_lazy("plural", "目标指标")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="target_period_ordered"),
            models.CheckConstraint(
                condition=Q(baseline_period_start__isnull=True)
                | Q(baseline_period_end__isnull=True)
                | Q(baseline_period_end__gte=F("baseline_period_start")),
                name="target_baseline_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(value_masked=False) | Q(target_value__isnull=True),
                name="target_masked_value_is_unknown",
            ),
            models.CheckConstraint(
                condition=~Q(unit="%") | Q(target_value__isnull=True) | Q(target_value__gte=0, target_value__lte=100),
                name="target_percentage_in_range",
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=0, level__lte=3), name="target_level_in_range",
            ),
            models.CheckConstraint(condition=Q(points_at_risk__gte=0), name="target_points_non_negative"),
            models.CheckConstraint(
                condition=Q(class_limit__isnull=True) | Q(class_limit__gte=1, class_limit__lte=6),
                name="target_class_limit_in_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MetricKind.values), name="target_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(comparator__in=Comparator.values), name="target_comparator_valid",
            ),
            *Provenance.provenance_constraints("target"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class Site(LedgerRecord):
    """A monitoring site: an air-quality station (空气自动监测站), an assessed water section
    (国控/省控断面) or a drinking-water source (饮用水水源地). ``standard_class`` is the water
    class the section must meet (Ⅲ → 3); lower is cleaner."""

    class Kind(models.TextChoices):
        AIR_STATION = "air_station", _("空气监测站")
        WATER_SECTION = "water_section", _("水质断面")
        DRINKING_SOURCE = "drinking_source", _("饮用水水源地")

    class Tier(models.TextChoices):
        NATIONAL = "national", _("国控")
        PROVINCIAL = "provincial", _("省控")
        MUNICIPAL = "municipal", _("市控")

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    tier = models.CharField(_("级别"), max_length=20, choices=Tier.choices, default=Tier.NATIONAL)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="sites")
    standard_class = models.PositiveSmallIntegerField(_("水质目标类别"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("监测站点")
        verbose_name_plural = pgettext_lazy("plural", "监测站点")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(standard_class__isnull=True) | Q(standard_class__gte=1, standard_class__lte=6),
                name="site_standard_class_in_range",
            ),
        ]

    def __str__(self):
        return self.name


class Observation(LedgerRecord):
    """A dated value (监测数据/进展): either a site's reading of a metric (a station's daily
    PM2.5, a section's monthly water class) or a point in a target's own series (a fund's
    execution rate, a rank, villages finished). Exactly one of ``site`` or ``target``."""

    class Source(models.TextChoices):
        FORM = "form", _("页面填报")
        IMPORT = "import", _("台账导入")
        API = "api", _("接口推送")
        DEMO = "demo", _("演示数据")

    metric = models.ForeignKey(Metric, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="observations")
    site = models.ForeignKey(Site, verbose_name=_("站点"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="observations")
    target = models.ForeignKey(Target, verbose_name=_("目标"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="observations")
    observed_on = models.DateField(_("日期"), db_index=True)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=4)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.FORM)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("备注"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("监测数据/进展")
        verbose_name_plural = pgettext_lazy("plural", "监测数据/进展")
        ordering = ["observed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(site__isnull=False) & Q(target__isnull=True)) | (Q(site__isnull=True) & Q(target__isnull=False)),
                name="observation_site_xor_target",
            ),
            models.UniqueConstraint(
                fields=["site", "metric", "observed_on"], condition=Q(site__isnull=False, deleted_at__isnull=True),
                name="observation_one_per_site_metric_day",
            ),
            models.UniqueConstraint(
                fields=["target", "observed_on"], condition=Q(target__isnull=False, deleted_at__isnull=True),
                name="observation_one_per_target_day",
            ),
        ]
        indexes = [models.Index(fields=["metric", "observed_on"])]

    def __str__(self):
        return f"{self.metric} {self.observed_on} {self.value}"


class TargetStatusChange(models.Model):
    """One change of a target's computed level (healthchecks' Flip): the history of the
    status engine's verdicts. Written only when the level actually changes."""

    target = models.ForeignKey(Target, verbose_name=_("目标"), on_delete=models.CASCADE, related_name="status_changes")
    created_at = models.DateTimeField(_("时间"))
    as_of = models.DateField(_("测算基准日"))
    old_level = models.PositiveSmallIntegerField(_("原等级"), choices=Level.choices, null=True)
    new_level = models.PositiveSmallIntegerField(_("新等级"), choices=Level.choices)
    reason = models.CharField(_("原因代码"), max_length=40)
    explanation_zh = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("等级变化记录")
        verbose_name_plural = pgettext_lazy("plural", "等级变化记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(new_level__gte=0, new_level__lte=3), name="statuschange_level_in_range"),
        ]
        # "What changed since" (the dashboard's new reds, the bulletin): a range of the log, read
        # off the index instead of a scan of every change ever recorded.
        indexes = [models.Index(fields=["created_at"], name="statuschange_created_at")]


class StatusThresholds(models.Model):
    """The thresholds of the at-risk math, editable by a supervisor (one row). Every
    explanation names the threshold it used, so a leader knows why something is yellow."""

    warning_window_days = models.PositiveSmallIntegerField(
        _("到期预警窗口（工作日）"), default=10, help_text=_("距完成时限不足该工作日数且未完成时，亮黄灯。"),
    )
    progress_tolerance = models.DecimalField(
        _("进度容差"), max_digits=5, decimal_places=4, default=0.05,
        help_text=_("实际进度低于序时进度超过该比例（占目标幅度）时，亮黄灯。"),
    )
    orange_margin = models.DecimalField(
        _("橙色预警幅度"), max_digits=5, decimal_places=4, default=0.10,
        help_text=_("需要比去年同期改善超过该比例时，由黄转橙。"),
    )
    trend_window_days = models.PositiveSmallIntegerField(_("趋势测算天数"), default=30)
    day_budget_margin = models.PositiveSmallIntegerField(
        _("天数预警幅度"), default=2,
        help_text=_("天数控制类指标：去年同期剩余时段的超标天数比剩余可用天数多出该数以上时，由黄转橙。"),
    )
    rank_margin = models.PositiveSmallIntegerField(
        _("排名预警名次"), default=3, help_text=_("排名类指标：再下降不超过该名次即落入末位区间时，亮黄灯。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("预警阈值")
        verbose_name_plural = pgettext_lazy("plural", "预警阈值")
        constraints = [
            models.CheckConstraint(condition=Q(progress_tolerance__gte=0, progress_tolerance__lte=1),
                                   name="thresholds_tolerance_fraction"),
            models.CheckConstraint(condition=Q(orange_margin__gte=0, orange_margin__lte=1),
                                   name="thresholds_margin_fraction"),
        ]

    def __str__(self):
        return str(_("预警阈值"))

    @classmethod
    def current(cls):
        """The one row of thresholds, created with defaults on first use."""
        return cls.objects.order_by("id").first() or cls.objects.create()
