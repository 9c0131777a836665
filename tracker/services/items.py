"""The rectification life cycle (整改任务): report completion (申请销号), sign-off (销号),
look-back (回头看) with rebound (反弹). Each function checks the rule, changes one item
and lets the model's history record it; callers wrap them in a transaction."""
import datetime as dt

from django.utils import timezone

from tracker.access import READ, WRITE, can_write_everything, owned, restrict
from tracker.models import Evidence, InspectionRound, OrgUnit, RectificationItem

from .bulk import (
    CREATED, UNCHANGED, UPDATED, RowError, parse_bool, parse_date, parse_text, refused_reference, run_bulk,
    screen_rows,
)
from .errors import ServiceError
from .evidence import check_evidence_file
from .plausibility import check_new_deadline

State = RectificationItem.State


def report_completion(item, user, *, note="", evidence_files=(), evidence_description=""):
    """申请销号 report completion: the lead unit says the problem is fixed and attaches
    evidence. Allowed from 待整改 or 整改中; at least one piece of evidence is required."""
    if item.state not in (State.ASSIGNED, State.IN_PROGRESS):
        raise ServiceError(
            f"当前状态为“{item.get_state_display()}”，不能申请销号。",
            f"Completion can only be reported for an assigned or in-progress item (state is {item.state}).",
            kind="conflict",
        )
    for upload in evidence_files:
        check_evidence_file(upload)
    for upload in evidence_files:
        Evidence.objects.create(item=item, file=upload, description=evidence_description, uploaded_by=user)
    if not item.evidence.exists():
        raise ServiceError("申请销号须附佐证材料。", "Reporting completion needs at least one piece of evidence.",
                           field="evidence")
    item.state = State.REPORTED
    item.completion_reported_at = timezone.now()
    item.completion_note = note
    item.save()
    return item


def _require_supervisor(user, zh_action, en_action):
    if not can_write_everything(user):
        raise ServiceError(f"只有督查室可以{zh_action}。", f"Only supervisors may {en_action}.", kind="forbidden")


def sign_off(item, user, *, today=None):
    """销号 sign-off: a supervisor verifies the evidence and closes the item; the look-back
    date is set from the round's interval."""
    _require_supervisor(user, "销号", "sign off an item")
    if item.state != State.REPORTED:
        raise ServiceError(
            f"当前状态为“{item.get_state_display()}”，只有“申请销号”的任务可以销号。",
            f"Only an item whose completion was reported can be signed off (state is {item.state}).",
            kind="conflict",
        )
    if not item.evidence.exists():
        raise ServiceError("没有佐证材料，不能销号。", "An item without evidence cannot be signed off.",
                           field="evidence", kind="conflict")
    now = timezone.now()
    today = today or timezone.localdate()
    item.state = State.SIGNED_OFF
    item.signed_off_by = user
    item.signed_off_at = now
    item.lookback_due = today + dt.timedelta(days=item.round.lookback_after_days)
    item.lookback_done_at = None
    item.save()
    return item


def record_lookback(item, user, *, rebounded, new_deadline=None, note="", today=None):
    """回头看 look-back result. Holding: the item stays signed off. Rebound (反弹): back to
    整改中 with a new deadline (after today) and one more rebound counted."""
    _require_supervisor(user, "登记回头看结果", "record a look-back")
    if item.state != State.SIGNED_OFF:
        raise ServiceError("只有已销号的任务可以回头看。", "Only a signed-off item can be looked back at.",
                           kind="conflict")
    today = today or timezone.localdate()
    item.lookback_done_at = timezone.now()
    if rebounded:
        if new_deadline is None:
            raise ServiceError("反弹须给出新的整改时限。", "A rebound needs a new deadline.", field="new_deadline")
        if new_deadline <= today:
            raise ServiceError("新的整改时限须晚于今天。", "The new deadline must be after today.",
                               field="new_deadline")
        check_new_deadline(new_deadline, today)
        item.state = State.IN_PROGRESS
        item.deadline = new_deadline
        item.rebound_count += 1
        item.signed_off_by = None
        item.signed_off_at = None
        item.completion_reported_at = None
        item.lookback_due = None
        if note:
            item.completion_note = f"{item.completion_note}\n回头看反弹 / look-back rebound: {note}".strip()
    item.save()
    return item


