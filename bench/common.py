"""Shared pieces of the benchmark modules: the context, timing, and putting the data set
back in its "nothing has run yet" state between first passes."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from datetime import date, datetime, time as clock

from django.db import connection, transaction
from django.utils import timezone

AS_OF = date(2026, 10, 15)  # the data set's reference date (tracker.scale.generate.ScaleParams)


@dataclass
class Context:
    repeat: int
    database_url: str
    quick: bool
    # Figures a module measured that a later one may reuse instead of measuring the same
    # thing again in the same run (path → seconds), e.g. the one-process passes scale-out
    # compares its workers with.
    figures: dict = field(default_factory=dict)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(hour)))


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def median_time(fn, repeat: int, before=None) -> float:
    """The median of ``repeat`` timings of ``fn`` (``before`` runs untimed ahead of each)."""
    runs = []
    for _ in range(max(1, repeat)):
        if before:
            before()
        runs.append(timed(fn))
    return statistics.median(runs)


def row(path, figure, unit, floor=None, floor_name=None, note=""):
    return {"path": path, "figure": figure, "unit": unit, "floor": floor, "floor_name": floor_name, "note": note}


def floor_update(table: str) -> float:
    """A hand-written ``UPDATE`` touching every row of ``table`` (rolled back): what a
    set-based pass over that table cannot beat."""
    def run():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET updated_at = updated_at")
            transaction.set_rollback(True)
    return timed(run)


def reset_flags():
    """Forget every flag, letter and message (and the copy of the worst open one on items and
    stage tasks): the next scan is a first pass."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE tracker_notification, tracker_webhookdelivery, tracker_historicalnotice, "
                       "tracker_notice, tracker_flagevent, tracker_flag, tracker_noticesequence, api_changelog")
        for table in ("tracker_rectificationitem", "tracker_milestone"):
            cursor.execute(f"UPDATE {table} SET warning_level = NULL WHERE warning_level IS NOT NULL")


def reset_evaluation():
    """Forget every stored verdict: the next evaluation pass writes every target."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE tracker_targetstatuschange")
        cursor.execute("UPDATE tracker_target SET level = NULL, reason = '', explanation_zh = '', "
                       "explanation_en = '', figures = '{}'::jsonb, evaluated_at = NULL")


def analyze(*tables):
    """``ANALYZE`` the tables a pass just filled or rewrote, as autovacuum would within its
    minute on a production server (it is off on the benchmark's CI-style PostgreSQL, so
    without this a pass measured right after a bulk change runs on the plans of tables
    that were empty when last analysed: escalation took 34 s instead of 2 s, the
    dashboard's summary 738 ms instead of 270)."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
