"""Shared building blocks: the ledger record base class and its querysets.

Business records are never hard-deleted (a REST client syncing the ledger must learn of a
removal, and the audit trail must stay whole): deleting marks ``deleted_at``. The default
manager hides deleted rows; ``all_objects`` sees them.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LedgerQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def soft_delete(self):
        """Mark every live row in the set deleted in one UPDATE (and announce it, since
        ``update()`` fires no model signal)."""
        from tracker.signals import DELETED, announce

        live = self.filter(deleted_at__isnull=True)
        pks = list(live.values_list("pk", flat=True))
        now = timezone.now()
        count = self.model.all_objects.filter(pk__in=pks).update(deleted_at=now, updated_at=now)
        announce(self.model, pks, DELETED)
        return count


class AliveManager(models.Manager.from_queryset(LedgerQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class LedgerRecord(models.Model):
    """Abstract base of every business record: timestamps and soft deletion."""

    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True, editable=False)

    objects = AliveManager()
    all_objects = LedgerQuerySet.as_manager()

    class Meta:
        abstract = True

    def soft_delete(self):
        """删除 delete: keep the row, mark it deleted (tombstone for sync and audit)."""
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at", "updated_at"])


class Level(models.IntegerChoices):
    """四色预警 the four warning levels."""

    GREEN = 0, _("绿色")
    YELLOW = 1, _("黄色")
    ORANGE = 2, _("橙色")
    RED = 3, _("红色")


LEVEL_COLOURS = {0: "green", 1: "yellow", 2: "orange", 3: "red"}
