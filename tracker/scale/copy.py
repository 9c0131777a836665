"""Fast inserts for generated rows: ``COPY … FROM STDIN`` on PostgreSQL, ``bulk_create`` in
large batches elsewhere.

Rows are plain tuples for the columns named; every other concrete column gets the field's
default, so a generated row satisfies the same NOT NULL columns as one saved by Django.
Ids are assigned here (after the table's current maximum) so related rows can point at
them without reading anything back; PostgreSQL's sequence is moved past them afterwards.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import JSONField, Max
from django.utils import timezone

BATCH = 5_000


def next_id(model) -> int:
    """The first free primary key of ``model``'s table."""
    return (model._base_manager.aggregate(m=Max("pk"))["m"] or 0) + 1


def _defaults(model, given: Sequence[str]) -> tuple[list[str], list]:
    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in given or field.primary_key:
            continue
        value = timezone.now() if getattr(field, "auto_now", False) else field.get_default()
        if isinstance(field, JSONField):
            value = json.dumps(value)
        names.append(field.column)
        values.append(value)
    return names, values


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple], *, progress=None) -> int:
    """Insert ``rows`` (tuples for ``columns``, attnames such as ``unit_id``) into ``model``'s
    table; returns how many. ``progress(n)`` is called after each batch."""
    extra_cols, extra_vals = _defaults(model, columns)
    extra_vals = tuple(extra_vals)
    fields = {f.attname: f for f in model._meta.concrete_fields}
    json_cols = [i for i, c in enumerate(columns) if isinstance(fields[c], JSONField)]
    db_columns = [fields[c].column for c in columns] + extra_cols
    count = 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        cols = ", ".join(connection.ops.quote_name(c) for c in db_columns)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    if json_cols:
                        row = list(row)
                        for i in json_cols:
                            row[i] = json.dumps(row[i])
                    copy.write_row((*row, *extra_vals))
                    count += 1
                    if progress and count % 50_000 == 0:
                        progress(count)
            if "id" in columns:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
    else:  # SQLite and others: the model fills its own defaults
        batch = []
        for row in rows:
            batch.append(model(**dict(zip(columns, row))))
            if len(batch) >= BATCH:
                model._base_manager.bulk_create(batch, batch_size=500)
                count += len(batch)
                batch = []
                if progress:
                    progress(count)
        if batch:
            model._base_manager.bulk_create(batch, batch_size=500)
            count += len(batch)
    if progress:
        progress(count)
    return count

