"""Telling people: inbox rows, emails and webhook deliveries for each transition.

Rows are created in the transaction of the transition they report (so only the process
that won it creates them), keyed by the event ("flag-event:42"): unique per user and per
subscription. Sending happens after commit, by claiming each row with a compare-and-set.
"""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from tracker.models import FlagEvent, Level, Notification, User, WebhookDelivery, WebhookSubscription

from .policy import Policy
from .subjects import CAUSE_LABELS, describe, describe_many

Event = FlagEvent.Event
EVENT_TYPES = {
    Event.RAISED: "flag.raised", Event.ESCALATED: "flag.escalated", Event.LOWERED: "flag.lowered",
    Event.CLEARED: "flag.cleared", Event.ACKNOWLEDGED: "flag.acknowledged",
}
EVENT_WORDS = {Event.RAISED: "发起", Event.ESCALATED: "升级", Event.LOWERED: "降级", Event.CLEARED: "解除",
               Event.ACKNOWLEDGED: "已响应"}
EMAIL_LEASE = timedelta(minutes=10)


def recipients_for(unit_id, *, staff=True):
    """Who hears about a flag on ``unit_id``: the unit's own staff and the supervisors."""
    q = Q(role=User.Role.SUPERVISOR)
    if staff:
        q |= Q(role=User.Role.STAFF, units__id=unit_id)
    return list(User.objects.filter(q, is_active=True).distinct().order_by("id"))


def flag_payload(flag, subject=None):
    subject = subject or describe(flag)
    return {"id": flag.id, "cause": flag.cause, "level": flag.level, "colour": Level(flag.level).name.lower(),
            "unit": {"id": flag.unit_id, "name": flag.unit.name}, "subject": {
                "type": subject.model, "id": flag.subject_id, "label": subject.label, "name": subject.name,
                "deadline": subject.deadline.isoformat() if subject.deadline else None},
            "reason": flag.reason, "figures": flag.figures,
            "raised_at": flag.raised_at.isoformat(), "cleared_at": flag.cleared_at.isoformat() if flag.cleared_at else None,
            "acknowledged_at": flag.acknowledged_at.isoformat() if flag.acknowledged_at else None}


def notice_payload(notice):
    return {"id": notice.id, "number": notice.number, "kind": notice.kind, "title": notice.title,
            "unit": notice.unit_id, "response_due": notice.response_due.isoformat(),
            "issued_at": notice.issued_at.isoformat()}


def announce_flag_events(pairs, notice_by_event, *, now):
    """Inbox rows and webhook deliveries for ``pairs`` of (transition, FlagEvent).
    Returns the ids of notifications to email and of deliveries to send."""
    subscriptions = list(WebhookSubscription.objects.filter(is_active=True))
    inbox, deliveries = [], []
    people = {}
    subjects = describe_many([t.flag for t, _ in pairs])
    for transition, event in pairs:
        flag = transition.flag
        subject = subjects[flag.id]
        staff = event.event != Event.ACKNOWLEDGED  # answers go to the supervisors
        key = (flag.unit_id, staff)
        if key not in people:
            people[key] = recipients_for(flag.unit_id, staff=staff)
        level = Level(event.new_level if event.new_level is not None else flag.level).label
        # "目标指标“…”预警发起", "整改任务“…”完成时限预警发起": a target's cause would only repeat its label
        cause = "" if flag.cause == "target_status" else CAUSE_LABELS.get(flag.cause, "").removesuffix("预警")
        title = f"【{level}】{subject.label}“{subject.name}”{cause}预警{EVENT_WORDS[event.event]}"
        notice = notice_by_event.get(event.id)
        body = event.note or flag.reason
        if notice is not None:
            body += f"\n已发出{notice.get_kind_display()}：{notice.number}，请于{notice.response_due:%Y-%m-%d}前反馈。"
        for user in people[key]:
            inbox.append(Notification(
                user=user, key=f"flag-event:{event.id}", event_type=EVENT_TYPES[event.event], title=title[:300],
                body=body, flag=flag, created_at=now, link=f"/notices/{notice.id}/print/" if notice else "",
                email_status=Notification.EmailStatus.PENDING if user.email else Notification.EmailStatus.NONE,
            ))
        payload = {"id": f"flag-event:{event.id}", "type": EVENT_TYPES[event.event], "occurred_at": now.isoformat(),
                   "data": {"event": {"id": event.id, "event": event.event, "old_level": event.old_level,
                                      "new_level": event.new_level, "note": event.note},
                            "flag": flag_payload(flag, subject),
                            "notice": notice_payload(notice) if notice else None}}
        deliveries += _deliveries(subscriptions, EVENT_TYPES[event.event], payload["id"], payload, now)
        if notice is not None:
            notice_event = {"id": f"notice:{notice.id}", "type": "notice.issued", "occurred_at": now.isoformat(),
                            "data": {"notice": notice_payload(notice), "flag": flag_payload(flag, subject)}}
            deliveries += _deliveries(subscriptions, "notice.issued", notice_event["id"], notice_event, now)
    created = Notification.objects.bulk_create(inbox)
    sent = WebhookDelivery.objects.bulk_create(deliveries)
    return ([n.id for n in created if n.email_status == Notification.EmailStatus.PENDING], [d.id for d in sent])


