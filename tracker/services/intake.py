"""From speech to ledger (讲话 → 台账): create a source document from pasted text or an
uploaded file, extract candidate targets, and turn the ones a supervisor confirms into
targets that keep their provenance (document, sentence, offsets).

Re-running extraction on the same document never duplicates what was already accepted: a
candidate whose document, offsets and value match an existing target is marked accepted.
"""
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from tracker.access import can_write_everything
from tracker.extraction import Candidate, extract
from tracker.models import Metric, MetricKind, SourceDocument, Target

from .errors import ServiceError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")


def bilingual_error(zh, en, code="invalid"):
    return ServiceError(zh, en, kind=code)


def text_from_upload(name, data):
    """The plain text of an uploaded .txt (UTF-8 or GBK/GB18030), .docx or .pdf file."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise bilingual_error("文件超过 20 MB。", "The file is larger than 20 MB.")
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "txt":
        for encoding in TEXT_ENCODINGS:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise bilingual_error("无法识别文本编码（支持 UTF-8 和 GBK）。", "Unknown text encoding (UTF-8 and GBK are supported).")
    if suffix == "docx":
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # python-docx raises several types for a broken file
            raise bilingual_error("无法读取该 Word 文件。", "This Word file cannot be read.") from exc
        return "\n".join(paragraph.text for paragraph in document.paragraphs)
    if suffix == "pdf":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(data))
            return "\n".join(page.extract_text() or "" for page in reader.pages)
        except (PdfReadError, ValueError, KeyError) as exc:
            raise bilingual_error("无法读取该 PDF 文件。", "This PDF file cannot be read.") from exc
    raise bilingual_error("只支持 .txt、.docx、.pdf 文件。", "Only .txt, .docx and .pdf files are supported.")


@transaction.atomic
def create_document(*, user, title, kind, issued_on, speaker="", text="", upload=None):
    """Create a ``SourceDocument`` from pasted text or an uploaded file (text wins if both)."""
    if not can_write_everything(user):
        raise bilingual_error("只有督查室可以录入讲话。", "Only supervisors can add documents.", code="forbidden")
    if not text.strip() and upload is not None:
        text = text_from_upload(upload.name, upload.read())
    if not text.strip():
        raise bilingual_error("请粘贴讲话全文或上传文件。", "Paste the text or upload a file.")
    document = SourceDocument(title=title, kind=kind, issued_on=issued_on, speaker=speaker, full_text=text,
                              created_by=user)
    document._history_user = user
    try:
        document.full_clean()
    except ValidationError as exc:
        raise bilingual_error(f"文件信息有误：{exc.messages[0]}", f"The document is invalid: {exc.messages[0]}") from exc
    document.save()
    return document


@dataclass(frozen=True)
class ReviewCandidate(Candidate):
    """A candidate as the review page and the API show it: the extractor's fields plus its
    position and the target already created from it, if any."""

    index: int = 0
    accepted_target_id: int | None = None


def _value_key(value):
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.0001"))


def review_candidates(document):
    """Extract candidates from a document and mark the ones already accepted."""
    candidates = extract(document.full_text, document.issued_on)
    existing = {
        (t.source_start, t.source_end, _value_key(t.target_value)): t.pk
        for t in Target.all_objects.filter(source_document=document)
    }
    return [
        ReviewCandidate(**c.as_dict(), index=index,
                        accepted_target_id=existing.get((c.start, c.end, _value_key(c.value))))
        for index, c in enumerate(candidates)
    ]


@dataclass
class Acceptance:
    """What a supervisor confirmed for one candidate (after any correction)."""

    start: int
    end: int
    title: str
    metric: Metric
    comparator: str
    value: Decimal | None
    unit: str
    deadline: dt.date
    lead_unit: object
    lead_leader: object = None
    kind: str | None = None
    period_start: dt.date | None = None


def _next_target_code(document):
    prefix = f"D{document.pk}-"
    taken = set(Target.all_objects.filter(code__startswith=prefix).values_list("code", flat=True))
    n = 1
    while f"{prefix}{n:03d}" in taken:
        n += 1
    return f"{prefix}{n:03d}"


def default_period(deadline, issued_on, kind):
    """The assessment period a confirmed target runs over: from the start of the year in
    force (or of the autumn–winter season, 1 Oct) to its deadline."""
    if deadline.month == 3 and deadline.day == 31 and kind in (MetricKind.PERIOD_MEAN, MetricKind.DAY_BUDGET):
        return dt.date(deadline.year - 1, 10, 1)
    start = dt.date(deadline.year, 1, 1)
    return min(start, issued_on) if issued_on.year == deadline.year else start


@transaction.atomic
def accept_candidates(document, acceptances, user):
    """Create one target per confirmed candidate, keeping the document, the sentence and
    its offsets. A candidate already accepted (same offsets and value) is skipped, so
    re-submitting the page creates nothing twice. Returns (created, skipped)."""
    if not can_write_everything(user):
        raise bilingual_error("只有督查室可以确认目标。", "Only supervisors can confirm targets.", code="forbidden")
    text = document.full_text
    created, skipped = [], []
    for acc in acceptances:
        if not (0 <= acc.start < acc.end <= len(text)):
            raise bilingual_error("原文位置超出文件范围。", "The sentence offsets lie outside the document.")
        value = acc.value
        duplicate = Target.all_objects.filter(
            source_document=document, source_start=acc.start, source_end=acc.end, target_value=value,
        ).first()
        if duplicate:
            skipped.append(duplicate)
            continue
        kind = acc.kind or acc.metric.kind
        period_start = acc.period_start or default_period(acc.deadline, document.issued_on, kind)
        if period_start > acc.deadline:
            period_start = acc.deadline
        target = Target(
            code=_next_target_code(document), title=acc.title[:300], metric=acc.metric, kind=kind,
            comparator=acc.comparator, target_value=value, value_masked=value is None and kind != MetricKind.MILESTONE,
            unit=acc.unit, period_start=period_start, period_end=acc.deadline, deadline=acc.deadline,
            lead_unit=acc.lead_unit, lead_leader=acc.lead_leader, source_document=document,
            source_sentence=text[acc.start:acc.end], source_start=acc.start, source_end=acc.end,
        )
        target._history_user = user
        try:
            target.full_clean()
        except ValidationError as exc:
            raise bilingual_error(
                f"第 {len(created) + len(skipped) + 1} 条候选数据有误：{exc.messages[0]}",
                f"Candidate {len(created) + len(skipped) + 1} is invalid: {exc.messages[0]}",
            ) from exc
        target.save()
        created.append(target)
    return created, skipped


def parse_decimal(raw):
    if raw in (None, ""):
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation as exc:
        raise bilingual_error(f"“{raw}”不是数字。", f"'{raw}' is not a number.") from exc
