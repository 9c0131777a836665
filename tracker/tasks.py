"""Celery tasks: thin wrappers that pick the date, call a service in ``tracker.jobs`` and
log what changed. Every task is idempotent (safe to run twice, or from two beats), so
``acks_late`` redelivery after a crash and the autoretry below are safe.

Senders (email, webhooks) are enqueued with ``delay_on_commit``: after the transaction
that created the rows commits, never before. The beat sweeps pick up anything whose
message was lost.
"""
from __future__ import annotations

import dataclasses
import logging
from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from tracker.services.errors import ServiceError

logger = logging.getLogger(__name__)

# Transient failures worth a retry: the database went away, a lock timed out.
RETRY_ON = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
JOB = {
    "acks_late": True, "reject_on_worker_lost": True,
    "autoretry_for": RETRY_ON, "retry_backoff": 10, "retry_backoff_max": 600, "retry_jitter": True,
    "max_retries": 5, "soft_time_limit": 600, "time_limit": 900,  # < broker visibility timeout (3600 s)
}
SENDER = {**JOB, "soft_time_limit": 120, "time_limit": 180}


def parse_as_of(value) -> date:
    """The date a job works for: today in Asia/Shanghai, or an ISO date given to replay a day."""
    if value in (None, ""):
        return timezone.localdate()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ServiceError(f"日期格式应为 YYYY-MM-DD：{value!r}", f"as_of must be a YYYY-MM-DD date: {value!r}",
                           field="as_of") from None


def _dispatch(name, outcome, **extra):
    """Log the outcome and hand new emails and webhook deliveries to the senders."""
    for nid in outcome.emails:
        send_email_task.delay_on_commit(nid)
    for did in outcome.deliveries:
        deliver_webhook_task.delay_on_commit(did)
    summary = {**outcome.as_dict(), **extra}
    logger.info("%s: %s", name, summary)
    return summary


@shared_task(**JOB)
def evaluate_targets_task(as_of=None):
    """Evaluate every target (status engine), then make target flags follow the stored levels."""
    from tracker.jobs.scans import sync_target_flags
    from tracker.services.evaluation import evaluate_all  # the status engine's DB pass

    day = parse_as_of(as_of)
    evaluation = _brief(evaluate_all(day))
    return _dispatch("evaluate_targets", sync_target_flags(day), as_of=day.isoformat(), evaluation=evaluation)


def _brief(summary):
    """A small, JSON-safe digest of the status engine's summary for the log."""
    if dataclasses.is_dataclass(summary):
        counts = getattr(summary, "counts", {}) or {}
        return {"counts": {str(int(k)): v for k, v in counts.items()},
                "changed": len(getattr(summary, "changed_ids", []) or []),
                "failed": len(getattr(summary, "failed_ids", []) or [])}
    return summary if isinstance(summary, (dict, int, type(None))) else str(summary)


@shared_task(**JOB)
def sync_target_flags_task(as_of=None):
    """Target flags from the stored levels only (after a manual or API-triggered evaluation)."""
    from tracker.jobs.scans import sync_target_flags

    day = parse_as_of(as_of)
    return _dispatch("sync_target_flags", sync_target_flags(day), as_of=day.isoformat())


@shared_task(**JOB)
def scan_rectification_items_task(as_of=None):
    from tracker.jobs.scans import scan_rectification_items

    day = parse_as_of(as_of)
    return _dispatch("scan_rectification_items", scan_rectification_items(day), as_of=day.isoformat())


@shared_task(**JOB)
def scan_milestones_task(as_of=None):
    from tracker.jobs.scans import scan_milestones

    day = parse_as_of(as_of)
    return _dispatch("scan_milestones", scan_milestones(day), as_of=day.isoformat())


@shared_task(**JOB)
def scan_funds_task(as_of=None):
    from tracker.jobs.scans import scan_funds

    day = parse_as_of(as_of)
    return _dispatch("scan_funds", scan_funds(day), as_of=day.isoformat())


@shared_task(**JOB)
def scan_daily_reports_task(as_of=None):
    from tracker.jobs.scans import scan_daily_reports

    day = parse_as_of(as_of)
    return _dispatch("scan_daily_reports", scan_daily_reports(day), as_of=day.isoformat())


@shared_task(**JOB)
def escalate_unanswered_flags_task(as_of=None):
    from tracker.jobs.flags import escalate_unanswered

    day = parse_as_of(as_of)
    return _dispatch("escalate_unanswered_flags", escalate_unanswered(day), as_of=day.isoformat())


@shared_task(**JOB)
def send_morning_digest_task(as_of=None):
    from tracker.jobs.digests import publish_morning_digest

    day = parse_as_of(as_of)
    outcome, digest = publish_morning_digest(day)
    return _dispatch("morning_digest", outcome, as_of=day.isoformat(), digest=digest.id if digest else None)


@shared_task(**JOB)
def publish_weekly_bulletin_task(as_of=None):
    from tracker.jobs.digests import publish_weekly_bulletin

    day = parse_as_of(as_of)
    outcome, digest = publish_weekly_bulletin(day)
    return _dispatch("weekly_bulletin", outcome, as_of=day.isoformat(), digest=digest.id if digest else None)


@shared_task(**JOB)
def generate_bulletin_task(bulletin_id):
    """Fill one requested bulletin (通报 "generate now"); a second run finds it ready."""
    from tracker.dashboard.bulletins import generate

    bulletin = generate(bulletin_id)
    return {"bulletin": bulletin.pk, "status": bulletin.status}


@shared_task(**SENDER)
def send_email_task(notification_id):
    from tracker.jobs.notify import send_email

    return send_email(notification_id)


@shared_task(**SENDER)
def send_pending_emails_task():
    from tracker.jobs.notify import pending_email_ids, send_email

    return sum(bool(send_email(nid)) for nid in pending_email_ids())


@shared_task(**SENDER)
def deliver_webhook_task(delivery_id):
    from tracker.jobs.webhooks import attempt_delivery

    return attempt_delivery(delivery_id)


@shared_task(**SENDER)
def deliver_due_webhooks_task():
    """Retries whose backoff has passed, and first attempts whose message was lost."""
    from tracker.jobs.webhooks import attempt_delivery, due_delivery_ids

    return [attempt_delivery(did) for did in due_delivery_ids()]
