"""The Celery layer: thin tasks, the beat schedule from settings, after-commit sending."""
import datetime as dt
import sys
import types

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from config import settings as config_settings
from config.celery import app
from tests.factories import RectificationItemFactory, TargetFactory
from tracker import tasks
from tracker.models import Flag, Notification, Target
from tracker.services.errors import ServiceError


def test_every_beat_entry_names_a_registered_task_with_limits_and_retries():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        task = app.tasks[entry["task"]]
        assert task.acks_late and task.reject_on_worker_lost, name
        assert task.time_limit and task.soft_time_limit < task.time_limit, name
        assert task.time_limit < settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600), name
        assert task.autoretry_for, name


def test_schedule_from_environment_crontab_or_seconds(monkeypatch):
    monkeypatch.setenv("CELERY_SCHEDULE_X", "*/15 8-18 * * 1-5")
    assert config_settings.envschedule("CELERY_SCHEDULE_X", "0 * * * *") == crontab(
        minute="*/15", hour="8-18", day_of_week="1-5")
    # cron order is minute hour day-of-month month day-of-week: Monday 08:30, every month
    monkeypatch.setenv("CELERY_SCHEDULE_X", "30 8 * * 1")
    weekly = config_settings.envschedule("CELERY_SCHEDULE_X", "0 * * * *")
    assert (weekly.day_of_week, len(weekly.month_of_year)) == ({1}, 12)
    monkeypatch.setenv("CELERY_SCHEDULE_X", "5")
    assert config_settings.envschedule("CELERY_SCHEDULE_X", "0 * * * *") == 5.0
    monkeypatch.delenv("CELERY_SCHEDULE_X")
    assert config_settings.envschedule("CELERY_SCHEDULE_X", "30 17 * * *") == crontab("30", "17")


@pytest.mark.parametrize("value", ["every hour", "0 * *", "61 * * * *"])
def test_bad_schedule_stops_start_up_with_bilingual_message(monkeypatch, value):
    monkeypatch.setenv("CELERY_SCHEDULE_X", value)
    with pytest.raises(ImproperlyConfigured) as exc:
        config_settings.envschedule("CELERY_SCHEDULE_X", "0 * * * *")
    assert "不是有效的" in str(exc.value) and "is not a 5-field crontab" in str(exc.value)


def test_bad_as_of_is_refused_in_both_languages():
    with pytest.raises(ServiceError) as exc:
        tasks.parse_as_of("2026-13-01")
    assert "YYYY-MM-DD" in exc.value.zh and "as_of must be" in exc.value.en
    assert tasks.parse_as_of("2026-10-08") == dt.date(2026, 10, 8)


@pytest.fixture
def fake_evaluation(monkeypatch):
    """Stands in for tracker.services.evaluation until the status engine's DB pass lands:
    it writes levels the way evaluate_all will (Target.level)."""
    calls = []

    def evaluate_all(as_of, targets=None):
        calls.append(as_of)
        Target.objects.filter(code__startswith="RED").update(level=3, reason="cannot_meet", explanation_zh="已无法完成")
        return {"evaluated": Target.objects.count()}

    monkeypatch.setitem(sys.modules, "tracker.services.evaluation",
                        types.SimpleNamespace(evaluate_all=evaluate_all))
    return calls


@pytest.fixture
def eager():
    saved = {key: app.conf.get(key) for key in ("task_always_eager", "task_eager_propagates")}
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(saved)


def test_evaluate_task_calls_engine_then_flags_follow_and_emails_go_after_commit(
        unit, unit_staff, duty_supervisor, fake_evaluation, eager, django_capture_on_commit_callbacks):
    TargetFactory(code="RED-1", lead_unit=unit)
    # when the task runs inside a transaction
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        summary = tasks.evaluate_targets_task.apply(kwargs={"as_of": "2026-10-08"}).get()
        # then nothing is emailed before commit
        assert len(mail.outbox) == 0
    for callback in callbacks:
        callback()
    # then the engine ran for the day, one red flag was raised and each person got one email
    assert fake_evaluation == [dt.date(2026, 10, 8)]
    assert summary["raised"] == 1 and summary["evaluation"] == {"evaluated": 1}
    assert Flag.objects.get().level == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["sup@example.cn", "x-staff@example.cn"]
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"sent"}


