"""Without JavaScript every control a chief needs still works, on a phone too."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_the_phone_menu_offers_sign_out_and_language(new_page, chief_a):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    sign_in(page, chief_a.email)
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()
    expect(page.locator("#language-switcher")).to_be_visible()
    expect(page.locator(".navbar-toggler")).to_be_hidden()  # it could not open anything
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_load_state()
    assert not page.get_by_role("button", name="Afmelden").count()


def test_the_print_view_explains_printing_instead_of_a_dead_button(new_page, zone_a, chief_a):
    module = f.questionnaire(items=2)
    f.SubmittedResponseFactory(zone=zone_a, module=module, submitted_by=chief_a)
    path = reverse("module_print", args=[zone_a.code, module.edition.code, module.kind])
    page = new_page(java_script_enabled=False)
    sign_in(page, chief_a.email)
    page.goto(path)
    expect(page.locator("[data-print]")).to_be_hidden()
    expect(page.get_by_text("Ctrl+P")).to_be_visible()

    scripted = new_page()
    sign_in(scripted, chief_a.email)
    scripted.goto(path)
    expect(scripted.locator("[data-print]")).to_be_visible()
    expect(scripted.get_by_text("Ctrl+P")).to_be_hidden()
