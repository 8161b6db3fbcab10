"""Who is signing in from where: the callables django-axes and the rate limits use.

* Attempts are counted per account as sign-in matches it (e-mail without case or surrounding
  spaces), so `Chief@X.be` and `chief@x.be ` share one counter.
* The client address is REMOTE_ADDR unless TRUSTED_PROXY_COUNT proxies sit in front of the
  application; then it is the address the outermost of them saw (X-Forwarded-For, counted from
  the right, as each proxy appends to it). A client cannot choose its own address by sending
  the header itself.
* Password spraying (many accounts, one wrong password each) is limited per address on top of
  axes' per-account lock: SIGN_IN_FAILURE_RATE_LIMIT failures from one address pause every
  sign-in from it.
"""

import ipaddress

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django_ratelimit.core import get_usage


def normalised_username(value) -> str:
    return str(value or "").strip().casefold()


def axes_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: the account as sign-in finds it."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalised_username(credentials.get(field))
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return normalised_username(data.get(field))


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """AXES_CLIENT_IP_CALLABLE and RATELIMIT_IP_META_KEY: the real client behind the proxies
    configured, and never an address the client wrote itself."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return _valid(hops[-proxies]) or remote
    return remote


def _failure_rate(group, request) -> str:
    return settings.SIGN_IN_FAILURE_RATE_LIMIT


def _address_usage(request, *, count: bool):
    return get_usage(
        request, group="sign-in-failure", key="ip", rate=_failure_rate, increment=count
    )


def address_blocked(request) -> bool:
    usage = _address_usage(request, count=False)
    return usage is not None and usage["count"] >= usage["limit"]


@receiver(user_login_failed)
def _failure_counted(sender, credentials, request=None, **kwargs):
    if request is not None:
        _address_usage(request, count=True)


class AddressLimitBackend:
    """In AUTHENTICATION_BACKENDS before the password check: an address past the failure limit
    gets no more guesses at any account (the sign-in page shows the pause)."""

    def authenticate(self, request, **credentials):
        if request is not None and address_blocked(request):
            request.sign_in_address_blocked = True
            raise PermissionDenied
        return None  # no get_user: sessions are never restored through this backend


def lockout_clear(user) -> None:
    """A password reset through the owner's mailbox proves the account is theirs: the lock the
    failed guesses put on it (by anyone, from anywhere) is lifted."""
    from axes.utils import reset

    reset(username=normalised_username(user.get_username()))
