"""Who is calling: a bearer token, checked, rate-limited and recorded.

Every refusal answers the same 401 body, whether the token is unknown, expired, revoked or
belongs to an account that may not hold one, so a caller learns nothing about other tokens.
"""

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from ninja.errors import HttpError
from ninja.security import HttpBearer

from .tokens import api_token_authenticate, api_token_touch


class RateLimited(Exception):
    pass


def _token_key(group, request) -> str:
    return f"api-token:{request.api_token.pk}"


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`; sets `request.api_token` for the scope checks and the
    audit record (results.api.audit)."""

    def __call__(self, request):
        # ninja's own HttpBearer logs an unexpected header verbatim under DEBUG; a mistyped
        # scheme still carries the secret, so the header is never logged here.
        scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        return self.authenticate(request, token)

    def authenticate(self, request, token):
        row = api_token_authenticate(token)
        if row is None:
            return None
        request.api_token = row
        if is_ratelimited(
            request,
            group="api",
            key=_token_key,
            rate=settings.API_RATE_LIMIT,
            increment=True,
        ):
            raise RateLimited
        api_token_touch(row)
        return row


def require_scope(request, scope: str):
    """The token of the request, if it has `scope`; 403 naming the missing scope otherwise."""
    token = request.auth
    if not token.allows(scope):
        raise HttpError(403, f"This token does not have the scope {scope!r}.")
    return token
