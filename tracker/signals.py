"""Domain signals for writes that bypass ``post_save``.

Set-based paths (the evaluation pass's ``bulk_update``, a flag's compare-and-set
``update()``, ``QuerySet.soft_delete()``) do not fire model signals. They announce what
they changed here instead, inside the writing transaction, so that listeners such as the
API's change feed see every write path, not only ``save()``.
"""
from django.dispatch import Signal

CREATED, UPDATED, DELETED = "created", "updated", "deleted"

# sender: the model class; rows: a list of (pk, action) with action one of the above;
# history_written: True when the writer already wrote the history rows itself (a bulk
# upsert knows who, when and each record's new state without reading them back).
records_changed = Signal()


def announce(model, pks, action, *, history_written=False):
    """Announce that ``pks`` of ``model`` were ``action``-ed by a set-based write."""
    pks = list(pks)
    if pks:
        records_changed.send(sender=model, rows=[(pk, action) for pk in pks], history_written=history_written)
