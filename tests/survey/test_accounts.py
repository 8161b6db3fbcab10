"""Invitations, sign-in, password reset, language, colleagues; brute force on separate counters."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from survey.accounts.invitations import invitation_create
from survey.models import Invitation, User, ZoneMembership
from tests import factories as f

PASSWORD = "Fiets-Wolk-Appel-91"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def without_csrf(page):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page.content.decode())


def accept_path(token):
    return reverse("invitation_accept", args=[token])


def test_the_whole_flow_from_invitation_to_submission(
    client, zone_a, django_capture_on_commit_callbacks
):
    module = f.questionnaire(items=2)
    _invitation, token = invitation_create(zone=zone_a, email="New.Chief@example.be")
    page = client.get(accept_path(token))
    assert zone_a.name_nl in page.content.decode()
    answer = client.post(accept_path(token), {"password1": PASSWORD, "password2": PASSWORD})
    assert answer.status_code == 302 and answer["Location"] == reverse("home")
    assert answer.cookies["django_language"].value == "nl"
    user = User.objects.get(email="new.chief@example.be")
    assert ZoneMembership.objects.get(user=user).zone == zone_a
    home = client.get(reverse("home")).content.decode()
    sheet = reverse("module_answer", args=[zone_a.code, module.edition.code, module.kind])
    assert sheet in home
    values = {f"item-{item.pk}": "1" for item in module.items.all()}
    client.post(sheet, {"base": "{}", **values})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(sheet + "review/", {})
    assert module.responses.get().is_submitted
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.chief@example.be"]
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302
    # the link was spent
    assert client.get(accept_path(token)).status_code == 404


def test_a_weak_or_mismatched_password_is_refused(client, zone_a):
    _invitation, token = invitation_create(zone=zone_a, email="x@example.be")
    for data in (
        {"password1": "12345678", "password2": "12345678"},
        {"password1": PASSWORD, "password2": PASSWORD + "x"},
    ):
        page = client.post(accept_path(token), data)
        assert page.status_code == 200 and page.context["form"].errors
    assert not User.objects.filter(email="x@example.be").exists()


@pytest.mark.parametrize("state", ["unknown", "used", "expired", "revoked"])
def test_invalid_tokens_get_one_generic_message(client, zone_a, state):
    from django.utils import timezone

    invitation, token = invitation_create(zone=zone_a, email="y@example.be")
    if state == "unknown":
        token = "not-a-token"
    elif state == "used":
        Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    elif state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    else:
        Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    page = client.get(accept_path(token))
    assert page.status_code == 404
    assert "cannot be used" in page.content.decode()
    assert zone_a.name_nl not in page.content.decode()


def test_token_attempts_are_rate_limited_apart_from_sign_in(client, settings, chief_a):
    settings.INVITATION_RATE_LIMIT = "3/h"
    _invitation, token = invitation_create(zone=chief_a.memberships.get().zone, email="q@ex.be")
    for _ in range(5):  # opening a valid link again and again is no guess
        assert client.get(accept_path(token)).status_code == 200
    for attempt in range(3):
        assert client.get(accept_path(f"guess-{attempt}")).status_code == 404
    assert client.get(accept_path("guess-4")).status_code == 429
    assert client.get(accept_path(token)).status_code == 429
    # Sign-in still works from the same address: a separate counter.
    answer = client.post(
        reverse("login"), {"username": "chief.a@example.be", "password": "correct horse battery"}
    )
    assert answer.status_code == 302


def test_sign_in_brute_force_is_locked_by_axes_without_touching_token_counter(
    client, settings, chief_a, zone_a
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "chief.a@example.be", "password": "wrong"})
    locked = client.post(
        reverse("login"), {"username": "chief.a@example.be", "password": "correct horse battery"}
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    _invitation, token = invitation_create(zone=zone_a, email="z@example.be")
    assert client.get(accept_path(token)).status_code == 200


def test_sign_in_messages_do_not_reveal_whether_an_account_exists(client, chief_a):
    known = client.post(reverse("login"), {"username": "chief.a@example.be", "password": "bad"})
    unknown = client.post(reverse("login"), {"username": "nobody@example.be", "password": "bad"})
    assert known.context["form"].errors == unknown.context["form"].errors


def test_password_reset_does_not_reveal_accounts_and_mails_a_working_link(client, chief_a):
    mail.outbox.clear()
    known = client.post(reverse("password_reset"), {"email": "chief.a@example.be"}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.be"}, follow=True)
    assert without_csrf(known) == without_csrf(unknown)
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link[link.index("/accounts/") :]
    form_page = client.get(path, follow=True)
    answer = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert answer.status_code == 302
    chief_a.refresh_from_db()
    assert chief_a.check_password(PASSWORD)


def test_after_sign_in_the_language_is_the_users_or_else_the_zones(client, chief_b, zone_a):
    answer = client.post(
        reverse("login"), {"username": "chief.b@example.be", "password": "correct horse battery"}
    )
    assert answer.cookies["django_language"].value == "fr"
    client.post(reverse("logout"))
    user = f.MembershipFactory(zone=zone_a, user=f.UserFactory(email="nl@example.be")).user
    assert user.language == ""
    answer = client.post(
        reverse("login"), {"username": "nl@example.be", "password": "correct horse battery"}
    )
    assert answer.cookies["django_language"].value == "nl"


def test_create_invitation_prints_a_working_link(capsys, zone_a, client):
    call_command("create_invitation", zone=zone_a.code, email="cmd@example.be", role="colleague")
    link = capsys.readouterr().out.strip()
    assert "/invitation/" in link
    assert client.get(link[link.index("/invitation/") :]).status_code == 200
    assert Invitation.objects.get(email="cmd@example.be").role == "colleague"


def test_a_chief_invites_and_revokes_a_colleague(
    client, zone_a, chief_a, django_capture_on_commit_callbacks
):
    client.force_login(chief_a)
    page = reverse("zone_colleagues", args=[zone_a.code])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page, {"email": "Helper@example.be"})
    invitation = Invitation.objects.get(email="helper@example.be")
    assert invitation.role == "colleague" and invitation.zone == zone_a
    [message] = mail.outbox
    assert "/invitation/" in message.body and zone_a.code in message.subject
    assert "helper@example.be" in client.get(page).content.decode()
    client.post(reverse("zone_invitation_revoke", args=[zone_a.code, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert LogEntry.objects.filter(user=chief_a, object_id=str(invitation.pk)).exists()


def test_colleagues_page_is_for_the_chief_only(client, zone_a, chief_b):
    colleague = f.MembershipFactory(zone=zone_a, role="colleague").user
    page = reverse("zone_colleagues", args=[zone_a.code])
    for user in (colleague, chief_b):
        client.force_login(user)
        assert client.get(page).status_code == 404
        assert client.post(page, {"email": "a@example.be"}).status_code == 404
    assert not Invitation.objects.exists()


def test_password_reset_requests_are_rate_limited(client, settings, chief_a):
    settings.PASSWORD_RESET_RATE_LIMIT = "2/h"
    mail.outbox.clear()
    for _ in range(2):
        assert (
            client.post(reverse("password_reset"), {"email": "chief.a@example.be"}).status_code
            == 302
        )
    assert (
        client.post(reverse("password_reset"), {"email": "chief.a@example.be"}).status_code == 429
    )
    assert len(mail.outbox) == 2
    assert client.get(reverse("password_reset")).status_code == 200


def test_the_invitation_page_speaks_the_zones_language_unless_one_was_chosen(client, zone_b):
    _invitation, token = invitation_create(zone=zone_b, email="fr@example.be")
    assert 'lang="fr"' in client.get(accept_path(token)).content.decode()
    client.cookies["django_language"] = "de"
    assert 'lang="de"' in client.get(accept_path(token)).content.decode()
