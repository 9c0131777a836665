"""Forms of the ledger pages: the upload (kind, file, what the file does not say) and
the mapping step (which field an unknown column holds)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.access import READ, restrict
from tracker.models import InspectionRound, Metric

from .columns import KIND_LABELS, field_choices


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("台账类型"), choices=list(KIND_LABELS.items()))
    file = forms.FileField(label=_("文件（.xlsx 或 .csv）"))
    round = forms.ModelChoiceField(label=_("督察轮次（整改任务台账无“督察轮次”列时必选）"), required=False,
                                   queryset=InspectionRound.objects.none())
    year = forms.IntegerField(label=_("台账年度（用于“6月底”“年底前”等）"), required=False, min_value=2000, max_value=2100)
    metric = forms.ModelChoiceField(label=_("指标（按站点分列的监测表必选）"), required=False,
                                    queryset=Metric.objects.all(), to_field_name="code")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = restrict(InspectionRound.objects.all(), user, READ)


class MappingForm(forms.Form):
    """One choice per heading the import did not recognise (or every heading, when a
    required field has no column), plus whether to remember the choices for the unit."""

    remember = forms.BooleanField(label=_("记住此映射，供本单位下次导入使用"), required=False, initial=True)

    def __init__(self, *args, kind, headings, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("（忽略此列）"))] + field_choices(kind)
        self.headings = list(headings)
        for index, heading in enumerate(self.headings):
            self.fields[f"col_{index}"] = forms.ChoiceField(label=heading, choices=choices, required=False)

    def choices(self):
        return {heading: self.cleaned_data.get(f"col_{index}", "") for index, heading in enumerate(self.headings)}
