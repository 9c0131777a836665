"""Every database rule (constraint) in words: the field it concerns and a sentence in
Chinese and English, so a refused save says why — in the admin, in the pages' forms and in
the API — instead of naming the constraint."""
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import get_language

CONSTRAINT_MESSAGES = {
    "observation_site_xor_target": (None, "须且只能填写站点或目标之一。", "Give exactly one of site or target."),
    "observation_one_per_site_metric_day": (
        "observed_on", "该站点该指标当日已有数据。", "This site already has a value of this metric on this day."),
    "observation_one_per_target_day": ("observed_on", "该目标当日已有数据。", "This target already has a value on this day."),
    "target_period_ordered": ("period_end", "考核期止不能早于考核期起。", "period_end must not be before period_start."),
    "target_baseline_period_ordered": (
        "baseline_period_end", "基准期止不能早于基准期起。", "The baseline period must not end before it starts."),
    "target_masked_value_is_unknown": (
        "target_value", "目标值待确认时不能填写目标值。", "A masked target has no target value."),
    "target_percentage_in_range": ("target_value", "百分比须在 0–100 之间。", "A percentage must be within 0–100."),
    "target_level_in_range": (None, "预警等级须为 0–3。", "The level must be 0–3."),
    "target_points_non_negative": ("points_at_risk", "扣分风险不能为负。", "Points at risk must not be negative."),
    "target_class_limit_in_range": ("class_limit", "水质类别须在 1–6 之间。", "The water class must be within 1–6."),
    "target_kind_valid": ("kind", "算法无效。", "Unknown kind."),
    "target_comparator_valid": ("comparator", "比较方式无效。", "Unknown comparator."),
    "target_source_offsets_ordered": (None, "原文结束位置不能早于起始位置。", "The source end must not be before its start."),
    "target_offsets_need_document": ("source_document", "填写原文位置须同时指定来源文件。",
                                     "Source offsets need a source document."),
    "item_source_offsets_ordered": (None, "原文结束位置不能早于起始位置。", "The source end must not be before its start."),
    "item_offsets_need_document": ("source_document", "填写原文位置须同时指定来源文件。",
                                   "Source offsets need a source document."),
    "item_number_unique_in_round": ("number", "该轮次已有此清单编号。", "This round already has an item with this number."),
    "item_state_valid": ("state", "状态无效。", "Unknown state."),
    "item_signed_off_has_signer": (
        "state", "“已销号”须由督查室在核验佐证材料后办理（请在整改任务页面点击“销号”），不能直接选择。",
        "“Signed off” is set by a supervisor's sign-off after checking the evidence (use Sign off on the item's "
        "page); it cannot be chosen here."),
    "item_reported_has_time": (
        "state", "“申请销号”须由责任单位上传佐证材料后提交，不能直接选择。",
        "“Completion reported” is set when the unit reports completion with evidence; it cannot be chosen here."),
    "evidence_one_record": (None, "佐证材料须且只能属于一个整改任务或一个目标指标。",
                            "A piece of evidence belongs to exactly one rectification item or one target."),
    "milestone_one_parent": (None, "阶段性任务须且只能属于一个整改任务或一个项目。",
                             "A milestone belongs to exactly one item or one project."),
    "project_dates_ordered": ("planned_end", "计划完工不能早于开工日期。", "planned_end must not be before starts_on."),
    "allocation_deadline_after_allocation": (
        "execution_deadline", "执行期限不能早于下达日期。", "execution_deadline must not be before allocated_on."),
    "allocation_year_plausible": ("year", "年度须在 2000–2100 之间。", "year must be within 2000–2100."),
    "allocation_amount_non_negative": ("amount", "金额不能为负。", "amount must not be negative."),
    "allocation_target_rate_percentage": ("target_rate", "执行率目标须在 0–100 之间。",
                                          "The target rate must be within 0–100."),
    "disbursement_amount_non_negative": ("amount", "金额不能为负。", "amount must not be negative."),
    "round_year_plausible": ("year", "年度须在 2000–2100 之间。", "year must be within 2000–2100."),
    "site_standard_class_in_range": ("standard_class", "水质类别须在 1–6 之间。", "standard_class must be within 1–6."),
    "metric_percentile_in_range": ("percentile", "百分位须在 0 和 1 之间。", "The percentile must be between 0 and 1."),
    "orgunit_not_own_parent": ("parent", "单位不能是自己的上级。", "A unit cannot be its own parent."),
    "user_role_valid": ("role", "角色无效。", "Unknown role."),
    "dailyreport_one_per_unit_day": ("report_date", "该单位当日已报送日报告。", "This unit has already filed for that day."),
    "dailyreport_zero_has_no_content": ("content", "零报告不填写内容。", "A zero report has no text."),
    "flag_one_open_per_subject_cause": (None, "同一对象同一原因只能有一条在办预警。",
                                        "A subject has at most one open flag per cause."),
    "flag_level_in_range": ("level", "预警等级须为 0–3。", "The level must be 0–3."),
    "notice_one_per_flag_kind": ("kind", "该预警已发过此类文书。", "This flag already has a notice of this kind."),
    "thresholds_tolerance_fraction": ("progress_tolerance", "进度容差须在 0–1 之间。", "The tolerance must be within 0–1."),
    "thresholds_margin_fraction": ("orange_margin", "橙色预警幅度须在 0–1 之间。", "The margin must be within 0–1."),
}


def constraint_message(name, language=None):
    """(field, sentence in the current language) for the constraint ``name``."""
    field, zh, en = CONSTRAINT_MESSAGES.get(
        name, (None, f"数据不符合规则“{name}”。", f"The data breaks the rule {name}."))
    english = (language or get_language() or "").lower().startswith("en")
    return field, en if english else zh


class ConstraintSentencesMixin:
    """For a ModelForm: a broken constraint's error becomes its sentence on its field
    (Django's default message only names the constraint)."""

    def _post_clean(self):
        super()._post_clean()
        errors = self._errors.get(NON_FIELD_ERRORS) if self._errors else None
        if not errors:
            return
        named = {constraint.get_violation_error_message(): constraint.name
                 for constraint in type(self.instance)._meta.constraints}
        kept, replaced = [], []
        for message in errors:
            if message in named:
                replaced.append(constraint_message(named[message]))
            else:
                kept.append(message)
        if not replaced:
            return
        if kept:
            self._errors[NON_FIELD_ERRORS] = self.error_class(kept, error_class="nonfield")
        else:
            del self._errors[NON_FIELD_ERRORS]
        for field, message in replaced:
            self.add_error(field if field in self.fields else None, message)


class ConstraintSentencesForm(ConstraintSentencesMixin, forms.ModelForm):
    pass
