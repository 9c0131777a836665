"""Webhook sender against a real local HTTP receiver: signature, retries, dead letter."""
import datetime as dt
import http.server
import json
import threading

import pytest

from tracker.jobs import webhooks
from tracker.jobs.policy import Policy
from tracker.models import WebhookDelivery, WebhookSubscription

from .conftest import at

SECRET = "s3cret-共享"


class Receiver:
    """A local receiver on 127.0.0.1 answering with the next status in ``script`` (the
    last one repeats) and keeping every request it got."""

    def __init__(self, script):
        self.script, self.requests = list(script), []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append((dict(self.headers), body))
                status = outer.script.pop(0) if len(outer.script) > 1 else outer.script[0]
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def make_delivery(url, now):
    sub = WebhookSubscription.objects.create(name="省平台", url=url, secret=SECRET, event_types=["flag.raised"])
    return WebhookDelivery.objects.create(subscription=sub, event_type="flag.raised", event_key="flag-event:1",
                                          payload={"id": "flag-event:1", "data": {"单位": "甲县"}}, next_attempt_at=now)


POLICY = Policy(escalate_after_workdays={}, webhook_max_attempts=4, webhook_backoff_seconds=30,
                webhook_backoff_max_seconds=3600, webhook_timeout_seconds=5)


@pytest.fixture
def t0():
    return at(dt.date(2026, 5, 6))


def test_delivery_is_signed_so_the_receiver_can_verify_it(db, t0):
    with Receiver([204]) as receiver:
        delivery = make_delivery(receiver.url, t0)
        assert webhooks.attempt_delivery(delivery.id, now=t0, policy=POLICY) == "delivered"
    headers, body = receiver.requests[0]
    assert json.loads(body) == delivery.payload
    assert headers["X-Tracker-Event-Id"] == "flag-event:1"
    assert webhooks.verify(SECRET, headers["X-Tracker-Timestamp"], body, headers["X-Tracker-Signature"])
    assert not webhooks.verify("wrong", headers["X-Tracker-Timestamp"], body, headers["X-Tracker-Signature"])
    assert not webhooks.verify(SECRET, headers["X-Tracker-Timestamp"], body + b" ", headers["X-Tracker-Signature"])


def test_failing_receiver_is_retried_with_backoff_then_succeeds(db, t0):
    with Receiver([500, 503, 200]) as receiver:
        delivery = make_delivery(receiver.url, t0)
        assert webhooks.attempt_delivery(delivery.id, now=t0, policy=POLICY) == "retrying"
        delivery.refresh_from_db()
        assert delivery.next_attempt_at == t0 + dt.timedelta(seconds=30)
        # not due yet: no request is made
        assert webhooks.attempt_delivery(delivery.id, now=t0 + dt.timedelta(seconds=29), policy=POLICY) is None
        assert webhooks.attempt_delivery(delivery.id, now=t0 + dt.timedelta(seconds=30), policy=POLICY) == "retrying"
        delivery.refresh_from_db()
        assert delivery.next_attempt_at == t0 + dt.timedelta(seconds=90)  # then 60 s
        assert webhooks.attempt_delivery(delivery.id, now=t0 + dt.timedelta(seconds=90), policy=POLICY) == "delivered"
    delivery.refresh_from_db()
    assert len(receiver.requests) == 3 and delivery.attempts == 3
    assert [e["status_code"] for e in delivery.log] == [500, 503, 200]
    assert len({h["X-Tracker-Delivery"] for h, _ in receiver.requests}) == 1


def test_receiver_that_keeps_failing_ends_in_dead_letter_and_is_left_alone(db, t0):
    with Receiver([500]) as receiver:
        delivery = make_delivery(receiver.url, t0)
        now = t0
        statuses = []
        for _ in range(6):
            status = webhooks.attempt_delivery(delivery.id, now=now, policy=POLICY)
            statuses.append(status)
            now += dt.timedelta(hours=2)
    delivery.refresh_from_db()
    assert statuses == ["retrying", "retrying", "retrying", "dead_letter", None, None]
    assert (delivery.status, delivery.attempts, len(delivery.log)) == ("dead_letter", 4, 4)
    assert len(receiver.requests) == 4
    assert webhooks.due_delivery_ids(now=now) == []


def test_unreachable_receiver_counts_as_a_failed_attempt(db, t0):
    with Receiver([200]) as receiver:
        url = receiver.url
    delivery = make_delivery(url, t0)  # server closed: connection refused
    assert webhooks.attempt_delivery(delivery.id, now=t0, policy=POLICY) == "retrying"
    delivery.refresh_from_db()
    assert delivery.last_status_code is None and delivery.last_error


def test_dead_letters_can_be_requeued_but_nothing_else(db, t0):
    delivery = make_delivery("http://127.0.0.1:9/", t0)
    from tracker.services.errors import ServiceError

    with pytest.raises(ServiceError):
        webhooks.requeue_dead_letters(WebhookDelivery.objects.all(), now=t0)
    WebhookDelivery.objects.update(status="dead_letter", attempts=4)
    assert webhooks.requeue_dead_letters(WebhookDelivery.objects.all(), now=t0) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 0)


@pytest.mark.parametrize("attempt, seconds", [(1, 30), (2, 60), (3, 120), (10, 3600)])
def test_backoff_doubles_up_to_the_cap(attempt, seconds):
    assert webhooks.backoff(attempt, 30, 3600) == dt.timedelta(seconds=seconds)
