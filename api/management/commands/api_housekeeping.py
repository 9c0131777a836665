"""Remove expired idempotency keys and old change-log rows (``api.housekeeping``). Safe to run any time;
the beat schedule runs it nightly."""
from django.core.management.base import BaseCommand

from api.housekeeping import purge_expired_records


class Command(BaseCommand):
    help = "清理过期的幂等键和变更记录 / Purge expired idempotency keys and change log rows."

    def handle(self, *args, **options):
        keys, rows = purge_expired_records()
        self.stdout.write(f"idempotency keys removed: {keys}; change log rows removed: {rows}")
