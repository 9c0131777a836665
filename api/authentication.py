"""Token authentication with per-token limits (read-only, one unit's subtree)."""
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from tracker.access import ScopeLimit

from .messages import pick
from .models import ApiToken, hash_token_key


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``. The token's limits are attached to the user as a
    ``scope_limit`` so the one scoping rule (tracker.access.restrict) applies them."""

    model = ApiToken

    def authenticate_credentials(self, key):
        token = (
            ApiToken.objects.select_related("user", "unit")
            .filter(key_digest=hash_token_key(key), revoked_at__isnull=True)
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(pick("令牌无效或已吊销。", "Invalid or revoked token."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(pick("用户已停用。", "User inactive."))
        if token.read_only or token.unit_id:
            unit_paths = (token.unit.path,) if token.unit_id else None
            if token.unit_id and token.unit.deleted_at is not None:
                unit_paths = ()
            user.scope_limit = ScopeLimit(read_only=token.read_only, unit_paths=unit_paths)
        # At most one write a minute per token for the "last used" stamp.
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """OpenAPI description of the token scheme (distinct from DRF's own authtoken)."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Token-based authentication: `Authorization: Token <key>`"}
