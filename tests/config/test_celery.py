"""Fault 4: a task held by a worker that died is redelivered after the broker's visibility
timeout, which must sit above every task's hard time limit (else a running task is
handed to a second worker) and well under kombu's default hour."""
from tests.test_settings import run_django

PROBE = """
import django
django.setup()
from config.celery import app
from django.conf import settings
app.loader.import_default_modules()
limits = [t.time_limit for name, t in app.tasks.items() if not name.startswith("celery.")]
print(settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"], max(limit or 0 for limit in limits))
"""


def test_visibility_timeout_is_above_the_longest_task_and_below_an_hour():
    # given: the production settings on Redis
    env = {"SECRET_KEY": "x" * 50, "REDIS_URL": "redis://127.0.0.1:6379/4"}
    # when
    result = run_django(env, PROBE)
    # then
    assert result.returncode == 0, result.stderr
    visibility, longest = map(float, result.stdout.split())
    assert longest < visibility < 3600


def test_every_task_has_a_hard_time_limit():
    from config.celery import app

    app.loader.import_default_modules()
    unlimited = [name for name, task in app.tasks.items() if not name.startswith("celery.") and not task.time_limit]
    assert unlimited == []
