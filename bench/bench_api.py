"""The REST API under load: gunicorn with 2 workers on loopback, a second process
(``bench/load.py``) as the clients. List and detail endpoints as a supervisor and as unit
staff; the change feed catching up 100,000 changes; bulk upserts.

Floor for the endpoints: ``/api/v1/me/``, the cheapest authenticated request through the
same stack (authentication, throttling, rendering)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.db import transaction

from api.changes import log_changes
from api.models import ApiToken
from tracker.models import Observation, Site, Target, User

from .common import AS_OF, row, timed

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn, 2 sync workers, on a free loopback port; stopped by its own pid."""

    def __init__(self, database_url):
        self.port = _free_port()
        env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": "bench-only",
               "ALLOWED_HOSTS": "127.0.0.1,localhost", "API_TOKEN_RATE": "1000000/hour", "LOG_LEVEL": "WARNING",
               # plain http on loopback: production settings would redirect every request to https
               "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0"}
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--workers", "2",
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "900", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{self.base}/api/v1/me/", timeout=2)
            except urllib.error.HTTPError:
                return  # 401/403: it is up
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def _load(url, key, seconds, clients=4):
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "load.py"), url, key, "--clients", str(clients),
                          "--seconds", str(seconds)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _get(url, key):
    request = urllib.request.Request(url, headers={"Authorization": f"Token {key}"})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def _post(url, key, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": f"Token {key}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=900) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:  # say what the server answered, not only the status
        raise RuntimeError(f"POST {url}: HTTP {error.code}: {error.read()[:2000]!r}") from None


def run(ctx) -> list[dict]:
    supervisor = User.objects.get(username="scale-supervisor")
    staff = User.objects.get(username="scale-staff-0000")
    _, sup_key = ApiToken.issue(supervisor, name="bench")
    _, staff_key = ApiToken.issue(staff, name="bench")
    target = Target.objects.filter(lead_unit__in=staff.units.all()).order_by("id").first()
    seconds = 4 if ctx.quick else 8
    server = Server(ctx.database_url)
    rows = []
    try:
        floor = _load(f"{server.base}/api/v1/me/", sup_key, seconds)
        rows.append(row("GET /api/v1/me/ (floor)", floor["req_s"], "req/s", None, None,
                        f"p50 {floor['p50_ms']:.0f} ms, p95 {floor['p95_ms']:.0f} ms"))
        endpoints = [
            ("targets?limit=50", "/api/v1/targets/?limit=50"),
            ("observations?limit=50", "/api/v1/observations/?limit=50"),
            ("rectification-items?limit=50", "/api/v1/rectification-items/?limit=50"),
            ("flags?limit=50", "/api/v1/flags/?limit=50"),
            ("targets/{id}/", f"/api/v1/targets/{target.id}/"),
        ]
        for who, key in (("supervisor", sup_key), ("staff", staff_key)):
            for name, path in endpoints:
                result = _load(server.base + path, key, seconds)
                rows.append(row(f"GET {name} as {who}, 4 clients", result["req_s"], "req/s", floor["req_s"],
                                "GET /api/v1/me/",
                                f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
                                f"{result['errors']} errors"))
        rows += _change_feed(server, sup_key, ctx)
        rows += _bulk(server, sup_key, ctx)
    finally:
        server.stop()
    return rows


def _change_feed(server, key, ctx):
    """100,000 changes logged at once (as a set-based write announces them), then a client
    follows the feed from its head position with 1,000-row pages until caught up."""
    head = _get(f"{server.base}/api/v1/changes/?cursor=head", key)["next_cursor"]
    total = 10_000 if ctx.quick else 100_000
    ids = list(Observation.objects.filter(site__isnull=False).order_by("id").values_list("id", flat=True)[:total])
    with transaction.atomic():
        log_changes(Observation, [(pk, "updated") for pk in ids])
    seen = [0]

    def follow():
        cursor, more = head, True
        while more:
            page = _get(f"{server.base}/api/v1/changes/?limit=1000&cursor={cursor}", key)
            seen[0] += len(page["results"])
            cursor, more = page["next_cursor"], page["has_more"]

    took = timed(follow)
    return [row(f"change feed catching up {len(ids):,} changes", seen[0] / took, "rows/s", None, None,
                f"{took:.1f} s, 1,000-row pages")]


def _bulk(server, key, ctx):
    """Observations upserted through POST /api/v1/observations/bulk/: new days (create),
    then the same rows with new values (update). The days are the ones just before the
    station's first reading (never in the future, which the service refuses), removed
    again afterwards."""
    n = 500 if ctx.quick else 2_000
    site = Site.objects.filter(code__startswith="scale-air").order_by("id").first()
    first = Observation.all_objects.filter(site=site).order_by("observed_on").values_list(
        "observed_on", flat=True).first() or AS_OF
    days = [first.fromordinal(first.toordinal() - 1 - i) for i in range(n)]
    rows = [{"site": site.code, "metric": "pm25", "observed_on": d.isoformat(), "value": "35.5"} for d in days]
    try:
        create = timed(lambda: _post(f"{server.base}/api/v1/observations/bulk/", key, {"rows": rows}))
        for r in rows:
            r["value"] = "36.5"
        update = timed(lambda: _post(f"{server.base}/api/v1/observations/bulk/", key, {"rows": rows}))
    finally:
        Observation.all_objects.filter(site=site, observed_on__lt=first).delete()
    return [row(f"bulk upsert {n:,} observations, create", n / create, "rows/s", None, None),
            row(f"bulk upsert {n:,} observations, update", n / update, "rows/s", None, None)]
