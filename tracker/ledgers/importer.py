"""The ledger import: one function for the pages, the API and ``manage.py import_ledger``.

A file is read and refused early if it is not a safe workbook or CSV (``files``); its
heading row is found and mapped (``columns``; a required column nobody can place stops
here with ``MappingNeeded``); each row becomes a service row (``kinds``); rows whose
natural key repeats an earlier row are errors; then the bulk upsert service behind the
API's bulk endpoints runs every row, in chunks, inside ONE transaction. A dry run always
rolls back and reports what would happen; a commit keeps everything only when no row
failed (all or nothing). Every change is saved through the models, so history
(simple-history, with the importing user) and the change feed are written as for any
other edit.
"""
import functools
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.db import transaction
from simple_history.models import HistoricalRecords

from tracker.models import LedgerColumnMapping, Observation, User
from tracker.services.errors import ServiceError

from .columns import KIND_COLUMNS, KIND_LABELS, header_key, map_columns, find_header_row
from .files import read_table
from .kinds import BUILDERS, SERVICES, Cells, Lookups, Options, Pending
from .values import ValueProblem

ERROR = "error"
CHUNK_ROWS = 5000


@dataclass
class RowResult:
    """What became of one row (or, on a wide sheet, one station cell): created,
    updated, unchanged or error — with the column and the reason for an error."""

    row: int
    outcome: str
    column: str = ""
    zh: str = ""
    en: str = ""

    def message(self, language="zh-hans"):
        return self.en if (language or "").lower().startswith("en") else self.zh


@dataclass
class LedgerImport:
    """The result of one import run: the file as read, how its columns were mapped, and
    every row's outcome. ``committed`` is true only for a commit in which no row failed."""

    kind: str
    dry_run: bool
    file_format: str = ""
    encoding: str = ""
    sheet: str = ""
    header_row: int = 0
    columns: list = field(default_factory=list)  # (heading, field or "")
    ignored: list = field(default_factory=list)
    results: list = field(default_factory=list)
    committed: bool = False

    @property
    def counts(self):
        counts = {"created": 0, "updated": 0, "unchanged": 0, ERROR: 0}
        for result in self.results:
            counts[result.outcome] += 1
        return counts

    @property
    def errors(self):
        return [result for result in self.results if result.outcome == ERROR]


class MappingNeeded(ServiceError):
    """A required field has no column: the user must say which column holds it (the
    mapping step). ``headings`` are the sheet's headings, ``missing`` the fields."""

    def __init__(self, zh, en, *, headings, missing, unknown):
        super().__init__(zh, en, field="columns")
        self.headings, self.missing, self.unknown = headings, missing, unknown


def can_import(user):
    """Unit staff import into their units, supervisors and administrators everywhere;
    leaders only read (the services' scoping decides row by row)."""
    return bool(user and user.is_active and (user.is_superuser or user.role in (
        User.Role.STAFF, User.Role.SUPERVISOR, User.Role.ADMIN)))


def _mapping_units(user):
    return list(user.units.filter(deleted_at__isnull=True)) if user.role == User.Role.STAFF else []


def remembered_mapping(user, kind):
    """{heading key: field} saved by the user's units (or shared, by supervisors)."""
    units = _mapping_units(user)
    rows = LedgerColumnMapping.objects.filter(kind=kind, unit__isnull=True)
    mapping = {header_key(m.header): m.field for m in rows}
    if units:
        for m in LedgerColumnMapping.objects.filter(kind=kind, unit__in=units).order_by("updated_at"):
            mapping[header_key(m.header)] = m.field
    return mapping


def remember_mapping(user, kind, choices):
    """Save the mapping-step choices {heading: field or ""} for the user's units (a
    supervisor's are shared), so the next file of this kind maps itself."""
    valid = {c.field for c in KIND_COLUMNS[kind] if not c.info} | {""}
    for unit in _mapping_units(user) or [None]:
        for heading, chosen in choices.items():
            if chosen not in valid or not heading:
                continue
            LedgerColumnMapping.objects.update_or_create(
                unit=unit, kind=kind, header=heading[:100], defaults={"field": chosen, "updated_by": user})


@contextmanager
def history_user(user):
    """Attribute history rows to ``user`` when no request does (command, tasks)."""
    context = HistoricalRecords.context
    if getattr(context, "request", None) is not None:
        yield
        return
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        del context.request


