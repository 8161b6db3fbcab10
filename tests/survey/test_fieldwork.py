"""Invitations and reminders: who gets one, in which language, none twice, failures retried."""

import pytest
from django.core import mail
from django.test import override_settings

from survey.fieldwork.campaigns import (
    CampaignError,
    campaign_create,
    campaign_retry,
    template_errors,
)
from survey.models import Campaign, EmailTemplate, Invitation, OutgoingEmail
from tests import factories as f


@pytest.fixture
def edition(db):
    edition = f.EditionFactory(
        code="2026",
        name_nl="Technologie 2026",
        name_fr="La technologie 2026",
        name_de="",  # German shows the French name
        regions=["VL", "WA"],
    )
    f.questionnaire(edition=edition, items=2)
    f.questionnaire(edition=edition, kind="events", items=1)
    return edition


@pytest.fixture
def zones(db):
    return {
        "nl": f.ZoneFactory(code="1001", region="VL", language="nl", contact_email="a@pz.be"),
        "fr": f.ZoneFactory(code="2002", region="WA", language="fr", contact_email="b@pz.be"),
        "de": f.ZoneFactory(code="5300", region="WA", language="de", contact_email="c@pz.be"),
        "none": f.ZoneFactory(code="1003", region="VL", language="nl", contact_email=""),
        "brussels": f.ZoneFactory(code="3003", region="BR", contact_email="d@pz.be"),
    }


def sent_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_invitations_go_to_every_zone_of_the_population_in_its_language(edition, zones, researcher):
    result = campaign_create(edition=edition, kind="invitation", by=researcher)
    assert result.queued == 3
    assert [z.code for z in result.without_email] == ["1003"]
    assert len(mail.outbox) == 3
    assert not sent_to("d@pz.be")  # Brussels is not in this edition's regions
    assert sent_to("a@pz.be")[0].subject == "Uitnodiging: Technologie 2026"
    assert sent_to("b@pz.be")[0].subject == "Invitation : La technologie 2026"
    assert sent_to("c@pz.be")[0].subject == "Einladung: La technologie 2026"
    statuses = dict(result.campaign.emails.values_list("zone__code", "status"))
    assert statuses == {"1001": "sent", "2002": "sent", "5300": "sent", "1003": "no_address"}


def test_an_invitation_carries_a_fresh_working_link_for_the_contact(edition, zones, researcher):
    campaign_create(edition=edition, kind="invitation", by=researcher, zones=[zones["nl"]])
    body = sent_to("a@pz.be")[0].body
    token = body.split("/invitation/")[1].split("/")[0]
    invitation = Invitation.objects.usable().by_token(token).get()
    assert (invitation.zone, invitation.email, invitation.role) == (zones["nl"], "a@pz.be", "chief")
    assert OutgoingEmail.objects.get().invitation == invitation
    assert "30 juni 2023" in body  # the deadline, written in the zone's language


def test_no_zone_is_invited_twice_by_accident(edition, zones, researcher):
    campaign_create(edition=edition, kind="invitation", by=researcher)
    with pytest.raises(CampaignError):
        campaign_create(edition=edition, kind="invitation", by=researcher, zones=[zones["nl"]])
    zones["none"].contact_email = "late@pz.be"
    zones["none"].save()
    second = campaign_create(edition=edition, kind="invitation", by=researcher)
    assert [e.zone.code for e in second.campaign.emails.all()] == ["1003"]
    assert len(second.skipped) == 3
    assert len(mail.outbox) == 4


def test_resend_invites_again_and_revokes_the_earlier_link(edition, zones, researcher):
    campaign_create(edition=edition, kind="invitation", by=researcher, zones=[zones["nl"]])
    first = Invitation.objects.get()
    campaign_create(
        edition=edition, kind="invitation", by=researcher, zones=[zones["nl"]], resend=True
    )
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert Invitation.objects.usable().count() == 1
    assert len(sent_to("a@pz.be")) == 2


def test_reminders_skip_zones_that_submitted_every_module(edition, zones, researcher):
    for module in edition.modules.all():
        f.SubmittedResponseFactory(zone=zones["nl"], module=module)
    f.SubmittedResponseFactory(zone=zones["fr"], module=edition.modules.get(kind="general"))
    f.MembershipFactory(zone=zones["fr"])
    result = campaign_create(edition=edition, kind="reminder", by=researcher)
    assert [z.code for z in result.skipped] == ["1001"]
    assert not sent_to("a@pz.be")
    reminder = sent_to("b@pz.be")[0]
    assert reminder.subject == "Rappel : La technologie 2026"
    assert "/accounts/login/" in reminder.body  # has an account: sign in
    assert "/invitation/" in sent_to("c@pz.be")[0].body  # no account yet: a fresh invitation


def test_german_falls_back_to_french_without_a_german_template(edition, zones, researcher):
    EmailTemplate.objects.filter(language="de").delete()
    campaign_create(edition=edition, kind="invitation", by=researcher, zones=[zones["de"]])
    assert sent_to("c@pz.be")[0].subject == "Invitation : La technologie 2026"


