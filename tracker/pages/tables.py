"""Tables of the pages (django-tables2, as NetBox does): one per list, columns in Chinese,
the warning level as a coloured badge, the record's name a link to its page."""
import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, gettext_lazy as _

from tracker.jobs.subjects import CAUSE_LABELS
from tracker.models import Disbursement, Flag, FundAllocation, Notice, Observation, RectificationItem, Target


def level_badge(level, label=None):
    if level is None:
        return format_html('<span class="badge level-none">{}</span>', _("待测算"))
    return format_html('<span class="badge level-bg-{}">{}</span>', level, label)


class LevelColumn(tables.Column):
    def render(self, value, record):
        # django-tables2 hands a choices field over as its label ("红色"): the colour needs the number
        return level_badge(record.level, record.get_level_display())

    def value(self, value, record):  # plain text in exports
        return record.get_level_display() if value is not None else ""


class PagesTable(tables.Table):
    class Meta:
        attrs = {"class": "table"}
        template_name = "pages/table.html"
        empty_text = _("暂无")
        per_page = 50


class WorkRowTable(PagesTable):
    """The worklist's rows (targets and items together, already sorted by urgency)."""

    level = tables.Column(verbose_name=_("预警"), orderable=False, empty_values=())
    kind_label = tables.Column(verbose_name=_("类型"), orderable=False, attrs={"td": {"class": "nowrap"}})
    title = tables.Column(verbose_name=_("事项"), orderable=False, attrs={"td": {"class": "wide"}})
    unit = tables.Column(verbose_name=_("牵头单位"), orderable=False)
    deadline = tables.DateColumn(verbose_name=_("完成时限"), format="Y-m-d", orderable=False,
                                 attrs={"td": {"class": "nowrap"}})
    left_workdays = tables.Column(verbose_name=_("剩余工作日"), orderable=False, empty_values=())
    status = tables.Column(verbose_name=_("状态"), orderable=False, attrs={"td": {"class": "nowrap"}})

    class Meta(PagesTable.Meta):
        pass

    def render_level(self, value, record):
        return level_badge(value, dict(Target._meta.get_field("level").choices).get(value, ""))

    def render_title(self, value, record):
        short = value if len(value) <= 70 else value[:70] + "…"
        return format_html('<a href="{}">{}</a>', record.url, short)

    def render_left_workdays(self, value, record):
        if value is None:
            return "—"
        if value < 0:
            return format_html('<span class="level-3">{}</span>', _("逾期 %(n)s 个工作日") % {"n": -value})
        if value == 0:
            return format_html('<span class="level-2">{}</span>', _("今日到期"))
        return value


class TargetTable(PagesTable):
    level = LevelColumn(verbose_name=_("预警"))
    title = tables.Column(verbose_name=_("目标"), linkify=lambda record: reverse("pages:target", args=[record.pk]),
                          attrs={"td": {"class": "wide"}})
    metric = tables.Column(verbose_name=_("指标"), accessor="metric__name")
    lead_unit = tables.Column(verbose_name=_("牵头单位"), accessor="lead_unit__short_name", order_by="lead_unit__code")
    deadline = tables.DateColumn(verbose_name=_("完成时限"), format="Y-m-d")
    explanation_zh = tables.Column(verbose_name=_("说明"), orderable=False, attrs={"td": {"class": "wide muted"}})

    class Meta(PagesTable.Meta):
        model = Target
        fields = ("level", "title", "metric", "lead_unit", "deadline", "explanation_zh")
        order_by = ("-level", "deadline")

    def render_explanation_zh(self, value, record):
        if (get_language() or "").startswith("en") and record.explanation_en:
            value = record.explanation_en
        return value if len(value) <= 90 else value[:90] + "…"


class ItemTable(PagesTable):
    number = tables.Column(verbose_name=_("编号"), linkify=lambda record: reverse("pages:item", args=[record.pk]))
    round = tables.Column(verbose_name=_("督察轮次"), accessor="round__name", order_by="round__code")
    problem = tables.Column(verbose_name=_("问题"), linkify=lambda record: reverse("pages:item", args=[record.pk]),
                            attrs={"td": {"class": "wide"}})
    lead_unit = tables.Column(verbose_name=_("牵头单位"), accessor="lead_unit__short_name", order_by="lead_unit__code")
    deadline = tables.DateColumn(verbose_name=_("整改时限"), format="Y-m-d")
    state = tables.Column(verbose_name=_("状态"))

    class Meta(PagesTable.Meta):
        model = RectificationItem
        fields = ("number", "round", "problem", "lead_unit", "deadline", "state")
        order_by = ("deadline",)

    def render_problem(self, value):
        return value if len(value) <= 60 else value[:60] + "…"


