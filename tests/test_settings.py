"""Settings come from the environment, and production refuses to start unsafely."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_django(env_overrides, code="import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL)"):
    # a fresh process as a deployment starts it: none of the suite's own variables (the browser
    # tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which the deploy check rightly refuses)
    env = {k: v for k, v in os.environ.items()
           if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_secret_key():
    result = run_django({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "生产环境" in result.stderr


def test_debug_runs_on_embedded_defaults():
    result = run_django({"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://"]


def test_database_and_broker_come_from_the_environment():
    result = run_django({"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@db.example:5432/ledger",
                         "REDIS_URL": "redis://cache.example:6379/1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "redis://cache.example:6379/1"]


def test_time_zone_and_languages():
    from django.conf import settings

    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert "en" in dict(settings.LANGUAGES)