def test_the_researchers_edited_template_is_used(edition, zones, researcher):
    EmailTemplate.objects.filter(kind="invitation", language="nl").update(
        subject="Doe mee, {zone}!", body="Link: {link}"
    )
    campaign_create(edition=edition, kind="invitation", by=researcher, zones=[zones["nl"]])
    message = sent_to("a@pz.be")[0]
    assert message.subject == f"Doe mee, {zones['nl'].name_nl}!"
    assert message.body.startswith("Link: http")


def test_template_placeholders_are_checked():
    assert template_errors("Hello {zone}, {link}") == []
    assert template_errors("Hello {name}")
    assert template_errors("Hello {zone")
    assert template_errors("Hello {zone:>999999999}")  # formatting could make a huge e-mail
    assert template_errors("Hello {zone!r}")
    assert template_errors("Hello {zone.__class__}")


def test_only_an_open_edition_sends(zones, researcher):
    draft = f.EditionFactory(status="draft")
    with pytest.raises(CampaignError):
        campaign_create(edition=draft, kind="invitation", by=researcher)


def test_a_failed_send_is_visible_and_retried(edition, zones, researcher, monkeypatch):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP server down")

    with monkeypatch.context() as m:
        m.setattr("django.core.mail.EmailMessage.send", refuse)
        result = campaign_create(edition=edition, kind="invitation", by=researcher)
    failed = result.campaign.emails.filter(status="failed")
    assert failed.count() == 3
    email = failed.first()
    assert email.attempts == 1 and "SMTP server down" in email.last_error
    assert not Invitation.objects.usable().exists()  # the unsent links are revoked
    assert campaign_retry(campaign=result.campaign) == 3
    assert result.campaign.emails.filter(status="sent").count() == 3
    assert len(mail.outbox) == 3
    email.refresh_from_db()
    assert email.attempts == 2 and email.last_error == ""


def test_a_campaign_counts_its_messages_in_every_status_in_one_place(
    edition, zones, researcher, monkeypatch
):
    with monkeypatch.context() as m:
        m.setattr(
            "django.core.mail.EmailMessage.send",
            lambda self, fail_silently=False: (_ for _ in ()).throw(OSError("down")),
        )
        failing = campaign_create(edition=edition, kind="invitation", by=researcher)
    OutgoingEmail.objects.filter(zone__code="1001").update(status="sent")
    OutgoingEmail.objects.filter(zone__code="2002").update(status="queued")
    counted = Campaign.objects.with_counts().get(pk=failing.campaign.pk)
    assert (counted.sent, counted.queued, counted.failed, counted.no_address) == (1, 1, 1, 1)
    empty = Campaign.objects.create(edition=edition, kind="reminder")
    assert Campaign.objects.with_counts().get(pk=empty.pk).sent == 0


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_with_a_deferring_queue_a_failure_is_retried_later_and_attempts_are_bounded(
    edition, zones, researcher, monkeypatch
):
    from django_tasks import default_task_backend

    from survey.fieldwork.campaigns import MAX_ATTEMPTS
    from survey.fieldwork.tasks import email_send

    monkeypatch.setattr(
        "django.core.mail.EmailMessage.send",
        lambda self, fail_silently=False: (_ for _ in ()).throw(OSError("timeout")),
    )
    campaign_create(edition=edition, kind="invitation", by=researcher, zones=[zones["nl"]])
    email = OutgoingEmail.objects.get()
    assert email.status == "queued" and email.attempts == 0
    default_task_backend.clear()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        email_send.call(email.pk)
        email.refresh_from_db()
        assert email.attempts == attempt
    assert email.status == "failed"
    retries = default_task_backend.results
    assert len(retries) == MAX_ATTEMPTS - 1
    assert all(r.task.run_after is not None for r in retries)


def test_sending_twice_the_same_message_sends_it_once(edition, zones, researcher):
    from survey.fieldwork.tasks import email_send

    campaign_create(edition=edition, kind="invitation", by=researcher, zones=[zones["nl"]])
    email_send.call(OutgoingEmail.objects.get().pk)
    assert len(mail.outbox) == 1


def test_a_message_that_cannot_be_composed_is_marked_failed_not_lost(edition, zones, researcher):
    EmailTemplate.objects.filter(kind="invitation", language="nl").update(body="Hello {name}")
    result = campaign_create(edition=edition, kind="invitation", by=researcher, zones=[zones["nl"]])
    email = result.campaign.emails.get()
    assert (email.status, email.attempts) == ("failed", 1)
    assert "KeyError" in email.last_error
    assert not Invitation.objects.exists()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_retry_also_sends_messages_stuck_in_the_queue(edition, zones, researcher):
    import datetime as dt

    from django.utils import timezone

    result = campaign_create(edition=edition, kind="invitation", by=researcher)
    emails = result.campaign.emails.filter(status="queued")
    assert campaign_retry(campaign=result.campaign) == 0  # just queued: leave them be
    emails.update(queued_at=timezone.now() - dt.timedelta(hours=1))
    assert campaign_retry(campaign=result.campaign) == 3
