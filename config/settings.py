"""Settings for the environmental-target compliance tracker.

Every deployment-specific value comes from an environment variable through the tiny
helpers below (healthchecks style). The defaults are the embedded ones `make run`
uses: an SQLite file and a filesystem Celery broker under ``var/``, no servers needed.
Set ``DATABASE_URL`` and ``REDIS_URL`` to run the same code on PostgreSQL and Redis.
"""
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def envbool(name, default):
    """A boolean from the environment: 1/true/yes/on are true."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def envint(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envlist(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return list(default)
    return [part.strip() for part in value.split(",") if part.strip()]


DEBUG = envbool("DEBUG", False)

# A development key is allowed only while DEBUG is on; production refuses to start without one.
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY 未设置：生产环境必须通过环境变量提供 SECRET_KEY。 / "
            "SECRET_KEY is not set: production requires the SECRET_KEY environment variable "
            "(set DEBUG=1 for local development)."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_tables2",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "tracker",
    "api",
]

MIDDLEWARE = [
    "config.middleware.ContentSecurityPolicyMiddleware",  # outermost: on redirects and errors too
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.AbsoluteSessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the signed-in user as the actor of every history row.
    "simple_history.middleware.HistoryRequestMiddleware",
    "tracker.security.DeniedAccessLogMiddleware",
    # Last: answers a locked-out sign-in on the login page (the API token view does its own).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tracker.pages.nav.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# --- Database -------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'tracker.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, the worker and beat share the file. IMMEDIATE transactions
    # take the write lock when they begin, so a second writer waits up to `timeout` for it;
    # a DEFERRED one that reads and then writes fails at once with "database is locked"
    # (SQLite cannot upgrade a stale read snapshot), whatever the timeout says.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": envint("SQLITE_TIMEOUT", 30),
        "transaction_mode": os.environ.get("SQLITE_TRANSACTION_MODE", "IMMEDIATE"),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "tracker.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", 12)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out user or address
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in protection (django-axes): AXES_FAILURE_LIMIT failures lock the username, and
# separately the address, for AXES_COOLOFF_MINUTES, on the login page, the admin and the
# token endpoint alike. Each failure during a lockout restarts it; a success clears the count.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "tracker.security.axes_client_address"
AXES_LOCKOUT_CALLABLE = "tracker.error_pages.locked_out"
AXES_VERBOSE = False  # the security log (tracker.security) says it once, in JSON
# How many reverse proxies append to X-Forwarded-For in front of gunicorn (0: none; the
# documented nginx setup: 1). The client address for the lockout and the log comes from it.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production: whitenoise serves hashed, compressed copies (run collectstatic first;
    # make serve does) with far-future cache headers. Development serves the sources.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
                    else "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- REST framework -------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Environmental-target compliance tracker API",
    "DESCRIPTION": "生态环境目标任务督办台账 REST API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind"; name each enum after its model instead of a hash.
    "ENUM_NAME_OVERRIDES": {
        "OrgUnitKindEnum": "tracker.models.org.OrgUnit.Kind",
        "OrgGroupKindEnum": "tracker.models.org.OrgGroup.Kind",
        "InspectionRoundKindEnum": "tracker.models.rectification.InspectionRound.Kind",
        "SourceDocumentKindEnum": "tracker.models.sources.SourceDocument.Kind",
        "SiteKindEnum": "tracker.models.targets.Site.Kind",
        "NoticeKindEnum": "tracker.models.warnings.Notice.Kind",
        "DigestKindEnum": "tracker.models.notifications.Digest.Kind",
        "MetricKindEnum": "tracker.models.targets.MetricKind",
        "CandidateKindEnum": ["target", "achievement", "milestone"],
    },
}


# --- Cache (API throttle counters) ----------------------------------------------------
# Throttle budgets must be shared by every web process and machine: Redis when REDIS_URL
# is set, otherwise one process's memory (development, `make run`).
def cache_settings(redis_url):
    if redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url,
                            "KEY_PREFIX": "tracker-cache"}}
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tracker"}}


CACHES = cache_settings(os.environ.get("REDIS_URL", ""))
# Webhook receivers on loopback/private/link-local addresses are refused unless this is on
# (a receiver inside the bureau's own network). See docs/security.md.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = envbool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)

# --- Celery ---------------------------------------------------------------------------
# Without REDIS_URL, kombu's filesystem transport under var/ lets a real worker and beat
# run with no server at all. With it, Redis is the broker and the result backend.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # How long a message taken by a worker that then died waits before Redis hands it out
    # again. It must exceed the longest task's hard time limit (900 s: evaluation and the
    # scans), or Redis hands a running task to a second worker; every job is idempotent, so
    # 20 min is the whole cost of a dead worker (it was an hour with kombu's default).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 1200),
    }
else:
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("in", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "in"),
        "data_folder_out": str(_broker_dir / "in"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True

# Tasks go to this queue (set it per deployment, or per test run to keep runs apart).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")


def envschedule(name, default):
    """A beat schedule from the environment: a 5-field crontab string ("0 * * * *":
    minute hour day-of-month month day-of-week, Asia/Shanghai) or a number of seconds
    ("30", for tests and demos). Anything else stops start-up with a bilingual message."""
    value = (os.environ.get(name) or default).strip()
    try:
        if value.replace(".", "", 1).isdigit():
            return float(value)
        fields = value.split()
        if len(fields) != 5:
            raise ValueError(value)
        minute, hour, day_of_month, month_of_year, day_of_week = fields  # cron order, not crontab()'s
        return crontab(minute=minute, hour=hour, day_of_week=day_of_week, day_of_month=day_of_month,
                       month_of_year=month_of_year)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"{name}={value!r} 不是有效的 crontab（5 段）或秒数。 / "
            f"{name}={value!r} is not a 5-field crontab string or a number of seconds."
        ) from exc


# The beat schedule (docs/jobs.md). Times are Asia/Shanghai. Run ONE beat per deployment;
# every job is idempotent, so a second beat wastes work but cannot duplicate a flag or a message.
CELERY_BEAT_SCHEDULE = {
    # Status engine over every target, then target flags follow the stored levels.
    "evaluate-targets": {
        "task": "tracker.tasks.evaluate_targets_task",
        "schedule": envschedule("CELERY_SCHEDULE_EVALUATE", "0 * * * *"),
    },
    # 整改任务: due soon / overdue (working days), 回头看 due, evidence missing on 申请销号.
    "scan-rectification-items": {
        "task": "tracker.tasks.scan_rectification_items_task",
        "schedule": envschedule("CELERY_SCHEDULE_SCAN_ITEMS", "10 * * * *"),
    },
    # 阶段性任务 of long-term items and projects: due soon / overdue.
    "scan-milestones": {
        "task": "tracker.tasks.scan_milestones_task",
        "schedule": envschedule("CELERY_SCHEDULE_SCAN_MILESTONES", "20 * * * *"),
    },
    # 专项资金: execution rate behind the linear path, or unmet at the deadline. Daily is enough.
    "scan-funds": {
        "task": "tracker.tasks.scan_funds_task",
        "schedule": envschedule("CELERY_SCHEDULE_SCAN_FUNDS", "30 6 * * *"),
    },
    # 日报告: the run time IS the daily cutoff; units with the duty and no report are flagged.
    "scan-daily-reports": {
        "task": "tracker.tasks.scan_daily_reports_task",
        "schedule": envschedule("CELERY_SCHEDULE_DAILY_REPORTS", "30 17 * * *"),
    },
    # Unanswered flags climb the ladder (黄→橙 督办函, 橙→红 约谈通知) after N working days.
    "escalate-unanswered-flags": {
        "task": "tracker.tasks.escalate_unanswered_flags_task",
        "schedule": envschedule("CELERY_SCHEDULE_ESCALATE", "0 9 * * *"),
    },
    # 晨报 for leaders and supervisors: counts by level, new reds, most overdue units.
    "morning-digest": {
        "task": "tracker.tasks.send_morning_digest_task",
        "schedule": envschedule("CELERY_SCHEDULE_MORNING_DIGEST", "0 8 * * *"),
    },
    # 每周通报: units ranked for the previous Monday–Sunday, Monday morning.
    "weekly-bulletin": {
        "task": "tracker.tasks.publish_weekly_bulletin_task",
        "schedule": envschedule("CELERY_SCHEDULE_WEEKLY_BULLETIN", "30 8 * * 1"),
    },
    # Safety net for email: anything pending whose after-commit send was lost.
    # API housekeeping: idempotency keys past 24 h, change-log rows past the feed's retention.
    "purge-api-records": {
        "task": "api.tasks.purge_api_records_task",
        "schedule": envschedule("CELERY_SCHEDULE_API_HOUSEKEEPING", "15 3 * * *"),
    },
    # Catch-up: a daily or weekly job whose tick beat could not publish (broker down) runs
    # once for its latest slot, once that slot is CATCH_UP_GRACE_MINUTES old (docs/jobs.md).
    "catch-up-missed-jobs": {
        "task": "tracker.tasks.catch_up_missed_jobs_task",
        "schedule": envschedule("CELERY_SCHEDULE_CATCH_UP", "*/10 * * * *"),
    },
    "send-pending-emails": {
        "task": "tracker.tasks.send_pending_emails_task",
        "schedule": envschedule("CELERY_SCHEDULE_EMAILS", "*/5 * * * *"),
    },
    # Webhook retries with backoff, and deliveries whose after-commit send was lost.
    "deliver-webhooks": {
        "task": "tracker.tasks.deliver_due_webhooks_task",
        "schedule": envschedule("CELERY_SCHEDULE_WEBHOOKS", "* * * * *"),
    },
}

# Escalation ladder and delivery policy of the jobs (docs/jobs.md).
TRACKER_JOBS = {
    "ESCALATE_YELLOW_AFTER_WORKDAYS": envint("ESCALATE_YELLOW_AFTER_WORKDAYS", 5),  # 0 = never
    "ESCALATE_ORANGE_AFTER_WORKDAYS": envint("ESCALATE_ORANGE_AFTER_WORKDAYS", 5),  # 0 = never
    "REPEAT_YELLOW_COUNT": envint("REPEAT_YELLOW_COUNT", 2),  # yellows on one subject … (0 = off)
    "REPEAT_YELLOW_WINDOW_DAYS": envint("REPEAT_YELLOW_WINDOW_DAYS", 30),  # … within these days → 督办函
    "WEBHOOK_MAX_ATTEMPTS": envint("WEBHOOK_MAX_ATTEMPTS", 6),  # then dead letter
    "WEBHOOK_BACKOFF_SECONDS": envint("WEBHOOK_BACKOFF_SECONDS", 30),  # 30 s, 60 s, 120 s …
    "WEBHOOK_BACKOFF_MAX_SECONDS": envint("WEBHOOK_BACKOFF_MAX_SECONDS", 3600),
    "WEBHOOK_TIMEOUT_SECONDS": envint("WEBHOOK_TIMEOUT_SECONDS", 10),
    "WEBHOOK_CONCURRENCY": envint("WEBHOOK_CONCURRENCY", 8),  # POSTs in flight per sweep (bounded pool)
    "EMAIL_MAX_ATTEMPTS": envint("EMAIL_MAX_ATTEMPTS", 5),
    "CATCH_UP_GRACE_MINUTES": envint("CATCH_UP_GRACE_MINUTES", 15),  # a slot this old with no run is caught up
    "NOTICE_ISSUER": os.environ.get("NOTICE_ISSUER", "生态环境局督查室"),
    # Chunks of units the evaluation pass and the scans are split into across workers
    # (tracker/jobs/fanout.py); 1 = one task per pass. docs/operations.md: about 2 × all
    # workers' concurrency on a multi-machine deployment.
    "PASS_CHUNKS": envint("PASS_CHUNKS", 1),
}

# --- Email ---------------------------------------------------------------------------
# Development prints mail to the console. Production sends by SMTP, and only when
# EMAIL_HOST (or an explicit EMAIL_BACKEND) says where: without one, mail is NOT sent and
# NOT marked sent — notifications stay "待发送 / pending" (admin → 站内消息) and start-up
# (web, worker, `manage.py check`) says so, until SMTP is configured and the sweep sends them.
EMAIL_DELIVERY_ENABLED = DEBUG or bool(os.environ.get("EMAIL_HOST") or os.environ.get("EMAIL_BACKEND"))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG and not os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tracker@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Demo -----------------------------------------------------------------------------
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo12345")

# --- Security (docs/security.md, docs/operations.md) -----------------------------------
# Cookies: HttpOnly (scripts cannot read them; pages send the CSRF token from the form or
# a meta tag, never from the cookie), SameSite=Lax, Secure in production.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "tracker_session"
# Sessions end after SESSION_IDLE_MINUTES without a request (sliding: every request
# renews the cookie) and, whatever the activity, SESSION_ABSOLUTE_HOURS after sign-in
# (config.middleware.AbsoluteSessionLifetimeMiddleware).
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_HOURS", 12) * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (config.middleware.ContentSecurityPolicyMiddleware): only this
# site's own files — no CDN, no inline <script>. Styles: 'self' plus inline, because ECharts
# draws its charts with style attributes; CSP_STYLE_SRC="style-src 'self'" tightens it.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", os.environ.get("CSP_STYLE_SRC", "style-src 'self' 'unsafe-inline'"),
    "img-src 'self' data:",
    "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'",
    "form-action 'self'", "frame-ancestors 'none'",
])
if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", True)
    # HTTPS only. Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto,
    # set SECURE_PROXY_SSL_HEADER=1 so Django knows the request was https. Only if the
    # proxy itself redirects to https and sends HSTS may SECURE_SSL_REDIRECT=0 and
    # SECURE_HSTS_SECONDS=0 turn Django's own off (check --deploy then warns: expected).
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes from localhost over http
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    if envbool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging ---------------------------------------------------------------------------
# Everything to stdout (journald or the container keeps it): JSON lines in production
# (config/logformat.py), plain lines with DEBUG on; LOG_FORMAT=json|text overrides.
# "tracker.security" is the security log (sign-in, sign-out, failures, denied access).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logformat.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout",
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # A request that failed is logged once, with its traceback, by Django's own logger.
        "django.request": {"level": "WARNING"},
        "django.security": {"level": "INFO"},
    },
}
