"""The audit trail (审计记录): who changed which business record, when, from what to what.

Every business model carries django-simple-history. ``save()`` — pages, API, admin, the
import — writes a history row with the signed-in user (HistoryRequestMiddleware); bulk
imports use ``bulk_create_with_history``. Set-based writes (the evaluation pass's
``bulk_update``, a flag's compare-and-set ``update()``, ``QuerySet.soft_delete()``, a
unit's subtree re-path) fire no model signal; they announce themselves on
``tracker.signals.records_changed``, and :func:`record_set_based_writes` writes their
history rows from the stored state, in the same transaction. A job has no user: its rows
name no one and are shown as "系统 / system".

History rows are append-only through the product: no page, API or admin edits or
deletes them, and :func:`protect_history` makes the ORM refuse to.

:func:`history_of` is what pages and the history API show: one entry per change, newest
first, each with who, when, the action and the changed fields with their Chinese labels.
:func:`restore_record` brings back a soft-deleted record (supervisors only).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db import models
from django.db.models.signals import pre_delete, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords

from tracker.access import can_write_everything
from tracker.services.errors import ServiceError
from tracker.signals import CREATED, DELETED, records_changed

ACTIONS = {"+": "created", "~": "updated", "-": "deleted"}
ACTION_LABELS = {"created": gettext_noop("创建"), "updated": gettext_noop("修改"), "deleted": gettext_noop("删除"),
                 "restored": gettext_noop("恢复")}
# Bookkeeping fields every change touches; they say nothing a reader needs.
NOT_SHOWN = {"updated_at"}
SET_BASED_REASON = "批量更新 / set-based write"
RESTORE_REASON = "恢复删除 / restored"


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str  # the field's verbose name (Chinese source string)
    before: object
    after: object


@dataclass(frozen=True)
class AuditEntry:
    """One change of one record."""

    history_id: int
    at: datetime
    who: str  # username, or "" for a job
    who_id: int | None
    action: str  # created / updated / deleted / restored
    reason: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return _(ACTION_LABELS[self.action])

    @property
    def who_label(self) -> str:
        return self.who or _("系统")


def has_history(model) -> bool:
    return hasattr(model, "history") and hasattr(model.history, "model") and hasattr(
        model.history.model, "instance_type")


def history_of(obj) -> list[AuditEntry]:
    """Every change of ``obj``, newest first: who, when, what, each changed field's label
    and its value before and after. Soft deletion and restoration show as their own
    actions, though they are stored as updates of ``deleted_at``."""
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    entries, previous = [], None
    for record in records:
        changes = _changes(type(obj), previous, record)
        action = ACTIONS[record.history_type]
        deleted_change = next((c for c in changes if c.field == "deleted_at"), None)
        if action == "updated" and deleted_change is not None:
            action = "deleted" if deleted_change.after else "restored"
        user = record.history_user
        entries.append(AuditEntry(
            history_id=record.history_id, at=record.history_date, who=user.get_username() if user else "",
            who_id=record.history_user_id, action=action, reason=record.history_change_reason or "",
            changes=[c for c in changes if c.field not in NOT_SHOWN],
        ))
        previous = record
    return entries[::-1]


def for_reader(entries, language) -> list[AuditEntry]:
    """The entries as a reader of ``language`` sees them: of a field kept in both
    languages (``explanation_zh`` / ``explanation_en``) only the reader's, and of a
    bilingual reason ("批量更新 / set-based write") only the reader's half."""
    english = (language or "").startswith("en")
    other = "_zh" if english else "_en"
    out = []
    for entry in entries:
        reason = entry.reason
        if " / " in reason:
            zh, en = reason.split(" / ", 1)
            reason = en if english else zh
        changes = [c for c in entry.changes if not c.field.endswith(other)]
        out.append(replace(entry, reason=reason, changes=changes))
    return out


def _changes(model, previous, record) -> list[FieldChange]:
    tracked = [f for f in model._meta.concrete_fields if hasattr(record, f.attname)]
    out = []
    for f in tracked:
        after = _shown(f, getattr(record, f.attname))
        before = _shown(f, getattr(previous, f.attname)) if previous is not None else None
        if previous is None and after in (None, "", [], {}):
            continue  # a creation lists the fields that were given a value
        if previous is None or before != after:
            out.append(FieldChange(f.name, str(f.verbose_name), before, after))
    return out


def _shown(f, value):
    """A stored value as a reader should see it: a choice's label, a date as ISO text."""
    if value is None:
        return None
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (int, float, str, bool, list, dict)):
        return value
    return str(value)


