"""Sign-in guessing: one counter per account whatever its spelling, a limit per address across
accounts, the client address read only from proxies configured, and the reset link as a way in."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from survey.accounts.sign_in_limits import client_ip
from tests import factories as f

PASSWORD = "correct horse battery"  # the factories' password
NEW_PASSWORD = "Fiets-Wolk-Appel-91"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_case_and_space_variants_of_an_address_share_one_counter(client, settings, chief_a):
    variants = [
        "chief.a@example.be",
        "CHIEF.A@example.be",
        " Chief.A@Example.BE ",
        "chief.A@EXAMPLE.be",
    ]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, variants[attempt % len(variants)], "wrong")
    for variant in variants:
        assert sign_in(client, variant, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_address_spraying_many_accounts_is_paused(client, settings, db):
    settings.SIGN_IN_FAILURE_RATE_LIMIT = "4/h"
    users = [f.UserFactory(email=f"spray{n}@example.be") for n in range(6)]
    for user in users[:4]:
        assert sign_in(client, user.email, "Summer2026!").status_code == 200
    paused = sign_in(client, users[5].email, PASSWORD)
    assert paused.status_code == 429 and "Too many attempts" in paused.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    assert sign_in(client, users[5].email, PASSWORD, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client forged the first entry
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "", "10.0.0.1"),  # no header: the connection's address
        (1, "not-an-address", "10.0.0.1"),
        (3, "203.0.113.7, 10.0.0.2", "10.0.0.1"),  # fewer hops than proxies configured
    ],
)
def test_behind_trusted_proxies_the_client_is_read_from_the_right(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_an_attacker_does_not_lock_out_the_real_user(client, settings, chief_a):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(
            client, "chief.a@example.be", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.66", **proxy
        )
    attacker = sign_in(
        client, "chief.a@example.be", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.66", **proxy
    )
    assert attacker.status_code == 429
    real = sign_in(
        client, "chief.a@example.be", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy
    )
    assert real.status_code == 302


def test_a_locked_out_user_gets_in_through_a_password_reset(client, settings, chief_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "chief.a@example.be", "wrong")
    locked = sign_in(client, "chief.a@example.be", PASSWORD)
    assert locked.status_code == 429 and reverse("password_reset") in locked.content.decode()
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": "Chief.A@example.be"})
    [message] = mail.outbox
    path = re.search(r"(/accounts/reset/\S+)", message.body).group(1)
    form_page = client.get(path, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert sign_in(client, "chief.a@example.be", NEW_PASSWORD).status_code == 302
