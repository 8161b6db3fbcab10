"""Sessions end on sign-out, on a password change elsewhere, and after being idle."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from survey.models import Session


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


# The session is read with its user in one query (survey/accounts/sessions.py); everything
# Django checks on that user still holds.


def _user_reads(queries):
    """Queries that read the user table on their own (not joined to the session)."""
    return [q["sql"] for q in queries if '"survey_user"' in q["sql"] and "session" not in q["sql"]]


def test_a_signed_in_request_reads_its_session_and_user_in_one_query(chief_a):
    client = signed_in(chief_a)
    assert is_signed_in(client)

    with CaptureQueriesContext(connection) as queries:
        assert is_signed_in(client)

    assert "survey_session" in queries[0]["sql"] and "survey_user" in queries[0]["sql"]
    assert _user_reads(queries) == []


def test_the_session_row_names_its_user_until_sign_out(chief_a):
    client = signed_in(chief_a)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.get(session_key=key).user == chief_a

    client.post(reverse("logout"))

    assert not Session.objects.filter(user=chief_a).exists()


def test_a_deactivated_account_is_signed_out_at_its_next_request(chief_a):
    client = signed_in(chief_a)
    assert is_signed_in(client)

    chief_a.is_active = False
    chief_a.save()

    assert not is_signed_in(client)


def test_erasing_a_person_ends_their_sessions_and_no_one_elses(chief_a, chief_b):
    from survey.accounts.personal_data import personal_data_erase

    theirs, other = signed_in(chief_a), signed_in(chief_b)

    personal_data_erase(user=chief_a, by=None)

    assert not Session.objects.filter(user=chief_a).exists()
    assert not is_signed_in(theirs) and is_signed_in(other)


@pytest.mark.parametrize("engine", ["survey.accounts.sessions", "survey.accounts.cached_sessions"])
def test_ending_a_persons_sessions_clears_the_cached_copy_too(chief_a, engine, settings):
    """With Redis in front of the table (several web nodes) a session deleted from the table
    alone would live on in the cache."""
    from survey.accounts.sessions import sessions_end

    settings.SESSION_ENGINE = engine
    client = signed_in(chief_a)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert is_signed_in(client)

    assert sessions_end(chief_a) == 1

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert not is_signed_in(replay)


def test_the_upgrade_keeps_everyone_signed_in(chief_a, chief_b):
    """Migration survey 0012 moves unexpired sessions to the new table with their user, and
    those signed in through Django's model backend now name the backend that replaced it."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session as OldSession

    migration = import_module("survey.migrations.0012_sessions_with_user")
    codec = SessionStore()
    soon, gone = timezone.now() + dt.timedelta(hours=1), timezone.now() - dt.timedelta(hours=1)

    def signed_in_as(user):
        return {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": migration.OLD_BACKEND,
            "_auth_user_hash": user.get_session_auth_hash(),
        }

    rows = {
        "a" * 32: (signed_in_as(chief_a), soon),
        "b" * 32: (signed_in_as(chief_b), gone),
        "c" * 32: ({"django_language": "fr"}, soon),
    }
    for key, (data, expires) in rows.items():
        OldSession.objects.create(
            session_key=key, session_data=codec.encode(data), expire_date=expires
        )
    OldSession.objects.create(session_key="d" * 32, session_data="not signed", expire_date=soon)

    migration.copy_sessions(apps, None)

    moved = {s.session_key: s for s in Session.objects.all()}
    assert sorted(moved) == ["a" * 32, "c" * 32]  # not the expired one, not the unreadable one
    assert moved["a" * 32].user == chief_a and moved["c" * 32].user is None
    assert codec.decode(moved["a" * 32].session_data)["_auth_user_backend"] == migration.NEW_BACKEND
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32
    assert is_signed_in(replay)
