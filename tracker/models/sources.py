"""Source documents (讲话/会议/文件/督察反馈) that targets and items come from."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .base import LedgerRecord


class SourceDocument(LedgerRecord):
    """A speech, meeting record, inspection feedback or plan whose sentences announce
    targets. Every target and item created from it keeps a link back to the sentence
    (provenance), so a leader can see exactly what was promised and by whom."""

    class Kind(models.TextChoices):
        SPEECH = "speech", _("讲话")
        MEETING = "meeting", _("会议")
        INSPECTION_FEEDBACK = "inspection_feedback", _("督察反馈")
        PLAN = "plan", _("方案/文件")

    title = models.CharField(_("标题"), max_length=300)
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices, default=Kind.SPEECH)
    speaker = models.CharField(_("讲话人/发文单位"), max_length=200, blank=True)
    issued_on = models.DateField(_("日期"))
    full_text = models.TextField(_("全文"))
    uploaded_file = models.FileField(_("原文件"), upload_to="documents/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["full_text"])

    class Meta:
        verbose_name = _("来源文件")
        verbose_name_plural = pgettext_lazy("plural", "来源文件")
        ordering = ["-issued_on", "id"]

    def __str__(self):
        return self.title


class Provenance(models.Model):
    """Abstract: where a record came from — the document, the sentence, its offsets."""

    source_document = models.ForeignKey(
        SourceDocument, verbose_name=_("来源文件"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    source_sentence = models.TextField(_("来源原文"), blank=True)
    source_start = models.PositiveIntegerField(_("原文起始位置"), null=True, blank=True)
    source_end = models.PositiveIntegerField(_("原文结束位置"), null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def provenance_constraints(cls, prefix):
        return [
            models.CheckConstraint(
                condition=Q(source_start__isnull=True, source_end__isnull=True)
                | Q(source_start__isnull=False, source_end__gte=F("source_start")),
                name=f"{prefix}_source_offsets_ordered",
            ),
            models.CheckConstraint(
                condition=Q(source_start__isnull=True) | Q(source_document__isnull=False),
                name=f"{prefix}_offsets_need_document",
            ),
        ]
