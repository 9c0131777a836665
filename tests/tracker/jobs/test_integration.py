"""Integration: real Celery worker and beat processes on Redis, against the test database.

Run only when REDIS_URL is set (and the database is one that other processes can open,
i.e. PostgreSQL). Every wait is bounded; every process is killed at the end. The
worker and beats use a queue of their own so parallel runs on the shared Redis cannot
take each other's messages; the tests that kill processes or restart Redis use a
private redis-server on a free port, so they never disturb the shared one.
"""
import contextlib
import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import OrgUnitFactory, RectificationItemFactory, TargetFactory, UserFactory
from tracker.models import Flag, FlagEvent, Notice, Notification, Target, User

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (Redis integration tests)"),
]
ROOT = Path(__file__).resolve().parents[3]
HARNESS = "tests.tracker.jobs.celery_harness"
TASK = "tracker.tasks.evaluate_targets_task"


def wait_for(what, predicate, timeout=90, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def database_url():
    s = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("worker subprocesses need a database they can open (PostgreSQL); SQLite tests run in memory")
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    """Start subprocesses in their own process groups; kill every group on exit."""

    def __init__(self, workdir, env):
        self.workdir, self.env, self.procs = workdir, env, {}

    def start(self, name, *args, env=None):
        log = open(self.workdir / f"{name}.log", "ab")
        proc = subprocess.Popen([*args], cwd=ROOT, env={**self.env, **(env or {})}, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs[name] = proc
        return proc

    def celery(self, name, *args, env=None):
        return self.start(name, sys.executable, "-m", "celery", "-A", HARNESS, *args, env=env)

    def worker(self, name="worker", env=None):
        return self.celery(name, "worker", "-Q", self.env["CELERY_TASK_DEFAULT_QUEUE"], "--pool=prefork",
                           "--concurrency=2", "--loglevel=INFO", f"--hostname={name}-{uuid.uuid4().hex[:6]}@%h",
                           "--without-gossip", "--without-mingle", "--without-heartbeat", env=env)

    def kill(self, name, sig=signal.SIGKILL):
        proc = self.procs.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        proc.wait(timeout=30)

    def log(self, name):
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for _name, proc in list(self.procs.items()):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)
        self.procs.clear()


class PrivateRedis:
    """A redis-server of our own on a free port (AOF on or off), restartable."""

    def __init__(self, workdir, aof):
        self.dir, self.port, self.aof, self.proc = workdir, free_port(), aof, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
                "--save", "", "--maxmemory-policy", "noeviction"]
        args += ["--appendonly", "yes", "--appendfsync", "always"] if self.aof else ["--appendonly", "no"]
        self.proc = subprocess.Popen(args, stdout=open(self.dir / "redis.log", "ab"), stderr=subprocess.STDOUT,
                                     start_new_session=True)
        wait_for("private redis", self.ping, timeout=20, interval=0.2)

    def ping(self):
        return self.cli("ping") == "PONG"

    def cli(self, *args):
        done = subprocess.run(["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True, timeout=10)
        return done.stdout.strip()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.cli("shutdown", "nosave" if not self.aof else "save")
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server not installed")
    servers = []

    def make(aof):
        server = PrivateRedis(tmp_path, aof)
        servers.append(server)
        server.start()
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def world(transactional_db):
    unit = OrgUnitFactory(code="it-county", name="集成县")
    UserFactory(username="it-staff", role=User.Role.STAFF, units=[unit], email="it-staff@example.cn")
    UserFactory(username="it-sup", role=User.Role.SUPERVISOR, email="it-sup@example.cn")
    target = TargetFactory(code="IT-1", lead_unit=unit)
    return {"unit": unit, "target": target, "recipients": 2}


@pytest.fixture
def harness(tmp_path, world):
    queue = f"jobs-it-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "DATABASE_URL": database_url(),
           "CELERY_TASK_DEFAULT_QUEUE": queue, "HARNESS_DIR": str(tmp_path), "VAR_DIR": str(tmp_path / "var"),
           "PYTHONPATH": str(ROOT), "CELERY_TASK_ALWAYS_EAGER": "0"}
    with Processes(tmp_path, env) as procs:
        yield procs, tmp_path, queue


def send_evaluate(broker_url, queue):
    """Enqueue the evaluation as beat would, from this process."""
    from celery import Celery

    client = Celery("it-client", broker=broker_url)
    try:
        client.send_task(TASK, queue=queue)
    finally:
        client.close()


def flag_state(target):
    return list(FlagEvent.objects.filter(flag__subject_id=target.id, flag__cause="target_status")
                .order_by("id").values_list("event", "new_level"))


def assert_one_message_per_transition(world, transitions):
    flags = Flag.objects.filter(subject_id=world["target"].id, cause="target_status")
    events = FlagEvent.objects.filter(flag__in=flags)
    assert events.count() == transitions
    for event in events:
        keys = Notification.objects.filter(key=f"flag-event:{event.id}")
        assert keys.count() == world["recipients"], event
    assert Notification.objects.count() == transitions * world["recipients"]


def test_two_beats_and_a_worker_raise_one_flag_and_notify_once_per_transition(harness, world):
    procs, workdir, queue = harness
    fast = {"CELERY_SCHEDULE_EVALUATE": "2"}  # every 2 s, from both beats
    procs.worker(env=fast)
    procs.celery("beat-a", "beat", "-s", str(workdir / "beat-a"), "--loglevel=INFO", env=fast)
    procs.celery("beat-b", "beat", "-s", str(workdir / "beat-b"), "--loglevel=INFO", env=fast)
    calls = workdir / "calls"

    def evaluations():
        return len(calls.read_text().splitlines()) if calls.exists() else 0

    # the target turns red: wait for the flag and for both beats to have fired several times
    wait_for("red flag", lambda: flag_state(world["target"]) == [("raised", 3)])
    wait_for("both beats sending", lambda: all(
        "Sending due task evaluate-targets" in procs.log(b) for b in ("beat-a", "beat-b")))
    seen = evaluations()
    wait_for("more evaluations after the flag", lambda: evaluations() >= seen + 4)
    assert flag_state(world["target"]) == [("raised", 3)]
    assert Notice.objects.filter(flag__subject_id=world["target"].id).count() == 1
    # the target turns green: one "cleared", still nothing twice
    (workdir / "level").write_text("0")
    wait_for("flag cleared", lambda: flag_state(world["target"]) == [("raised", 3), ("cleared", 0)])
    seen = evaluations()
    wait_for("more evaluations after clearing", lambda: evaluations() >= seen + 4)
    assert flag_state(world["target"]) == [("raised", 3), ("cleared", 0)]
    assert_one_message_per_transition(world, transitions=2)
    wait_for("emails sent", lambda: not Notification.objects.exclude(email_status="sent").exists())


def test_worker_killed_mid_evaluation_task_is_redelivered_same_result_no_duplicate(
        harness, world, private_redis):
    procs, workdir, queue = harness
    redis = private_redis(aof=False)
    env = {"REDIS_URL": redis.url, "CELERY_VISIBILITY_TIMEOUT": "5"}
    (workdir / "pause").write_text("1")
    procs.worker("worker-1", env=env)
    send_evaluate(redis.url, queue)
    # the first worker takes the task, writes the levels and hangs: kill it hard (machine gone)
    wait_for("evaluation started", (workdir / "started").exists)
    procs.kill("worker-1", signal.SIGKILL)
    assert flag_state(world["target"]) == []  # the flag pass never ran
    time.sleep(6)  # let the unacked message pass its visibility timeout (5 s) before a worker looks
    procs.worker("worker-2", env=env)
    wait_for("redelivered task finished", lambda: flag_state(world["target"]) == [("raised", 3)])
    calls = (workdir / "calls").read_text().splitlines()
    assert len(calls) >= 2 and calls[0].split()[0] != calls[-1].split()[0]  # ran again, in another process
    assert Flag.objects.filter(subject_id=world["target"].id).count() == 1
    assert_one_message_per_transition(world, transitions=1)


@pytest.mark.parametrize("aof", [True, False], ids=["aof-keeps-messages", "no-persistence-next-pass-repairs"])
def test_redis_restart_while_messages_wait(harness, world, private_redis, aof):
    procs, workdir, queue = harness
    redis = private_redis(aof=aof)
    # a message waits in Redis with no worker running
    send_evaluate(redis.url, queue)
    assert redis.cli("llen", queue) == "1"
    redis.stop()
    redis.start()
    if aof:
        # AOF (appendfsync always): the message survived the restart
        assert redis.cli("llen", queue) == "1"
    else:
        # no persistence: it is gone; the next scheduled pass (beat) sends a new one
        assert redis.cli("llen", queue) == "0"
        send_evaluate(redis.url, queue)
    procs.worker(env={"REDIS_URL": redis.url})
    wait_for("flag raised", lambda: flag_state(world["target"]) == [("raised", 3)])
    assert_one_message_per_transition(world, transitions=1)


def test_two_workers_split_a_chained_pass_into_unit_chunks_and_judge_each_record_once(harness, world):
    """PASS_CHUNKS=3 on two worker processes (two machines): the evaluation and the item
    scan are each replaced by their chunks, the chain waits for every chunk before the
    next job, and what they leave is what one unsplit pass would leave."""
    from celery import Celery, chain

    from tracker.jobs.scans import scan_rectification_items

    procs, workdir, queue = harness
    units = [world["unit"], *(OrgUnitFactory(code=f"it-unit-{n}", name=f"集成单位{n}") for n in range(5))]
    for n, unit in enumerate(units):
        TargetFactory(code=f"IT-chunk-{n}", lead_unit=unit)
        RectificationItemFactory(lead_unit=unit, deadline=dt.date(2026, 9, 30), state="in_progress",
                                 number=f"it-{n}")
    split = {"PASS_CHUNKS": "3"}
    procs.worker("worker-a", env=split)
    procs.worker("worker-b", env=split)
    client = Celery("it-client", broker=os.environ["REDIS_URL"])
    try:
        as_of = {"as_of": "2026-10-12"}
        chain(client.signature("tracker.tasks.evaluate_targets_task", kwargs=as_of, immutable=True, queue=queue),
              client.signature("tracker.tasks.scan_rectification_items_task", kwargs=as_of, immutable=True,
                               queue=queue)).apply_async()
    finally:
        client.close()
    targets = Target.objects.filter(code__startswith="IT-")
    wait_for("every item flagged", lambda: Flag.objects.filter(cause="deadline", cleared_at=None).count() == 6)
    assert targets.count() == 7 and set(targets.values_list("level", flat=True)) == {3}
    assert Flag.objects.filter(cause="target_status", cleared_at=None).count() == 7  # one per target
    logs = procs.log("worker-a") + procs.log("worker-b")
    assert logs.count("split into 3 chunks of units") == 2
    # the item scan started only after the evaluation's chunks had all finished
    evaluated = max(Flag.objects.filter(cause="target_status").values_list("raised_at", flat=True))
    assert min(Flag.objects.filter(cause="deadline").values_list("raised_at", flat=True)) >= evaluated
    outcome = scan_rectification_items(dt.date(2026, 10, 12))
    assert (outcome.raised, outcome.escalated, outcome.lowered, outcome.cleared) == (0, 0, 0, 0)