def announce(key, event_type, title, body, users, payload, *, now):
    """Inbox rows and deliveries for an event that is not a flag transition (a digest,
    a bulletin). Same keys-and-return convention as :func:`announce_flag_events`."""
    created = Notification.objects.bulk_create([
        Notification(user=u, key=key, event_type=event_type, title=title[:300], body=body, created_at=now,
                     email_status=Notification.EmailStatus.PENDING if u.email else Notification.EmailStatus.NONE)
        for u in users
    ])
    subs = list(WebhookSubscription.objects.filter(is_active=True))
    sent = WebhookDelivery.objects.bulk_create(_deliveries(subs, event_type, key, payload, now))
    return ([n.id for n in created if n.email_status == Notification.EmailStatus.PENDING], [d.id for d in sent])


def _deliveries(subscriptions, event_type, key, payload, now):
    return [WebhookDelivery(subscription=s, event_type=event_type, event_key=key, payload=payload,
                            next_attempt_at=now, created_at=now) for s in subscriptions if s.wants(event_type)]


EMAIL_NOT_CONFIGURED = (
    "未配置 SMTP（EMAIL_HOST）：邮件不会发送，通知保持“待发送”，配置后由定时任务补发。 / "
    "SMTP is not configured (EMAIL_HOST): no email is sent; notifications stay pending and "
    "the sweep sends them once it is configured."
)


def email_delivery_problem() -> str | None:
    """Why email cannot go out now (production without SMTP), or None when it can."""
    return None if getattr(settings, "EMAIL_DELIVERY_ENABLED", True) else EMAIL_NOT_CONFIGURED


def send_email(notification_id, *, now=None, policy=None) -> bool:
    """Email one inbox row, once: claim it (pending → sending), send, mark sent. A crash
    after the claim leaves it "sending"; :func:`pending_email_ids` hands it out again
    after the lease, so an email may repeat after a crash but is never silently lost.
    With no SMTP configured nothing is claimed: the row stays pending, never "sent"."""
    if email_delivery_problem():
        return False
    now = now or timezone.now()
    policy = policy or Policy.from_settings()
    claimable = Q(email_status=Notification.EmailStatus.PENDING) | Q(
        email_status=Notification.EmailStatus.SENDING, emailed_at__lt=now - EMAIL_LEASE)
    if Notification.objects.filter(claimable, id=notification_id).update(
            email_status=Notification.EmailStatus.SENDING, emailed_at=now) != 1:
        return False
    note = Notification.objects.select_related("user").get(id=notification_id)
    try:
        send_mail(note.title, note.body, settings.DEFAULT_FROM_EMAIL, [note.user.email])
    except Exception:  # noqa: BLE001 — any transport error: count it, retry later
        attempts = note.email_attempts + 1
        status = (Notification.EmailStatus.FAILED if attempts >= policy.email_max_attempts
                  else Notification.EmailStatus.PENDING)
        Notification.objects.filter(id=note.id).update(email_status=status, email_attempts=attempts)
        return False
    Notification.objects.filter(id=note.id).update(email_status=Notification.EmailStatus.SENT,
                                                   email_attempts=note.email_attempts + 1, emailed_at=now)
    return True


def pending_email_ids(*, now=None, limit=500):
    now = now or timezone.now()
    return list(Notification.objects.filter(
        Q(email_status=Notification.EmailStatus.PENDING)
        | Q(email_status=Notification.EmailStatus.SENDING, emailed_at__lt=now - EMAIL_LEASE)
    ).order_by("id").values_list("id", flat=True)[:limit])
