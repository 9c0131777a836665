"""The flag life cycle: raise, escalate, lower, clear, acknowledge.

This module is the only writer of ``Flag`` rows, and so of the copy of a record's worst
open warning kept on items, stage tasks and funds (``warning_level``, see
:class:`tracker.models.base.WarningLevelCopy`), refreshed in the same transaction. Every transition is a compare-and-set
(healthchecks style): an ``UPDATE … WHERE id = … AND level = <old> AND cleared_at IS
NULL`` that changes one row or none, and a raise is an ``INSERT`` that the partial unique
constraint "one open flag per subject and cause" lets through once. Only the process whose
statement changed the row writes the ``FlagEvent``, the notice and the notifications — so
two beat processes, a retried task or a redelivered message cannot send anything twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from tracker.access import WRITE, can
from tracker.models import Flag, FlagEvent, Notice, OrgUnit
from tracker.models.base import WarningLevelCopy
from tracker.services.calendar import load_calendar, pass_calendar
from tracker.workdays import WorkdayIndex
from tracker.services.errors import ServiceError

from .fanout import owners_outside
from tracker.signals import CREATED, UPDATED, announce

from . import notices as notices_mod
from . import notify
from .policy import Policy
from .rules import ORANGE, RED, YELLOW, due_for_escalation, flag_level_after_scan

Event = FlagEvent.Event
LEVEL_CHANGING = (Event.RAISED, Event.ESCALATED, Event.LOWERED)


@dataclass(frozen=True)
class Signal:
    """What a scan found for one subject and cause: the level it should carry now
    (0 = nothing wrong) with the reason text and figures to show."""

    subject_type_id: int
    subject_id: int
    cause: str
    unit_id: int
    level: int
    reason: str = ""
    figures: dict = field(default_factory=dict)

    @property
    def key(self):
        return (self.subject_id, self.cause)


@dataclass
class Transition:
    """A change this process won, waiting to be written as an event."""

    flag: Flag
    event: str
    old_level: int | None
    new_level: int | None
    note: str = ""
    letter: str | None = None
    actor: object = None


@dataclass
class Outcome:
    """What one pass changed, and the rows to hand to the senders after commit."""

    raised: int = 0
    escalated: int = 0
    lowered: int = 0
    cleared: int = 0
    acknowledged: int = 0
    notices: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    deliveries: list = field(default_factory=list)

    def add(self, other: "Outcome"):
        for name in ("raised", "escalated", "lowered", "cleared", "acknowledged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.notices += other.notices
        self.emails += other.emails
        self.deliveries += other.deliveries
        return self

    @property
    def changed(self):
        return self.raised + self.escalated + self.lowered + self.cleared + self.acknowledged

    def as_dict(self):
        return {"raised": self.raised, "escalated": self.escalated, "lowered": self.lowered,
                "cleared": self.cleared, "acknowledged": self.acknowledged, "notices": len(self.notices),
                "emails": len(self.emails), "webhooks": len(self.deliveries)}


def letter_for(new_level, *, unanswered=False):
    """The 四书 letter a flag reaching ``new_level`` carries: 提示函 yellow, 预警函 orange
    (督办函 when it got there by being left unanswered or by repeating), 约谈通知 red."""
    if new_level == YELLOW:
        return Notice.Kind.REMINDER
    if new_level == ORANGE:
        return Notice.Kind.SUPERVISION_ORDER if unanswered else Notice.Kind.WARNING
    if new_level == RED:
        return Notice.Kind.SUMMONS
    return None


def sync_flags(signals, *, subject_type, causes, as_of, now=None, policy=None, calendar=None, units=None) -> Outcome:
    """Make the open flags of ``causes`` on ``subject_type`` match what a scan found.

    ``signals`` must cover every subject the scan looked at; an open flag with no signal
    (or a level-0 one) is cleared — its cause is gone. Running it again with the same
    signals changes nothing.
    """
    now = now or timezone.now()
    policy = policy or Policy.from_settings()
    wanted = {s.key: s for s in sorted(signals, key=lambda s: s.key) if s.level > 0}
    with transaction.atomic():
        # Open flags are compared as plain values; only those that change become objects.
        open_rows = Flag.objects.filter(subject_type=subject_type, cause__in=list(causes), cleared_at=None)
        if units is not None:
            open_rows = open_rows.filter(unit_id__in=list(units))
        current = {(sid, cause): (fid, level, subject_level) for fid, sid, cause, level, subject_level in
                   open_rows.values_list("id", "subject_id", "cause", "level", "subject_level").iterator(20_000)}
        transitions = _raise([s for key, s in wanted.items() if key not in current], subject_type, now, policy)
        to_clear, to_move = [], []
        for key, (fid, level, subject_level) in current.items():
            signal = wanted.get(key)
            if signal is None:
                to_clear.append(fid)
            elif (flag_level_after_scan(level, subject_level, signal.level) != level
                  or subject_level != signal.level):
                to_move.append(fid)
        loaded = Flag.objects.select_related("unit", "subject_type").in_bulk(to_clear + to_move)
        for fid in sorted(to_move):
            flag = loaded.get(fid)
            if flag is None:
                continue
            signal = wanted[flag.subject_id, flag.cause]
            new_level = flag_level_after_scan(flag.level, flag.subject_level, signal.level)
            if new_level != flag.level:
                event = Event.ESCALATED if new_level > flag.level else Event.LOWERED
                changes = {"subject_level": signal.level, "reason": signal.reason, "figures": signal.figures}
                if event == Event.ESCALATED:
                    changes["escalated_at"] = now
                old = flag.level
                if _compare_and_set(flag, now, **changes, level=new_level):
                    letter = letter_for(new_level) if event == Event.ESCALATED else None
                    transitions.append(Transition(flag, event, old, new_level, signal.reason, letter))
            elif flag.subject_level != signal.level:
                # The subject moved under a flag kept up by an escalation: remember, no event.
                _compare_and_set(flag, now, subject_level=signal.level)
        if units is not None and to_clear:
            to_clear = _hand_over(subject_type, [loaded[fid] for fid in to_clear if fid in loaded], units, now)
        transitions += _clear([loaded[fid] for fid in sorted(to_clear) if fid in loaded], now)
        return record(transitions, as_of=as_of, now=now, policy=policy, calendar=calendar)


def _hand_over(subject_type, flags, units, now) -> list[int]:
    """A pass limited to ``units`` (one chunk of a split pass) found no signal for these
    open flags. A subject that now belongs to a unit outside the chunk is not resolved: its
    flag moves to that unit, whose chunk judges it from the next pass on. Returns the ids
    still to clear."""
    moved = owners_outside(subject_type, {flag.subject_id for flag in flags}, units)
    to_clear = []
    for flag in flags:
        owner = moved.get(flag.subject_id)
        if owner is None:
            to_clear.append(flag.id)
        else:
            _compare_and_set(flag, now, unit_id=owner)
    return to_clear


def _compare_and_set(flag, now, **changes):
    """Apply ``changes`` to ``flag`` only if it still has the level and openness we read.
    True when this process made the change (one row updated)."""
    changed = Flag.objects.filter(id=flag.id, level=flag.level, cleared_at=None).update(updated_at=now, **changes)
    if changed != 1:
        return False
    for name, value in changes.items():
        setattr(flag, name, value)
    return True


def _raise(signals, subject_type, now, policy) -> list[Transition]:
    """Insert the new flags; the partial unique constraint admits each once. One
    ``bulk_create`` in the usual case; row by row only when a concurrent process won some."""
    if not signals:
        return []
    rows = [Flag(subject_type=subject_type, subject_id=s.subject_id, cause=s.cause, unit_id=s.unit_id,
                 level=s.level, subject_level=s.level, reason=s.reason, figures=s.figures, raised_at=now,
                 updated_at=now) for s in signals]
    try:
        with transaction.atomic():
            created = Flag.objects.bulk_create(rows)
    except IntegrityError:
        created = []
        for row in rows:
            row.pk = None
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                continue  # another process raised it first; it sends the news
            created.append(row)
    # The letters and messages name the unit and the subject: attach them, read once.
    units = OrgUnit.all_objects.in_bulk({f.unit_id for f in created}) if created else {}
    for flag in created:
        flag.subject_type = subject_type
        if flag.unit_id in units:
            flag.unit = units[flag.unit_id]
    repeats = _repeat_yellow_subjects([f for f in created if f.level == YELLOW], subject_type, now, policy)
    transitions = []
    for flag in created:
        if flag.subject_id in repeats:
            transitions.append(Transition(flag, Event.RAISED, None, flag.level, flag.reason, None))
            if _compare_and_set(flag, now, level=ORANGE, escalated_at=now):
                note = (f"{policy.repeat_yellow_window_days}日内第{repeats[flag.subject_id]}次黄色预警，"
                        f"直接发出督办函。")
                transitions.append(Transition(flag, Event.ESCALATED, YELLOW, ORANGE, note,
                                              Notice.Kind.SUPERVISION_ORDER))
        else:
            transitions.append(Transition(flag, Event.RAISED, None, flag.level, flag.reason, letter_for(flag.level)))
    return transitions


def _repeat_yellow_subjects(flags, subject_type, now, policy) -> dict:
    """Subjects (id → count) whose new yellow flag is the N-th yellow within the window:
    "两次黄色预警" in 30 days goes straight to a supervision order."""
    if not flags or policy.repeat_yellow_count < 2:
        return {}
    ids = {f.subject_id for f in flags}
    new_ids = {f.id for f in flags}
    earlier = (FlagEvent.objects
               .filter(flag__subject_type=subject_type, flag__subject_id__in=ids, event=Event.RAISED,
                       new_level=YELLOW, at__gte=now - timedelta(days=policy.repeat_yellow_window_days))
               .exclude(flag_id__in=new_ids)
               .values("flag__subject_id").annotate(n=Count("id")))
    return {row["flag__subject_id"]: row["n"] + 1 for row in earlier if row["n"] + 1 >= policy.repeat_yellow_count}


def _clear(flags, now) -> list[Transition]:
    """Close the flags whose cause is gone: one UPDATE for all of them; if a concurrent
    process got to some first, roll it back and claim them one by one, so each cleared
    flag has exactly one "cleared" event."""
    if not flags:
        return []
    ids = [f.id for f in flags]

    class _Lost(Exception):
        pass

    try:
        with transaction.atomic():
            if Flag.objects.filter(id__in=ids, cleared_at=None).update(cleared_at=now, updated_at=now) != len(ids):
                raise _Lost
        won = flags
    except _Lost:
        won = [f for f in flags
               if Flag.objects.filter(id=f.id, cleared_at=None).update(cleared_at=now, updated_at=now) == 1]
    for flag in won:
        flag.cleared_at = now
    return [Transition(f, Event.CLEARED, f.level, 0, "预警原因已消除。") for f in won]


def record(transitions, *, as_of, now, policy=None, calendar=None) -> Outcome:
    """Write the events of the transitions this process won, then their notices and
    notifications. Call inside the transaction that made the changes."""
    outcome = Outcome()
    if not transitions:
        return outcome
    policy = policy or Policy.from_settings()
    announce(Flag, [t.flag.pk for t in transitions if t.event == Event.RAISED], CREATED)
    announce(Flag, [t.flag.pk for t in transitions if t.event != Event.RAISED], UPDATED)
    events = FlagEvent.objects.bulk_create([
        FlagEvent(flag=t.flag, event=t.event, old_level=t.old_level, new_level=t.new_level, at=now,
                  actor=t.actor, note=t.note) for t in transitions
    ])
    copy_warning_levels((t.flag for t in transitions if t.event != Event.ACKNOWLEDGED), now)
    counters = {Event.RAISED: "raised", Event.ESCALATED: "escalated", Event.LOWERED: "lowered",
                Event.CLEARED: "cleared", Event.ACKNOWLEDGED: "acknowledged"}
    lettered = []
    for transition, event in zip(transitions, events):
        name = counters[transition.event]
        setattr(outcome, name, getattr(outcome, name) + 1)
        if transition.letter:
            lettered.append((transition, event))
    notice_by_event = {}
    if lettered:
        calendar = calendar or load_calendar()
        issued = notices_mod.issue_notices([(t.flag, t.letter) for t, _ in lettered], as_of=as_of, now=now,
                                           calendar=calendar, policy=policy)
        for transition, event in lettered:
            notice = issued.get((transition.flag.id, transition.letter))
            if notice is not None:
                notice_by_event[event.id] = notice
                outcome.notices.append(notice.id)
    emails, deliveries = notify.announce_flag_events(list(zip(transitions, events)), notice_by_event, now=now)
    outcome.emails += emails
    outcome.deliveries += deliveries
    return outcome


COPY_BATCH = 5_000


def copy_warning_levels(flags, now):
    """Set ``warning_level`` on the subjects of ``flags`` (the records whose warnings just
    changed) to the worst warning open on each now, NULL when none is, and
    ``warning_level_since`` to ``now`` where that changed it. Set-based: per kind of record
    and batch of subjects, one read of their open warnings, one of their copies, and one
    ``UPDATE`` per new level for the rows that change. Subjects whose model keeps no copy
    (targets) are skipped. Safe to run twice: the second run changes no row."""
    subjects: dict[int, set[int]] = {}
    for flag in flags:
        subjects.setdefault(flag.subject_type_id, set()).add(flag.subject_id)
    for type_id, ids in subjects.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not issubclass(model, WarningLevelCopy):
            continue
        ordered = sorted(ids)
        for start in range(0, len(ordered), COPY_BATCH):
            batch = ordered[start:start + COPY_BATCH]
            worst = dict(Flag.objects.filter(subject_type_id=type_id, subject_id__in=batch, cleared_at=None)
                         .order_by().values("subject_id").annotate(worst=Max("level")).values_list("subject_id", "worst"))
            moved: dict[int | None, list[int]] = {}
            for pk, level in model._base_manager.filter(pk__in=batch).values_list("pk", "warning_level"):
                if worst.get(pk) != level:
                    moved.setdefault(worst.get(pk), []).append(pk)
            for level, pks in moved.items():
                model._base_manager.filter(pk__in=pks).update(warning_level=level, warning_level_since=now)


def escalate_unanswered(as_of, *, now=None, policy=None, calendar=None) -> Outcome:
    """Climb one level for every open flag left unanswered too long at its level
    (黄→橙 督办函, 橙→红 约谈通知). "Unanswered" means no acknowledgement since the flag
    reached its current level; the clock is in working days from that moment."""
    now = now or timezone.now()
    policy = policy or Policy.from_settings()
    # The working days since each flag's level are counted once per flag: with the index, a
    # difference of two running counts instead of a walk over the days (38,000 open flags,
    # 51 days each: 35 s of calendar lookups, now well under a second).
    calendar = calendar if isinstance(calendar, WorkdayIndex) else (
        WorkdayIndex(calendar) if calendar else pass_calendar())
    candidates = (Flag.objects.filter(cleared_at=None, level__in=[YELLOW, ORANGE])
                  .annotate(level_since=Max("events__at", filter=Q(events__event__in=LEVEL_CHANGING))))
    with transaction.atomic():
        transitions = []
        for flag in candidates:
            since = flag.level_since or flag.raised_at
            answered = flag.acknowledged_at is not None and flag.acknowledged_at >= since
            if not due_for_escalation(flag.level, timezone.localtime(since).date(), answered, as_of, calendar,
                                      policy.escalate_after_workdays):
                continue
            old = flag.level
            limit = policy.escalate_after_workdays[old]
            if _compare_and_set(flag, now, level=old + 1, escalated_at=now):
                note = f"{'黄色' if old == YELLOW else '橙色'}预警逾{limit}个工作日未响应，升级。"
                transitions.append(Transition(flag, Event.ESCALATED, old, old + 1, note,
                                              letter_for(old + 1, unanswered=True)))
        return record(transitions, as_of=as_of, now=now, policy=policy, calendar=calendar)


def acknowledge_flag(flag, user, response, *, now=None) -> Outcome:
    """The responsible unit answers a flag (预警响应) with what it is doing. Allowed to the
    unit's staff and to supervisors (``tracker.access.can``); answers the flag's open
    notices too, and stops the unanswered-escalation clock at the current level."""
    now = now or timezone.now()
    text = (response or "").strip()
    if not can(user, WRITE, flag):
        raise ServiceError("无权响应该预警：仅责任单位或督查室可以响应。",
                           "Only the responsible unit or a supervisor may respond to this flag.", kind="forbidden")
    if flag.cleared_at is not None:
        raise ServiceError("该预警已解除，无需响应。", "This flag is already cleared.", kind="conflict")
    if not text:
        raise ServiceError("请填写响应说明。", "A response text is required.", field="response")
    with transaction.atomic():
        if not _compare_and_set(flag, now, acknowledged_at=now, acknowledged_by=user, response=text):
            raise ServiceError("预警已被更新，请刷新后重试。", "The flag changed meanwhile; reload and try again.",
                               kind="conflict")
        for notice in Notice.objects.filter(flag=flag, responded_at=None):
            notice.responded_at, notice.response = now, text
            notice.save(update_fields=["responded_at", "response", "updated_at"])
        return record([Transition(flag, Event.ACKNOWLEDGED, flag.level, flag.level, text, actor=user)],
                      as_of=timezone.localdate(now), now=now)
