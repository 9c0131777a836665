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


class WarningLevelCopy(models.Model):
    """当前预警等级: a copy, on the record itself, of the worst open warning (``Flag``) on it
    — written only by the flag life cycle (:mod:`tracker.jobs.flags`, the only writer of
    flags) in the transaction that raises, escalates, lowers or clears one; NULL when no
    warning is open. It lets the dashboard count records by level in one pass over their own
    table instead of joining every open warning (see ``tracker/dashboard/loading.py``).

    Never edited and never part of a record's history: forms leave it out
    (``editable=False``), the history excludes it (``COPY_FIELDS``), and saving a record
    loaded earlier never writes it back, so a scan that ran meanwhile is not undone by a
    stale copy."""

    warning_level = models.PositiveSmallIntegerField(_("当前预警等级"), choices=Level.choices, null=True, blank=True,
                                                     editable=False)
    # When the copy took its present value: with it, "turned red since yesterday" is read off
    # the record's own row (the dashboard's 新增红色).
    warning_level_since = models.DateTimeField(_("预警等级变化时间"), null=True, blank=True, editable=False)

    COPY_FIELDS = ("warning_level", "warning_level_since")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            deferred = self.get_deferred_fields()  # as Django does: a deferred field is not written
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields
                                       if not f.primary_key and f.name not in self.COPY_FIELDS
                                       and f.attname not in deferred]
        super().save(*args, **kwargs)
