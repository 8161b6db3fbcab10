"""Stored XSS: a script payload in every free-text field comes out escaped everywhere.

Every free-text field of every survey/results model (zone names, contact name, labels of
items, technologies, categories, objectives and scale points, module questions and intros,
user names, e-mail texts...) is filled with a payload; then every HTML page the personas can
open, the admin pages of those objects, and the e-mails sent are checked. Pages and fields
added later are covered without editing this test.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import reverse

from tests import factories as f
from tests.url_patterns import routes

PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
NOT_FREE_TEXT = {"code", "token_hash", "password", "email", "contact_email", "username"}


def free_text_fields(model):
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.EmailField | models.URLField | models.SlugField)
            and not field.choices
            and field.name not in NOT_FREE_TEXT
            and not field.name.endswith(("_hash", "_token"))
            and (isinstance(field, models.TextField) or (field.max_length or 0) >= 30)
        ):
            yield field


def poison_everything() -> int:
    """Put the payload into every free-text field of every stored row; returns fields touched."""
    touched = 0
    for app in ("survey", "results"):
        for model in apps.get_app_config(app).get_models():
            fields = list(free_text_fields(model))
            if not fields:
                continue
            for instance in model.objects.all():
                for field in fields:
                    suffix = f" {instance.pk}" if field.unique else ""
                    setattr(instance, field.attname, PAYLOAD + suffix)
                model.objects.filter(pk=instance.pk).update(
                    **{field.attname: getattr(instance, field.attname) for field in fields}
                )
                touched += len(fields)
    return touched


@pytest.fixture
def world(zone_a, chief_a, researcher, administrator):
    """An open edition the chiefs of zone A answer, a started response, a submitted one."""
    module = f.questionnaire(items=3, categories=2, objectives=2)
    f.questionnaire(edition=module.edition, kind="events", items=2, objectives=1)
    zone_a.contact_name = "Chief A"
    zone_a.save()
    response = f.ResponseFactory(zone=zone_a, module=module)
    for item in module.items.all():
        f.AnswerFactory(response=response, item=item, code=1)
    other = f.SubmittedResponseFactory(zone=f.ZoneFactory(region="VL"), module=module)
    f.AnswerFactory(response=other, item=module.items.first(), code=2)
    assert poison_everything() > 20
    return {
        "zone": zone_a.code,
        "edition": module.edition.code,
        "module": module.kind,
        "response": str(response.pk),
        "token": "x",
        "pk": str(response.pk),
    }


def html_of(response):
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    return response.content.decode()


def persona_for(route, chief, researcher, administrator):
    if route.path.startswith("/admin/") or route.access_rule == "administrator":
        return administrator
    if route.path.startswith("/results/") or route.access_rule == "researcher":
        return researcher
    return chief


def test_payloads_come_out_escaped_on_every_page(world, chief_a, researcher, administrator):
    clients = {}
    shown, leaks = [], []
    for route in routes(world):
        user = persona_for(route, chief_a, researcher, administrator)
        if user not in clients:
            clients[user] = Client(raise_request_exception=False)
            clients[user].force_login(user)
        html = html_of(clients[user].get(route.path))
        if html is None:
            continue
        if PAYLOAD in html:
            leaks.append(str(route))
        if ESCAPED in html:
            shown.append(str(route))
    assert not leaks, "Unescaped payload on:\n" + "\n".join(leaks)
    assert shown, "no page showed any stored text: the test would prove nothing"


def test_payloads_come_out_escaped_in_the_admin(world, administrator):
    client = Client()
    client.force_login(administrator)
    checked, leaks = 0, []
    for model in admin.site._registry:
        if model._meta.app_label not in ("survey", "results"):
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages = [reverse(f"{prefix}_changelist")]
        instance = model.objects.first()
        if instance is not None:
            pages.append(reverse(f"{prefix}_change", args=[instance.pk]))
        for page in pages:
            html = html_of(client.get(page))
            assert html is not None, page
            checked += 1
            if PAYLOAD in html:
                leaks.append(page)
    assert not leaks, "Unescaped payload in the admin:\n" + "\n".join(leaks)
    assert checked > 10


def test_e_mails_carry_stored_text_as_plain_text_never_as_html(
    world, zone_a, chief_a, researcher, client, django_capture_on_commit_callbacks
):
    """The confirmation of a submission, a campaign invitation (researcher-edited template)
    and a password reset. Mails are text/plain: stored text must reach them verbatim (no
    entities), and an HTML part, should one appear, must escape it."""
    from survey.answering.answers import response_submit
    from survey.fieldwork.campaigns import campaign_create
    from survey.models import EmailKind, EmailTemplate, Response

    response = Response.objects.get(pk=world["response"])
    EmailTemplate.objects.update_or_create(
        kind=EmailKind.INVITATION,
        language=zone_a.language,
        defaults={
            "subject": PAYLOAD + " {zone}",
            "body": PAYLOAD + " {contact}, {zone}: {link}",
        },
    )
    zone_a.contact_email = "chief.a@example.be"
    zone_a.save(update_fields=["contact_email"])

    with django_capture_on_commit_callbacks(execute=True):
        response_submit(response=response, user=chief_a)
        campaign_create(
            edition=response.module.edition,
            kind=EmailKind.INVITATION,
            by=researcher,
            zones=[zone_a],
        )
        client.post(reverse("password_reset"), {"email": chief_a.email})

    assert len(mail.outbox) >= 3
    assert any(PAYLOAD in message.body for message in mail.outbox)
    for message in mail.outbox:
        assert message.content_subtype == "plain", message.subject
        assert "&lt;" not in message.body + message.subject, message.subject
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                assert PAYLOAD not in str(content), message.subject
