"""Webhook delivery: HMAC-SHA256-signed JSON POSTs, exponential backoff, a delivery log
and a dead letter after the last attempt.

Each POST carries::

    Content-Type: application/json; charset=utf-8
    X-Tracker-Event: flag.raised
    X-Tracker-Delivery: <delivery id>        (the same on every retry)
    X-Tracker-Event-Id: flag-event:42        (unique per event; receivers dedupe on it)
    X-Tracker-Timestamp: 1767225600          (Unix seconds)
    X-Tracker-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>

Delivery is at-least-once: a worker that dies between the POST and recording the result
sends again after the claim's lease. Receivers should ignore an event id they have seen.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from tracker.models import WebhookDelivery
from tracker.services.errors import ServiceError

from .policy import Policy

Status = WebhookDelivery.Status


def canonical_body(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does: recompute and compare in constant time."""
    try:
        expected = sign(secret, int(timestamp), body)
    except (TypeError, ValueError):
        return False
    return hmac.compare_digest(expected, signature or "")


def backoff(attempt: int, base: int, cap: int) -> timedelta:
    """Wait before attempt ``attempt`` + 1: base, 2·base, 4·base … capped."""
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempt - 1)))


def _post(url, body, headers, timeout):
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 — admin-configured URL
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]


def attempt_delivery(delivery_id, *, now=None, policy=None) -> str | None:
    """Try one delivery if it is due: claim it, POST, record the attempt. Returns the new
    status, or None when it was not due or another worker holds it."""
    now = now or timezone.now()
    policy = policy or Policy.from_settings()
    lease = timedelta(seconds=policy.webhook_timeout_seconds + 60)
    claimable = Q(status__in=[Status.PENDING, Status.RETRYING, Status.SENDING], next_attempt_at__lte=now)
    if WebhookDelivery.objects.filter(claimable, id=delivery_id).update(
            status=Status.SENDING, next_attempt_at=now + lease, updated_at=now) != 1:
        return None
    delivery = WebhookDelivery.objects.select_related("subscription").get(id=delivery_id)
    body = canonical_body(delivery.payload)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "env-target-tracker-webhooks/1",
        "X-Tracker-Event": delivery.event_type,
        "X-Tracker-Delivery": str(delivery.id),
        "X-Tracker-Event-Id": delivery.event_key,
        "X-Tracker-Timestamp": str(timestamp),
        "X-Tracker-Signature": sign(delivery.subscription.secret, timestamp, body),
    }
    code, error = _post(delivery.subscription.url, body, headers, policy.webhook_timeout_seconds)
    attempts = delivery.attempts + 1
    ok = code is not None and 200 <= code < 300
    entry = {"attempt": attempts, "at": now.isoformat(), "status_code": code, "error": error, "ok": ok}
    changes = {"attempts": attempts, "last_status_code": code, "last_error": error,
               "log": [*delivery.log, entry], "updated_at": now}
    if ok:
        changes.update(status=Status.DELIVERED, delivered_at=now)
    elif attempts >= policy.webhook_max_attempts:
        changes.update(status=Status.DEAD_LETTER)
    else:
        changes.update(status=Status.RETRYING, next_attempt_at=now + backoff(
            attempts, policy.webhook_backoff_seconds, policy.webhook_backoff_max_seconds))
    WebhookDelivery.objects.filter(id=delivery.id, status=Status.SENDING, attempts=delivery.attempts).update(**changes)
    return changes["status"]


def due_delivery_ids(*, now=None, limit=200):
    """Deliveries due now: new, waiting for a retry, or held by a worker past its lease."""
    now = now or timezone.now()
    return list(WebhookDelivery.objects.filter(
        status__in=[Status.PENDING, Status.RETRYING, Status.SENDING], next_attempt_at__lte=now,
    ).order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit])


def requeue_dead_letters(queryset, *, now=None) -> int:
    """Give dead letters a fresh set of attempts (after the receiver is fixed)."""
    now = now or timezone.now()
    if queryset.exclude(status=Status.DEAD_LETTER).exists():
        raise ServiceError("只能重新投递死信。", "Only dead letters can be re-queued.", kind="conflict")
    return queryset.update(status=Status.PENDING, attempts=0, next_attempt_at=now, updated_at=now)
