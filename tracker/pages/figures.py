"""Chinese labels for the figures the status engine stores beside a verdict, so a target
page shows "剩余日均值需控制在" and never ``required_remaining_mean``. A figure without a
label here is internal (a nested structure, an echo of the input) and not shown."""
from django.utils.translation import gettext_lazy as _

FIGURE_LABELS = {
    "observed_value": _("当前值"),
    "so_far": _("截至目前"),
    "target_value": _("目标值"),
    "derived_target": _("推算目标值"),
    "baseline_value": _("基准值"),
    "last_year_same_period": _("去年同期"),
    "last_year_to_date": _("去年同期累计"),
    "change_vs_last_year_to_date": _("较去年同期变化"),
    "required_remaining_mean": _("剩余日均值需控制在"),
    "required_remaining_ratio": _("剩余时段需达到的比例（%）"),
    "required_remaining_count": _("剩余时段还需"),
    "required_change_vs_last_year": _("需较去年同期变化"),
    "required_change_vs_so_far": _("需较目前变化"),
    "remaining_allowance": _("剩余可用天数"),
    "days_in_period": _("考核期天数"),
    "days_observed": _("已有数据天数"),
    "days_missing": _("缺测天数"),
    "days_remaining": _("剩余天数"),
    "days_exceeding": _("超标天数"),
    "allowed_exceeding_days": _("允许超标天数"),
    "last_year_exceeding_days": _("去年同期剩余时段超标天数"),
    "good_days": _("优良天数"),
    "good_days_needed": _("还需优良天数"),
    "total_count": _("总数"),
    "expected_value": _("序时进度"),
    "gap_to_expected": _("与序时进度差距"),
    "projected_value": _("按趋势预计期末值"),
    "trend_per_day": _("日均进度"),
    "days_to_deadline": _("距完成时限（工作日）"),
    "days_late": _("逾期天数"),
    "done_on": _("完成日期"),
    "sites_total": _("站点/断面总数"),
    "sites_counted": _("达标站点/断面数"),
    "failing_sites": _("未达标站点/断面"),
    "rank_from_bottom": _("倒数名次"),
    "bottom_size": _("末位区间"),
    "places_to_bottom": _("距末位区间名次"),
    "rank_change": _("名次变化"),
    "percentile": _("百分位"),
    "last_report_date": _("最近填报日期"),
    "period_start": _("考核期起"),
    "period_end": _("考核期止"),
    "deadline": _("完成时限"),
    "error": _("错误"),
}


# Relative changes the engine stores as fractions (R/B − 1): shown as signed percentages.
FRACTION_KEYS = {"change_vs_last_year_to_date", "required_change_vs_last_year", "required_change_vs_so_far"}


def _format(value):
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value) or "—"
    if isinstance(value, dict):
        return None
    return value


def labelled_figures(figures):
    """(label, value) pairs of the figures worth showing, in the order of FIGURE_LABELS."""
    figures = figures or {}
    rows = []
    for key, label in FIGURE_LABELS.items():
        if key in figures and figures[key] is not None:
            value = figures[key]
            if key in FRACTION_KEYS and isinstance(value, (int, float)):
                shown = f"{value * 100:+.1f}%"
            else:
                shown = _format(value)
            if shown is not None and shown != "":
                rows.append((label, shown))
    return rows
