"""Webhook delivery: HMAC-SHA256-signed JSON POSTs, exponential backoff, a delivery log
and a dead letter after the last attempt.

Each POST carries::

    Content-Type: application/json; charset=utf-8
    X-Tracker-Event: flag.raised
    X-Tracker-Delivery: <delivery id>        (the same on every retry)
    X-Tracker-Event-Id: flag-event:42        (unique per event; receivers dedupe on it)
    X-Tracker-Timestamp: 1767225600          (Unix seconds)
    X-Tracker-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>

Delivery is at-least-once: each attempt is logged (and counted) when it is claimed, before
the POST; a worker that dies or hits its time limit before the answer leaves that entry
"awaiting the answer" and sends again after the claim's lease. Receivers should ignore an
event id they have seen. Many deliveries go out through :func:`send_deliveries`, a bounded
pool of concurrent POSTs, so a receiver that hangs costs one slot for its timeout and
never starves the worker's other jobs.
"""
from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded

from django.utils import timezone

from tracker.models import WebhookDelivery
from tracker.services.errors import ServiceError

from .addresses import InternalAddressError, connect_public
from .policy import Policy

Status = WebhookDelivery.Status
CLAIMABLE = [Status.PENDING, Status.RETRYING, Status.SENDING]  # SENDING: only once its lease ran out


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


class _PublicHTTPConnection(http.client.HTTPConnection):
    """Connects only to the checked public addresses of its host (``addresses.py``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = connect_public  # http.client sets socket.create_connection here


class _PublicHTTPSConnection(http.client.HTTPSConnection):
    """The same for TLS: the socket goes to a checked address, the certificate is still
    verified against the host name (SNI)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = connect_public


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_PublicHTTPSConnection, req, context=self._context, check_hostname=self._check_hostname)


# No proxy from the environment (it would connect for us, unchecked); redirects go through
# the same handlers, so a redirect to an internal address is refused like the first hop.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _PublicHTTPHandler, _PublicHTTPSHandler)


def _post(url, body, headers, timeout):
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except InternalAddressError as exc:
        return None, f"内网或保留地址，拒绝推送 / refused: {exc}"[:500]
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, InternalAddressError):
            return None, f"内网或保留地址，拒绝推送 / refused: {exc.reason}"[:500]
        return None, f"{type(exc).__name__}: {exc}"[:500]
    except (OSError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]


SENDING_NOTE = "已发出，等待回应 / sent, awaiting the answer"
TIME_LIMIT_NOTE = "任务时限已到，未收到回应 / task time limit reached before an answer"


@dataclass
class Attempt:
    """A claimed delivery, ready to POST: its attempt is already in the log ("sent,
    awaiting the answer") so a worker that dies or runs out of time mid-POST leaves a
    record, and the claim's lease hands it out again later."""

    delivery: WebhookDelivery
    number: int
    url: str
    body: bytes
    headers: dict


def claim(delivery_id, *, now, policy) -> Attempt | None:
    """Claim one due delivery (compare-and-set) and log its attempt BEFORE it is sent.
    None when it is not due or another worker holds it."""
    lease = timedelta(seconds=policy.webhook_timeout_seconds + 60)
    delivery = WebhookDelivery.objects.select_related("subscription").filter(
        id=delivery_id, status__in=CLAIMABLE, next_attempt_at__lte=now).first()
    if delivery is None:
        return None
    number = delivery.attempts + 1
    entry = {"attempt": number, "at": now.isoformat(), "status_code": None, "error": SENDING_NOTE, "ok": None}
    if WebhookDelivery.objects.filter(
            id=delivery.id, status__in=CLAIMABLE, next_attempt_at__lte=now, attempts=delivery.attempts,
    ).update(status=Status.SENDING, next_attempt_at=now + lease, attempts=number, last_status_code=None,
             last_error=SENDING_NOTE, log=[*delivery.log, entry], updated_at=now) != 1:
        return None
    delivery.log, delivery.attempts = [*delivery.log, entry], number
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
    return Attempt(delivery, number, delivery.subscription.url, body, headers)


