"""Splitting a pass into chunks of units (tracker/jobs/fanout.py): every record judged in
exactly one chunk, the split pass leaves what the unsplit pass would, a moved subject's
flag is handed over, and the tasks hand their chunks to the workers."""
import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import (
    FundAllocationFactory, MilestoneFactory, OrgUnitFactory, RectificationItemFactory, TargetFactory,
)
from tracker import tasks
from tracker.jobs import fanout, scans
from tracker.models import Flag, OrgUnit, RectificationItem, Target

from .conftest import at

D = dt.date
AS_OF = D(2026, 10, 12)


@hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a loaded machine is no bug
@given(st.dictionaries(st.integers(1, 500), st.integers(0, 1000), max_size=60), st.integers(1, 12))
def test_chunks_hold_every_unit_exactly_once_and_are_balanced(weights, chunks):
    cut = fanout.unit_chunks(weights, chunks)
    members = [unit for chunk in cut for unit in chunk]
    assert sorted(members) == sorted(weights)  # every unit, once
    assert len(cut) == min(chunks, len(weights)) and all(cut)  # as many as asked, never an empty one
    if cut:
        loads = [sum(weights[u] for u in chunk) for chunk in cut]
        # longest-first greedy: no chunk exceeds another by more than the heaviest unit
        assert max(loads) - min(loads) <= max(weights.values())
    assert fanout.unit_chunks(weights, chunks) == cut  # deterministic


def test_chunks_refuse_zero():
    with pytest.raises(ValueError):
        fanout.unit_chunks({1: 1}, 0)


@pytest.fixture
def province(db):
    """Six units, each with overdue, due-soon and comfortable items, targets at every level,
    stage tasks and funds — enough for each chunk to have work of every kind."""
    units = [OrgUnitFactory(code=f"u{i}", name=f"单位{i}") for i in range(6)]
    for i, unit in enumerate(units):
        for n, deadline in enumerate([D(2026, 9, 30), D(2026, 10, 14), D(2026, 12, 31)][: 1 + i % 3]):
            item = RectificationItemFactory(lead_unit=unit, deadline=deadline, state="in_progress",
                                            number=f"{i}-{n}")
            MilestoneFactory(item=item, project=None, due_on=deadline)
        for level in range(i % 4 + 1):
            target = TargetFactory(lead_unit=unit, code=f"T-{i}-{level}")
            Target.objects.filter(pk=target.pk).update(level=level, reason="on_track", explanation_zh=f"说明{level}")
        FundAllocationFactory(unit=unit, amount=Decimal("100"), target_rate=Decimal("90"),
                              allocated_on=D(2026, 1, 10), execution_deadline=D(2026, 9, 30))
    return units


def open_flags():
    return sorted(Flag.objects.filter(cleared_at=None).values_list(
        "subject_type_id", "subject_id", "cause", "unit_id", "level", "subject_level"))


SCANS = [
    ("items", scans.scan_rectification_items),
    ("milestones", scans.scan_milestones),
    ("funds", scans.scan_funds),
    ("evaluate", scans.sync_target_flags),
]


@pytest.mark.parametrize("kind,scan", SCANS, ids=[k for k, _ in SCANS])
def test_a_split_pass_leaves_what_the_unsplit_pass_would(province, kind, scan):
    chunks = fanout.pass_chunks(kind, 3)
    assert len(chunks) == 3
    for chunk in chunks:
        scan(AS_OF, now=at(AS_OF), units=chunk)
    split = open_flags()
    assert split  # there was something to flag
    # the whole pass over the same data finds nothing to change …
    outcome = scan(AS_OF, now=at(AS_OF))
    assert (outcome.raised, outcome.escalated, outcome.lowered, outcome.cleared) == (0, 0, 0, 0)
    assert open_flags() == split
    # … and the split pass again changes nothing either (safe to run twice)
    for chunk in chunks:
        again = scan(AS_OF, now=at(AS_OF), units=chunk)
        assert (again.raised, again.escalated, again.lowered, again.cleared) == (0, 0, 0, 0)


def test_a_unit_with_nothing_left_still_gets_its_old_flags_cleared(province):
    scans.scan_rectification_items(AS_OF, now=at(AS_OF))
    emptied = province[0]
    assert Flag.objects.filter(unit=emptied, cleared_at=None).exists()
    RectificationItem.objects.filter(lead_unit=emptied).delete()
    assert emptied.pk in {u for chunk in fanout.pass_chunks("items", 4) for u in chunk}
    for chunk in fanout.pass_chunks("items", 4):
        scans.scan_rectification_items(AS_OF, now=at(AS_OF), units=chunk)
    assert not Flag.objects.filter(unit=emptied, cleared_at=None).exists()


