"""A zone chief from the invitation link to submission, on a phone; a French-speaking chief."""

import pytest
from django.urls import reverse

from survey.accounts.invitations import invitation_create
from survey.models import Answer, Response
from tests import factories as f
from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser


def module_path(zone, module):
    return reverse("module_answer", args=[zone.code, module.edition.code, module.kind])


def choose(page, name, value):
    """Pick an answer the way a person does (its label), and wait for the autosave."""
    radio = page.locator(f"input[type=radio][name='{name}'][value='{value}']")
    with page.expect_response(lambda r: "/autosave/" in r.url and r.status == 200):
        page.locator(f"label[for='{radio.get_attribute('id')}']").click()
    return radio


def test_a_chief_goes_from_the_invitation_link_to_submission_on_a_phone(new_page, zone_a):
    module = f.questionnaire(items=4, categories=2)
    invitation, token = invitation_create(zone=zone_a, email="new.chief@example.be")
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)

    page.goto(reverse("invitation_accept", args=[token]))
    page.locator("input[name=password1]").fill("a long and new passphrase 42")
    page.locator("input[name=password2]").fill("a long and new passphrase 42")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")
    page.get_by_role("link", name=module.title_nl).click()  # the zone speaks Dutch
    page.wait_for_url("**" + module_path(zone_a, module))

    items = list(module.items.order_by("order"))
    first = choose(page, f"item-{items[0].pk}", "3")
    choose(page, f"item-{items[1].pk}", "0")
    # Nothing but the autosave has stored these: a reload must show them.
    page.reload()
    assert page.locator(f"input[name='item-{items[0].pk}'][value='3']").is_checked()
    assert page.locator(f"input[name='item-{items[1].pk}'][value='0']").is_checked()
    assert first.is_visible()

    for item in items[2:]:
        choose(page, f"item-{item.pk}", "1")
    page.locator("button[name=review]").click()
    page.wait_for_url("**/review/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**" + module_path(zone_a, module))

    response = Response.objects.get(zone=zone_a, module=module)
    assert response.status == Response.Status.SUBMITTED
    assert dict(Answer.objects.filter(response=response).values_list("item_id", "code")) == {
        items[0].pk: 3,
        items[1].pk: 0,
        items[2].pk: 1,
        items[3].pk: 1,
    }
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_french_speaking_chief_sees_french(new_page, chief_b, zone_b):
    """Interface and questionnaire in French, although the browser asks for Dutch."""
    module = f.questionnaire(items=2)
    page = new_page(language="nl")
    sign_in(page, chief_b.email)
    assert page.locator("html").get_attribute("lang") == "fr"
    page.goto(module_path(zone_b, module))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    assert page.get_by_role("button", name="Enregistrer et relire").is_visible()
    assert module.title_fr in page.locator("h1").inner_text()
    assert module.question_fr in page.locator("main").inner_text()
    for item in module.items.all():
        assert page.get_by_text(item.label_fr).count() >= 1
        assert page.get_by_text(item.label_nl, exact=True).count() == 0
