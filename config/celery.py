"""The Celery application.

Configuration comes from Django settings under the ``CELERY_`` namespace
(paperless-ngx style); tasks are discovered from every installed app's ``tasks.py``.
"""
import logging
import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _say_what_is_missing(**kwargs):
    """The worker sends the email: it says at start-up when it cannot."""
    from tracker.jobs.notify import email_delivery_problem

    problem = email_delivery_problem()
    if problem:
        logging.getLogger("tracker.startup").warning(problem)