# --- set-based writes -------------------------------------------------------------------
def _acting_user():
    """The signed-in user of the request in progress (none in a job)."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def record_set_based_writes(sender, rows, **kwargs):
    """``records_changed`` receiver: a history row for each record an ``update()`` or
    ``bulk_update`` changed, holding its state after the write. Creations are skipped:
    every creation path (``save``, ``bulk_create_with_history``) writes its own row, and
    so does a writer that says ``history_written`` (the bulk upserts, :func:`write_upserts`)."""
    if not has_history(sender) or kwargs.get("history_written"):
        return
    pks = [pk for pk, action in rows if action != CREATED]
    if not pks:
        return
    manager = getattr(sender, "all_objects", sender._base_manager)
    objs = list(manager.filter(pk__in=pks))
    user = _acting_user()
    for obj in objs:
        obj._history_user = user  # bulk_history_create prefers it over default_user
    reason = SET_BASED_REASON if not any(a == DELETED for _, a in rows) else "删除 / deleted"
    sender.history.bulk_history_create(objs, update=True, default_user=user, default_change_reason=reason,
                                       default_date=timezone.now())


class HistoryIsAppendOnly(Exception):
    """Raised when anything tries to change or delete a history row."""


def _refuse_change(sender, instance, raw=False, **kwargs):
    if not raw and not instance._state.adding:
        raise HistoryIsAppendOnly(f"历史记录不可修改 / history rows cannot be changed: {sender.__name__}")


def _refuse_delete(sender, instance, **kwargs):
    raise HistoryIsAppendOnly(f"历史记录不可删除 / history rows cannot be deleted: {sender.__name__}")


def protect_history(app_models):
    """Make every historical model append-only through the ORM (admin included)."""
    for model in app_models:
        if has_history(model):
            historical = model.history.model
            pre_save.connect(_refuse_change, sender=historical, dispatch_uid=f"audit-append-only-{historical.__name__}")
            pre_delete.connect(_refuse_delete, sender=historical, dispatch_uid=f"audit-no-delete-{historical.__name__}")


# The same rule in the database itself (PostgreSQL): a trigger on every history table
# refuses UPDATE and DELETE, so not even a raw SQL statement from the application, a
# queryset ``update()`` or a bulk delete, which never send the signals above, can change
# the trail. One change stays allowed: ``history_user_id`` set to NULL when a user account
# is really deleted (the foreign key's SET NULL). TRUNCATE (a test database being emptied,
# a restore into a fresh database) fires no row trigger.
APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION tracker_history_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'history_user_id') = (to_jsonb(OLD) - 'history_user_id')
       AND NEW.history_user_id IS NULL THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '历史记录不可修改或删除 / history rows cannot be changed or deleted (%, %)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


def history_tables(app_config):
    """Every history table of the app: one per tracked model, one per tracked m2m field."""
    prefix = f"{app_config.label}_historical"
    return sorted(m._meta.db_table for m in app_config.get_models() if m._meta.db_table.startswith(prefix))


def protect_history_in_database(sender, app_config=None, using="default", **kwargs):
    """post_migrate: install the append-only trigger on every history table (PostgreSQL
    only; SQLite relies on the ORM guard above). Safe to run on every migrate."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    tables = history_tables(app_config or sender)
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        cursor.execute(APPEND_ONLY_FUNCTION)
        for table in tables:
            if table not in existing:
                continue
            trigger = connection.ops.quote_name(f"{table}_append_only")
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {quoted}")
            cursor.execute(f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {quoted} "
                           f"FOR EACH ROW EXECUTE FUNCTION tracker_history_append_only()")


def connect(app_models):
    records_changed.connect(record_set_based_writes, dispatch_uid="audit-set-based-writes")
    protect_history(app_models)


# --- restore ------------------------------------------------------------------------------
def restore_record(model, pk, user):
    """恢复 restore a soft-deleted record: supervisors only; the restoration is itself a
    change in the record's history (who, when). Returns the restored record."""
    if not can_write_everything(user):
        raise ServiceError("只有督查室可以恢复已删除的记录。", "Only supervisors can restore a deleted record.",
                           kind="forbidden")
    if not issubclass(model, models.Model) or not hasattr(model, "all_objects"):
        raise ServiceError("该类记录不能删除或恢复。", "Records of this kind are never deleted.", kind="conflict")
    obj = model.all_objects.filter(pk=pk).first()
    if obj is None:
        raise ServiceError("记录不存在。", "No such record.")
    if obj.deleted_at is None:
        raise ServiceError("该记录未被删除，无需恢复。", "This record is not deleted.", kind="conflict")
    obj.deleted_at = None
    obj._history_user = user
    obj._change_reason = RESTORE_REASON
    obj.save(update_fields=["deleted_at", "updated_at"])
    return obj
