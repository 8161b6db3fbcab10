"""Zone report pages: release and withdraw, who may open which report, the PDF."""

import importlib.util

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.urls import resolve, reverse
from django.utils import timezone

from results.reports.pdf import PdfUnavailable
from results.reports.release import (
    ReportsNotReleasable,
    reports_are_released,
    reports_release,
    reports_withdraw,
)
from survey.models import Edition
from tests import factories as f
from tests.results.answering import respond


def weasyprint_loads() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


@pytest.fixture
def edition(db):
    return f.EditionFactory(code="2023", status=Edition.Status.CLOSED)


@pytest.fixture
def module(edition):
    module = f.questionnaire(edition=edition, items=0)
    f.ItemFactory(module=module, technology=f.TechnologyFactory(code="drone"), order=1)
    return module


@pytest.fixture
def answered(module, zone_a, zone_b):
    """Zone A, zone B and five other zones submitted; the edition is closed, not released."""
    respond(module, zone_a, {"drone": 3})
    respond(module, zone_b, {"drone": 0})
    for code in (1, 0, 2, 0, 5):
        respond(module, f.ZoneFactory(region="VL"), {"drone": code})
    return module


def release(edition):
    edition.reports_released_at = timezone.now()
    edition.save()


def report_url(zone, edition, pdf=False):
    name = "zone_report_pdf" if pdf else "zone_report"
    return reverse(name, kwargs={"zone": zone.code, "edition": edition.code})


def preview_url(zone, edition, pdf=False):
    name = "results:report_preview_pdf" if pdf else "results:report_preview"
    return reverse(name, kwargs={"zone": zone.code, "edition": edition.code})


# Release and withdraw (services)


def test_it_releases_a_closed_edition_once_and_withdraws_it(edition, researcher):
    released = reports_release(edition=edition, by=researcher)
    first = released.reports_released_at
    assert first is not None and reports_are_released(released)
    assert reports_release(edition=edition, by=researcher).reports_released_at == first

    withdrawn = reports_withdraw(edition=edition, by=researcher)
    assert withdrawn.reports_released_at is None
    assert not reports_are_released(withdrawn)
    recorded = LogEntry.objects.filter(user=researcher, object_id=str(edition.pk))
    assert [e.change_message for e in recorded.order_by("pk")] == [
        "Released the zone reports.",
        "Withdrew the zone reports.",
    ]


@pytest.mark.parametrize("status", [Edition.Status.DRAFT, Edition.Status.OPEN])
def test_it_refuses_to_release_an_unfinished_edition(db, researcher, status):
    edition = f.EditionFactory(status=status)
    with pytest.raises(ReportsNotReleasable):
        reports_release(edition=edition, by=researcher)
    edition.refresh_from_db()
    assert edition.reports_released_at is None


def test_a_reopened_edition_keeps_its_reports_and_the_researcher_is_warned(
    client, edition, researcher
):
    reports_release(edition=edition, by=researcher)
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.OPEN)
    edition.refresh_from_db()
    assert reports_are_released(edition)
    client.force_login(researcher)
    page = client.get(reverse("results:reports_edition", args=[edition.code])).content.decode()
    assert "their figures may still change" in page
    assert reverse("results:reports_withdraw", args=[edition.code]) in page


def test_an_archived_edition_can_be_released(db, researcher):
    edition = f.EditionFactory(status=Edition.Status.ARCHIVED)
    assert reports_are_released(reports_release(edition=edition, by=researcher))


# Release and withdraw (pages)


def test_the_researcher_releases_and_withdraws_from_the_edition_page(client, researcher, answered):
    edition = answered.edition
    client.force_login(researcher)
    page = client.get(reverse("results:reports_edition", kwargs={"edition": edition.code}))
    assert page.status_code == 200
    assert preview_url(f.ZoneFactory(code="1001"), edition).encode() in page.content

    response = client.post(reverse("results:reports_release", kwargs={"edition": edition.code}))
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.reports_released_at is not None

    client.post(reverse("results:reports_withdraw", kwargs={"edition": edition.code}))
    edition.refresh_from_db()
    assert edition.reports_released_at is None


def test_releasing_an_open_edition_says_why_it_cannot(client, researcher):
    edition = f.EditionFactory(code="2026", status=Edition.Status.OPEN)
    client.force_login(researcher)
    url = reverse("results:reports_release", kwargs={"edition": edition.code})
    response = client.post(url, follow=True)
    assert "Only the reports of a closed or archived edition can be released." in (
        response.content.decode()
    )
    edition.refresh_from_db()
    assert edition.reports_released_at is None


def test_release_and_withdraw_only_accept_post(client, researcher, edition):
    client.force_login(researcher)
    for name in ("results:reports_release", "results:reports_withdraw"):
        assert client.get(reverse(name, kwargs={"edition": edition.code})).status_code == 405
    edition.refresh_from_db()
    assert edition.reports_released_at is None