class FlagTable(PagesTable):
    level = LevelColumn(verbose_name=_("预警"))
    cause = tables.Column(verbose_name=_("原因"), linkify=lambda record: reverse("pages:flag", args=[record.pk]))
    reason = tables.Column(verbose_name=_("说明"), orderable=False, attrs={"td": {"class": "wide"}})
    unit = tables.Column(verbose_name=_("责任单位"), accessor="unit__short_name", order_by="unit__code")
    raised_at = tables.DateTimeColumn(verbose_name=_("发起时间"), format="Y-m-d H:i")
    acknowledged_at = tables.Column(verbose_name=_("响应"), empty_values=())

    class Meta(PagesTable.Meta):
        model = Flag
        fields = ("level", "cause", "reason", "unit", "raised_at", "acknowledged_at")
        order_by = ("-level", "raised_at")

    def render_cause(self, value):
        return gettext(CAUSE_LABELS.get(value, value))

    def render_reason(self, value):
        return value if len(value) <= 80 else value[:80] + "…"

    def render_acknowledged_at(self, value, record):
        if record.cleared_at:
            return _("已解除")
        return _("已响应") if value else format_html('<span class="level-2">{}</span>', _("待响应"))


class NoticeTable(PagesTable):
    number = tables.Column(verbose_name=_("文号"), linkify=lambda record: reverse("pages:notice", args=[record.pk]))
    kind = tables.Column(verbose_name=_("类型"))
    title = tables.Column(verbose_name=_("标题"), attrs={"td": {"class": "wide"}})
    unit = tables.Column(verbose_name=_("主送单位"), accessor="unit__short_name", order_by="unit__code")
    issued_at = tables.DateTimeColumn(verbose_name=_("发出时间"), format="Y-m-d")
    response_due = tables.DateColumn(verbose_name=_("反馈期限"), format="Y-m-d")
    responded_at = tables.Column(verbose_name=_("反馈"), empty_values=())

    class Meta(PagesTable.Meta):
        model = Notice
        fields = ("number", "kind", "title", "unit", "issued_at", "response_due", "responded_at")
        order_by = ("-issued_at",)

    def render_responded_at(self, value):
        return _("已反馈") if value else format_html('<span class="level-2">{}</span>', _("待反馈"))


class AllocationTable(PagesTable):
    purpose = tables.Column(verbose_name=_("资金"), empty_values=(),
                            linkify=lambda record: reverse("pages:fund", args=[record.pk]),
                            attrs={"td": {"class": "wide"}})
    unit = tables.Column(verbose_name=_("使用单位"), accessor="unit__short_name", order_by="unit__code")
    year = tables.Column(verbose_name=_("年度"))
    source = tables.Column(verbose_name=_("来源"))
    amount = tables.Column(verbose_name=_("下达（万元）"))
    paid = tables.Column(verbose_name=_("已支付（万元）"))
    rate = tables.Column(verbose_name=_("执行率"), empty_values=(), orderable=False)
    execution_deadline = tables.DateColumn(verbose_name=_("执行期限"), format="Y-m-d")

    class Meta(PagesTable.Meta):
        model = FundAllocation
        fields = ("purpose", "unit", "year", "source", "amount", "paid", "rate", "execution_deadline")
        order_by = ("-year", "execution_deadline")

    def render_purpose(self, value, record):
        return str(record)

    def render_rate(self, record):
        return f"{record.paid / record.amount * 100:.1f}%" if record.amount else "—"


class DisbursementTable(PagesTable):
    paid_on = tables.DateColumn(verbose_name=_("支付日期"), format="Y-m-d")
    amount = tables.Column(verbose_name=_("金额（万元）"))
    note = tables.Column(verbose_name=_("备注"), attrs={"td": {"class": "wide"}})

    class Meta(PagesTable.Meta):
        model = Disbursement
        fields = ("paid_on", "amount", "note")
        order_by = ("-paid_on",)


class ObservationTable(PagesTable):
    observed_on = tables.DateColumn(verbose_name=_("日期"), format="Y-m-d")
    site = tables.Column(verbose_name=_("站点"), accessor="site__name", default="—")
    value = tables.Column(verbose_name=_("数值"))
    source = tables.Column(verbose_name=_("来源"))
    note = tables.Column(verbose_name=_("备注"), attrs={"td": {"class": "wide"}})

    class Meta(PagesTable.Meta):
        model = Observation
        fields = ("observed_on", "site", "value", "source", "note")
        order_by = ("-observed_on",)
        per_page = 20

    def render_value(self, value):
        return f"{value.normalize():f}"
