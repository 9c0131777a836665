"""Benchmark: a 50,000-row observation ledger (.xlsx, long form: station, metric, date,
value) imported on PostgreSQL through ``tracker.ledgers.importer`` — the same path as
the pages, the API and ``manage.py import_ledger`` — as a commit, then re-imported (every
row unchanged). Issue 12 asks for under 60 s for the first import.

Everything runs inside one transaction that is rolled back at the end, so the database
is left as it was. ``run(ctx)`` is discovered by bench/run.py; run this file alone to
print the rows: ``DATABASE_URL=postgres://… python bench/bench_ledger_import.py [--quick]``.
"""
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
ROWS, QUICK_ROWS, STATIONS = 50_000, 5_000, 20
FLOOR_SECONDS = 60.0


def _django(database_url):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _ledger(rows):
    """A long observation workbook of ``rows`` rows over STATIONS stations."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("监测数据")
    sheet.append(["监测站点", "监测指标", "监测日期", "浓度(微克/立方米)"])
    start = dt.date(2000, 1, 1)
    for index in range(rows):
        day, station = divmod(index, STATIONS)
        sheet.append([f"基准站{station:02d}", "bench-pm25", start + dt.timedelta(days=day), 20 + (index * 7) % 50])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fixtures():
    from tracker.models import Metric, MetricKind, OrgUnit, Site, User

    unit = OrgUnit.objects.create(code="bench-city", name="基准市", kind=OrgUnit.Kind.CITY)
    Metric.objects.create(code="bench-pm25", name="基准PM2.5", kind=MetricKind.PERIOD_MEAN, unit="μg/m³",
                          is_site_metric=True)
    for station in range(STATIONS):
        Site.objects.create(code=f"bench-st-{station:02d}", name=f"基准站{station:02d}", kind=Site.Kind.AIR_STATION,
                            unit=unit)
    return User.objects.create(username="bench-supervisor", role=User.Role.SUPERVISOR)


def _timed(content, user):
    from tracker.ledgers.importer import import_ledger

    started, cpu = time.perf_counter(), time.process_time()
    result = import_ledger("bench.xlsx", content, "observations", user, dry_run=False)
    result.cpu_seconds = time.process_time() - cpu  # this process only (not the database server)
    return time.perf_counter() - started, result


def _ledger_side(content, user):
    """Seconds spent in this package alone: read the workbook, map, parse and build the
    service rows (no service call) — the part of the figure that is not the bulk service."""
    from tracker.ledgers.columns import find_header_row, map_columns
    from tracker.ledgers.files import read_table
    from tracker.ledgers.importer import _build
    from tracker.ledgers.kinds import Lookups, Options

    started = time.perf_counter()
    table = read_table("bench.xlsx", content)
    position = find_header_row(table.rows, "observations")
    colmap = map_columns(table.rows[position][1], "observations", table.rows[position][0])
    _build(table.rows[position + 1:], colmap, "observations", Lookups(user), Options())
    return time.perf_counter() - started


def run(ctx):
    """Rows for bench/run.py: seconds for the first import and for the unchanged re-import."""
    _django(getattr(ctx, "database_url", None))
    from django.db import connection, transaction

    rows = QUICK_ROWS if getattr(ctx, "quick", False) else ROWS
    content = _ledger(rows)
    firsts, agains, sides, cpus = [], [], [], []
    for _ in range(max(1, int(getattr(ctx, "repeat", 1) or 1))):
        with transaction.atomic():
            user = _fixtures()
            sides.append(_ledger_side(content, user))
            first, result = _timed(content, user)
            assert result.committed and result.counts["created"] == rows, result.counts
            cpus.append(result.cpu_seconds)
            again, result = _timed(content, user)
            assert result.counts["unchanged"] == rows, result.counts
            transaction.set_rollback(True)
        firsts.append(first)
        agains.append(again)
    vendor = connection.vendor
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    note = (f"{rows} rows, {STATIONS} stations, .xlsx {len(content) // 1024} KB, {vendor}; best of {len(firsts)}; "
            f"load average {load:.1f} on {os.cpu_count()} CPUs")
    return [
        {"path": f"ledgers/import/observations-{rows // 1000}k/commit", "figure": round(min(firsts), 2), "unit": "s",
         "floor": FLOOR_SECONDS if rows == ROWS else None,
         "floor_name": "issue 12: 50,000 rows in under 60 s" if rows == ROWS else None, "note": note},
        {"path": f"ledgers/import/observations-{rows // 1000}k/reimport-unchanged", "figure": round(min(agains), 2),
         "unit": "s", "floor": None, "floor_name": None, "note": note},
        {"path": f"ledgers/import/observations-{rows // 1000}k/read-map-parse", "figure": round(min(sides), 2),
         "unit": "s", "floor": None, "floor_name": None,
         "note": note + "; the ledger package's share of the commit (the rest is the bulk upsert service)"},
        {"path": f"ledgers/import/observations-{rows // 1000}k/commit-cpu", "figure": round(min(cpus), 2),
         "unit": "s", "floor": None, "floor_name": None,
         "note": note + "; CPU seconds of this process during the commit (wall time minus waiting)"},
        {"path": f"ledgers/import/observations-{rows // 1000}k/commit-rate", "figure": round(rows / min(firsts)),
         "unit": "rows/s", "floor": None, "floor_name": None, "note": note},
    ]


if __name__ == "__main__":
    context = SimpleNamespace(repeat=1, quick="--quick" in sys.argv,
                              database_url=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_ledgers"))
    for row in run(context):
        print(row)
