"""Remove expired idempotency keys (24 h) and change log rows older than the feed's
retention (cursors that old get 410 Gone and resync in full). Safe to run any time."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from api import changes, idempotency
from api.models import ChangeLog


class Command(BaseCommand):
    help = "Purge expired idempotency keys and change log rows."

    def handle(self, *args, **options):
        keys = idempotency.purge_expired()
        # Keep one retention period plus a day, so every cursor still accepted finds its rows.
        cutoff = timezone.now() - changes.RETENTION - timezone.timedelta(days=1)
        rows = ChangeLog.objects.filter(changed_at__lt=cutoff).delete()[0]
        self.stdout.write(f"idempotency keys removed: {keys}; change log rows removed: {rows}")
