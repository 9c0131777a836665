"""Site-wide response and session rules that Django has no setting for (Django 5.2)."""
import time

from django.conf import settings
from django.contrib.auth import logout

SIGNED_IN_AT = "_signed_in_at"


def start_session_clock(request):
    """Called at sign-in: the absolute lifetime counts from now."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


class ContentSecurityPolicyMiddleware:
    """Send ``settings.CONTENT_SECURITY_POLICY`` on every response that has none: the
    browser then runs only this site's own script and style files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = policy
        return response


class AbsoluteSessionLifetimeMiddleware:
    """End a signed-in session ``SESSION_ABSOLUTE_SECONDS`` after sign-in, however busy it
    is (the idle limit is ``SESSION_COOKIE_AGE``, renewed by every request). The clock
    starts at sign-in (:func:`start_session_clock`), or at the first request that sees a
    session signed in before this rule existed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(SIGNED_IN_AT, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)  # flushes the session; the request goes on anonymous
        return self.get_response(request)
