"""Bulk imports with a DHIS2-style summary: {created, updated, unchanged, errors}.

One transaction for the whole batch; each row in its own savepoint so that, with
``partial``, a bad row is skipped and the good ones kept. Without ``partial`` any error
rolls everything back; ``dry_run`` always rolls back. Rows are saved one by one with
``save()``, so history rows (simple_history) and change-feed rows are written as for any
other change.
"""
import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

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
