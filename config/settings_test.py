"""Test settings: the main settings with a fixed key, fast hashing and eager-free Celery."""
import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_ENABLED = True  # the locmem outbox is a configured backend
# one media folder per pytest-xdist worker (gw0, gw1 …), so parallel tests never share files
MEDIA_ROOT = VAR_DIR / f"test-media-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # noqa: F405
# The suite clears the cache between tests: keep it in memory, never flush a shared Redis
# (tests/test_settings.py checks that the real settings use Redis when REDIS_URL is set).
CACHES = cache_settings("")  # noqa: F405
# Tests render templates without running collectstatic first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# The test client speaks plain http; the production HTTPS settings are tested in subprocesses.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
