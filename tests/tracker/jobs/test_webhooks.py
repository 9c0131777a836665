"""Webhook sender against a real local HTTP receiver: signature, retries, dead letter."""
import contextlib
import dataclasses
import datetime as dt
import http.server
import json
import select
import signal
import socket
import threading

import pytest
from celery.exceptions import SoftTimeLimitExceeded

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


@pytest.fixture(autouse=True)
def local_receivers(settings):
    """The receivers here listen on 127.0.0.1; the tests of the address guard turn it back on."""
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True


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


class HangingReceiver(Receiver):
    """A receiver that never answers (until the test ends). It holds each request while
    the sender keeps the connection open and counts how many it holds at once: the
    number of POSTs the sender had in flight."""

    def __init__(self):
        self.release, self.lock = threading.Event(), threading.Lock()
        self.holding = self.most_held = 0
        self.watchers = []  # (count, event): set once `count` requests are held at once
        super().__init__([200])
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                outer.requests.append((dict(self.headers), self.rfile.read(int(self.headers["Content-Length"]))))
                with outer.lock:
                    outer.holding += 1
                    outer.most_held = max(outer.most_held, outer.holding)
                    for count, event in outer.watchers:
                        if outer.holding >= count:
                            event.set()
                while not outer.release.is_set():  # until the sender gives up and hangs up
                    readable, _, _ = select.select([self.connection], [], [], 0.05)
                    if readable and not self.connection.recv(1, socket.MSG_PEEK):
                        break
                with outer.lock:
                    outer.holding -= 1

            def log_message(self, *args):
                pass

        self.server.RequestHandlerClass = Handler

    def holding_at_once(self, count):
        """An event set as soon as ``count`` requests are held at the same time."""
        event = threading.Event()
        with self.lock:
            self.watchers.append((count, event))
            if self.holding >= count:
                event.set()
        return event

    def __exit__(self, *exc):
        self.release.set()
        super().__exit__(*exc)


def deliveries_to(url, count, now, name="接收方"):
    sub = WebhookSubscription.objects.create(name=name, url=url, secret=SECRET, event_types=["*"])
    return [WebhookDelivery.objects.create(subscription=sub, event_type="flag.raised", event_key=f"flag-event:{i}",
                                           payload={"n": i}, next_attempt_at=now) for i in range(count)]


FAST = dataclasses.replace(POLICY, webhook_timeout_seconds=1, webhook_concurrency=2)


def test_an_attempt_is_in_the_log_before_it_is_sent(db, t0):
    # given
    delivery = make_delivery("http://127.0.0.1:9/", t0)
    # when: claimed, not yet posted
    attempt = webhooks.claim(delivery.id, now=t0, policy=POLICY)
    # then
    delivery.refresh_from_db()
    assert attempt.number == 1
    assert (delivery.status, delivery.attempts) == ("sending", 1)
    assert delivery.log == [{"attempt": 1, "at": t0.isoformat(), "status_code": None,
                             "error": webhooks.SENDING_NOTE, "ok": None}]


def test_hanging_receiver_holds_only_the_pool_and_every_attempt_is_logged(db, t0):
    with HangingReceiver() as hanging, Receiver([204]) as healthy:
        # given: five deliveries to a receiver that never answers, then one to a healthy one
        stuck = deliveries_to(hanging.url, 5, t0, name="挂起的接收方")
        fine = deliveries_to(healthy.url, 1, t0, name="正常接收方")
        # when
        outcome = webhooks.send_deliveries([d.id for d in stuck + fine], policy=FAST, clock=lambda: t0)
        # then: never more POSTs in flight than the pool allows, and the healthy one went out
        assert hanging.most_held <= FAST.webhook_concurrency
        assert len(healthy.requests) == 1
    assert outcome == {"retrying": 5, "delivered": 1}
    for delivery in WebhookDelivery.objects.filter(id__in=[d.id for d in stuck]):
        assert (delivery.status, delivery.attempts, len(delivery.log)) == ("retrying", 1, 1)
        assert delivery.log[0]["ok"] is False and "timed out" in delivery.log[0]["error"]
    assert WebhookDelivery.objects.get(id=fine[0].id).status == "delivered"


