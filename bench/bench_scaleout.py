"""Scale-out: the evaluation pass and the item scan split into chunks of units
(tracker/jobs/fanout.py) and run by Celery workers on Redis — one worker process, then two
(as two machines would run them) — against the same pass in one process.

Each worker runs with ``--concurrency=1`` so "two workers" means two processes taking
chunks from one queue. The bench sends the chunk tasks the split pass sends (the same
task, ``units=`` one chunk each) and waits for every result. The queue and the Redis
database are the bench's own. Needs ``redis-server`` on 127.0.0.1:6379 (or
``BENCH_REDIS_URL``)."""
from __future__ import annotations

import os
import subprocess
import sys

import uuid
from pathlib import Path

from celery import Celery, group

from tracker.jobs import fanout
from tracker.jobs.scans import scan_milestones
from tracker.services.evaluation import evaluate_all

from .common import AS_OF, at, median_time, reset_evaluation, reset_flags, row

ROOT = Path(__file__).resolve().parent.parent
CHUNKS = 8


def _redis_url():
    return os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")


class Workers:
    """``count`` worker processes (concurrency 1 each) on a private queue."""

    def __init__(self, ctx, count, queue, log_dir):
        self.ctx, self.count, self.queue, self.log_dir, self.procs = ctx, count, queue, log_dir, []

    def __enter__(self):
        env = {**os.environ, "DATABASE_URL": self.ctx.database_url, "REDIS_URL": _redis_url(),
               "CELERY_TASK_DEFAULT_QUEUE": self.queue, "LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE":
               "config.settings", "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only")}
        for n in range(self.count):
            log = open(self.log_dir / f"worker-{n}.log", "ab")
            self.procs.append(subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", self.queue, "--pool=prefork",
                 "--concurrency=1", "--prefetch-multiplier=1", f"--hostname=bench{n}-{uuid.uuid4().hex[:6]}@%h",
                 "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        return self

    def __exit__(self, *exc):
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def _client(queue):
    app = Celery("bench", broker=_redis_url(), backend=_redis_url())
    app.conf.task_default_queue = queue
    return app


def _run_chunks(app, task_name, chunks, timeout=900):
    signatures = group(app.signature(task_name, kwargs={"as_of": AS_OF.isoformat(), "units": chunk})
                       for chunk in chunks)
    result = signatures.apply_async(ignore_result=False)
    result.get(timeout=timeout, propagate=True)


def _warm(app, task_name):
    """One tiny chunk first, so worker start-up (Django, imports) is not in the timing."""
    _run_chunks(app, task_name, [[-1]], timeout=180)


def run(ctx) -> list[dict]:
    log_dir = Path(os.environ.get("BENCH_LOG_DIR", "/tmp")) / f"bench-scaleout-{uuid.uuid4().hex[:6]}"
    log_dir.mkdir(parents=True)
    first_jobs = ctx.figures.get("run_jobs first pass", {})
    # (label, chunk task, fan-out kind, reset, the pass in one process, its figure if an earlier
    # module measured it in this run, runs per configuration)
    passes = [
        # a whole first evaluation pass is about a minute: one run of each configuration
        ("evaluation pass, first", "tracker.tasks.evaluate_targets_task", "evaluate", reset_evaluation,
         lambda: evaluate_all(AS_OF), ctx.figures.get("evaluate, first pass"), 1),
        # the item scan's first pass is minutes (79,642 letters): the stage-task scan shows the same split
        ("scan_milestones, first", "tracker.tasks.scan_milestones_task", "milestones", reset_flags,
         lambda: scan_milestones(AS_OF, now=at(AS_OF)), first_jobs.get("tracker.tasks.scan_milestones_task"), 2),
    ]
    rows = []
    for label, task_name, kind, reset, inline, measured, runs in passes:
        repeat = 1 if ctx.quick else max(1, min(ctx.repeat, runs))
        chunks = fanout.pass_chunks(kind, CHUNKS)
        if measured is None:
            one_process, source = median_time(inline, repeat, before=reset), "measured here"
        else:
            one_process, source = measured, "measured by an earlier module of this run"
        figures = {}
        for count in (1, 2):
            queue = f"bench-{uuid.uuid4().hex[:8]}"
            app = _client(queue)
            with Workers(ctx, count, queue, log_dir):
                _warm(app, task_name)
                figures[count] = median_time(lambda a=app, t=task_name, c=chunks: _run_chunks(a, t, c), repeat, before=reset)
        note = (f"{len(chunks)} chunks of units; {repeat} run(s); one process, unsplit: {one_process:.1f} s "
                f"({source})")
        rows.append(row(f"{label}, 1 worker", figures[1], "s", one_process, "the same pass in one process", note))
        rows.append(row(f"{label}, 2 workers", figures[2], "s", figures[1], "1 worker",
                        f"speed-up {figures[1] / figures[2]:.2f}× over 1 worker"))
    return rows