def import_ledger(name, data, kind, user, *, dry_run=True, options=None, overrides=None, progress=None):
    """Import the ledger file ``name`` (bytes ``data``) of ``kind`` as ``user``; see the
    module docstring. ``overrides`` are the mapping step's {heading: field or ""};
    ``progress(done, total)`` is called as rows are written. Raises ServiceError when the
    file is refused as a whole (nothing read, nothing written)."""
    if kind not in BUILDERS:
        raise ServiceError(f"未知的台账类型“{kind}”。", f"Unknown ledger kind {kind!r}.", field="kind")
    if not can_import(user):
        raise ServiceError("您的角色不能导入台账。", "Your role may not import ledgers.", kind="forbidden")
    options = options or Options()
    table = read_table(name, data)
    max_rows = getattr(settings, "LEDGER_MAX_ROWS", 200_000)
    if len(table.rows) > max_rows + 20:
        raise ServiceError(f"文件超过 {max_rows} 行上限，请分批导入。",
                           f"The file has more than {max_rows} rows; import it in parts.", field="file")
    if not table.rows:
        raise ServiceError("文件中没有数据。", "The file holds no rows.", field="file")
    remembered = remembered_mapping(user, kind)
    position = find_header_row(table.rows, kind, remembered)
    header_row, headings = table.rows[position]
    colmap = map_columns(headings, kind, header_row, remembered, overrides)
    if colmap.missing:
        labels = {c.field: c.header for c in KIND_COLUMNS[kind]}
        missing = "、".join(labels[f] for f in colmap.missing)
        raise MappingNeeded(
            f"缺少必填列：{missing}。请在表头映射中指明哪一列是它们。",
            f"Required columns are missing: {', '.join(colmap.missing)}. Say which column holds them.",
            headings=[h for h in colmap.headers if h], missing=colmap.missing, unknown=colmap.unknown)
    if kind == "observations_wide" and "station" not in colmap.fields.values():
        raise ServiceError("按站点分列的表除日期列外须至少有一列站点。",
                           "A sheet with one column per station needs at least one station column.", field="columns")
    result = LedgerImport(kind=kind, dry_run=dry_run, file_format=table.format, encoding=table.encoding,
                          sheet=table.sheet, header_row=header_row,
                          columns=[(h, colmap.fields.get(i, "")) for i, h in enumerate(colmap.headers) if h],
                          ignored=list(colmap.unknown))
    with history_user(user):
        pending = _build(table.rows[position + 1:], colmap, kind, Lookups(user), options)
        _run(pending, kind, user, dry_run, result, progress)
    return result


def _build(rows, colmap, kind, lookups, options):
    builder, pending, seen = BUILDERS[kind], [], {}
    for number, values in rows:
        cells = Cells(colmap, values)
        try:
            built = builder(cells, number, lookups, options)
        except ValueProblem as problem:
            built = [Pending(row=number, column=cells.column, problem=problem)]
        for item in built:
            if item.key is not None and item.problem is None:
                if item.key in seen:
                    first = seen[item.key]
                    item.problem = ValueProblem(f"与第 {first} 行重复（同一记录出现两次）。",
                                                f"Duplicates row {first} (the same record twice).")
                    item.data = None
                else:
                    seen[item.key] = item.row
            pending.append(item)
    return pending


def _run(pending, kind, user, dry_run, result, progress):
    """Send every buildable row to the service in chunks inside one transaction; keep it
    only for a commit without errors. Results come back in the sheet's row order."""
    service = SERVICES[kind]
    if kind.startswith("observations"):
        service = functools.partial(service, source=Observation.Source.IMPORT)
    sendable = [item for item in pending if item.problem is None]
    outcomes = {}
    with transaction.atomic():
        for start in range(0, len(sendable), CHUNK_ROWS):
            chunk = sendable[start:start + CHUNK_ROWS]
            summary = service([item.data for item in chunk], user, dry_run=dry_run)
            for index, outcome in summary.outcomes:
                outcomes[id(chunk[index])] = RowResult(chunk[index].row, outcome, chunk[index].column)
            for index, error in summary.errors:
                item = chunk[index]
                column = (item.fields or {}).get(error.field, item.column or error.field or "")
                outcomes[id(item)] = RowResult(item.row, ERROR, column, error.zh, error.en)
            if progress:
                progress(min(start + CHUNK_ROWS, len(sendable)), len(sendable))
        for item in pending:
            if item.problem is not None:
                outcomes[id(item)] = RowResult(item.row, ERROR, item.column, item.problem.zh, item.problem.en)
        result.results = [outcomes[id(item)] for item in pending]
        if dry_run or result.errors or not result.results:
            transaction.set_rollback(True)
        else:
            result.committed = True
    return result


def kind_label(kind):
    return KIND_LABELS.get(kind, kind)
