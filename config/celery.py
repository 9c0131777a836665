"""The Celery application.

Configuration comes from Django settings under the ``CELERY_`` namespace
(paperless-ngx style); tasks are discovered from every installed app's ``tasks.py``.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
