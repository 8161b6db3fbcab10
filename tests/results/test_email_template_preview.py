"""The e-mail template editor's preview and test to oneself: the text in the editor (saved or
not) composed as a real message, with an example link, no invitation, no campaign, no zone."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from survey.fieldwork.campaigns import campaign_create
from survey.fieldwork.email_previews import example_link
from survey.models import Campaign, EmailTemplate, Invitation, OutgoingEmail
from tests import factories as f

SUBJECT = "Uitnodiging: {edition} voor {zone}"
BODY = "Beste {contact},\n\nDoe mee: {link}\n\nAntwoorden kan tot {deadline}."


@pytest.fixture
def template(db):
    return EmailTemplate.objects.get(kind="invitation", language="nl")


@pytest.fixture
def signed_in(client, researcher):
    client.force_login(researcher)
    return client


@pytest.fixture
def edition(db):
    edition = f.EditionFactory(code="2026", name_nl="Technologie 2026", regions=["VL"])
    f.questionnaire(edition=edition, items=1)
    return edition


@pytest.fixture
def zone(db):
    return f.ZoneFactory(
        code="1001", name_nl="Aalst", contact_name="Jan Peeters", contact_email="jan@pz.be"
    )


def url(name, template):
    return reverse(f"results:{name}", args=[template.pk])


def nothing_sent_to_a_zone():
    return not (
        OutgoingEmail.objects.exists()
        or Campaign.objects.exists()
        or Invitation.objects.exists()
        or any(m.to != ["researcher@example.be"] for m in mail.outbox)
    )


def test_the_editor_offers_a_preview_and_a_test_to_oneself(signed_in, template):
    page = signed_in.get(url("email_template_edit", template)).content.decode()
    assert f'formaction="{url("email_template_preview", template)}#preview"' in page
    assert f'formaction="{url("email_template_test", template)}#preview"' in page
    assert "Send a test to myself (researcher@example.be)" in page


def test_the_preview_shows_the_unsaved_text_as_the_zone_reads_it(
    signed_in, template, edition, zone
):
    saved = (template.subject, template.body)
    page = signed_in.post(
        url("email_template_preview", template),
        {"subject": SUBJECT, "body": BODY, "zone": "1001", "edition": "2026"},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Uitnodiging: Technologie 2026 voor Aalst" in text
    assert "Beste Jan Peeters," in text
    assert escape(example_link("nl")) in text  # in the zone's language, like the rest
    assert "\n-- \nHoe we met uw persoonsgegevens omgaan: http://testserver/privacy/" in text
    assert "30 juni 2023" in text  # the deadline, in the template's language
    template.refresh_from_db()
    assert (template.subject, template.body) == saved
    assert nothing_sent_to_a_zone() and not mail.outbox
    assert not LogEntry.objects.filter(content_type__model="emailtemplate").exists()


def test_without_a_contact_name_the_preview_greets_neutrally(signed_in, template, edition, zone):
    page = signed_in.post(
        url("email_template_preview", template),
        {"subject": SUBJECT, "body": BODY, "zone": "1001", "without_contact": "on"},
    )
    text = page.content.decode()
    assert "Geachte heer, mevrouw," in text and "Jan Peeters" not in text


def test_the_preview_is_composed_by_the_code_that_sends_the_real_invitations(
    signed_in, template, edition, zone, researcher
):
    template.subject, template.body = SUBJECT, BODY
    template.save()
    campaign_create(edition=edition, kind="invitation", by=researcher, zones=[zone])
    [real] = mail.outbox
    from survey.fieldwork import email_previews

    preview = email_previews.email_preview(
        template=template, subject=SUBJECT, body=BODY, zone=zone, edition=edition
    )
    link = real.body.split("Doe mee: ")[1].split("\n")[0]
    assert "/invitation/" in link
    assert preview.subject == real.subject
    assert preview.body == real.body.replace(link, email_previews.example_link("nl"))


def test_before_any_zone_or_edition_the_preview_uses_made_up_ones(signed_in, template):
    page = signed_in.post(
        url("email_template_preview", template), {"subject": SUBJECT, "body": BODY}
    )
    assert page.status_code == 200
    assert (
        "voor Example zone" in page.content.decode()
        or "voor Voorbeeldzone" in page.content.decode()
    )


@pytest.mark.parametrize("action", ["email_template_preview", "email_template_test"])
def test_a_template_with_a_bad_placeholder_is_neither_previewed_nor_sent(
    signed_in, template, edition, zone, action
):
    page = signed_in.post(url(action, template), {"subject": "Hallo {naam}", "body": "{link:>99}"})
    text = page.content.decode()
    assert "Unknown placeholder" in text and "without formatting" in text
    assert 'id="preview"' not in text
    assert not mail.outbox
    assert not LogEntry.objects.filter(content_type__model="emailtemplate").exists()


def test_the_test_goes_to_the_researcher_alone_marked_as_a_test_and_recorded(
    signed_in, template, edition, zone, researcher
):
    page = signed_in.post(
        url("email_template_test", template),
        {"subject": SUBJECT, "body": BODY, "zone": "1001", "edition": "2026"},
        follow=True,
    )
    assert "A test was queued to researcher@example.be" in page.content.decode()
    [message] = mail.outbox
    assert message.to == ["researcher@example.be"]
    assert message.subject == "[TEST] Uitnodiging: Technologie 2026 voor Aalst"
    assert message.body.startswith("This is a test of an e-mail template")
    assert "Beste Jan Peeters," in message.body
    assert example_link("nl") in message.body and "/invitation/" not in message.body
    assert nothing_sent_to_a_zone()
    [entry] = LogEntry.objects.filter(
        object_id=str(template.pk), content_type__model="emailtemplate"
    )
    assert entry.user == researcher and "test" in entry.change_message
    assert "1001" in entry.change_message
    template.refresh_from_db()
    assert template.subject != SUBJECT  # a test saves nothing


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_the_test_is_sent_by_the_background_worker(signed_in, template, edition, zone):
    from django_tasks import default_task_backend

    from survey.fieldwork.tasks import email_test_send

    signed_in.post(url("email_template_test", template), {"subject": SUBJECT, "body": BODY})
    assert not mail.outbox  # queued, not sent within the request
    [queued] = default_task_backend.results
    assert queued.task.func == email_test_send.func
    assert queued.args[0] == "researcher@example.be"


@pytest.mark.parametrize("action", ["email_template_preview", "email_template_test"])
def test_zone_chiefs_can_neither_preview_nor_send_tests(client, template, chief_a, action):
    data = {"subject": SUBJECT, "body": BODY}
    assert client.post(url(action, template), data).status_code in (302, 404)
    client.force_login(chief_a)
    assert client.post(url(action, template), data).status_code == 404
    assert not mail.outbox


def test_preview_and_test_answer_only_a_post(signed_in, template):
    for action in ("email_template_preview", "email_template_test"):
        assert signed_in.get(url(action, template)).status_code == 405


def test_the_example_zones_and_editions_follow_the_register_and_the_editions(
    signed_in, template, edition, zone
):
    """The options as first shown are rendered once per data version: a zone or an edition
    added since is offered at once."""
    page = signed_in.get(url("email_template_edit", template)).content.decode()
    assert '<option value="1001">1001 Aalst</option>' in page and "2099" not in page
    f.ZoneFactory(code="1002", name_nl="Gent")
    f.EditionFactory(code="2099")
    page = signed_in.get(url("email_template_edit", template)).content.decode()
    assert '<option value="1002">1002 Gent</option>' in page and '<option value="2099">' in page
