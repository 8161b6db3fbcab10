"""Sessions end on sign-out, on a password change elsewhere, and after being idle."""

import datetime as dt
import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def is_signed_in(client):
    """Home answers (or sends staff on to their own pages) rather than asking to sign in."""
    response = client.get(reverse("home"))
    return response.status_code == 200 or (
        response.status_code == 302 and not response["Location"].startswith(reverse("login"))
    )


def test_it_ends_the_session_on_sign_out(chief_a):
    client = signed_in(chief_a)
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert is_signed_in(client)

    client.post(reverse("logout"))

    assert not Session.objects.filter(session_key=old_key).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert not is_signed_in(replay)


def test_changing_ones_own_password_keeps_this_session_and_ends_all_others(administrator):
    """Django's password-change view keeps the changing session (update_session_auth_hash);
    every other session of that user stops being valid."""
    here, elsewhere = signed_in(administrator), signed_in(administrator)
    assert is_signed_in(here) and is_signed_in(elsewhere)

    response = here.post(
        reverse("admin:password_change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "a new and long passphrase 7",
            "new_password2": "a new and long passphrase 7",
        },
    )

    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)


def test_a_password_set_by_an_administrator_signs_out_the_user(chief_a, administrator):
    chief = signed_in(chief_a)
    admin = signed_in(administrator)
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[chief_a.pk]),
        {
            "password1": "x7!another-long-pass",
            "password2": "x7!another-long-pass",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert not is_signed_in(chief)


def test_it_signs_out_after_the_idle_timeout(chief_a):
    client = signed_in(chief_a)
    assert is_signed_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    assert not is_signed_in(client)


def test_every_request_extends_the_idle_timeout(chief_a):
    client = signed_in(chief_a)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    soon = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=soon)

    assert is_signed_in(client)

    expiry = Session.objects.get(session_key=key).expire_date
    expected = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((expiry - expected).total_seconds()) < 60
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def _writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]


def test_a_request_soon_after_the_last_refresh_writes_nothing(chief_a):
    client = signed_in(chief_a)
    assert is_signed_in(client)  # refreshes the expiry once
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    expiry = Session.objects.get(session_key=key).expire_date

    with CaptureQueriesContext(connection) as queries:
        assert is_signed_in(client)

    assert _writes(queries) == []
    assert Session.objects.get(session_key=key).expire_date == expiry


def test_the_expiry_moves_on_again_a_minute_later(chief_a, monkeypatch):
    client = signed_in(chief_a)
    assert is_signed_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    soon = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    later = time.time() + settings.SESSION_REFRESH_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)

    assert is_signed_in(client)

    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry - soon > dt.timedelta(minutes=30)


def test_an_anonymous_request_creates_no_session(db):
    client = Client()
    client.get(reverse("login"))
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session-key"

    client.get(reverse("login"))

    assert not Session.objects.exists()