def test_a_subject_moved_to_another_chunk_keeps_its_flag(province):
    item = RectificationItem.objects.filter(lead_unit=province[1], deadline=D(2026, 9, 30)).get()
    scans.scan_rectification_items(AS_OF, now=at(AS_OF))
    flag = Flag.objects.get(subject_type=ContentType.objects.get_for_model(item), subject_id=item.pk,
                            cause="deadline", cleared_at=None)
    # the item moves to a unit in another chunk; the old unit's chunk runs first
    RectificationItem.objects.filter(pk=item.pk).update(lead_unit=province[2])
    outcome = scans.scan_rectification_items(AS_OF, now=at(AS_OF), units=[province[1].pk])
    flag.refresh_from_db()
    assert (outcome.cleared, flag.cleared_at, flag.unit_id) == (0, None, province[2].pk)  # handed over
    # the new unit's chunk judges it: still overdue, the same flag, no second one
    scans.scan_rectification_items(AS_OF, now=at(AS_OF), units=[province[2].pk])
    assert Flag.objects.filter(subject_id=item.pk, subject_type=flag.subject_type, cause="deadline").count() == 1
    flag.refresh_from_db()
    assert (flag.cleared_at, flag.level) == (None, 3)


def test_a_deleted_subject_in_a_chunk_is_cleared_not_handed_over(province):
    item = RectificationItem.objects.filter(lead_unit=province[1], deadline=D(2026, 9, 30)).get()
    scans.scan_rectification_items(AS_OF, now=at(AS_OF))
    item.delete()
    outcome = scans.scan_rectification_items(AS_OF, now=at(AS_OF), units=[province[1].pk])
    assert outcome.cleared >= 1
    assert not Flag.objects.filter(subject_id=item.pk, cause="deadline", cleared_at=None).exists()


class Captured:
    """Stands in for ``celery.group``: records the chunk signatures instead of sending them."""

    def __init__(self):
        self.signatures = []
        self.sent = False

    def __call__(self, signatures):
        self.signatures = list(signatures)
        return self

    def apply_async(self):
        self.sent = True


@pytest.mark.parametrize("task,kind", [
    (tasks.evaluate_targets_task, "evaluate"),
    (tasks.scan_rectification_items_task, "items"),
    (tasks.scan_milestones_task, "milestones"),
    (tasks.scan_funds_task, "funds"),
    (tasks.scan_daily_reports_task, "daily_reports"),
])
def test_a_task_with_chunks_configured_sends_one_task_per_chunk(province, settings, monkeypatch, task, kind):
    settings.TRACKER_JOBS = {**settings.TRACKER_JOBS, "PASS_CHUNKS": 4}
    captured = Captured()
    monkeypatch.setattr(tasks, "group", captured)
    monkeypatch.setattr(tasks.current_app.conf, "result_backend", None)
    task.push_request(is_eager=False, called_directly=False)
    try:
        summary = tasks.split_pass(task, AS_OF, kind, None)
    finally:
        task.pop_request()
    assert summary == {"as_of": AS_OF.isoformat(), "chunks": len(captured.signatures)} and captured.sent
    units = [s.kwargs["units"] for s in captured.signatures]
    assert 1 < len(units) <= 4
    every = sorted(u for chunk in units for u in chunk)
    assert every == sorted(OrgUnit.all_objects.values_list("id", flat=True))  # each unit in one chunk
    assert {s.task for s in captured.signatures} == {task.name}
    assert all(s.kwargs["as_of"] == AS_OF.isoformat() for s in captured.signatures)


def test_one_chunk_or_an_in_process_run_is_not_split(province, settings):
    settings.TRACKER_JOBS = {**settings.TRACKER_JOBS, "PASS_CHUNKS": 1}
    task = tasks.scan_rectification_items_task
    task.push_request(is_eager=False, called_directly=False)
    try:
        assert tasks.split_pass(task, AS_OF, "items", None) is None
    finally:
        task.pop_request()
    settings.TRACKER_JOBS = {**settings.TRACKER_JOBS, "PASS_CHUNKS": 4}
    # run_jobs without --enqueue applies the task in-process: the whole pass runs there
    result = task.apply(kwargs={"as_of": AS_OF.isoformat()})
    assert result.successful() and "chunks" not in result.result
    assert Flag.objects.filter(cleared_at=None, cause="deadline").exists()


def test_a_chunk_of_the_evaluation_task_evaluates_only_its_units(province):
    chunk = [province[0].pk, province[3].pk]
    Target.objects.update(evaluated_at=None)
    tasks.evaluate_targets_task.apply(kwargs={"as_of": AS_OF.isoformat(), "units": chunk})
    evaluated = set(Target.objects.exclude(evaluated_at=None).values_list("lead_unit_id", flat=True))
    assert evaluated and evaluated <= set(chunk)
