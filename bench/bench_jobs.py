"""The scheduled jobs at province scale: each scan's first pass (raises every flag, letter
and message) and no-op pass (nothing changed), escalation, and ``run_jobs`` twice.

Floor: a hand-written ``UPDATE`` over every row of the table the scan reads, rolled back."""
from __future__ import annotations

from django.core.management import call_command

from tracker.jobs import flags, scans

from .common import AS_OF, at, floor_update, median_time, reset_evaluation, reset_flags, row

SCANS = [
    ("scan_rectification_items", scans.scan_rectification_items, "tracker_rectificationitem"),
    ("scan_milestones", scans.scan_milestones, "tracker_milestone"),
    ("scan_funds", scans.scan_funds, "tracker_fundallocation"),
    ("scan_daily_reports", scans.scan_daily_reports, "tracker_orgunit"),
]


def run(ctx) -> list[dict]:
    rows = []
    now = at(AS_OF)
    for name, scan, table in SCANS:
        floor = floor_update(table)
        first_repeat = 1 if ctx.quick else max(1, ctx.repeat - 1)  # a first pass on 200k items is minutes
        first = median_time(lambda scan=scan: scan(AS_OF, now=now), first_repeat, before=reset_flags)
        noop = median_time(lambda scan=scan: scan(AS_OF, now=now), ctx.repeat)
        rows.append(row(f"{name} first pass", first, "s", floor, f"UPDATE {table}",
                        f"{first_repeat} run(s)"))
        rows.append(row(f"{name} no-op pass", noop, "s", floor, f"UPDATE {table}"))
    # run_jobs: everything from nothing, then escalation right after it (every flag open — targets,
    # items, stage tasks, funds, daily reports — and nothing due on as_of: the no-op it measures),
    # then run_jobs again (nothing to do). Escalation used to get its flags from a fresh item
    # scan of its own: one more first pass (about 100 s) for the same state.
    first = median_time(lambda: call_command("run_jobs", as_of=AS_OF.isoformat(), verbosity=0), 1,
                        before=lambda: (reset_flags(), reset_evaluation()))
    floor = floor_update("tracker_flag")
    noop = median_time(lambda: flags.escalate_unanswered(AS_OF, now=now), ctx.repeat)
    second_repeat = 1 if ctx.quick else min(ctx.repeat, 2)  # each is a whole evaluation pass: keep bench < 20 min
    second = median_time(lambda: call_command("run_jobs", as_of=AS_OF.isoformat(), verbosity=0), second_repeat)
    rows.append(row("escalate_unanswered_flags, nothing due", noop, "s", floor, "UPDATE tracker_flag",
                    "every flag of a first run_jobs pass open"))
    rows.append(row("run_jobs first pass", first, "s", None, None, "evaluation + every scan + escalation, 1 run"))
    rows.append(row("run_jobs second pass", second, "s", None, None, f"{second_repeat} run(s)"))
    return rows
