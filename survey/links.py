"""The address that links in e-mails start with.

E-mails are composed by the background worker, which sees no request. SITE_URL, when set, is
that address. Without it, the request that queues an e-mail records the address it reached the
application at (`request_site_url`), the task carries it, and the worker makes the e-mail's links
inside `served_at(address)`, as it picks the language inside `translation.override`. An address
whose host is not in ALLOWED_HOSTS is never used (Django refuses such a request already; this
also guards what a task holds), so a forged Host header never reaches an e-mail.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port, validate_host

# Where runserver serves by default: links made outside any request (`create_invitation`)
# without SITE_URL.
FALLBACK = "http://127.0.0.1:8000"

_served_at = ContextVar("served_at", default="")


def request_site_url(request) -> str:
    """Scheme and host the request came in by, e.g. `https://survey.example.be`."""
    return f"{request.scheme}://{request.get_host()}"


def allowed(address: str) -> bool:
    """An http(s) address of nothing but a host (and port) that ALLOWED_HOSTS accepts."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or parts.path not in ("", "/"):
        return False
    if parts.query or parts.fragment or parts.username or parts.password:
        return False
    domain, _port = split_domain_port(parts.netloc)
    hosts = settings.ALLOWED_HOSTS
    if settings.DEBUG and not hosts:
        hosts = [".localhost", "127.0.0.1", "[::1]"]  # as Django's own check (get_host)
    return bool(domain) and validate_host(domain, hosts)


@contextmanager
def served_at(address: str):
    """Make the links of what is composed inside at `address` (unless SITE_URL is set)."""
    token = _served_at.set(address if address and allowed(address) else "")
    try:
        yield
    finally:
        _served_at.reset(token)


def site_url() -> str:
    """SITE_URL if set, else the recorded address of the request, else FALLBACK; no final /."""
    return (settings.SITE_URL or _served_at.get() or FALLBACK).rstrip("/")


def absolute(path: str) -> str:
    return site_url() + path
