"""The copy of a record's worst open warning on items and stage tasks (``warning_level``),
kept by the flag life cycle: every transition that changes a level updates it in the same
transaction, nothing else writes it, and saving a record never undoes it."""
import datetime as dt

from django.contrib.contenttypes.models import ContentType

from tests.factories import MilestoneFactory, RectificationItemFactory
from tracker.jobs import flags
from tracker.jobs.flags import Signal
from tracker.models import Flag, RectificationItem

from .conftest import at

D = dt.date
DAY = D(2026, 9, 28)


def sync(record, cause, level, day=DAY):
    """What a scan of ``cause`` found on ``record`` alone (level 0: nothing wrong)."""
    kind = ContentType.objects.get_for_model(record)
    signals = [Signal(kind.id, record.pk, cause, record_unit(record).pk, level, reason="test")] if level else []
    return flags.sync_flags(signals, subject_type=kind, causes={cause}, as_of=day, now=at(day))


def record_unit(record):
    return record.lead_unit if isinstance(record, RectificationItem) else record.project.lead_unit


def copied(record):
    return type(record)._base_manager.values_list("warning_level", flat=True).get(pk=record.pk)


def worst_open(record):
    kind = ContentType.objects.get_for_model(record)
    levels = Flag.objects.filter(subject_type=kind, subject_id=record.pk, cleared_at=None).values_list("level", flat=True)
    return max(levels, default=None)


def test_raise_escalate_lower_and_clear_keep_the_worst_open_level(unit):
    # given an item with no warning
    item = RectificationItemFactory(lead_unit=unit)
    assert copied(item) is None
    # when a deadline warning is raised yellow, then one of another cause orange
    sync(item, "deadline", 1)
    assert copied(item) == 1
    sync(item, "evidence_missing", 2)
    assert copied(item) == 2
    # when the yellow one is escalated by its scan to red, then the red one lowered to yellow
    sync(item, "deadline", 3, day=DAY + dt.timedelta(days=1))
    assert copied(item) == 3
    sync(item, "deadline", 1, day=DAY + dt.timedelta(days=2))
    assert copied(item) == worst_open(item) == 2
    # when the orange one's cause is gone, and then the last one's
    sync(item, "evidence_missing", 0, day=DAY + dt.timedelta(days=3))
    assert copied(item) == worst_open(item) == 1
    sync(item, "deadline", 0, day=DAY + dt.timedelta(days=4))
    assert copied(item) is None and worst_open(item) is None


def test_escalation_for_silence_and_acknowledgement(unit, unit_staff):
    # given a yellow warning on a stage task, left unanswered five working days
    milestone = MilestoneFactory(project__lead_unit=unit)
    sync(milestone, "deadline", 1)
    flags.escalate_unanswered(D(2026, 10, 10), now=at(D(2026, 10, 10)))
    assert copied(milestone) == worst_open(milestone) == 2
    # when the unit answers it, the level (and the copy) stay
    flag = Flag.objects.get(subject_id=milestone.pk, cleared_at=None)
    flags.acknowledge_flag(flag, unit_staff, "已组织整改。", now=at(D(2026, 10, 12)))
    assert copied(milestone) == 2


def test_a_scan_over_several_items_copies_each_ones_own_level(unit):
    # given two items a deadline scan finds orange and yellow
    first, second = RectificationItemFactory(lead_unit=unit), RectificationItemFactory(lead_unit=unit)
    kind = ContentType.objects.get_for_model(RectificationItem)

    def scan(levels, day):
        signals = [Signal(kind.id, item.pk, "deadline", unit.pk, level, reason="test")
                   for item, level in zip((first, second), levels) if level]
        flags.sync_flags(signals, subject_type=kind, causes={"deadline"}, as_of=day, now=at(day))

    scan((2, 1), DAY)
    assert (copied(first), copied(second)) == (2, 1)
    # when the next scan finds the second fixed and the first unchanged
    scan((2, 0), DAY + dt.timedelta(days=1))
    # then the first keeps its copy and the second has none
    assert (copied(first), copied(second)) == (2, None)


def test_saving_a_record_loaded_before_a_scan_does_not_undo_its_copy(unit):
    # given an item a staff member opened before the scan raised a red warning on it
    item = RectificationItemFactory(lead_unit=unit)
    opened = RectificationItem.objects.get(pk=item.pk)
    sync(item, "deadline", 3)
    # when they save their edit
    opened.measures = "新的整改措施"
    opened.save()
    # then the edit is kept and the copy too
    item.refresh_from_db()
    assert (item.measures, item.warning_level) == ("新的整改措施", 3)


def test_the_copy_is_not_part_of_a_records_history(unit):
    item = RectificationItemFactory(lead_unit=unit)
    sync(item, "deadline", 3)
    history_fields = {f.name for f in RectificationItem.history.model._meta.get_fields()}
    assert "warning_level" not in history_fields
    assert item.history.count() == 1  # the creation only: raising a warning writes no version


def test_running_the_copy_twice_changes_nothing(unit):
    # given an item a scan found orange on DAY
    item = RectificationItemFactory(lead_unit=unit)
    sync(item, "deadline", 2)
    open_flags = list(Flag.objects.filter(subject_id=item.pk))
    # when the copy runs again, twice, a week later
    flags.copy_warning_levels(open_flags, at(DAY + dt.timedelta(days=7)))
    flags.copy_warning_levels(open_flags, at(DAY + dt.timedelta(days=7)))
    # then the level and the moment it was reached stay
    assert RectificationItem.objects.values_list("warning_level", "warning_level_since").get(pk=item.pk) == (2, at(DAY))


def test_the_copy_remembers_when_the_level_changed(unit):
    # given a fund allocation warned yellow on DAY, red on the next day, lowered on the third
    from tests.factories import FundAllocationFactory

    fund = FundAllocationFactory(unit=unit)

    def since():
        return type(fund).objects.values_list("warning_level", "warning_level_since").get(pk=fund.pk)

    kind = ContentType.objects.get_for_model(fund)
    for offset, level in ((0, 1), (1, 3), (2, 3), (3, 2)):
        day = DAY + dt.timedelta(days=offset)
        flags.sync_flags([Signal(kind.id, fund.pk, "execution", unit.pk, level, reason="test")], subject_type=kind,
                         causes={"execution"}, as_of=day, now=at(day))
        if offset == 2:  # then a scan that finds it red again leaves the moment it turned red
            assert since() == (3, at(DAY + dt.timedelta(days=1)))
    assert since() == (2, at(DAY + dt.timedelta(days=3)))
