"""Fault 1: on the embedded SQLite default, two processes writing at once must not fail
with "database is locked". Each writer does what an API request does: a transaction that
reads and then writes (a PATCH reads the row, a bulk upsert looks rows up first)."""
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 150

WRITER = """
import os, sys, time
import django
django.setup()
from django.db import OperationalError, connection, transaction

start, rounds, name = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
while time.time() < start:  # both writers begin together
    time.sleep(0.001)
errors = 0
for i in range(rounds):
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT COALESCE(MAX(n), 0) FROM ledger_probe")
                n = cursor.fetchone()[0]
                cursor.execute("INSERT INTO ledger_probe (n, writer) VALUES (%s, %s)", [n + 1, name])
    except OperationalError as exc:
        errors += 1
print(errors)
"""

SETUP = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE ledger_probe (id INTEGER PRIMARY KEY, n INTEGER, writer TEXT)")
"""

COUNT = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*) FROM ledger_probe")
    print(cursor.fetchone()[0])
"""


def python(code, env, *args):
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_processes_writing_at_once_on_sqlite_get_no_errors(tmp_path):
    # given: the production settings on a fresh SQLite file (SQLITE_TRANSACTION_MODE=DEFERRED
    # brings the fault back: dozens of the 300 transactions fail)
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "SQLITE_TRANSACTION_MODE")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1", VAR_DIR=str(tmp_path),
               DATABASE_URL=f"sqlite:///{tmp_path / 'ledger.sqlite3'}")
    setup = python(SETUP, env)
    assert setup.wait(120) == 0, setup.stderr.read()
    # when: two writers start at the same moment
    start = str(time.time() + 3)
    writers = [python(WRITER, env, start, str(ROUNDS), name) for name in ("a", "b")]
    outputs = [w.communicate(timeout=300) for w in writers]
    # then
    assert [w.returncode for w in writers] == [0, 0], [err for _, err in outputs]
    assert [int(out) for out, _ in outputs] == [0, 0]
    count = python(COUNT, env)
    out, err = count.communicate(timeout=120)
    assert int(out) == 2 * ROUNDS, err
