"""One way of writing a date on every page: the language's DATE_FORMAT, DATETIME_FORMAT with a
time ("1 mei 2023", "1 mai 2023 14:05"), never ISO 8601 or a numeric short date beside it.
Exports, the results JSON and the API keep ISO 8601: they are exchange formats, not pages."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from results.api.tokens import api_token_create
from survey.models import Campaign, Edition, Invitation, OutgoingEmail, Response, User, Zone
from tests import factories as f

OTHER_FORMATS = re.compile(r"\b\d{4}-\d\d-\d\d\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b")


class PageText(HTMLParser):
    """The text a reader sees: no attribute values (form values, links), no scripts."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def text_of(response) -> str:
    assert response.status_code == 200, response
    parser = PageText()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(scope="module")
def demo(seeded_demo):
    return seeded_demo


@pytest.fixture
def dated(demo, db):
    """The demo, with the dated things it lacks: released reports, a token, an export, a sent
    campaign and an invitation waiting for a colleague."""
    researcher = User.objects.get(email="researcher@demo.invalid")
    edition = Edition.objects.get(code="2023")
    edition.reports_released_at = timezone.now()
    edition.save(update_fields=["reports_released_at"])
    token, _secret = api_token_create(user=researcher, name="R", scopes=["results"])
    token.last_used_at = timezone.now()
    token.save(update_fields=["last_used_at"])
    chief = User.objects.get(email="chef.nl@demo.invalid")
    zone = Zone.objects.get(code="9001")
    Invitation.objects.create(
        zone=zone,
        email="colleague@demo.invalid",
        role="colleague",
        token_hash="0" * 64,
        created_by=chief,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    campaign = Campaign.objects.create(
        edition=Edition.objects.get(code="2026"), kind="reminder", created_by=researcher
    )
    OutgoingEmail.objects.create(
        campaign=campaign, zone=zone, language="nl", kind="reminder", sent_at=timezone.now()
    )
    return {
        "campaign": campaign,
        "researcher": researcher,
        "chief": chief,
        "administrator": User.objects.get(email="admin@demo.invalid"),
        "token": token,
        "export": f.ExportLogFactory(user=researcher, edition=edition),
        "edition": edition,
    }


def researcher_pages(dated) -> list[str]:
    campaign = dated["campaign"]
    response = Response.objects.filter(zone__code="9001", module__edition__code="2026").first()
    return [
        reverse("results:overview", args=["2023"]),
        reverse("results:manage_index"),
        reverse("results:edition_manage", args=["2026"]),
        reverse("results:definition_history", args=["2026"]),
        reverse("results:fieldwork_dashboard", args=["2026"]),
        reverse("results:campaign_detail", args=[campaign.pk]),
        reverse("results:response_detail", args=[response.pk]),
        reverse("results:quality", args=["2026", "general"]),
        reverse("results:email_template_list"),
        reverse("results:zone_edit", args=["9001"]),
        reverse("results:api_tokens"),
        reverse("results:reports"),
        reverse("results:reports_edition", args=["2023"]),
    ]


def chief_pages() -> list[str]:
    return [
        reverse("home"),
        reverse("zone_colleagues", args=["9001"]),
        reverse("module_answer", args=["9001", "2026", "general"]),
        reverse("module_review", args=["9001", "2023", "general"]),
        reverse("zone_reports", args=["9001"]),
        reverse("zone_report", args=["9001", "2023"]),
    ]


def administrator_pages(dated) -> list[str]:
    export = dated["export"]
    return [
        reverse("admin:results_exportlog_changelist"),
        reverse("admin:results_exportlog_change", args=[export.pk]),
    ]


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_pages_write_every_date_in_the_languages_date_format(client, dated, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    visits = [
        (dated["researcher"], researcher_pages(dated)),
        (dated["chief"], chief_pages()),
        (dated["administrator"], administrator_pages(dated)),
    ]
    found = {}
    for user, paths in visits:
        client.force_login(user)
        for path in paths:
            others = OTHER_FORMATS.findall(text_of(client.get(path)))
            if others:
                found[path] = others
    assert not found, sorted(found.items())


def test_the_pages_use_the_localised_formats(client, dated):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.force_login(dated["researcher"])
    with translation.override("nl"):
        start = formats.date_format(dated["edition"].fieldwork_start, "DATE_FORMAT")
        released = formats.date_format(
            timezone.localtime(dated["edition"].reports_released_at), "DATETIME_FORMAT"
        )
        expires = formats.date_format(timezone.localtime(dated["token"].expires_at))
    assert start in text_of(client.get(reverse("results:overview", args=["2023"])))
    assert released in text_of(client.get(reverse("results:reports")))
    assert expires in text_of(client.get(reverse("results:api_tokens")))