def test_one_sweep_fits_its_time_limit_even_if_every_receiver_hangs():
    # given: the sender's limits and the worst case (every POST runs to its timeout)
    from tracker.tasks import SENDER

    policy = webhooks.Policy.from_settings()
    # when
    size = webhooks.sweep_size(policy, SENDER["soft_time_limit"])
    rounds = -(-size // policy.webhook_concurrency)
    # then
    assert size >= policy.webhook_concurrency
    assert rounds * policy.webhook_timeout_seconds < SENDER["soft_time_limit"]


@contextlib.contextmanager
def soft_time_limit_when(ready, *, to_main_thread=True, give_up_after=30):
    """What Celery's prefork pool does at a task's soft time limit: a signal whose handler
    raises SoftTimeLimitExceeded in the task's (main) thread, wherever it is. It is sent
    once ``ready`` is set (the receiver holds the POSTs the test wants in flight), not
    after a delay of the clock: a loaded machine may spend any delay before the POSTs
    are sent (claiming them) and the limit then lands elsewhere. The signal goes to the
    main thread, or with ``to_main_thread=False`` to another thread of the process, which
    the kernel may also pick for a signal sent to the process. Yields an event set when
    the signal was sent; after ``give_up_after`` seconds without ``ready`` none is sent."""
    def handler(signum, frame):
        raise SoftTimeLimitExceeded()

    main, sent, lock, state = threading.main_thread().ident, threading.Event(), threading.Lock(), {"on": True}

    def send():
        if ready.wait(give_up_after):
            with lock:
                if state["on"]:
                    signal.pthread_kill(main if to_main_thread else threading.get_ident(), signal.SIGALRM)
                    sent.set()

    previous = signal.signal(signal.SIGALRM, handler)
    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    try:
        yield sent
    finally:
        with lock:  # never sent once the handler is put back
            state["on"] = False
        ready.set()
        sender.join()
        signal.signal(signal.SIGALRM, previous)  # runs a handler still pending first


def test_soft_time_limit_during_a_post_is_recorded_as_a_failed_attempt(db, t0):
    slow = dataclasses.replace(POLICY, webhook_timeout_seconds=20)
    with HangingReceiver() as hanging:
        # given
        delivery = make_delivery(hanging.url, t0)
        # when: the limit comes while the receiver holds the POST
        with pytest.raises(SoftTimeLimitExceeded), soft_time_limit_when(hanging.holding_at_once(1)) as sent:
            webhooks.attempt_delivery(delivery.id, now=t0, policy=slow)
    # then
    assert sent.is_set()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("retrying", 1)
    assert delivery.log[0]["error"] == webhooks.TIME_LIMIT_NOTE and delivery.log[0]["ok"] is False


def limit_a_batch_of_four_while_two_are_held(t0, *, to_main_thread=True):
    """Four deliveries, two slots, a receiver that never answers (20 s timeout): the soft
    time limit comes while the receiver holds two POSTs. Returns (ids, outcome)."""
    slow = dataclasses.replace(POLICY, webhook_timeout_seconds=20, webhook_concurrency=2)
    with HangingReceiver() as hanging:
        ids = [d.id for d in deliveries_to(hanging.url, 4, t0)]
        with soft_time_limit_when(hanging.holding_at_once(2), to_main_thread=to_main_thread) as sent:
            outcome = webhooks.send_deliveries(ids, policy=slow, clock=lambda: t0)
    assert sent.is_set() and hanging.most_held == 2
    return ids, outcome


def assert_two_failed_at_the_limit_and_two_left_due(ids, outcome, t0):
    rows = {d.id: d for d in WebhookDelivery.objects.filter(id__in=ids)}
    assert outcome == {"retrying": 2, "left_due": 2}
    assert [(rows[i].status, rows[i].attempts) for i in ids] == [
        ("retrying", 1), ("retrying", 1), ("pending", 0), ("pending", 0)]
    assert all(rows[i].log[0]["error"] == webhooks.TIME_LIMIT_NOTE for i in ids[:2])
    assert webhooks.due_delivery_ids(now=t0) == ids[2:]


def test_soft_time_limit_in_a_batch_records_what_was_sent_and_leaves_the_rest_due(db, t0):
    # given four deliveries, two slots; when the limit comes while two POSTs are held
    ids, outcome = limit_a_batch_of_four_while_two_are_held(t0)
    # then: the two in flight are logged as failed attempts, the two never sent are untouched
    assert_two_failed_at_the_limit_and_two_left_due(ids, outcome, t0)


def test_soft_time_limit_taken_by_another_thread_stops_the_batch_before_the_posts_time_out(db, t0):
    # given the same batch; when the process takes the limit's signal in another thread
    ids, outcome = limit_a_batch_of_four_while_two_are_held(t0, to_main_thread=False)
    # then the sender still acts on it while the POSTs hang (a wait without a timeout
    # slept until they timed out after 20 s and logged that instead)
    assert_two_failed_at_the_limit_and_two_left_due(ids, outcome, t0)


# --- DNS rebinding: the address is checked at every delivery, not only when saved ----------

def _answers(*ips):
    """What ``getaddrinfo`` returns for a name resolving to ``ips``."""
    return lambda host, port, *args: [
        (socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ips]


@pytest.mark.parametrize("ips", [("10.0.0.5",), ("127.0.0.1",), ("169.254.169.254",), ("::1",),
                                 ("93.184.216.34", "192.168.1.1"), ("::ffff:127.0.0.1",)])
def test_a_name_resolving_to_an_internal_address_is_refused(ips):
    from tracker.jobs.addresses import InternalAddressError, public_addresses

    with pytest.raises(InternalAddressError):
        public_addresses("hooks.example.com", 443, resolve=_answers(*ips))


def test_a_name_resolving_to_public_addresses_passes():
    from tracker.jobs.addresses import public_addresses

    answers = public_addresses("hooks.example.com", 443, resolve=_answers("93.184.216.34", "2606:2800:220:1::1"))
    assert [a[4][0] for a in answers] == ["93.184.216.34", "2606:2800:220:1::1"]


@pytest.mark.django_db
def test_delivery_to_a_name_now_resolving_to_loopback_is_refused_and_nothing_is_sent(settings, monkeypatch):
    """Saved as a public name, the receiver's name resolves to 127.0.0.1 at delivery time
    (rebinding): the POST never reaches the local receiver, the attempt is logged as refused."""
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    t0 = at(dt.date(2026, 3, 2))
    with Receiver([200]) as receiver:
        port = receiver.server.server_address[1]
        monkeypatch.setattr("tracker.jobs.addresses.socket.getaddrinfo", _answers("127.0.0.1"))
        delivery = make_delivery(f"http://hooks.example.com:{port}/hook", t0)
        status = webhooks.attempt_delivery(delivery.id, now=t0, policy=POLICY)
        assert receiver.requests == []
    delivery.refresh_from_db()
    assert status == WebhookDelivery.Status.RETRYING
    assert delivery.last_status_code is None
    assert "refused" in delivery.last_error and "127.0.0.1" in delivery.last_error


def _serve(handler, host):
    server = http.server.ThreadingHTTPServer((host, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.django_db
@pytest.mark.parametrize("allowed", [False, True])
def test_a_redirect_to_an_internal_address_is_refused(settings, monkeypatch, allowed):
    """The first hop is "public" (here 127.0.0.2, declared public for the test), its 302
    points at 127.0.0.1: the redirect goes through the same check and never arrives. With
    private addresses allowed (the control) the same redirect does arrive."""
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = allowed
    reached = []

    class Inner(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            reached.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    inner = _serve(Inner, "127.0.0.1")

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{inner.server_address[1]}/internal")
            self.end_headers()

        def log_message(self, *args):
            pass

    outer = _serve(Redirect, "127.0.0.2")
    real = webhooks_addresses().is_internal_address
    monkeypatch.setattr("tracker.jobs.addresses.is_internal_address", lambda a: str(a) != "127.0.0.2" and real(a))
    t0 = at(dt.date(2026, 3, 2))
    try:
        delivery = make_delivery(f"http://127.0.0.2:{outer.server_address[1]}/hook", t0)
        webhooks.attempt_delivery(delivery.id, now=t0, policy=POLICY)
    finally:
        for server in (outer, inner):
            server.shutdown()
            server.server_close()
    delivery.refresh_from_db()
    if allowed:
        assert reached == ["/internal"]
    else:
        assert reached == []
        assert "refused" in delivery.last_error and "127.0.0.1" in delivery.last_error


def webhooks_addresses():
    from tracker.jobs import addresses

    return addresses