def record(attempt: Attempt, code, error, *, now, policy) -> str:
    """Write the answer of ``attempt`` over its "awaiting" log entry and decide what next:
    delivered, a retry after the backoff, or the dead letter after the last attempt."""
    ok = code is not None and 200 <= code < 300
    log = [*attempt.delivery.log]
    log[-1] = {**log[-1], "status_code": code, "error": error, "ok": ok, "answered_at": now.isoformat()}
    changes = {"last_status_code": code, "last_error": error, "log": log, "updated_at": now}
    if ok:
        changes.update(status=Status.DELIVERED, delivered_at=now)
    elif attempt.number >= policy.webhook_max_attempts:
        changes.update(status=Status.DEAD_LETTER)
    else:
        changes.update(status=Status.RETRYING, next_attempt_at=now + backoff(
            attempt.number, policy.webhook_backoff_seconds, policy.webhook_backoff_max_seconds))
    # Only while our claim stands (a lease that ran out may have handed it to someone else).
    WebhookDelivery.objects.filter(id=attempt.delivery.id, status=Status.SENDING,
                                   attempts=attempt.number).update(**changes)
    return changes["status"]


def attempt_delivery(delivery_id, *, now=None, policy=None) -> str | None:
    """Try one delivery if it is due: claim it (logging the attempt), POST, record the
    answer. Returns the new status, or None when it was not due or another worker holds it.
    A Celery soft time limit during the POST is recorded as a failed attempt, then re-raised."""
    fixed_now = now
    now = now or timezone.now()
    policy = policy or Policy.from_settings()
    attempt = claim(delivery_id, now=now, policy=policy)
    if attempt is None:
        return None
    try:
        code, error = _post(attempt.url, attempt.body, attempt.headers, policy.webhook_timeout_seconds)
    except SoftTimeLimitExceeded:
        record(attempt, None, TIME_LIMIT_NOTE, now=timezone.now(), policy=policy)
        raise
    return record(attempt, code, error, now=fixed_now or timezone.now(), policy=policy)


# How often the sending thread wakes while every slot waits on a receiver. A soft time
# limit is a signal whose handler raises in this thread, but the kernel may hand the
# process's signal to another of its threads (a pool thread): the handler then runs only
# once this thread runs Python code again, and a wait without a timeout would sleep on
# until a POST ended, up to its whole timeout, recording a timeout instead of the limit.
WAKE_SECONDS = 0.25


def send_deliveries(delivery_ids, *, policy=None, clock=timezone.now) -> dict:
    """Send many deliveries with at most ``policy.webhook_concurrency`` POSTs in flight.

    The database work (claim before, record after) stays in the calling thread; only the
    HTTP requests run in the pool, so a receiver that hangs holds one pool slot for its
    timeout, never the worker, and every other delivery still goes out. A delivery is
    claimed only when a slot is free, so its lease starts when it is really sent. On a
    Celery soft time limit, answers already in are recorded, POSTs still in flight (or
    claimed and being handed to the pool) are recorded as failed (retried later), and
    deliveries not yet claimed stay due. Returns the count of each resulting status."""
    policy = policy or Policy.from_settings()
    outcome: dict[str, int] = {}
    pending = list(delivery_ids)
    in_flight = {}
    handing_over = None  # claimed, and not yet in in_flight
    pool = ThreadPoolExecutor(max_workers=max(1, policy.webhook_concurrency), thread_name_prefix="webhook")

    def settle(attempt, code, error):
        status = record(attempt, code, error, now=clock(), policy=policy)
        outcome[status] = outcome.get(status, 0) + 1

    try:
        while pending or in_flight:
            while pending and len(in_flight) < policy.webhook_concurrency:
                handing_over = claim(pending.pop(0), now=clock(), policy=policy)
                if handing_over is not None:
                    future = pool.submit(_post, handing_over.url, handing_over.body, handing_over.headers,
                                         policy.webhook_timeout_seconds)
                    in_flight[future], handing_over = handing_over, None
            if in_flight:
                done, _ = wait(list(in_flight), timeout=WAKE_SECONDS, return_when=FIRST_COMPLETED)
                for future in done:
                    settle(in_flight.pop(future), *future.result())
    except SoftTimeLimitExceeded:
        if handing_over is not None:  # its POST may have gone out: failed, like those in flight
            settle(handing_over, None, TIME_LIMIT_NOTE)
        for future in list(in_flight):
            if future.done():
                settle(in_flight.pop(future), *future.result())
            else:
                settle(in_flight.pop(future), None, TIME_LIMIT_NOTE)
        outcome["left_due"] = len(pending)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return outcome


def sweep_size(policy, soft_time_limit) -> int:
    """How many deliveries one sweep may take so that, even if every receiver hangs for
    the whole timeout, the sweep ends inside its soft time limit (with 20 s to spare)."""
    rounds = max(1, (soft_time_limit - 20) // max(1, policy.webhook_timeout_seconds))
    return max(1, policy.webhook_concurrency) * rounds


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
