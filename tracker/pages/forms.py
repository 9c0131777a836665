"""Forms of the pages. They check the shape of the input (a number, a date, a file) and
leave every domain rule to the service they feed; the service's bilingual error comes
back onto the field it names."""
from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.models import (
    FundAllocation, InspectionRound, Milestone, Notice, OrgUnit, RectificationItem, Site, StatusThresholds, Target,
    User,
)


class DateInput(forms.DateInput):
    """An <input type=date>, always rendered as ISO YYYY-MM-DD (what the browser accepts,
    whatever the locale's display format)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, **kwargs):
    return forms.DateField(label=label, widget=DateInput(), input_formats=["%Y-%m-%d"], **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (evidence often comes as a handful of photos)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def add_service_error(form, error):
    """Put a ServiceError's message (in the request's language) onto the field it names."""
    from django.utils.translation import get_language

    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message(get_language()))


class ObservationForm(forms.Form):
    site = forms.ModelChoiceField(label=_("站点"), queryset=Site.objects.none(), required=False,
                                  help_text=_("按站点计算的指标填写站点读数；不选站点则填报目标本身的进展。"))
    observed_on = date_field(_("日期"))
    value = forms.DecimalField(label=_("数值"), max_digits=14, decimal_places=4)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sites is not None and sites.exists():
            self.fields["site"].queryset = sites
            self.fields["site"].required = True
            if len(sites) == 1:  # one station: nothing to choose
                self.fields["site"].initial = sites[0].pk
        else:
            del self.fields["site"]


class EvidenceForm(forms.Form):
    evidence = MultipleFileField(label=_("佐证材料"), help_text=_("PDF、图片、Office 文档、OFD 或 ZIP，每个不超过 20 MB。"))
    description = forms.CharField(label=_("说明"), max_length=300, required=False)


class CompletionForm(forms.Form):
    note = forms.CharField(label=_("完成情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    evidence = MultipleFileField(label=_("佐证材料"), required=False,
                                 help_text=_("已上传的材料无须重传；没有材料不能申请销号。"))
    evidence_description = forms.CharField(label=_("材料说明"), max_length=300, required=False)


class LookbackForm(forms.Form):
    rebounded = forms.TypedChoiceField(
        label=_("回头看结果"), coerce=lambda v: v == "1",
        choices=[("0", _("巩固良好，保持销号")), ("1", _("出现反弹，重新整改"))], widget=forms.RadioSelect)
    new_deadline = date_field(_("新的整改时限"), required=False)
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class DisbursementForm(forms.Form):
    paid_on = date_field(_("支付日期"))
    amount = forms.DecimalField(label=_("金额（万元）"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class DailyReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=OrgUnit.objects.none())
    report_date = date_field(_("报告日期"))
    is_zero = forms.TypedChoiceField(label=_("类型"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                     choices=[("0", _("日报告（有新进展）")), ("1", _("零报告（无新情况）"))])
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              max_length=5000)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("响应说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                               help_text=_("说明原因、已采取的措施和预计完成时间。"))


class NoticeIssueForm(forms.Form):
    kind = forms.ChoiceField(label=_("文书类型"), choices=Notice.Kind.choices)


class ScopedModelForm(forms.ModelForm):
    """A supervisor's edit form: unit and leader choices limited to live units and to
    leaders, so a lead leader cannot be a unit's staff member."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lead_unit", "co_units", "unit"):
            if name in self.fields:
                self.fields[name].queryset = OrgUnit.objects.order_by("sort_order", "code")
        if "lead_leader" in self.fields:
            self.fields["lead_leader"].queryset = User.objects.filter(
                role__in=[User.Role.LEADER, User.Role.SUPERVISOR], is_active=True).order_by("username")
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                field.input_formats = ["%Y-%m-%d"]


class TargetForm(ScopedModelForm):
    class Meta:
        model = Target
        fields = ["code", "title", "metric", "kind", "comparator", "target_value", "value_masked", "unit",
                  "period_start", "period_end", "deadline", "deadline_text", "baseline_value", "lead_unit",
                  "co_units", "lead_leader", "sites", "points_at_risk", "is_active"]
        widgets = {"co_units": forms.SelectMultiple(attrs={"size": 6}), "sites": forms.SelectMultiple(attrs={"size": 6})}


class ItemForm(ScopedModelForm):
    class Meta:
        model = RectificationItem
        fields = ["round", "number", "problem", "measures", "lead_unit", "co_units", "lead_leader", "deadline",
                  "is_long_term"]
        widgets = {"problem": forms.Textarea(attrs={"rows": 3}), "measures": forms.Textarea(attrs={"rows": 3}),
                   "co_units": forms.SelectMultiple(attrs={"size": 6})}


class ItemBatchForm(forms.Form):
    round = forms.ModelChoiceField(label=_("督察轮次"), queryset=InspectionRound.objects.all())
    rows = forms.CharField(
        label=_("任务清单"), widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("每行一项，以制表符（从 Excel 复制）或竖线“|”分隔：编号、问题、牵头单位（名称、简称或编码）、"
                    "整改时限（YYYY-MM-DD）、整改措施（可省略）。"))
    dry_run = forms.BooleanField(label=_("只预览，不保存"), required=False, initial=True)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["sequence", "title", "due_on"]
        widgets = {"due_on": DateInput()}


class ThresholdsForm(forms.ModelForm):
    class Meta:
        model = StatusThresholds
        fields = ["warning_window_days", "progress_tolerance", "orange_margin", "trend_window_days",
                  "day_budget_margin", "rank_margin"]


class AllocationChoiceForm(forms.Form):
    allocation = forms.ModelChoiceField(queryset=FundAllocation.objects.none())
