"""Bulk imports with a DHIS2-style summary: {created, updated, unchanged, errors}.

Two ways to run a batch, with the same commit rules: one transaction for the whole
batch; with ``partial`` a bad row is skipped and the good ones kept; without it any error
writes nothing; ``dry_run`` writes nothing and reports what would happen.

- Set-based (observations, the path that carries volume — a monitoring system's daily
  push, a 50,000-row station ledger): every row is validated in Python first, the
  records it names are looked up by natural key in one query per chunk, then new records
  are inserted and changed ones updated in batches (:class:`UpsertPlan`,
  :func:`write_upserts`). History rows (simple_history, with the acting user) and
  change-feed rows are written in batches too, so the number of queries does not grow
  with the number of rows.
- Row by row (:func:`run_bulk`: items, targets, payments): each row in its own savepoint,
  saved with ``save()``, so history and change-feed rows are written as for any other
  change.
"""
import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.signals import CREATED as ANNOUNCE_CREATED
from tracker.signals import UPDATED as ANNOUNCE_UPDATED
from tracker.signals import announce

from .errors import ServiceError, not_found_or_not_yours
from .plausibility import check_date_window

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class RowError(Exception):
    """One row was refused: which field and why, in Chinese and English."""

    def __init__(self, field, zh, en):
        super().__init__(en)
        self.field, self.zh, self.en = field, zh, en


@dataclass
class BulkSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (index, RowError)
    committed: bool = False
    dry_run: bool = False
    outcomes: list = field(default_factory=list)  # (index, CREATED/UPDATED/UNCHANGED) per accepted row


@dataclass(frozen=True)
class UnstorableRow:
    """Stands in for a row holding a NUL character, which no database text column can
    store (PostgreSQL refuses it even in a lookup): the row is refused, never looked up."""

    field: str | None


def _nul_field(value, name=None):
    """The first field whose text (keys included, at any depth) holds a NUL character."""
    if isinstance(value, str):
        return name if "\x00" in value else False
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and "\x00" in key:
                return name or key
            found = _nul_field(item, name or key)
            if found is not False:
                return found
    if isinstance(value, list):
        for item in value:
            found = _nul_field(item, name)
            if found is not False:
                return found
    return False


def screen_rows(rows):
    """Rows with NUL characters replaced by ``UnstorableRow`` markers: call it before
    collecting codes to look up, so that nothing unstorable reaches the database."""
    screened = []
    for row in rows:
        found = _nul_field(row)
        screened.append(row if found is False else UnstorableRow(found))
    return screened


def run_bulk(rows, apply_row, *, partial=False, dry_run=False):
    """Apply ``apply_row(index, row)`` (returns CREATED/UPDATED/UNCHANGED or raises RowError)
    to every row inside one transaction; see the module docstring for commit rules."""
    summary = BulkSummary(dry_run=dry_run)
    with transaction.atomic():
        for index, row in enumerate(rows):
            try:
                with transaction.atomic():
                    if isinstance(row, UnstorableRow):
                        raise RowError(row.field, "含有无法保存的空字符（NUL）。",
                                       "Contains a NUL character, which cannot be stored.")
                    if not isinstance(row, dict):
                        raise RowError(None, "每一行须为 JSON 对象。", "Each row must be a JSON object.")
                    outcome = apply_row(index, row)
            except RowError as error:
                summary.errors.append((index, error))
                continue
            except IntegrityError:
                summary.errors.append((index, RowError(None, "与已有数据冲突。", "Conflicts with existing data.")))
                continue
            setattr(summary, outcome, getattr(summary, outcome) + 1)
            summary.outcomes.append((index, outcome))
        if dry_run or (summary.errors and not partial):
            transaction.set_rollback(True)
        else:
            summary.committed = True
    return summary


# --- set-based upserts -----------------------------------------------------------------------
# Rows per INSERT/UPDATE statement and per natural-key lookup: large enough that a 5,000-row
# request is a handful of statements, small enough for SQLite's variable limit and for
# PostgreSQL's CASE in a bulk UPDATE to stay cheap.
BATCH_ROWS = 500

CONFLICT = ("与已有数据冲突（另一请求同时写入了相同记录），未写入任何数据，请重试。",
            "Conflicts with a record written at the same time by another request; nothing was written, retry.")


def check_rows(rows, parse_row, summary):
    """Validate every row in Python before anything is written: ``parse_row(index, row)``
    returns what the row means or raises RowError. Refused rows go to ``summary.errors``;
    returns [(index, parsed)] for the accepted ones, in row order."""
    accepted = []
    for index, row in enumerate(rows):
        try:
            if isinstance(row, UnstorableRow):
                raise RowError(row.field, "含有无法保存的空字符（NUL）。",
                               "Contains a NUL character, which cannot be stored.")
            if not isinstance(row, dict):
                raise RowError(None, "每一行须为 JSON 对象。", "Each row must be a JSON object.")
            accepted.append((index, parse_row(index, row)))
        except RowError as error:
            summary.errors.append((index, error))
    return accepted


def chunked(items, size=BATCH_ROWS):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


