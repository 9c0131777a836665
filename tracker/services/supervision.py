"""What supervisors (督查室) do by hand besides signing off: issue one of the 四书 letters
from a flag when the ladder's automatic letter is not enough, and answer for it."""
from django.db import transaction
from django.utils import timezone

from tracker.access import WRITE, can_write_everything, restrict
from tracker.jobs.notices import issue_notice
from tracker.jobs.notify import announce, notice_payload, recipients_for
from tracker.jobs.policy import Policy
from tracker.models import Notice

from .calendar import load_calendar
from .errors import ServiceError


def issue_notice_by_hand(flag, kind, user, *, now=None):
    """Issue the ``kind`` letter (提示函/预警函/督办函/约谈通知) for an open flag, numbered and
    due in working days like the automatic ones, and put it in the unit's inbox. A flag
    carries at most one letter of each kind."""
    if not can_write_everything(user):
        raise ServiceError("只有督查室可以发出督办文书。", "Only supervisors may issue notices.", kind="forbidden")
    if kind not in Notice.Kind.values:
        raise ServiceError("请选择文书类型。", "Choose the kind of notice.", field="kind")
    if flag.cleared_at is not None:
        raise ServiceError("该预警已解除，不能再发文书。", "This flag is cleared; no notice can be issued.",
                           kind="conflict")
    now = now or timezone.now()
    with transaction.atomic():
        notice = issue_notice(flag, kind, as_of=timezone.localdate(now), now=now, calendar=load_calendar(),
                              policy=Policy.from_settings())
        if notice is None:
            raise ServiceError(f"该预警已发过{Notice.Kind(kind).label}。",
                               f"This flag already has a {Notice.Kind(kind).name.lower()} notice.", kind="conflict")
        title = f"【{notice.get_kind_display()}】{notice.title}"
        body = f"{notice.number}，请于{notice.response_due:%Y-%m-%d}前反馈。"
        announce(f"notice:{notice.id}", "notice.issued", title, body, recipients_for(flag.unit_id),
                 {"id": f"notice:{notice.id}", "type": "notice.issued", "occurred_at": now.isoformat(),
                  "data": {"notice": notice_payload(notice)}}, now=now)
    return notice


def respond_to_notice(notice, user, response, *, now=None):
    """The unit's written answer to a letter (反馈). Answering the letter's flag does the
    same through ``acknowledge_flag``; this is for a letter answered on its own."""
    text = (response or "").strip()
    if not restrict(Notice.objects.filter(pk=notice.pk), user, WRITE).exists():
        raise ServiceError("无权反馈该文书。", "You may not answer this notice.", kind="forbidden")
    if notice.responded_at is not None:
        raise ServiceError("该文书已反馈。", "This notice has already been answered.", kind="conflict")
    if not text:
        raise ServiceError("请填写反馈内容。", "Write the response.", field="response")
    notice.responded_at, notice.response = now or timezone.now(), text[:5000]
    notice.save(update_fields=["responded_at", "response", "updated_at"])
    return notice
