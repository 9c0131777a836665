"""The flag life cycle: escalation ladder, acknowledgement, and no duplicates by design."""
import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from tests.factories import RectificationItemFactory, TargetFactory
from tracker.jobs import flags, scans
from tracker.jobs.flags import Signal
from tracker.jobs.policy import Policy
from tracker.models import Flag, FlagEvent, Notice, Notification, Target
from tracker.services.errors import ServiceError

from .conftest import at

D = dt.date


def yellow_target(unit, day=D(2026, 9, 28)):
    target = TargetFactory(lead_unit=unit)
    Target.objects.filter(id=target.id).update(level=1, reason="behind", explanation_zh="进度滞后")
    scans.sync_target_flags(day, now=at(day))
    return target, Flag.objects.get(subject_id=target.id, cause="target_status")


def test_unanswered_yellow_becomes_orange_with_supervision_order_after_five_working_days(unit):
    # given a yellow flag raised Mon 28 Sep 2026
    _, flag = yellow_target(unit)
    # when four working days have passed (29, 30 Sep, 8, 9 Oct) nothing happens
    assert flags.escalate_unanswered(D(2026, 10, 9), now=at(D(2026, 10, 9))).escalated == 0
    # when the fifth (the make-up Saturday 10 Oct) has
    outcome = flags.escalate_unanswered(D(2026, 10, 10), now=at(D(2026, 10, 10)))
    # then it is orange, with a 督办函 numbered for 2026
    flag.refresh_from_db()
    assert (outcome.escalated, flag.level, flag.subject_level) == (1, 2, 1)
    notice = flag.notices.get(kind=Notice.Kind.SUPERVISION_ORDER)
    assert notice.number == "督办〔2026〕1号"


def test_orange_left_unanswered_becomes_red_with_summons(unit):
    _, flag = yellow_target(unit)
    flags.escalate_unanswered(D(2026, 10, 10), now=at(D(2026, 10, 10)))
    flags.escalate_unanswered(D(2026, 10, 16), now=at(D(2026, 10, 16)))  # 12–16 Oct: five more
    flag.refresh_from_db()
    assert flag.level == 3
    assert flag.notices.filter(kind=Notice.Kind.SUMMONS).count() == 1


def test_escalation_for_silence_is_kept_while_subject_stays_yellow(unit):
    target, flag = yellow_target(unit)
    flags.escalate_unanswered(D(2026, 10, 10), now=at(D(2026, 10, 10)))
    outcome = scans.sync_target_flags(D(2026, 10, 12), now=at(D(2026, 10, 12)))
    flag.refresh_from_db()
    assert (outcome.changed, flag.level) == (0, 2)


def test_acknowledged_flag_does_not_escalate(unit, unit_staff):
    _, flag = yellow_target(unit)
    flags.acknowledge_flag(flag, unit_staff, "已制定整改方案，本周完成。", now=at(D(2026, 9, 29)))
    assert flags.escalate_unanswered(D(2026, 10, 30), now=at(D(2026, 10, 30))).escalated == 0


def test_acknowledgement_answers_the_notice_and_tells_supervisors(unit, unit_staff, duty_supervisor):
    _, flag = yellow_target(unit)
    flag.refresh_from_db()
    flags.acknowledge_flag(flag, unit_staff, "  已整改  ", now=at(D(2026, 9, 29)))
    flag.refresh_from_db()
    assert (flag.response, flag.acknowledged_by) == ("已整改", unit_staff)
    assert flag.events.last().event == "acknowledged" and flag.events.last().actor == unit_staff
    assert flag.notices.get().response == "已整改"
    ack = Notification.objects.filter(event_type="flag.acknowledged")
    assert list(ack.values_list("user__username", flat=True)) == ["sup"]


@pytest.mark.parametrize("who, response, kind", [
    ("other_staff", "已整改", "forbidden"),
    ("boss", "已整改", "forbidden"),
    ("unit_staff", "   ", "invalid"),
])
def test_acknowledge_refuses_with_bilingual_message(request, unit, who, response, kind):
    _, flag = yellow_target(unit)
    user = request.getfixturevalue(who)
    with pytest.raises(ServiceError) as exc:
        flags.acknowledge_flag(flag, user, response)
    assert exc.value.kind == kind and exc.value.zh and exc.value.en and exc.value.zh != exc.value.en
    assert not FlagEvent.objects.filter(event="acknowledged").exists()


def test_acknowledge_with_stale_flag_is_a_conflict(unit, unit_staff):
    _, flag = yellow_target(unit)
    stale = Flag.objects.get(id=flag.id)
    flags.escalate_unanswered(D(2026, 10, 10), now=at(D(2026, 10, 10)))  # moved on meanwhile
    with pytest.raises(ServiceError) as exc:
        flags.acknowledge_flag(stale, unit_staff, "已整改")
    assert exc.value.kind == "conflict"


def test_second_yellow_within_30_days_goes_straight_to_supervision_order(unit):
    # given a yellow flag raised and cleared on the same target
    target, first = yellow_target(unit, D(2026, 5, 6))
    Target.objects.filter(id=target.id).update(level=0)
    scans.sync_target_flags(D(2026, 5, 11), now=at(D(2026, 5, 11)))
    # when it turns yellow again within 30 days
    Target.objects.filter(id=target.id).update(level=1)
    scans.sync_target_flags(D(2026, 5, 20), now=at(D(2026, 5, 20)))
    # then the new flag is orange with a 督办函 and no extra 提示函
    second = Flag.objects.get(subject_id=target.id, cleared_at=None)
    assert (second.level, second.subject_level) == (2, 1)
    assert list(second.events.values_list("event", "new_level")) == [("raised", 1), ("escalated", 2)]
    assert list(second.notices.values_list("kind", flat=True)) == ["supervision_order"]


