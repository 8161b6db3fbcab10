"""Personal API tokens: made, checked and revoked here, nowhere else.

A token reads `pts_<prefix>_<secret>`: 8 hex characters to find the row, then 256 random bits.
Only the SHA-256 digest of the whole token is stored, so a copy of the database holds no usable
token; with that much entropy a fast digest is enough (a password hasher protects guessable
secrets, which these are not).
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from results.models import ApiToken
from survey.access import is_researcher
from survey.models import ZoneMembership

DEFAULT_DAYS = 90
MAX_DAYS = 365
SCOPES = tuple(ApiToken.Scope.values)
TOKEN_PREFIX = "pts"  # noqa: S105 - the visible start of every token, not a secret


class TokenRefused(ValueError):
    """The request for a token breaks a rule; the message says which."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_hold_tokens(user) -> bool:
    """Researchers and administrators; never an account that answers for a zone."""
    return is_researcher(user) and not ZoneMembership.objects.filter(user=user).exists()


@transaction.atomic
def api_token_create(
    *, user, name: str, scopes, days: int = DEFAULT_DAYS, pseudonymised_only: bool = False
) -> tuple[ApiToken, str]:
    """Make a token; returns the row and the token itself, which is never shown again."""
    if not may_hold_tokens(user):
        raise TokenRefused(_("Only researchers without a zone account can have API tokens."))
    scopes = sorted(set(scopes))
    if not scopes or set(scopes) - set(SCOPES):
        raise TokenRefused(
            _("Choose one or more scopes of %(scopes)s.") % {"scopes": ", ".join(SCOPES)}
        )
    if not 1 <= days <= MAX_DAYS:
        raise TokenRefused(_("A token is valid for 1 to %(max)s days.") % {"max": MAX_DAYS})
    name = name.strip()
    if not name:
        raise TokenRefused(_("Give the token a name."))
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    token = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=prefix,
        digest=digest(token),
        scopes=scopes,
        pseudonymised_only=pseudonymised_only and ApiToken.Scope.RESPONSES in scopes,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return row, token


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Effective at once: the next request with it is refused."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(token: str) -> ApiToken | None:
    """The active token of an account that may hold one, or None, whatever the reason."""
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    row = (
        ApiToken.objects.active()
        .select_related("user")
        .annotate(zone_account=Exists(ZoneMembership.objects.filter(user=OuterRef("user"))))
        .filter(prefix=parts[1])
        .first()
    )
    if row is None or not constant_time_compare(row.digest, digest(token.strip())):
        return None
    if row.zone_account or not is_researcher(row.user):
        return None
    return row


def api_token_touch(token: ApiToken) -> None:
    """Record the use, at most once a minute, so that busy scripts do not write every call."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def tokens_of(user):
    return ApiToken.objects.filter(user=user)