def upsert_items(rows, user, *, partial=False, dry_run=False):
    """Bulk create or update rectification items (a round's feedback list, 问题清单),
    identified by round code + item number. Life-cycle fields are never set here: use
    report_completion / sign_off / record_lookback."""
    rows = screen_rows(rows)
    dicts = [row for row in rows if isinstance(row, dict)]
    rounds = {r.code: r for r in restrict(InspectionRound.objects.filter(
        code__in={str(row.get("round")) for row in dicts}), user, READ)}
    unit_codes = {str(row.get("lead_unit")) for row in dicts}
    for row in dicts:
        if isinstance(row.get("co_units"), list):
            unit_codes |= {str(code) for code in row["co_units"]}
    # Only units the user may name exist for this import; a sibling's code and a code
    # that exists nowhere get the same answer.
    units = {u.code: u for u in restrict(OrgUnit.objects.filter(code__in=unit_codes), user, READ)}
    writable_units = set(owned(OrgUnit.objects.filter(code__in=unit_codes), user)
                         .values_list("code", flat=True))

    def code(row, name):
        value = row.get(name)
        return value if isinstance(value, str) else None

    def apply_row(index, row):
        round_ = rounds.get(code(row, "round"))
        if round_ is None:
            raise refused_reference("round", "督察轮次", "Round", row.get("round"))
        number = parse_text(row, "number", 20)
        if not number:
            raise RowError("number", "缺少清单编号。", "number is required.")
        lead_code = code(row, "lead_unit")
        if lead_code not in units or lead_code not in writable_units:
            raise refused_reference("lead_unit", "单位", "Unit", row.get("lead_unit"))
        co_codes = row.get("co_units") or []
        if not isinstance(co_codes, list) or any(not isinstance(c, str) for c in co_codes):
            raise RowError("co_units", "配合单位须为单位编码的列表。", "co_units must be a list of unit codes.")
        for co_code in co_codes:
            if co_code not in units:
                raise refused_reference("co_units", "单位", "Unit", co_code)
        values = {
            "problem": parse_text(row, "problem", 10000),
            "measures": parse_text(row, "measures", 10000),
            "lead_unit": units[lead_code],
            "deadline": parse_date(row, "deadline"),
            "is_long_term": parse_bool(row, "is_long_term"),
        }
        if not values["problem"]:
            raise RowError("problem", "缺少问题描述。", "problem is required.")
        co_units = {units[c] for c in co_codes}
        existing = RectificationItem.objects.filter(round=round_, number=number).first()
        if existing is None:
            item = RectificationItem.objects.create(round=round_, number=number, **values)
            item.co_units.set(co_units)
            return CREATED
        if not restrict(RectificationItem.objects.filter(pk=existing.pk), user, WRITE).exists():
            raise refused_reference("number", "清单编号", "Item number", number)
        if all(getattr(existing, name) == value for name, value in values.items()) \
                and set(existing.co_units.all()) == co_units:
            return UNCHANGED
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        existing.co_units.set(co_units)
        return UPDATED

    return run_bulk(rows, apply_row, partial=partial, dry_run=dry_run)


def add_evidence(item, user, files, *, description=""):
    """Attach evidence (佐证材料) to an item the user may write; signed-off items are closed."""
    if not restrict(RectificationItem.objects.filter(pk=item.pk), user, WRITE).exists():
        raise ServiceError("无权为该任务上传佐证材料。", "You may not add evidence to this item.", kind="forbidden")
    if item.state == State.SIGNED_OFF:
        raise ServiceError("已销号的任务不能再上传佐证材料。", "A signed-off item takes no more evidence.",
                           kind="conflict")
    if not files:
        raise ServiceError("请选择要上传的文件。", "Choose a file to upload.", field="evidence")
    for upload in files:
        check_evidence_file(upload)
    return [Evidence.objects.create(item=item, file=upload, description=description[:300], uploaded_by=user)
            for upload in files]


def start_rectification(item, user):
    """整改中: the lead unit starts work on an assigned item."""
    if not restrict(RectificationItem.objects.filter(pk=item.pk), user, WRITE).exists():
        raise ServiceError("无权办理该任务。", "You may not work on this item.", kind="forbidden")
    if item.state != State.ASSIGNED:
        raise ServiceError(f"当前状态为“{item.get_state_display()}”，只有“待整改”的任务可以开始整改。",
                           f"Only an assigned item can be started (state is {item.state}).", kind="conflict")
    item.state = State.IN_PROGRESS
    item.save()
    return item
