"""``make bench``: every benchmark module's figures as a table, each the median of
several runs beside a floor measured in the same run.

Discovery: every ``bench/bench_*.py`` exposes ``run(ctx) -> list[dict]`` (see
bench/README.md). Needs PostgreSQL in ``DATABASE_URL``; generates the scale data set
there first if it is missing.

    DATABASE_URL=postgres://… python bench/run.py [--repeat 3] [--quick] [--only jobs,api]
"""
from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")  # DEBUG stays off: no query log in the timings
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


# The dashboard counts the open warnings the scans raise, so it runs right after the jobs: its
# figures are those of a ledger the scans have been over (a fresh data set has no warning yet).
RUNS_AFTER = {"bench_dashboard": "bench_jobs"}


def modules(only):
    names = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
    if only:
        names = [n for n in names if n.removeprefix("bench_") in only]
    for name, after in RUNS_AFTER.items():
        if name in names and after in names:
            names.remove(name)
            names.insert(names.index(after) + 1, name)
    return names


def fmt(value):
    if value is None:
        return "—"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}" if abs(value) >= 1 else f"{value:.3f}"


def ratio(r):
    if not r.get("floor"):
        return "—"
    # a time is worse when larger, a rate when smaller: the ratio is always "times the floor's cost"
    per_second = r["unit"].endswith("/s")
    value = r["floor"] / r["figure"] if per_second else r["figure"] / r["floor"]
    return f"{value:.1f}×"


def table(rows):
    header = ("path", "figure", "unit", "floor", "floor name", "× floor", "note")
    lines = [header] + [(r["path"], fmt(r["figure"]), r["unit"], fmt(r.get("floor")), r.get("floor_name") or "—",
                         ratio(r), r.get("note", "")) for r in rows]
    out = ["| " + " | ".join(cells) + " |" for cells in lines]
    out.insert(1, "|" + "|".join(" --- " for _ in header) + "|")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller loads (a smoke test)")
    parser.add_argument("--only", default="", help="comma-separated module names without bench_")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("make bench 需要 PostgreSQL / needs DATABASE_URL=postgres://…")
    setup(database_url)
    from django.core.management import call_command

    from bench.common import Context

    call_command("migrate", verbosity=0)
    call_command("generate_scale_data", if_missing=True)
    ctx = Context(repeat=1 if args.quick else args.repeat, database_url=database_url, quick=args.quick)
    started = time.monotonic()
    rows = []
    for name in modules({n for n in args.only.split(",") if n}):
        print(f"… {name}", flush=True)
        module_started = time.monotonic()
        try:
            rows += importlib.import_module(f"bench.{name}").run(ctx)
        except Exception:  # noqa: BLE001 — one broken module must not hide the others' figures
            traceback.print_exc()
            rows.append({"path": name, "figure": float("nan"), "unit": "", "floor": None, "floor_name": None,
                         "note": "FAILED (traceback above)"})
        print(f"  {time.monotonic() - module_started:.0f} s", flush=True)
    print()
    print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · {platform.node()} · {os.cpu_count()} cores · "
          f"python {platform.python_version()} · repeat {ctx.repeat}{' · quick' if ctx.quick else ''} · "
          f"{time.monotonic() - started:.0f} s in all")
    print(table(rows))


if __name__ == "__main__":
    main()
