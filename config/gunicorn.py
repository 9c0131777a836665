"""gunicorn settings for the production web process (``bin/web`` with DEBUG off).

Several synchronous workers (``WEB_CONCURRENCY``, default 2 × cores + 1, at most 8) behind
the reverse proxy that terminates TLS (docs/operations.md); logs as JSON lines on stdout.
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 20  # a stop lets requests in flight finish
max_requests, max_requests_jitter = 2000, 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")  # the proxy's address
accesslog = "-"
errorlog = "-"
if os.environ.get("LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "config.logformat.JsonFormatter"}},
        "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stdout"}},
        "root": {"handlers": ["stdout"], "level": "INFO"},
        "loggers": {
            "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        },
    }
