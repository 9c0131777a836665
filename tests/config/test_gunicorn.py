"""The production web server: gunicorn with several workers, JSON access logs on stdout,
static files by whitenoise, a clean stop on SIGTERM."""
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_gunicorn_serves_with_several_workers_and_logs_json(tmp_path):
    # given: production settings (DEBUG off) on a fresh SQLite file
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "REDIS_URL", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", SECRET_KEY=secrets.token_urlsafe(50), VAR_DIR=str(tmp_path),
               ALLOWED_HOSTS="127.0.0.1", EMAIL_HOST="smtp.example.cn", PORT=str(port), WEB_CONCURRENCY="2",
               PATH=f"{Path(sys.executable).parent}:{env.get('PATH', '')}")
    log = open(tmp_path / "web.log", "wb")
    web = subprocess.Popen(["sh", "bin/web"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                           start_new_session=True)
    try:
        # when
        status, body = get(f"http://127.0.0.1:{port}/healthz")
    finally:
        web.send_signal(signal.SIGTERM)
        code = web.wait(timeout=60)
    # then
    lines = [json.loads(line) for line in (tmp_path / "web.log").read_text().splitlines() if line.startswith("{")]
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert code == 0
    assert sum("Booting worker" in line["message"] for line in lines) == 2
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert access and access[0]["status"] == "200" and access[0]["request"].startswith("GET /healthz")
