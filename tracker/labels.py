"""Chinese labels for the stable codes the product stores (reason codes of the status
engine, event types of notifications and webhooks), so no page shows ``cannot_be_met`` or
``flag.raised``. The codes themselves never change: clients and history depend on them."""
from django.utils.translation import gettext_lazy as _

REASON_LABELS = {
    "not_started": _("考核期未开始"),
    "on_track": _("进度正常"),
    "secured": _("已锁定完成"),
    "achieved": _("已完成"),
    "no_data": _("暂无数据"),
    "value_unknown": _("目标值待确认"),
    "period_unknown": _("期限待确认"),
    "at_risk_vs_last_year": _("需好于去年同期"),
    "serious_vs_last_year": _("需大幅好于去年同期"),
    "at_risk_vs_so_far": _("需好于目前水平"),
    "serious_vs_so_far": _("需大幅好于目前水平"),
    "no_margin_left": _("没有剩余控制余量"),
    "cannot_be_met": _("已无法完成"),
    "missed": _("未完成"),
    "behind_expected_path": _("落后于序时进度"),
    "projected_to_miss": _("按趋势将无法完成"),
    "due_soon": _("临近时限"),
    "overdue": _("已逾期"),
    "below_target": _("未达标"),
    "rank_in_bottom": _("排名在末位区间"),
    "rank_near_bottom": _("排名接近末位区间"),
    "cannot_evaluate": _("目标设置有误，无法测算"),
    "below_physical_floor": _("所需水平低于历史最好水平"),
}

EVENT_TYPE_LABELS = {
    "flag.raised": _("预警发起"),
    "flag.escalated": _("预警升级"),
    "flag.lowered": _("预警降级"),
    "flag.cleared": _("预警解除"),
    "flag.acknowledged": _("预警已响应"),
    "notice.issued": _("督办文书发出"),
    "digest.morning": _("晨报"),
    "bulletin.weekly": _("每周通报"),
}


def reason_label(code):
    return REASON_LABELS.get(code, code)


def event_type_label(code):
    return EVENT_TYPE_LABELS.get(code, code)
