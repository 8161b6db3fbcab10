"""An e-mail template as a zone would read it: shown to the researcher editing it, or sent to
their own address as a test.

The text is composed by the same `campaigns.message_text` as every real message (placeholders,
neutral greeting, privacy line), with an example in place of the personal link: no invitation
is created, no zone is written to, no campaign counts it.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from survey import audit
from survey.fieldwork import campaigns, tasks
from survey.models import Edition, EmailTemplate, User, Zone


class EmailPreviewError(Exception):
    """The template text cannot be composed; `messages` are `template_errors`' own."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class EmailPreview:
    subject: str
    body: str
    language: str
    zone: Zone
    edition: Edition


def example_link(language: str) -> str:
    with translation.override(language):
        return _("[example link: each zone's e-mail holds its own personal link here]")


def example_zone(language: str) -> Zone:
    """The first zone of the register answering in `language` (any zone for English); an unsaved
    made-up zone before the register is imported."""
    zones = Zone.objects.order_by("code")
    zone = zones.filter(language=language).first() or zones.first()
    if zone:
        return zone
    with translation.override(language):
        name = _("Example zone")
    return Zone(code="0000", name_nl=name, name_fr=name, language=language)


def example_edition(language: str) -> Edition:
    """The latest edition; an unsaved made-up one before there is any."""
    edition = Edition.objects.order_by("-fieldwork_start", "-code").first()
    if edition:
        return edition
    with translation.override(language):
        name = _("Example survey")
    deadline = timezone.localdate() + dt.timedelta(days=30)
    return Edition(
        code="example",
        name_nl=name,
        name_fr=name,
        name_de=name,
        name_en=name,
        fieldwork_end=deadline,
    )


def email_preview(
    *,
    template: EmailTemplate,
    subject: str,
    body: str,
    zone: Zone | None = None,
    edition: Edition | None = None,
    without_contact: bool = False,
) -> EmailPreview:
    """`subject` and `body` (the template's text, saved or not) as the zone would read them
    in the template's language."""
    errors = campaigns.template_errors(subject) + campaigns.template_errors(body)
    if errors:
        raise EmailPreviewError(errors)
    language = template.language
    zone = zone or example_zone(language)
    edition = edition or example_edition(language)
    subject, body = campaigns.message_text(
        subject=subject,
        body=body,
        zone=zone,
        edition=edition,
        language=language,
        link=example_link(language),
        contact="" if without_contact else zone.contact_name,
    )
    return EmailPreview(subject=subject, body=body, language=language, zone=zone, edition=edition)


@transaction.atomic
def email_test_send(*, preview: EmailPreview, template: EmailTemplate, by: User) -> None:
    """Queue the preview to the researcher's own address, marked as a test in their language,
    through the background worker like every e-mail."""
    subject = _("[TEST]") + " " + preview.subject
    notice = _(
        "This is a test of an e-mail template, sent to you alone at your request. No zone "
        "received it, and its link is an example that leads nowhere."
    )
    tasks.email_test_send.enqueue(by.email, subject, notice + "\n\n" + preview.body)
    audit.record(
        by=by,
        obj=template,
        message=(
            f"Sent a test to the researcher's own address "
            f"(example zone {preview.zone.code}, edition {preview.edition.code})."
        ),
    )
