"""The scheduled jobs at province scale: ``run_jobs``' first pass (every job in its
order, from nothing: the evaluation pass, then each scan raising every flag, letter and
message), each scan's no-op pass (nothing changed), escalation, and ``run_jobs`` again.

Each scan's first pass is timed inside ``run_jobs``' first pass (the same tasks, applied in
the same order, as ``manage.py run_jobs`` does): one run of the whole, instead of a first
pass of each scan on its own besides (the item scan alone is about 100 s at 200,000 items).

Floor: a hand-written ``UPDATE`` over every row of the table the scan reads, rolled back."""
from __future__ import annotations

from tracker.jobs import flags, scans
from tracker.management.commands.run_jobs import PASS

from .common import AS_OF, analyze, at, floor_update, median_time, reset_evaluation, reset_flags, row, timed

SCANS = [
    ("scan_rectification_items", scans.scan_rectification_items, "tracker_rectificationitem",
     "tracker.tasks.scan_rectification_items_task"),
    ("scan_milestones", scans.scan_milestones, "tracker_milestone", "tracker.tasks.scan_milestones_task"),
    ("scan_funds", scans.scan_funds, "tracker_fundallocation", "tracker.tasks.scan_funds_task"),
    ("scan_daily_reports", scans.scan_daily_reports, "tracker_orgunit", "tracker.tasks.scan_daily_reports_task"),
]


# The tables run_jobs' first pass fills or rewrites from nothing.
FILLED_BY_FIRST_PASS = ("tracker_flag", "tracker_flagevent", "tracker_notice", "tracker_notification",
                        "tracker_webhookdelivery", "tracker_targetstatuschange", "tracker_target",
                        "tracker_rectificationitem", "tracker_milestone", "tracker_fundallocation", "api_changelog")


def run_jobs_pass() -> dict[str, float]:
    """One pass of every job, as ``manage.py run_jobs`` runs it; each task's seconds."""
    seconds = {}
    for task in PASS:
        def apply(task=task):
            result = task.apply(args=(AS_OF.isoformat(),))
            if result.failed():
                raise RuntimeError(f"{task.name} failed: {result.result!r}")
        seconds[task.name] = timed(apply)
    return seconds


def run(ctx) -> list[dict]:
    rows = []
    now = at(AS_OF)
    reset_flags()
    reset_evaluation()
    first = run_jobs_pass()
    ctx.figures["run_jobs first pass"] = first
    # what the first pass filled, analysed as autovacuum would be (bench/common.py, analyze)
    analyze(*FILLED_BY_FIRST_PASS)
    for name, scan, table, task_name in SCANS:
        floor = floor_update(table)
        noop = median_time(lambda scan=scan: scan(AS_OF, now=now), ctx.repeat)
        rows.append(row(f"{name} first pass", first[task_name], "s", floor, f"UPDATE {table}",
                        "1 run, inside run_jobs' first pass"))
        rows.append(row(f"{name} no-op pass", noop, "s", floor, f"UPDATE {table}"))
    # escalation right after the first pass: every flag open (targets, items, stage tasks,
    # funds, daily reports) and nothing due on as_of — the no-op it measures.
    floor = floor_update("tracker_flag")
    escalate = median_time(lambda: flags.escalate_unanswered(AS_OF, now=now), ctx.repeat)
    second_repeat = 1  # a whole evaluation pass and every scan (over a minute): one run keeps make bench < 20 min
    second = median_time(lambda: sum(run_jobs_pass().values()), second_repeat)
    rows.append(row("escalate_unanswered_flags, nothing due", escalate, "s", floor, "UPDATE tracker_flag",
                    "every flag of a first run_jobs pass open"))
    rows.append(row("run_jobs first pass", sum(first.values()), "s", None, None,
                    "evaluation + every scan + escalation + digest + bulletin, 1 run"))
    rows.append(row("run_jobs second pass", second, "s", None, None, f"{second_repeat} run(s)"))
    return rows
