"""Splitting a pass across Celery workers by unit (分片).

A province runs the evaluation pass and the scans over tens of thousands of targets and
hundreds of thousands of items. Every record belongs to exactly one lead unit, and a pass
limited to some units (``units=[…]`` on the scans, ``targets=`` on the evaluation pass)
reads and writes only their records and their open flags. So a pass can be cut into
chunks of whole units: each record is judged in exactly one chunk, each chunk is itself
idempotent, and a chunk delivered twice (a worker killed after it wrote) writes nothing
the second time.

``TRACKER_JOBS["PASS_CHUNKS"]`` says how many chunks; 1 (the default) runs each pass in
one task, as a single worker on one machine should. The chunks are balanced by the number
of records each unit has (longest first into the lightest chunk), counted in one
``GROUP BY`` per pass.
"""
from __future__ import annotations

import heapq
from collections.abc import Mapping

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import Coalesce

from tracker.models import FundAllocation, Milestone, OrgUnit, RectificationItem, Target


def unit_chunks(weights: Mapping[int, int], chunks: int) -> list[list[int]]:
    """Units cut into at most ``chunks`` lists of similar total weight, none empty.

    Greedy longest-processing-time: the heaviest unit goes to the lightest chunk, and among
    equally light ones to the one with fewest units (units with no records spread out too).
    Ties are broken by unit id, so the same data always gives the same chunks."""
    if chunks < 1:
        raise ValueError("chunks must be at least 1")
    heap = [(0, 0, index, []) for index in range(min(chunks, len(weights)))]
    for unit_id, weight in sorted(weights.items(), key=lambda item: (-item[1], item[0])):
        load, count, index, members = heapq.heappop(heap)
        members.append(unit_id)
        heapq.heappush(heap, (load + weight, count + 1, index, members))
    return [sorted(members) for *_, members in sorted(heap, key=lambda entry: entry[2]) if members]


def _counts(queryset, field) -> dict[int, int]:
    rows = queryset.values(field).annotate(n=Count("pk")).values_list(field, "n")
    return {unit_id: n for unit_id, n in rows if unit_id is not None}


def _records_per_unit(kind: str) -> dict[int, int]:
    if kind == "evaluate":
        return _counts(Target.objects.active(), "lead_unit_id")
    if kind == "items":
        return _counts(RectificationItem.objects.all(), "lead_unit_id")
    if kind == "milestones":
        return _counts(Milestone.objects.annotate(owner=Coalesce("item__lead_unit_id", "project__lead_unit_id")),
                       "owner")
    if kind == "funds":
        return _counts(FundAllocation.objects.all(), "unit_id")
    if kind == "daily_reports":
        return {unit_id: 1 for unit_id in OrgUnit.objects.filter(has_daily_report_duty=True)
                .values_list("id", flat=True)}
    raise ValueError(f"unknown pass {kind!r}")


def pass_weights(kind: str) -> dict[int, int]:
    """Records per unit that a pass of ``kind`` reads (one ``GROUP BY``), and every other
    unit, deleted ones too, with weight 0: a unit with no records left can still hold open
    flags, and the chunk that has it clears them, as the unsplit pass would."""
    weights = dict.fromkeys(OrgUnit.all_objects.values_list("id", flat=True), 0)
    weights.update(_records_per_unit(kind))
    return weights


def configured_chunks() -> int:
    return max(1, int(settings.TRACKER_JOBS.get("PASS_CHUNKS", 1)))


def pass_chunks(kind: str, chunks: int | None = None) -> list[list[int]]:
    """The unit chunks for one pass of ``kind``; a single chunk means "do not split"."""
    chunks = configured_chunks() if chunks is None else chunks
    if chunks <= 1:
        return []
    return unit_chunks(pass_weights(kind), chunks)


# The unit that owns each kind of flagged subject now (the field a pass splits on).
OWNER_FIELDS = {
    Target: "lead_unit_id",
    RectificationItem: "lead_unit_id",
    FundAllocation: "unit_id",
    OrgUnit: "id",
}


def owners_outside(subject_type, subject_ids, units) -> dict[int, int]:
    """Of these subjects, those whose owning unit is now outside ``units``: subject id →
    owner. A chunk must not clear the flag of a subject that moved to another chunk's
    unit (that chunk judges it); it hands the flag over instead. One query."""
    model = subject_type.model_class()
    if model is Milestone:
        queryset = Milestone.objects.annotate(owner=Coalesce("item__lead_unit_id", "project__lead_unit_id"))
        field = "owner"
    elif model in OWNER_FIELDS:
        queryset, field = model.objects.all(), OWNER_FIELDS[model]
    else:
        return {}
    rows = queryset.filter(pk__in=list(subject_ids)).exclude(**{f"{field}__in": list(units)}).values_list("pk", field)
    return {pk: owner for pk, owner in rows if owner is not None}
