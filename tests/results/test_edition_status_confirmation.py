"""Changing an edition's status says what it does and asks for confirmation; opening a second
edition while one is open warns."""

import pytest
from django.urls import reverse

from survey.models import Edition
from tests import factories as f


@pytest.fixture
def signed_in(client, researcher):
    client.force_login(researcher)
    return client


def test_closing_without_confirmation_changes_nothing(signed_in):
    edition = f.EditionFactory(code="2026", status="open")
    url = reverse("results:edition_transition", args=[edition.code])
    page = signed_in.post(url, {"to_status": "closed"}, follow=True).content.decode()
    edition.refresh_from_db()
    assert edition.status == "open"
    assert "Confirm the change of status first." in page
    signed_in.post(url, {"to_status": "closed", "confirm": "on"})
    edition.refresh_from_db()
    assert edition.status == "closed"


def test_the_status_form_says_archiving_is_final(signed_in):
    edition = f.EditionFactory(code="2023", status="closed")
    page = signed_in.get(reverse("results:edition_manage", args=[edition.code])).content.decode()
    assert "Archive: final." in page
    assert 'name="confirm"' in page


def test_opening_a_second_edition_warns(signed_in):
    f.EditionFactory(code="2026", status="open")
    draft = f.EditionFactory(code="2029", status="draft")
    f.questionnaire(edition=draft, items=1)
    manage = reverse("results:edition_manage", args=[draft.code])
    assert "Also open: Edition 2026." in signed_in.get(manage).content.decode()
    url = reverse("results:edition_transition", args=[draft.code])
    page = signed_in.post(url, {"to_status": "open", "confirm": "on"}, follow=True)
    assert Edition.objects.filter(status="open").count() == 2
    assert "Also open: Edition 2026." in page.content.decode()
