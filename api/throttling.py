"""Per-token throttling: each API token (or signed-in user) has its own budget."""
import os

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    """Rate per token, from API_TOKEN_RATE (default 1000/hour); session users are keyed
    on their user id, anonymous requests on their address."""

    scope = "token"

    def get_rate(self):
        return os.environ.get("API_TOKEN_RATE", "1000/hour")

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"anon-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
