"""The Celery app for the integration tests' worker and beat subprocesses.

It is the project's app (config.celery) with one stand-in: ``tracker.services.evaluation``
gets a deterministic ``evaluate_all`` in place of its own, driven by files in ``$HARNESS_DIR``, so
a test can say which level the targets get and can stop an evaluation half-way (to kill
the worker mid-task). Run as ``celery -A tests.tracker.jobs.celery_harness worker``.
"""
import os
import time
from pathlib import Path

from celery.signals import worker_init, worker_process_init

from config.celery import app  # noqa: F401 — the app celery -A looks for

HARNESS_DIR = Path(os.environ["HARNESS_DIR"])


def evaluate_all(as_of, targets=None):
    """Set every "IT-" target to the level in $HARNESS_DIR/level (default red). With a
    "pause" file and no "started" file yet, write "started" and hang after the update:
    the test kills the worker there."""
    from tracker.models import Target

    with open(HARNESS_DIR / "calls", "a") as calls:
        calls.write(f"{os.getpid()} {as_of}\n")
    level_file = HARNESS_DIR / "level"
    level = int(level_file.read_text()) if level_file.exists() else 3
    chosen = Target.objects.filter(code__startswith="IT-")
    if targets is not None:  # one chunk of a split pass
        chosen = chosen.filter(pk__in=targets.values("pk"))
    chosen.update(level=level, reason="it", explanation_zh="集成测试")
    if (HARNESS_DIR / "pause").exists() and not (HARNESS_DIR / "started").exists():
        (HARNESS_DIR / "started").write_text(str(os.getpid()))
        time.sleep(300)
    return {"level": level}


def _stand_in(**kwargs):
    """Put the stand-in in place once Django is set up (the real module imports models;
    the rest of it — the dashboard imports its helpers — stays as it is)."""
    import tracker.services.evaluation as real

    real.evaluate_all = evaluate_all


worker_init.connect(_stand_in, weak=False)  # the main process (and a solo pool)
worker_process_init.connect(_stand_in, weak=False)  # each prefork child
