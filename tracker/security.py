"""The security log (安全日志): every sign-in, sign-out, failed sign-in, lockout and denied
access, as one structured record on the ``tracker.security`` logger (JSON on stdout in
production, see config/logformat.py) with who, from where, on what, and when (UTC).

Fields of every record: ``event`` (login, logout, login_failed, locked_out, denied),
``user`` (username, or the name tried), ``address`` (the client's IP, see
:func:`client_address`), ``object`` (the path asked for, with the method), ``at`` (UTC,
ISO 8601). django-axes also keeps sign-ins, sign-outs and failures in the database
(admin → Axes), and counts failures for the lockout.
"""
import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

logger = logging.getLogger("tracker.security")


def client_address(request) -> str:
    """The client's IP address. Behind ``TRUSTED_PROXY_COUNT`` reverse proxies (each appends
    the address it saw to X-Forwarded-For), it is the entry that many places from the
    right; entries further left were written by the client and are not trusted."""
    if request is None:
        return ""
    meta = getattr(request, "META", {})
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return meta.get("REMOTE_ADDR", "")


def axes_client_address(request):
    """django-axes' AXES_CLIENT_IP_CALLABLE: the same address the log records."""
    return client_address(request) or None


def record(event: str, request=None, *, user="", obj=None, level=logging.INFO, **details):
    """Write one security-log record."""
    if obj is None and request is not None:
        obj = f"{getattr(request, 'method', '')} {getattr(request, 'path', '')}".strip()
    fields = {"event": event, "user": str(user or ""), "address": client_address(request), "object": obj or "",
              "at": timezone.now().astimezone(dt.timezone.utc).isoformat(), **details}
    logger.log(level, "%s %s %s %s", event, fields["user"] or "-", fields["address"] or "-", fields["object"],
               extra=fields)


@receiver(user_logged_in, dispatch_uid="security-log-login")
def _logged_in(sender, request, user, **kwargs):
    from config.middleware import start_session_clock

    start_session_clock(request)
    record("login", request, user=user.get_username())


@receiver(user_logged_out, dispatch_uid="security-log-logout")
def _logged_out(sender, request, user, **kwargs):
    record("logout", request, user=user.get_username() if user else "")


@receiver(user_login_failed, dispatch_uid="security-log-failure")
def _login_failed(sender, credentials, request=None, **kwargs):
    locked = bool(getattr(request, "axes_locked_out", False))
    record("locked_out" if locked else "login_failed", request, user=credentials.get("username", ""),
           level=logging.WARNING)


class DeniedAccessLogMiddleware:
    """Log every request answered 401 or 403 (not signed in, no permission, CSRF failure,
    lockout) with the user and the object asked for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (401, 403, 429) and not request.path.startswith(settings.STATIC_URL):
            user = getattr(request, "user", None)
            record("denied", request, user=user.get_username() if user is not None and user.is_authenticated else "",
                   level=logging.WARNING, status=response.status_code)
        return response
