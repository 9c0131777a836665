"""Test settings: the main settings with a fixed key, fast hashing and eager-free Celery."""
import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# one media folder per pytest-xdist worker (gw0, gw1 …), so parallel tests never share files
MEDIA_ROOT = VAR_DIR / f"test-media-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # noqa: F405
# The suite clears the cache between tests: keep it in memory, never flush a shared Redis
# (tests/test_settings.py checks that the real settings use Redis when REDIS_URL is set).
CACHES = cache_settings("")  # noqa: F405
