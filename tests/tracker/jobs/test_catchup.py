"""Fault 3: beat drops a tick it cannot publish; each daily and weekly job catches up once."""
import datetime as dt

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from tracker import tasks
from tracker.jobs import catchup
from tracker.models import JobRun

GRACE = dt.timedelta(minutes=15)
BEAT = settings.CELERY_BEAT_SCHEDULE


def local(*args):
    return timezone.make_aware(dt.datetime(*args))


@pytest.mark.parametrize("schedule, now, expected", [
    # daily 08:00: at 08:00 sharp the slot is today's; a minute before, yesterday's
    (crontab("0", "8"), local(2026, 5, 6, 8, 0), local(2026, 5, 6, 8, 0)),
    (crontab("0", "8"), local(2026, 5, 6, 7, 59), local(2026, 5, 5, 8, 0)),
    # weekly Monday 08:30 (2026-05-04 is a Monday): on Sunday it is last Monday's
    (crontab("30", "8", day_of_week="1"), local(2026, 5, 10, 23, 0), local(2026, 5, 4, 8, 30)),
    (crontab("30", "8", day_of_week="1"), local(2026, 5, 4, 8, 29), local(2026, 4, 27, 8, 30)),
    # two times a day: the later one that has passed
    (crontab("0", "9,17"), local(2026, 5, 6, 18, 0), local(2026, 5, 6, 17, 0)),
])
def test_last_slot_is_the_latest_scheduled_time_not_after_now(schedule, now, expected):
    assert catchup.last_slot(schedule, now) == expected


def test_only_jobs_rarer_than_hourly_are_caught_up():
    entries = {name for name, _ in catchup.catch_up_entries(BEAT).values()}
    assert {"morning-digest", "scan-daily-reports", "weekly-bulletin", "scan-funds"} <= entries
    assert not entries & {"evaluate-targets", "deliver-webhooks", "send-pending-emails", "catch-up-missed-jobs"}


def claim(now):
    sent = []
    claimed = catchup.claim_missed_runs(BEAT, now=now, grace=GRACE, enqueue=sent.append)
    return claimed, sent


def test_missed_daily_digest_is_caught_up_exactly_once(db):
    # given: the 08:00 digest's tick was lost; the broker is back at 08:40
    now = local(2026, 5, 6, 8, 40)
    JobRun.objects.bulk_create([JobRun(job=name, slot=catchup.last_slot(schedule, now))
                                for _, (name, schedule) in catchup.catch_up_entries(BEAT).items()
                                if name != "morning-digest"])
    # when: the sweep runs, and again ten minutes later
    first, sent = claim(now)
    second, sent_again = claim(now + dt.timedelta(minutes=10))
    # then
    assert [(m.entry, m.task, m.slot, m.as_of) for m in sent] == [
        ("morning-digest", "tracker.tasks.send_morning_digest_task", local(2026, 5, 6, 8, 0), "2026-05-06")]
    assert first == sent and second == [] and sent_again == []
    assert JobRun.objects.get(job="morning-digest").caught_up


def test_a_slot_still_inside_the_grace_period_is_left_to_beat(db):
    # given: 08:05, the digest's tick may still be on its way
    now = local(2026, 5, 6, 8, 5)
    # when
    claimed, _ = claim(now)
    # then
    assert "morning-digest" not in {m.entry for m in claimed}


def test_broker_refusing_the_catch_up_leaves_it_for_the_next_sweep(db):
    # given
    now = local(2026, 5, 6, 8, 40)

    def broker_down(missed):
        raise ConnectionError("broker down")

    # when
    with pytest.raises(ConnectionError):
        catchup.claim_missed_runs(BEAT, now=now, grace=GRACE, enqueue=broker_down)
    claimed, _ = claim(now + dt.timedelta(minutes=10))
    # then
    assert "morning-digest" in {m.entry for m in claimed}


def test_a_job_that_ran_on_time_records_its_slot_and_is_not_caught_up(db):
    # given: the daily fund scan runs (here in-process) at its scheduled day
    now = timezone.now()
    # when
    tasks.scan_funds_task.apply()
    claimed, _ = claim(now)
    # then
    slot = catchup.last_slot(BEAT["scan-funds"]["schedule"], now)
    assert JobRun.objects.filter(job="scan-funds", slot=slot, caught_up=False).exists()
    assert "scan-funds" not in {m.entry for m in claimed}


def test_a_replay_for_another_day_records_nothing(db):
    # when
    tasks.scan_funds_task.apply(args=("2020-01-01",))
    # then
    assert not JobRun.objects.filter(job="scan-funds").exists()
