"""WSGI entry point (gunicorn in production, see docs/operations.md)."""
import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _say_what_is_missing():
    """Start-up warnings an operator must see in the web server's log."""
    from tracker.jobs.notify import email_delivery_problem

    problem = email_delivery_problem()
    if problem:
        logging.getLogger("tracker.startup").warning(problem)


_say_what_is_missing()
