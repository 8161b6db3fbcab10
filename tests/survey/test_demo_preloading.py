"""The demo's open edition shows the Flemish chief the zone's 2023 answers and a query."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from survey.models import AnswerQuery, Edition, Response, User


@pytest.fixture(scope="module")
def demo(seeded_demo):
    return seeded_demo


def test_the_open_edition_has_preloading_on_and_chef_nl_sees_it(demo, db, client):
    edition = Edition.objects.get(code="2026")
    assert edition.preload and edition.previous.code == "2023"
    chief = User.objects.get(email="chef.nl@demo.invalid")
    zone = chief.memberships.get().zone
    client.force_login(chief)
    page = client.get(reverse("module_answer", args=[zone.code, "2026", "general"]))
    text = page.content.decode()
    assert "Uw antwoord in 2023" in text or "Your answer in 2023" in text
    assert 'name="confirm"' in text
    home = client.get(reverse("home")).content.decode()
    query = AnswerQuery.objects.get(response__module__edition=edition)
    assert reverse("zone_query", args=[zone.code, query.pk]) in home


def test_demo_queries_leave_the_answers_and_a_second_run_changes_nothing(demo, db):
    assert AnswerQuery.objects.count() == 2
    assert AnswerQuery.objects.filter(status="resolved").count() == 1
    response = Response.objects.get(
        module__edition__code="2026",
        module__kind="general",
        zone__memberships__user__email="chef.nl@demo.invalid",
    )
    assert response.changes.count() == response.answers.count()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert AnswerQuery.objects.count() == 2
