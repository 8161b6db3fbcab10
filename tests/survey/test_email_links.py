"""Links in e-mails point where the application is served: SITE_URL when it is set, else the
address of the request that queued the e-mail (the worker composing it sees no request). A Host
that ALLOWED_HOSTS refuses never reaches an e-mail."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from survey import links
from survey.answering.answers import item_key
from survey.fieldwork.campaigns import campaign_create
from survey.models import OutgoingEmail
from tests import factories as f

SERVED_AT = "testserver:8123"  # a host the tests allow, on the port `make run PORT=8123` uses
DUMMY_QUEUE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def no_site_url(settings):
    settings.SITE_URL = ""


@pytest.fixture
def edition(db):
    edition = f.EditionFactory(code="2026", regions=["VL"])
    f.questionnaire(edition=edition, items=2)
    f.ZoneFactory(code="1001", region="VL", language="nl", contact_email="chef@pz.be")
    return edition


def addresses_in(body):
    return set(re.findall(r"https?://[^/\s]+", body))


def start_campaign(client, researcher, edition, host=SERVED_AT):
    client.force_login(researcher)
    return client.post(
        reverse("results:campaign_new", args=[edition.code]),
        {"kind": "invitation"},
        HTTP_HOST=host,
    )


def test_a_campaign_links_to_the_address_the_researcher_used(client, researcher, edition):
    start_campaign(client, researcher, edition)
    [message] = mail.outbox
    assert addresses_in(message.body) == {f"http://{SERVED_AT}"}
    assert f"http://{SERVED_AT}/invitation/" in message.body
    assert f"http://{SERVED_AT}/privacy/" in message.body


def test_site_url_when_set_wins_over_the_request(client, researcher, edition, settings):
    settings.SITE_URL = "https://survey.example.be"
    start_campaign(client, researcher, edition)
    [message] = mail.outbox
    assert addresses_in(message.body) == {"https://survey.example.be"}


def test_a_host_not_allowed_never_reaches_an_email(client, researcher, edition):
    answer = start_campaign(client, researcher, edition, host="evil.example")
    assert answer.status_code == 400
    assert mail.outbox == [] and not OutgoingEmail.objects.exists()


def test_a_queued_address_whose_host_is_not_allowed_is_not_used(researcher, edition):
    campaign_create(
        edition=edition, kind="invitation", by=researcher, site_url="http://evil.example"
    )
    [message] = mail.outbox
    assert addresses_in(message.body) == {links.FALLBACK}


@pytest.mark.parametrize(
    "address",
    [
        "http://testserver:8123",
        "https://testserver",
        "http://evil.example",
        "javascript://testserver",
        "http://testserver/path",
        "http://user@testserver",
        "",
    ],
)
def test_only_a_bare_http_address_of_an_allowed_host_is_recorded(address):
    usable = address in ("http://testserver:8123", "https://testserver")
    assert links.allowed(address) is usable


@override_settings(TASKS=DUMMY_QUEUE)
def test_a_retried_message_keeps_the_address(researcher, edition, monkeypatch):
    from django_tasks import default_task_backend

    from survey.fieldwork.tasks import email_send

    monkeypatch.setattr(
        "django.core.mail.EmailMessage.send",
        lambda self, fail_silently=False: (_ for _ in ()).throw(OSError("timeout")),
    )
    campaign_create(edition=edition, kind="invitation", by=researcher, site_url="http://x:1")
    [queued] = default_task_backend.results
    assert queued.args == [OutgoingEmail.objects.get().pk, "http://x:1"]
    default_task_backend.clear()
    email_send.call(*queued.args)
    [retry] = default_task_backend.results
    assert retry.args == queued.args


def test_a_colleague_invitation_links_to_the_address_the_chief_used(
    client, zone_a, chief_a, django_capture_on_commit_callbacks
):
    client.force_login(chief_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("zone_colleagues", args=[zone_a.code]),
            {"email": "helper@example.be"},
            HTTP_HOST=SERVED_AT,
        )
    [message] = mail.outbox
    assert addresses_in(message.body) == {f"http://{SERVED_AT}"}


def test_the_submission_confirmation_links_to_the_address_the_chief_used(
    client, zone_a, chief_a, django_capture_on_commit_callbacks
):
    module = f.questionnaire(edition=f.EditionFactory(code="2026"), items=1)
    client.force_login(chief_a)
    answer = reverse("module_answer", args=[zone_a.code, "2026", module.kind])
    client.post(answer, {"base": "{}", item_key(module.items.get().pk): "2"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("module_review", args=[zone_a.code, "2026", module.kind]),
            {"confirm_unanswered": "on"},
            HTTP_HOST=SERVED_AT,
        )
    [message] = mail.outbox
    assert f"http://{SERVED_AT}/zone/{zone_a.code}/2026/" in message.body
    assert addresses_in(message.body) == {f"http://{SERVED_AT}"}


def test_the_password_reset_link_points_where_it_was_asked_for(client, chief_a):
    client.post(reverse("password_reset"), {"email": chief_a.email}, HTTP_HOST=SERVED_AT)
    [message] = mail.outbox
    assert f"http://{SERVED_AT}/accounts/reset/" in message.body
    assert addresses_in(message.body) == {f"http://{SERVED_AT}"}


def test_without_a_request_or_site_url_links_use_the_fallback(zone_a):
    from survey.accounts.invitations import invitation_url

    assert invitation_url("abc").startswith(links.FALLBACK + "/invitation/")
