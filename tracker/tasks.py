"""Celery tasks: thin wrappers that pick the date, call a service in ``tracker.jobs`` and
log what changed. Every task is idempotent (safe to run twice, or from two beats), so
``acks_late`` redelivery after a crash and the autoretry below are safe.

Senders (email, webhooks) are enqueued on commit: after the transaction that created the
rows commits, never before, and a broker that is down only logs a warning
(:func:`enqueue_safely`). The beat sweeps pick up anything whose message was lost.
"""
from __future__ import annotations

import dataclasses
import logging
from functools import partial
from datetime import date

from datetime import timedelta

from celery import current_app, group, shared_task
from celery.signals import task_prerun
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from tracker.services.errors import ServiceError

logger = logging.getLogger(__name__)

# Transient failures worth a retry: the database went away, a lock timed out.
RETRY_ON = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
JOB = {
    "acks_late": True, "reject_on_worker_lost": True,
    "autoretry_for": RETRY_ON, "retry_backoff": 10, "retry_backoff_max": 600, "retry_jitter": True,
    "max_retries": 5, "soft_time_limit": 600, "time_limit": 900,  # < broker visibility timeout (1200 s)
}
SENDER = {**JOB, "soft_time_limit": 120, "time_limit": 180}


@task_prerun.connect
def _record_scheduled_run(sender=None, args=None, kwargs=None, **_):
    """A daily or weekly job notes the slot it runs for, so the catch-up sweep knows it ran."""
    from tracker.jobs.catchup import record_run

    as_of = (kwargs or {}).get("as_of", args[0] if args else None)
    record_run(settings.CELERY_BEAT_SCHEDULE, sender.name, as_of, now=timezone.now())


@shared_task(**JOB)
def catch_up_missed_jobs_task():
    """Run once, now, each daily or weekly job whose latest beat tick was lost (docs/jobs.md)."""
    from tracker.jobs.catchup import claim_missed_runs

    def enqueue(missed):
        current_app.tasks[missed.task].apply_async(kwargs={"as_of": missed.as_of})

    grace = timedelta(minutes=settings.TRACKER_JOBS["CATCH_UP_GRACE_MINUTES"])
    claimed = claim_missed_runs(settings.CELERY_BEAT_SCHEDULE, now=timezone.now(), grace=grace, enqueue=enqueue)
    for missed in claimed:
        logger.warning("catch_up: %s missed its %s run; enqueued for %s", missed.entry,
                       timezone.localtime(missed.slot).isoformat(), missed.as_of)
    return [f"{m.entry}@{m.slot.isoformat()}" for m in claimed]


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


def enqueue_safely(task, *args) -> bool:
    """Send ``task`` to the broker; if the broker is down, log it and go on. Used for the
    senders only: their rows are already stored pending, and the beat sweeps (emails every
    5 min, webhooks every minute) pick them up once the broker is back, so a lost message
    delays a send and never fails the write that caused it."""
    try:
        task.apply_async(args)
        return True
    except Exception:  # noqa: BLE001 — kombu/redis raise several kinds; none may fail the caller
        logger.warning("enqueue failed, left for the sweep: %s%r", task.name, args, exc_info=True)
        return False


def _dispatch(name, outcome, **extra):
    """Log the outcome and hand new emails and webhook deliveries to the senders."""
    for nid in outcome.emails:
        transaction.on_commit(partial(enqueue_safely, send_email_task, nid))
    if outcome.deliveries:  # one bounded, concurrent batch: a hanging receiver cannot hold the worker
        transaction.on_commit(partial(enqueue_safely, deliver_webhooks_task, list(outcome.deliveries)))
    summary = {**outcome.as_dict(), **extra}
    logger.info("%s: %s", name, summary)
    return summary


def split_pass(task, day, kind, units):
    """Hand a pass to the workers in chunks of units (:mod:`tracker.jobs.fanout`), or return
    None to run it here: when it already is one chunk, when ``PASS_CHUNKS`` is 1, or when it
    runs in-process (``run_jobs`` without ``--enqueue``, eager tests).

    With a result backend (Redis) the task is *replaced* by the group of its chunks, so in
    a chain (``run_jobs --enqueue``) the next job starts only after every chunk finished.
    Without one (the embedded broker) the chunks are sent and the chain goes on."""
    from tracker.jobs.fanout import pass_chunks

    if units is not None or task.request.is_eager or task.request.called_directly:
        return None
    chunks = pass_chunks(kind)
    if len(chunks) <= 1:
        return None
    chunked = group(task.si(as_of=day.isoformat(), units=chunk) for chunk in chunks)
    logger.info("%s: %s split into %d chunks of units", task.name, day.isoformat(), len(chunks))
    if current_app.conf.result_backend:
        return task.replace(chunked)
    chunked.apply_async()
    return {"as_of": day.isoformat(), "chunks": len(chunks)}


