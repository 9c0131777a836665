"""Forms of the review pages: a new document, one row per candidate target, one row per
rectification item."""
from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.models import Comparator, InspectionRound, Metric, MetricKind, OrgUnit, SourceDocument, User


class ISODateInput(forms.DateInput):
    """An <input type=date>: browsers accept only ISO YYYY-MM-DD in its value, whatever the
    page's language (zh-Hans would otherwise format it 2026/12/02, which the input rejects)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=300)
    kind = forms.ChoiceField(label=_("类型"), choices=SourceDocument.Kind.choices, initial=SourceDocument.Kind.SPEECH)
    speaker = forms.CharField(label=_("讲话人/发文单位"), max_length=200, required=False)
    issued_on = forms.DateField(
        label=_("讲话日期"), widget=ISODateInput(),
        help_text=_("必填。文中未写日期时，点“从文本读取日期”按规划年度等推断后再确认。"),
        error_messages={"required": _("请填写讲话日期（可先从文本读取）。 / Enter the speech's date (or read it from the text first).")},
    )
    text = forms.CharField(label=_("粘贴全文"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    upload = forms.FileField(label=_("或上传文件（.txt/.docx/.pdf）"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("upload"):
            raise forms.ValidationError(_("请粘贴讲话全文或上传文件。 / Paste the text or upload a file."))
        return data


class DefaultsForm(forms.Form):
    """The lead unit and leader applied to every accepted row that names none."""

    lead_unit = forms.ModelChoiceField(label=_("默认牵头单位"), queryset=OrgUnit.objects.all(), required=False)
    lead_leader = forms.ModelChoiceField(
        label=_("默认牵头领导"), queryset=User.objects.filter(role=User.Role.LEADER, is_active=True), required=False,
    )


class CandidateForm(forms.Form):
    accept = forms.BooleanField(label=_("确认"), required=False)
    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(label=_("名称"), max_length=300)
    metric = forms.ModelChoiceField(label=_("指标"), queryset=Metric.objects.all(), required=False)
    kind = forms.ChoiceField(label=_("算法"), choices=[("", _("按指标默认"))] + list(MetricKind.choices), required=False)
    comparator = forms.ChoiceField(label=_("比较"), choices=Comparator.choices)
    value = forms.DecimalField(label=_("目标值"), required=False, max_digits=14, decimal_places=4)
    unit = forms.CharField(label=_("单位"), max_length=20, required=False)
    deadline = forms.DateField(label=_("完成时限"), required=False, widget=ISODateInput())
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=OrgUnit.objects.all(), required=False)

    def clean(self):
        data = super().clean()
        if data.get("accept"):
            if not data.get("metric"):
                self.add_error("metric", _("请选择指标。 / Choose a metric."))
            if not data.get("deadline"):
                self.add_error("deadline", _("请填写完成时限。 / Enter a deadline."))
        return data


CandidateFormSet = forms.formset_factory(CandidateForm, extra=0)


class ItemDefaultsForm(forms.Form):
    """The inspection round the confirmed items join, and the lead unit for rows naming none."""

    round = forms.ModelChoiceField(label=_("督察轮次"), queryset=InspectionRound.objects.all())
    lead_unit = forms.ModelChoiceField(label=_("默认牵头单位"), queryset=OrgUnit.objects.all(), required=False)


class ItemForm(forms.Form):
    accept = forms.BooleanField(label=_("确认"), required=False)
    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    number = forms.CharField(label=_("清单编号"), max_length=20)
    problem = forms.CharField(label=_("问题"), widget=forms.Textarea(attrs={"rows": 2}))
    measures = forms.CharField(label=_("整改措施"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=OrgUnit.objects.all(), required=False)
    co_units = forms.ModelMultipleChoiceField(label=_("配合单位"), queryset=OrgUnit.objects.all(), required=False)
    deadline = forms.DateField(label=_("整改时限"), required=False, widget=ISODateInput())
    is_long_term = forms.BooleanField(label=_("长期整改"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("accept") and not data.get("deadline"):
            self.add_error("deadline", _("请填写整改时限。 / Enter a deadline."))
        return data


ItemFormSet = forms.formset_factory(ItemForm, extra=0)
