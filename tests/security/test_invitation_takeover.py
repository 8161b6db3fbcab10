"""An invitation never takes over an account, and its link reaches only the invitee's mailbox."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from survey.accounts.invitations import invitation_create
from survey.models import Invitation, ZoneMembership
from tests import factories as f

NEW_PASSWORD = "Fiets-Wolk-Appel-91"
OLD_PASSWORD = "correct horse battery"  # the factories' password


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def accept_path(token):
    return reverse("invitation_accept", args=[token])


def mailed_path():
    [message] = mail.outbox
    link = re.search(r"https?://\S+(/invitation/[\w-]+/)", message.body)
    return message, link.group(1)


def test_an_invitation_for_an_existing_account_never_sets_its_password(
    client, administrator, zone_a
):
    _invitation, token = invitation_create(zone=zone_a, email="ADMIN@example.be")
    page = client.get(accept_path(token))
    assert page.status_code == 200 and 'type="password"' not in page.content.decode()
    client.post(accept_path(token), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    administrator.refresh_from_db()
    assert administrator.check_password(OLD_PASSWORD)
    assert not administrator.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session
    assert not ZoneMembership.objects.filter(user=administrator).exists()


def test_a_stranger_signed_in_cannot_take_up_anothers_invitation(client, chief_b, zone_a):
    f.UserFactory(email="owner@example.be")
    _invitation, token = invitation_create(zone=zone_a, email="owner@example.be")
    client.force_login(chief_b)
    page = client.get(accept_path(token))
    with translation.override(zone_a.language):  # the invitation page speaks the zone's language
        expected = translation.gettext("You are signed in with another address. Sign out first.")
    assert expected in page.content.decode()
    client.post(accept_path(token))
    assert not ZoneMembership.objects.filter(zone=zone_a).exists()
    assert Invitation.objects.usable().count() == 1


def test_the_owner_signs_in_as_themselves_then_accepts(client, chief_b, zone_a):
    invitation, token = invitation_create(zone=zone_a, email="Chief.B@example.be", role="colleague")
    page = client.get(accept_path(token)).content.decode()
    sign_in = re.search(r'href="([^"]*/login/[^"]*)"', page).group(1).replace("&amp;", "&")
    answer = client.post(
        sign_in, {"username": "chief.b@example.be", "password": OLD_PASSWORD}, follow=True
    )
    assert answer.redirect_chain[-1][0] == accept_path(token)
    assert client.post(accept_path(token))["Location"] == reverse("home")
    assert ZoneMembership.objects.get(user=chief_b, zone=zone_a).role == "colleague"
    invitation.refresh_from_db()
    assert invitation.accepted_by == chief_b
    assert client.get(accept_path(token)).status_code == 404


def test_a_new_address_still_chooses_its_password(client, zone_a):
    _invitation, token = invitation_create(zone=zone_a, email="new@example.be")
    answer = client.post(accept_path(token), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert answer.status_code == 302 and client.session["_auth_user_id"]


def test_the_admin_mails_the_link_to_the_invitee_and_never_shows_it(client, researcher, zone_a):
    client.force_login(researcher)
    mail.outbox.clear()
    answer = client.post(
        reverse("admin:survey_invitation_add"),
        {"zone": zone_a.pk, "email": "Admin.Made@example.be", "role": "chief", "language": ""},
        follow=True,
    )
    invitation = Invitation.objects.get(email="admin.made@example.be")
    message, path = mailed_path()
    assert message.to == ["admin.made@example.be"]
    pages = [
        answer,
        client.get(reverse("admin:survey_invitation_changelist")),
        client.get(reverse("admin:survey_invitation_change", args=[invitation.pk])),
        client.get(reverse("admin:survey_invitation_history", args=[invitation.pk])),
    ]
    token = path.strip("/").split("/")[-1]
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        assert token not in text and not re.search(r"/invitation/[\w-]{20,}", text)
        assert invitation.token_hash not in text
    client.logout()
    assert client.get(path).status_code == 200


def test_a_sent_invitation_cannot_be_redirected_to_another_address(client, researcher, zone_a):
    invitation, _token = invitation_create(zone=zone_a, email="x@example.be")
    client.force_login(researcher)
    client.post(
        reverse("admin:survey_invitation_change", args=[invitation.pk]),
        {"zone": zone_a.pk, "email": "admin@example.be", "role": "chief", "language": "nl"},
    )
    invitation.refresh_from_db()
    assert invitation.email == "x@example.be"


def test_the_admin_refuses_invitations_for_researcher_or_administrator_accounts(
    client, researcher, administrator, zone_a
):
    client.force_login(researcher)
    for email in ("ADMIN@example.be", "researcher@example.be"):
        page = client.post(
            reverse("admin:survey_invitation_add"),
            {"zone": zone_a.pk, "email": email, "role": "chief", "language": ""},
        )
        assert page.status_code == 200 and "not researchers or administrators" in (
            page.content.decode()
        )
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "admin:survey_user_changelist",
        "admin:survey_user_add",
        "admin:auth_group_changelist",
        "admin:otp_totp_totpdevice_changelist",
        "admin:axes_accessattempt_changelist",
        "admin:axes_accesslog_changelist",
        "admin:django_tasks_database_dbtaskresult_changelist",
        "admin:axes_accessfailurelog_changelist",
    ],
)
def test_the_researcher_role_gives_no_power_over_accounts_devices_or_records(
    client, researcher, url
):
    client.force_login(researcher)
    assert client.get(reverse(url)).status_code == 403


def test_a_researcher_cannot_edit_a_user_or_their_staff_flag(client, researcher, chief_a):
    client.force_login(researcher)
    change = reverse("admin:survey_user_change", args=[chief_a.pk])
    assert client.get(change).status_code == 403
    client.post(change, {"email": chief_a.email, "is_staff": "on", "is_superuser": "on"})
    chief_a.refresh_from_db()
    assert not chief_a.is_staff and not chief_a.is_superuser


def test_a_chiefs_colleague_invitation_is_mailed_by_the_worker(client, chief_a, zone_a):
    client.force_login(chief_a)
    mail.outbox.clear()
    client.post(reverse("zone_colleagues", args=[zone_a.code]), {"email": "Helper@example.be"})
    message, path = mailed_path()
    assert message.to == ["helper@example.be"] and zone_a.code in message.subject
    page = client.get(reverse("zone_colleagues", args=[zone_a.code])).content.decode()
    assert not re.search(r"/invitation/[\w-]{20,}", page)
    client.logout()
    assert client.get(path).status_code == 200