def test_respondents_cannot_release_or_reach_the_researcher_pages(client, chief_a, answered):
    edition = answered.edition
    client.force_login(chief_a)
    assert client.post(reverse("results:reports_release", args=[edition.code])).status_code == 404
    assert client.get(reverse("results:reports")).status_code == 404
    assert client.get(reverse("results:reports_edition", args=[edition.code])).status_code == 404
    assert client.get(preview_url(f.ZoneFactory(code="1001"), edition)).status_code == 404
    edition.refresh_from_db()
    assert edition.reports_released_at is None


def test_the_index_lists_editions_with_their_release_state(client, researcher, edition):
    client.force_login(researcher)
    response = client.get(reverse("results:reports"))
    assert response.status_code == 200
    assert edition.name in response.content.decode()


# Preview


def test_the_researcher_previews_any_zones_report_before_release(
    client, researcher, answered, zone_b
):
    client.force_login(researcher)
    response = client.get(preview_url(zone_b, answered.edition))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Zone fictive de Bastogne" in content
    assert "use 0 fr" in content  # the zone's own language by default
    assert "pas encore publiés" in content  # the page speaks the zone's language
    english = client.get(preview_url(zone_b, answered.edition) + "?language=en")
    assert "use 0 en" in english.content.decode()
    assert f"{preview_url(zone_b, answered.edition, pdf=True)}?language=en" in (
        english.content.decode()
    )


def test_there_is_no_preview_for_a_zone_that_did_not_submit(client, researcher, answered):
    started = f.ZoneFactory()
    respond(answered, started, {"drone": 1}, submitted=False)
    client.force_login(researcher)
    assert client.get(preview_url(started, answered.edition)).status_code == 404
    assert client.get(preview_url(f.ZoneFactory(), answered.edition)).status_code == 404


# The zone's own report


def test_a_chief_opens_the_released_report_of_their_zone(client, chief_a, zone_a, answered):
    release(answered.edition)
    client.force_login(chief_a)
    response = client.get(report_url(zone_a, answered.edition))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Demozone Aalst-Fictief" in content
    assert "use 3 nl" in content
    assert "4/6 (66,7%)" in content  # Flanders: zone A and the five others
    assert "no-store" in response["Cache-Control"]
    assert report_url(zone_a, answered.edition, pdf=True) in content


def test_the_page_says_why_a_small_group_is_not_shown(client, module):
    reader = f.ZoneFactory(code="2101", region="BR", degurba=1, staff=700, language="fr")
    chief = f.MembershipFactory(zone=reader).user
    respond(module, reader, {"drone": 1})
    for code in (1, 0, 0, 1):  # Brussels: only 4 other zones
        respond(module, f.ZoneFactory(region="BR", degurba=1, staff=700), {"drone": code})
    release(module.edition)
    client.force_login(chief)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = client.get(report_url(reader, module.edition)).content.decode()
    assert content.count("Not shown: fewer than 5 other zones answered") == 3
    assert "/5 (" not in content


def test_a_colleague_opens_it_too(client, zone_a, answered):
    colleague = f.MembershipFactory(zone=zone_a, role="colleague").user
    release(answered.edition)
    client.force_login(colleague)
    assert client.get(report_url(zone_a, answered.edition)).status_code == 200


