"""Catch-up of daily and weekly jobs whose beat tick was lost.

Celery beat publishes a tick when it is due; if the broker is down at that moment the
tick is dropped ("Couldn't apply scheduled task") and nothing runs it later. For a job
that runs every few minutes the next tick repairs it; for the 08:00 晨报, the 17:30 日报告
scan or Monday's 通报 it would be a lost day or week. So each run of such a job records
its slot (:class:`~tracker.models.JobRun`), and a sweep every few minutes runs, once,
the latest slot of each one that has no record and is older than a grace period.

Only the latest slot is caught up: after a three-day outage the digest is sent for the
day the broker came back, not three times (every job covers "as of today" anyway).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from celery.schedules import crontab
from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.models import JobRun

LOOKBACK_DAYS = 8  # a weekly job's latest slot is at most 7 days back


def is_catch_up_job(schedule) -> bool:
    """Daily, weekly (or rarer) crontab entries: those that do not run every hour."""
    return isinstance(schedule, crontab) and len(schedule.hour) < 24


def last_slot(schedule: crontab, now: datetime) -> datetime | None:
    """The latest time at or before ``now`` (in the current time zone) that ``schedule``
    names; None when it names none in the last 8 days."""
    local = timezone.localtime(now)
    for back in range(LOOKBACK_DAYS):
        day = local.date() - timedelta(days=back)
        if (day.month not in schedule.month_of_year or day.day not in schedule.day_of_month
                or day.isoweekday() % 7 not in schedule.day_of_week):  # crontab: 0 = Sunday
            continue
        for hour in sorted(schedule.hour, reverse=True):
            for minute in sorted(schedule.minute, reverse=True):
                slot = timezone.make_aware(datetime.combine(day, time(hour, minute)))
                if slot <= now:
                    return slot
    return None


@dataclass(frozen=True)
class MissedRun:
    entry: str  # the beat entry's name, e.g. "morning-digest"
    task: str
    slot: datetime

    @property
    def as_of(self) -> str:
        return timezone.localtime(self.slot).date().isoformat()


def catch_up_entries(beat_schedule: dict) -> dict:
    """The beat entries that need catching up, by task name."""
    return {entry["task"]: (name, entry["schedule"]) for name, entry in beat_schedule.items()
            if is_catch_up_job(entry["schedule"])}


def record_run(beat_schedule: dict, task_name: str, as_of, *, now) -> bool:
    """Note that ``task_name`` runs for its latest slot (called as the task starts). A run
    for another day (a replay with ``--as-of``) records nothing. True when recorded now."""
    found = catch_up_entries(beat_schedule).get(task_name)
    if found is None:
        return False
    slot = last_slot(found[1], now)
    if slot is None or (as_of not in (None, "") and str(as_of) != timezone.localtime(slot).date().isoformat()):
        return False
    _, created = JobRun.objects.get_or_create(job=found[0], slot=slot, defaults={"started_at": now})
    return created


def claim_missed_runs(beat_schedule: dict, *, now, grace: timedelta, enqueue) -> list[MissedRun]:
    """Hand out every catch-up job whose latest slot is older than ``grace`` and has no run.

    Each claim inserts its JobRun row and calls ``enqueue(missed)`` in one transaction: if
    the broker refuses the message the row is rolled back and the next sweep tries again;
    if the insert loses (another sweep, a second beat, or the job itself got there first)
    nothing is sent. So every missed slot is handed out exactly once."""
    claimed = []
    for task_name, (name, schedule) in catch_up_entries(beat_schedule).items():
        slot = last_slot(schedule, now)
        if slot is None or now - slot < grace or JobRun.objects.filter(job=name, slot=slot).exists():
            continue
        missed = MissedRun(name, task_name, slot)
        try:
            with transaction.atomic():
                JobRun.objects.create(job=name, slot=slot, caught_up=True, started_at=now)
                enqueue(missed)
        except IntegrityError:
            continue
        claimed.append(missed)
    return claimed