def test_running_tasks_twice_sends_nothing_the_second_time(
        unit, unit_staff, fake_evaluation, eager, django_capture_on_commit_callbacks):
    RectificationItemFactory(lead_unit=unit, deadline=dt.date(2026, 9, 30))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.scan_rectification_items_task.apply(args=["2026-10-08"]).get()
            tasks.send_pending_emails_task.apply().get()
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1


def test_failed_email_stays_pending_for_the_sweep(unit, unit_staff, monkeypatch):
    from tracker.jobs import notify, scans

    RectificationItemFactory(lead_unit=unit, deadline=dt.date(2026, 9, 30))
    outcome = scans.scan_rectification_items(dt.date(2026, 10, 8))

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(notify, "send_mail", broken)
    assert notify.send_email(outcome.emails[0]) is False
    assert notify.pending_email_ids() == outcome.emails
    monkeypatch.undo()
    assert notify.send_email(outcome.emails[0]) is True
    assert notify.pending_email_ids() == [] and len(mail.outbox) == 1


def test_without_smtp_in_production_email_stays_pending_and_is_never_marked_sent(unit, unit_staff, settings):
    # given: production with no EMAIL_HOST, a flag that owes the unit's staff an email
    from tracker.jobs import notify
    from tracker.jobs.scans import sync_target_flags

    settings.EMAIL_DELIVERY_ENABLED = False
    TargetFactory(lead_unit=unit, level=3)
    outcome = sync_target_flags(dt.date(2026, 5, 6))
    assert outcome.emails
    # when: the sender and the sweep run
    sent = [notify.send_email(nid) for nid in outcome.emails]
    swept = tasks.send_pending_emails_task.apply().get()
    # then: nothing sent, nothing marked sent, all still pending for later
    assert sent == [False] * len(outcome.emails) and swept == 0 and mail.outbox == []
    assert set(Notification.objects.filter(id__in=outcome.emails).values_list("email_status", flat=True)) == {"pending"}
    # and once SMTP is configured the sweep sends them
    settings.EMAIL_DELIVERY_ENABLED = True
    assert tasks.send_pending_emails_task.apply().get() == len(outcome.emails)


def test_production_without_smtp_says_so_at_start_up():
    # given: production settings with no EMAIL_HOST
    from tests.test_settings import run_django

    # when
    result = run_django({"SECRET_KEY": "x" * 50}, "import django; django.setup(); "
                        "from django.core.management import call_command; call_command('check')")
    with_smtp = run_django({"SECRET_KEY": "x" * 50, "EMAIL_HOST": "smtp.example.cn"}, "import django; django.setup(); "
                           "from django.core.management import call_command; call_command('check')")
    # then
    assert "tracker.W001" in result.stderr + result.stdout and "未配置 SMTP" in result.stderr + result.stdout
    assert "tracker.W001" not in with_smtp.stderr + with_smtp.stdout


def test_a_sender_the_broker_refuses_is_logged_and_left_for_the_sweep():
    # given: Redis down (a port nobody listens on)
    import socket

    from tests.test_settings import run_django

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = ("import django; django.setup(); from tracker import tasks; "
            "print('sent' if tasks.enqueue_safely(tasks.send_email_task, 1) else 'not sent')")
    # when
    result = run_django({"DEBUG": "1", "REDIS_URL": f"redis://127.0.0.1:{port}/0"}, code)
    # then: no exception for the caller, a warning in the log
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "not sent"
    assert "enqueue failed, left for the sweep" in result.stdout + result.stderr
