"""Backup and restore as docs/operations.md describes them: the restored database holds
every record of the original (each table's row count, and the history)."""
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import ObservationFactory, RectificationItemFactory, TargetFactory

ROOT = Path(__file__).resolve().parents[2]

SEED = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.factories import ObservationFactory, RectificationItemFactory, TargetFactory
for _ in range(3):
    TargetFactory(); RectificationItemFactory(); ObservationFactory()
"""

COUNTS = """
import django, json
django.setup()
from django.apps import apps
print(json.dumps({m._meta.label: m._base_manager.count() for m in apps.get_models()}))
"""


def django_env(database_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1", DATABASE_URL=database_url, VAR_DIR=str(tmp_path))
    return env


def run(code, env):
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_sqlite_online_backup_restores_every_record(tmp_path):
    # given: a ledger in an SQLite file, in use
    live, copy = tmp_path / "tracker.sqlite3", tmp_path / "restored.sqlite3"
    run(SEED, django_env(f"sqlite:///{live}", tmp_path))
    # when: the documented backup (sqlite3's online .backup), then the copy used as the database
    with sqlite3.connect(live) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    original = run(COUNTS, django_env(f"sqlite:///{live}", tmp_path))
    restored = run(COUNTS, django_env(f"sqlite:///{copy}", tmp_path))
    # then
    assert restored == original
    assert '"tracker.Target": 3' in restored and '"tracker.HistoricalTarget": 3' in restored


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs the PostgreSQL client tools")
def test_pg_dump_restores_every_record_into_a_fresh_database(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (the SQLite run checks the file backup)")
    # given: committed records in the test database
    for _ in range(3):
        TargetFactory(), RectificationItemFactory(), ObservationFactory()
    s = connection.settings_dict
    auth = ["-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"]]
    dump, fresh = tmp_path / "tracker.dump", f"{s['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    pg_env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}
    # when: the documented backup and restore
    subprocess.run(["pg_dump", *auth, "-Fc", "-f", str(dump), s["NAME"]], check=True, env=pg_env)
    subprocess.run(["createdb", *auth, fresh], check=True, env=pg_env)
    try:
        subprocess.run(["pg_restore", *auth, "--no-owner", "-d", fresh, str(dump)], check=True, env=pg_env)
        url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
        original = run(COUNTS, django_env(f"{url}/{s['NAME']}", tmp_path))
        restored = run(COUNTS, django_env(f"{url}/{fresh}", tmp_path))
    finally:
        connection.close()
        subprocess.run(["dropdb", *auth, "--if-exists", fresh], env=pg_env)
    # then
    assert restored == original and '"tracker.Target": 3' in restored