@shared_task(bind=True, **JOB)
def evaluate_targets_task(self, as_of=None, units=None):
    """Evaluate every target (status engine), then make target flags follow the stored levels;
    ``units`` limits both to the targets those units lead (one chunk of a split pass)."""
    from tracker.jobs.scans import sync_target_flags
    from tracker.models import Target
    from tracker.services.evaluation import evaluate_all  # the status engine's DB pass

    day = parse_as_of(as_of)
    if (split := split_pass(self, day, "evaluate", units)) is not None:
        return split
    targets = None if units is None else Target.objects.filter(lead_unit_id__in=units)
    evaluation = _brief(evaluate_all(day, targets=targets))
    return _dispatch("evaluate_targets", sync_target_flags(day, units=units), as_of=day.isoformat(),
                     evaluation=evaluation, **_chunk(units))


def _chunk(units):
    return {} if units is None else {"units": len(units)}


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


@shared_task(bind=True, **JOB)
def scan_rectification_items_task(self, as_of=None, units=None):
    from tracker.jobs.scans import scan_rectification_items

    day = parse_as_of(as_of)
    if (split := split_pass(self, day, "items", units)) is not None:
        return split
    return _dispatch("scan_rectification_items", scan_rectification_items(day, units=units), as_of=day.isoformat(), **_chunk(units))


@shared_task(bind=True, **JOB)
def scan_milestones_task(self, as_of=None, units=None):
    from tracker.jobs.scans import scan_milestones

    day = parse_as_of(as_of)
    if (split := split_pass(self, day, "milestones", units)) is not None:
        return split
    return _dispatch("scan_milestones", scan_milestones(day, units=units), as_of=day.isoformat(), **_chunk(units))


@shared_task(bind=True, **JOB)
def scan_funds_task(self, as_of=None, units=None):
    from tracker.jobs.scans import scan_funds

    day = parse_as_of(as_of)
    if (split := split_pass(self, day, "funds", units)) is not None:
        return split
    return _dispatch("scan_funds", scan_funds(day, units=units), as_of=day.isoformat(), **_chunk(units))


@shared_task(bind=True, **JOB)
def scan_daily_reports_task(self, as_of=None, units=None):
    from tracker.jobs.scans import scan_daily_reports

    day = parse_as_of(as_of)
    if (split := split_pass(self, day, "daily_reports", units)) is not None:
        return split
    return _dispatch("scan_daily_reports", scan_daily_reports(day, units=units), as_of=day.isoformat(), **_chunk(units))


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
    from tracker.jobs.notify import email_delivery_problem, pending_email_ids, send_email

    problem = email_delivery_problem()
    if problem:
        logger.warning("send_pending_emails: %d waiting. %s", len(pending_email_ids()), problem)
        return 0
    return sum(bool(send_email(nid)) for nid in pending_email_ids())


@shared_task(**SENDER)
def deliver_webhook_task(delivery_id):
    from tracker.jobs.webhooks import attempt_delivery

    return attempt_delivery(delivery_id)


@shared_task(**SENDER)
def deliver_webhooks_task(delivery_ids):
    """A batch of new deliveries, at most WEBHOOK_CONCURRENCY POSTs in flight."""
    from tracker.jobs.webhooks import send_deliveries

    return send_deliveries(delivery_ids)


@shared_task(**SENDER)
def deliver_due_webhooks_task():
    """Retries whose backoff has passed, and first attempts whose message was lost: as many
    as can be sent inside the soft time limit even if every receiver hangs."""
    from tracker.jobs.policy import Policy
    from tracker.jobs.webhooks import due_delivery_ids, send_deliveries, sweep_size

    policy = Policy.from_settings()
    ids = due_delivery_ids(limit=sweep_size(policy, SENDER["soft_time_limit"]))
    return send_deliveries(ids, policy=policy)
