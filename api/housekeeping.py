"""Housekeeping of the API's own tables: expired idempotency keys (24 h) and change-log
rows older than the feed's retention (cursors that old get 410 Gone and resync in full)."""
from django.utils import timezone

from . import changes, idempotency
from .models import ChangeLog


def purge_expired_records():
    """Remove what no client can still need; returns (keys removed, change rows removed)."""
    keys = idempotency.purge_expired()
    # Keep one retention period plus a day, so every cursor still accepted finds its rows.
    cutoff = timezone.now() - changes.RETENTION - timezone.timedelta(days=1)
    rows = ChangeLog.objects.filter(changed_at__lt=cutoff).delete()[0]
    return keys, rows