class UpsertPlan:
    """What a set-based upsert will write, decided in memory and in row order.

    ``existing`` maps a natural key to the live record found for it (looked up before
    planning). A key seen for the first time becomes a new record; a later row with the
    same key within the batch sees the state the earlier row left (as row-by-row saving
    would), so a repeated row counts as unchanged. A row is unchanged when the
    ``compared`` fields already hold its values; the others it sets (who sent it, from
    where) are bookkeeping and written only along with a real change."""

    def __init__(self, existing, compared):
        self.current, self.compared = dict(existing), tuple(compared)
        self.creates, self.updates = {}, {}  # id(obj) → obj, insertion-ordered

    def upsert(self, key, make, values, summary, index):
        """Record one row: ``make()`` builds the new record; ``values`` are the fields the
        row sets. Counts the outcome in ``summary``."""
        obj = self.current.get(key)
        if obj is None:
            obj = make()
            self.current[key] = obj
            self.creates[id(obj)] = obj
            outcome = CREATED
        elif all(getattr(obj, name) == values[name] for name in self.compared):
            outcome = UNCHANGED
        else:
            for name, value in values.items():
                setattr(obj, name, value)
            if id(obj) not in self.creates:
                self.updates[id(obj)] = obj
            outcome = UPDATED
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        summary.outcomes.append((index, outcome))


def write_upserts(model, plan, *, user, update_fields):
    """Insert ``plan.creates`` and update ``plan.updates`` (``update_fields`` and
    ``updated_at``) in batches, with one history row per record attributed to ``user``,
    and announce both to the change feed and the dashboard cache. Inside the caller's
    transaction."""
    now = timezone.now()
    creates, updates = list(plan.creates.values()), list(plan.updates.values())
    for obj in creates:
        obj.created_at = obj.updated_at = now
    for obj in updates:
        obj.updated_at = now
    for batch in chunked(creates):
        model.objects.bulk_create(batch)
        model.history.bulk_history_create(batch, default_user=user, default_date=now)
        announce(model, [obj.pk for obj in batch], ANNOUNCE_CREATED, history_written=True)
    for batch in chunked(updates):
        # INSERT … ON CONFLICT (id) DO UPDATE: one statement a batch on PostgreSQL and
        # SQLite, where bulk_update's CASE WHEN per field grows with the square of the batch.
        model.objects.bulk_create(batch, update_conflicts=True, unique_fields=["id"],
                                  update_fields=[*update_fields, "updated_at"])
        model.history.bulk_history_create(batch, update=True, default_user=user, default_date=now)
        announce(model, [obj.pk for obj in batch], ANNOUNCE_UPDATED, history_written=True)


def commit_plan(summary, write, *, partial=False, dry_run=False):
    """Write the plan (``write()``) when the commit rules allow it: never for a dry run,
    never when a row failed without ``partial``. A unique conflict with a concurrent
    writer refuses the whole batch (nothing written): the client retries."""
    if dry_run or (summary.errors and not partial):
        return summary
    if not summary.outcomes:
        summary.committed = True
        return summary
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        first = summary.outcomes[0][0]
        summary.errors.append((first, RowError(None, *CONFLICT)))
        return summary
    summary.committed = True
    return summary


# --- small parsers with bilingual messages ----------------------------------------------------
def required(row, name):
    value = row.get(name)
    if value in (None, ""):
        raise RowError(name, f"缺少“{name}”。", f"{name} is required.")
    return value


def parse_date(row, name, *, optional=False):
    value = row.get(name)
    if value in (None, "") and optional:
        return None
    value = required(row, name)
    try:
        date = dt.date.fromisoformat(str(value))
    except ValueError:
        raise RowError(name, f"“{name}”须为 YYYY-MM-DD 日期。", f"{name} must be a YYYY-MM-DD date.") from None
    with row_errors(name):
        check_date_window(date)
    return date


@contextmanager
def row_errors(name=None):
    """Turn a service's ServiceError into this row's RowError."""
    try:
        yield
    except ServiceError as error:
        raise RowError(error.field or name, error.zh, error.en) from None


def parse_decimal(row, name):
    value = required(row, name)
    if isinstance(value, bool):
        raise RowError(name, f"“{name}”须为数值。", f"{name} must be a number.")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise RowError(name, f"“{name}”须为数值。", f"{name} must be a number.") from None
    if not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise RowError(name, f"“{name}”超出范围。", f"{name} is out of range.")
    return number.quantize(Decimal("0.0001"))


def parse_bool(row, name, default=False):
    """true/false (JSON booleans, or the texts "true"/"false"/"1"/"0"); anything else is an
    error — the text "false" is not true."""
    value = row.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    raise RowError(name, f"“{name}”须为 true 或 false。", f"{name} must be true or false.")


def refused_reference(name, zh_what, en_what, code):
    """The row error for a code that does not exist or is not the user's (one message)."""
    return RowError(name, *not_found_or_not_yours(zh_what, en_what, code))


def parse_text(row, name, max_length, default=""):
    value = row.get(name, default)
    if value is None:
        value = default
    if not isinstance(value, str):
        raise RowError(name, f"“{name}”须为文本。", f"{name} must be text.")
    if len(value) > max_length:
        raise RowError(name, f"“{name}”最长 {max_length} 个字符。", f"{name} is longer than {max_length}.")
    return value