def test_yellow_again_after_30_days_is_just_a_reminder(unit):
    target, _ = yellow_target(unit, D(2026, 3, 2))
    Target.objects.filter(id=target.id).update(level=0)
    scans.sync_target_flags(D(2026, 3, 3), now=at(D(2026, 3, 3)))
    Target.objects.filter(id=target.id).update(level=1)
    scans.sync_target_flags(D(2026, 5, 20), now=at(D(2026, 5, 20)))
    assert Flag.objects.get(subject_id=target.id, cleared_at=None).level == 1


def test_raise_lost_to_another_process_sends_nothing(unit):
    # given another process already raised the flag (it holds the open-flag slot)
    item = RectificationItemFactory(lead_unit=unit)
    ct = ContentType.objects.get_for_model(item)
    Flag.objects.create(subject_type=ct, subject_id=item.id, cause="deadline", unit=unit, level=3, subject_level=3)
    signal = Signal(ct.id, item.id, "deadline", unit.id, 3, "逾期")
    # when this process tries to raise it from its stale view
    transitions = flags._raise([signal], ct, at(D(2026, 5, 6)), Policy.from_settings())
    # then the constraint lets nothing through and nothing is reported as won
    assert transitions == []
    assert Flag.objects.filter(subject_id=item.id).count() == 1


def test_clear_lost_in_part_reports_only_the_flags_this_process_cleared(unit):
    ct = ContentType.objects.get_for_model(unit)
    a = Flag.objects.create(subject_type=ct, subject_id=1, cause="x", unit=unit, level=1)
    b = Flag.objects.create(subject_type=ct, subject_id=2, cause="x", unit=unit, level=1)
    Flag.objects.filter(id=a.id).update(cleared_at=at(D(2026, 5, 6)))  # the other process won a
    transitions = flags._clear([a, b], at(D(2026, 5, 6)))
    assert [t.flag.id for t in transitions] == [b.id]


def test_stale_escalation_changes_no_row(unit):
    _, flag = yellow_target(unit)
    stale = Flag.objects.get(id=flag.id)
    assert flags._compare_and_set(flag, at(D(2026, 10, 1)), level=2)
    assert not flags._compare_and_set(stale, at(D(2026, 10, 1)), level=2)


def test_every_job_twice_changes_nothing_and_sends_nothing_the_second_time(
        unit, unit_staff, duty_supervisor, boss, settings):
    from tests.factories import FundAllocationFactory, MilestoneFactory
    from tracker.jobs import digests
    from tracker.models import Digest, WebhookDelivery, WebhookSubscription

    # given a bit of everything wrong, and a webhook subscriber for all events
    WebhookSubscription.objects.create(name="省平台", url="http://127.0.0.1:9/", secret="s", event_types=["*"])
    unit.has_daily_report_duty = True
    unit.save()
    RectificationItemFactory(lead_unit=unit, deadline=D(2026, 9, 30))
    MilestoneFactory(project__lead_unit=unit, due_on=D(2026, 9, 30))
    FundAllocationFactory(unit=unit, allocated_on=D(2026, 1, 1), execution_deadline=D(2026, 12, 31))
    yellow_target(unit, D(2026, 9, 1))
    day, now = D(2026, 10, 12), at(D(2026, 10, 12))

    def run_all():
        total = flags.Outcome()
        for job in (scans.sync_target_flags, scans.scan_rectification_items, scans.scan_milestones,
                    scans.scan_funds, scans.scan_daily_reports):
            total.add(job(day, now=now))
        total.add(flags.escalate_unanswered(day, now=now))
        total.add(digests.publish_morning_digest(day, now=now)[0])
        total.add(digests.publish_weekly_bulletin(day, now=now)[0])
        return total

    def counts():
        return [m.objects.count() for m in (Flag, FlagEvent, Notice, Notification, WebhookDelivery, Digest)]

    first = run_all()
    after_first = counts()
    # when everything runs again
    second = run_all()
    # then nothing changed and nothing new is to be sent
    assert first.changed >= 5 and first.emails and first.deliveries
    assert (second.changed, second.emails, second.deliveries, second.notices) == (0, [], [], [])
    assert counts() == after_first
    assert len(mail.outbox) == 0  # sending is the senders' job, after commit


@pytest.mark.django_db(transaction=True)
def test_racing_processes_raise_one_flag_and_one_message_per_person(unit, unit_staff, duty_supervisor):
    """Several threads (own connections) run the same pass at once: one winner per transition."""
    import threading

    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    targets = [TargetFactory(lead_unit=unit) for _ in range(5)]
    Target.objects.filter(id__in=[t.id for t in targets]).update(level=3)
    barrier, errors = threading.Barrier(4), []

    def run():
        try:
            barrier.wait(timeout=30)
            scans.sync_target_flags(D(2026, 10, 8), now=at(D(2026, 10, 8)))
        except Exception as exc:  # noqa: BLE001 — report any failure to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    # a loser may see a serialisation error (the task would retry); none may duplicate
    assert all("deadlock" in str(e).lower() or "could not serialize" in str(e).lower() for e in errors), errors
    scans.sync_target_flags(D(2026, 10, 8), now=at(D(2026, 10, 8)))  # the retry / next pass
    assert Flag.objects.count() == 5
    assert FlagEvent.objects.count() == 5
    assert Notice.objects.count() == 5
    assert Notification.objects.count() == 5 * 2
