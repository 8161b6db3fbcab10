"""The privacy page: public, in four languages, with the deployment's periods and contact,
linked from every page and from the invitation e-mails."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("nl", "uw persoonsgegevens"),
        ("fr", "vos données personnelles"),
        ("de", "Ihre personenbezogenen Daten"),
        ("en", "your personal data"),
    ],
)
def test_it_is_public_and_speaks_the_visitors_language(client, settings, language, heading):
    settings.PRIVACY_CONTACT_EMAIL = "dpo@example.be"
    settings.RETENTION_DAYS_SIGN_IN_RECORDS = 77
    page = client.get(reverse("privacy"), headers={"accept-language": language})
    assert page.status_code == 200
    assert heading in page.text
    assert "dpo@example.be" in page.text and ">77 " not in page.text
    assert " 77 " in page.text


def test_every_page_links_to_it(client, chief_a):
    assert reverse("privacy") in client.get(reverse("login")).text
    client.force_login(chief_a)
    assert reverse("privacy") in client.get(reverse("home")).text


def test_the_invitation_mail_links_to_it(zone_a, researcher, settings):
    from survey.accounts.invitations import invitation_send

    settings.SITE_URL = "https://survey.example.be"
    invitation_send(zone=zone_a, email="new.chief@example.be", role="chief", created_by=researcher)
    assert "https://survey.example.be/privacy/" in mail.outbox[-1].body
