"""Periodic jobs and their services: deadline scans, flag life cycle, notices (四书),
notifications (inbox, email, webhooks) and the leaders' digests.

Layering (Saleor style): ``tracker/tasks.py`` holds thin Celery tasks that call the
functions here; the rules that decide a level are pure functions in :mod:`.rules`
with an explicit ``as_of``; :mod:`.flags` is the only writer of ``Flag`` rows and does
every transition with a compare-and-set, so a transition happens once however many
processes race for it, and only the winner writes its event, notice and notifications.
See ``docs/jobs.md``.
"""
