"""From speech to ledger (讲话 → 台账): create a source document from pasted text or an
uploaded file, extract candidate targets and rectification items, and turn the ones a
supervisor confirms into targets and items that keep their provenance (document, sentence,
offsets).

The speech's date anchors the extraction (今年, 30个工作日内); when the text states none it
is inferred (:func:`infer_issued_on`) and the page asks the supervisor to confirm it;
:func:`date_used` says afterwards which date was used and where it came from.

Re-running extraction on the same document never duplicates what was already accepted: a
candidate whose document, offsets and value match an existing target is marked accepted, and
so is an item whose round and number already exist.
"""
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from tracker.access import WRITE, can_write_everything, restrict
from tracker.extraction import Candidate, document_date, extract
from tracker.extraction.items import ItemCandidate, extract_items
from tracker.models import InspectionRound, Metric, MetricKind, OrgUnit, RectificationItem, SourceDocument, Target

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


# --- the speech's date ---------------------------------------------------------------------

DATE_SOURCES = {
    "dateline": ("文中标明的日期", "the date under the title"),
    "body": ("文中提到的日期", "a date named in the text"),
    "web page": ("网页发布日期", "the web page's publication date"),
    "inferred": ("根据文本推断（规划年度、开头的月日）", "inferred from the text (plan year, month and day near the start)"),
}


def infer_issued_on(text):
    """(date, zh, en) the text states or implies for itself, or None when it names no year."""
    found = document_date(text or "")
    if found is None:
        return None
    zh, en = DATE_SOURCES.get(found.source, (found.source, found.source))
    return found.date, zh, en


def date_used(document):
    """(zh, en) saying which date the extraction of ``document`` ran as of, and why."""
    found = infer_issued_on(document.full_text)
    day = document.issued_on.isoformat()
    if found and found[0] == document.issued_on:
        return f"{day}：{found[1]}", f"{day}: {found[2]}"
    if found:
        return (f"{day}：人工填写（文本推断为 {found[0].isoformat()}）",
                f"{day}: entered by hand (the text implies {found[0].isoformat()})")
    return f"{day}：人工填写（文中无日期可推断）", f"{day}: entered by hand (the text implies no date)"


# --- rectification items (整改任务) -----------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem(ItemCandidate):
    """A rectification item as the review page shows it: the extractor's fields plus its
    position and the item already created from it, if any."""

    index: int = 0
    accepted_item_id: int | None = None


def review_items(document):
    """Numbered rectification items in a document, marking the ones already created from it."""
    existing = {
        (i.source_start, i.source_end): i.pk
        for i in RectificationItem.all_objects.filter(source_document=document)
    }
    return [
        ReviewItem(**item.as_dict(), index=index, accepted_item_id=existing.get((item.start, item.end)))
        for index, item in enumerate(extract_items(document.full_text, document.issued_on))
    ]


def match_unit(name, units):
    """The unit a text names (exact name, else the one whose name the text's name ends with:
    "市住建局" → 住建局), or None."""
    if not name:
        return None
    by_name = {u.name: u for u in units}
    if name in by_name:
        return by_name[name]
    endings = [u for u in units if len(u.name) >= 2 and name.endswith(u.name)]
    return max(endings, key=lambda u: len(u.name)) if endings else None


@dataclass
class ItemAcceptance:
    """What a supervisor confirmed for one rectification item (after any correction)."""

    start: int
    end: int
    number: str
    problem: str
    measures: str
    lead_unit: object
    deadline: dt.date
    co_units: tuple = ()
    is_long_term: bool = False
    lead_leader: object = None


@transaction.atomic
def accept_items(document, inspection_round, acceptances, user):
    """Create one rectification item per confirmed row in ``inspection_round``, keeping the
    document and the problem's offsets. A row whose number already exists in the round is
    skipped (re-submitting creates nothing twice). Returns (created, skipped); any invalid
    row writes nothing."""
    if not can_write_everything(user):
        raise bilingual_error("只有督查室可以确认整改任务。", "Only supervisors can confirm rectification items.",
                              code="forbidden")
    if not restrict(InspectionRound.objects.filter(pk=inspection_round.pk), user, WRITE).exists():
        raise bilingual_error("无权在该督察轮次下创建任务。", "You may not add items to this inspection round.",
                              code="forbidden")
    text = document.full_text
    created, skipped = [], []
    for row, acc in enumerate(acceptances, start=1):
        if not (0 <= acc.start < acc.end <= len(text)):
            raise bilingual_error("原文位置超出文件范围。", "The sentence offsets lie outside the document.")
        if acc.deadline is None:
            raise bilingual_error(f"第 {row} 条整改任务缺少整改时限。", f"Item {row} has no deadline.")
        duplicate = RectificationItem.all_objects.filter(round=inspection_round, number=acc.number).first()
        if duplicate:
            skipped.append(duplicate)
            continue
        item = RectificationItem(
            round=inspection_round, number=acc.number[:20], problem=acc.problem, measures=acc.measures,
            lead_unit=acc.lead_unit, lead_leader=acc.lead_leader, deadline=acc.deadline,
            is_long_term=acc.is_long_term, source_document=document, source_sentence=text[acc.start:acc.end],
            source_start=acc.start, source_end=acc.end,
        )
        item._history_user = user
        try:
            item.full_clean()
        except ValidationError as exc:
            raise bilingual_error(f"第 {row} 条整改任务数据有误：{exc.messages[0]}",
                                  f"Item {row} is invalid: {exc.messages[0]}") from exc
        item.save()
        co_units = [u for u in acc.co_units if u and u != acc.lead_unit]
        if co_units:
            item.co_units.set(co_units)
        created.append(item)
    return created, skipped


def units_for(user):
    """The units a page may offer for assignment (all of them for supervisors)."""
    return restrict(OrgUnit.objects.all(), user)
