"""Liveness and readiness for the proxy, systemd and monitoring (docs/operations.md).

``/healthz``: the process answers (no database, no broker): restart it if this fails.
``/readyz``: the database answers a query and the Celery broker accepts a connection:
send it traffic only while this is 200. Both are public and say nothing but ok/error.
"""
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # noqa: BLE001 — any failure means "not ready"
        logger.warning("readyz: database unreachable", exc_info=True)
        return False


def broker_ok() -> bool:
    """Redis: a connection and a PING within 2 s. The filesystem broker: its folder is writable."""
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        return folder.is_dir() and _writable(folder)
    import redis

    try:
        return bool(redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2,
                                         socket_timeout=2).ping())
    except Exception:  # noqa: BLE001
        logger.warning("readyz: broker unreachable", exc_info=True)
        return False


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


@never_cache
def readyz(request):
    checks = {"database": database_ok(), "broker": broker_ok()}
    ready = all(checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable",
                         **{name: "ok" if ok else "error" for name, ok in checks.items()}},
                        status=200 if ready else 503)