def test_the_report_follows_the_language_the_reader_chose(client, chief_a, zone_a, answered):
    release(answered.edition)
    client.force_login(chief_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = client.get(report_url(zone_a, answered.edition)).content.decode()
    assert "use 3 en" in content
    assert "4/6 (66.7%)" in content


def test_a_zone_sees_only_its_own_report(client, chief_a, chief_b, zone_a, zone_b, answered):
    release(answered.edition)
    client.force_login(chief_a)
    assert client.get(report_url(zone_b, answered.edition)).status_code == 404
    assert client.get(report_url(zone_b, answered.edition, pdf=True)).status_code == 404
    assert client.get(reverse("zone_reports", args=[zone_b.code])).status_code == 404
    client.force_login(chief_b)
    assert client.get(report_url(zone_a, answered.edition)).status_code == 404


def test_a_researcher_without_membership_gets_no_zone_page(client, researcher, zone_a, answered):
    release(answered.edition)
    client.force_login(researcher)
    assert client.get(report_url(zone_a, answered.edition)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, zone_a, answered):
    release(answered.edition)
    response = client.get(report_url(zone_a, answered.edition))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_there_is_no_report_before_release(client, chief_a, zone_a, answered):
    client.force_login(chief_a)
    assert client.get(report_url(zone_a, answered.edition)).status_code == 404
    assert client.get(report_url(zone_a, answered.edition, pdf=True)).status_code == 404


def test_a_withdrawn_report_is_gone(client, chief_a, zone_a, researcher, answered):
    release(answered.edition)
    reports_withdraw(edition=answered.edition, by=researcher)
    client.force_login(chief_a)
    assert client.get(report_url(zone_a, answered.edition)).status_code == 404


def test_there_is_no_report_for_a_zone_that_did_not_submit(client, edition, module):
    zone = f.ZoneFactory()
    chief = f.MembershipFactory(zone=zone).user
    respond(module, zone, {"drone": 2}, submitted=False)
    release(edition)
    client.force_login(chief)
    assert client.get(report_url(zone, edition)).status_code == 404
    assert client.get(reverse("zone_reports", args=[zone.code])).context["editions"].count() == 0


def test_unknown_editions_and_zones_are_404(client, chief_a, zone_a, answered):
    release(answered.edition)
    client.force_login(chief_a)
    assert client.get(reverse("zone_report", args=["9999", "2023"])).status_code == 404
    assert client.get(reverse("zone_report", args=[zone_a.code, "1999"])).status_code == 404


def test_the_zone_lists_its_released_reports(client, chief_a, zone_a, answered):
    unreleased = f.EditionFactory(code="2026", status=Edition.Status.CLOSED)
    respond(f.questionnaire(edition=unreleased, items=1), zone_a, {})
    release(answered.edition)
    client.force_login(chief_a)
    response = client.get(reverse("zone_reports", args=[zone_a.code]))
    assert list(response.context["editions"]) == [answered.edition]
    assert report_url(zone_a, answered.edition) in response.content.decode()


# PDF


@pytest.mark.skipif(
    importlib.util.find_spec("weasyprint") is None or not weasyprint_loads(),
    reason="WeasyPrint or its Pango libraries cannot be loaded on this machine",
)
def test_the_pdf_is_the_report_as_an_attachment(client, chief_a, zone_a, answered):
    release(answered.edition)
    client.force_login(chief_a)
    response = client.get(report_url(zone_a, answered.edition, pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="report-2023-1001-nl.pdf"'
    assert "no-store" in response["Cache-Control"]


def test_without_weasyprint_the_pdf_link_explains_itself(
    client, chief_a, zone_a, answered, monkeypatch
):
    def unavailable(html):
        raise PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr("results.reports.views.html_to_pdf", unavailable)
    release(answered.edition)
    client.force_login(chief_a)
    response = client.get(report_url(zone_a, answered.edition, pdf=True))
    assert response.status_code == 503
    assert "De PDF kan op deze server niet worden aangemaakt" in response.content.decode()
    assert report_url(zone_a, answered.edition) in response.content.decode()


def test_the_pdf_page_is_the_report_page_without_outside_resources(
    client, chief_a, zone_a, answered, monkeypatch
):
    rendered = {}

    def capture(html):
        rendered["html"] = html
        return b"%PDF-1.7 captured"

    monkeypatch.setattr("results.reports.views.html_to_pdf", capture)
    release(answered.edition)
    client.force_login(chief_a)
    client.get(report_url(zone_a, answered.edition, pdf=True))
    html = rendered["html"]
    assert "4/6 (66,7%)" in html and "Demozone Aalst-Fictief" in html
    assert "<link" not in html and "<script" not in html
    assert "Download as PDF" not in html


def test_the_researcher_downloads_a_preview_pdf_in_the_chosen_language(
    client, researcher, zone_b, answered, monkeypatch
):
    monkeypatch.setattr(
        "results.reports.views.html_to_pdf", lambda html: b"%PDF-1.7 " + html.encode()
    )
    client.force_login(researcher)
    response = client.get(preview_url(zone_b, answered.edition, pdf=True) + "?language=en")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="report-2023-2002-en.pdf"'
    assert b"use 0 en" in response.content


# Wiring


def test_every_report_view_declares_its_access_rule():
    zone, edition = {"zone": "1001"}, {"edition": "2023"}
    views = {
        "zone_reports": (zone, "zone"),
        "zone_report": ({**zone, **edition}, "zone"),
        "zone_report_pdf": ({**zone, **edition}, "zone"),
        "results:reports": ({}, "researcher"),
        "results:reports_edition": (edition, "researcher"),
        "results:reports_release": (edition, "researcher"),
        "results:reports_withdraw": (edition, "researcher"),
        "results:report_preview": ({**zone, **edition}, "researcher"),
        "results:report_preview_pdf": ({**zone, **edition}, "researcher"),
    }
    for name, (kwargs, rule) in views.items():
        match = resolve(reverse(name, kwargs=kwargs))
        assert match.view_name == name  # no broader pattern of another area shadows it
        assert match.func.access_rule == rule


def test_a_zones_report_is_computed_once_per_data_version_and_language(
    client, chief_a, zone_a, answered, edition
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    release(edition)
    client.force_login(chief_a)
    with CaptureQueriesContext(connection) as first:
        client.get(report_url(zone_a, edition))
    with CaptureQueriesContext(connection) as again:
        page = client.get(report_url(zone_a, edition)).content.decode()
    assert len(again) < len(first)
    # Another zone submits: the comparison groups change, and so does the report.
    respond(answered, f.ZoneFactory(region="VL"), {"drone": 4})
    changed = client.get(report_url(zone_a, edition)).content.decode()
    assert changed != page
