"""Researcher pages at desktop width: the navbar keeps every control readable, and the
questionnaire's wording table fits the screen."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 800}


def test_the_navbar_shows_the_language_and_sign_out_at_1280(new_page, researcher):
    module = f.questionnaire(items=2)
    page = new_page(viewport=DESKTOP)
    sign_in(page, researcher.email)
    page.goto(reverse("results:module_edit", args=[module.edition.code, module.kind]))
    select = page.locator("#language-switcher").bounding_box()
    assert select["width"] >= 110, select  # wide enough to read "Nederlands"
    sign_out = page.locator("header form button[type=submit]").last.bounding_box()
    assert sign_out["x"] + sign_out["width"] <= DESKTOP["width"]


def test_the_wording_table_of_a_module_fits_1280(new_page, researcher):
    module = f.questionnaire(items=3)
    for item in module.items.all():
        item.label_fr = "Utilisation de caméras de tiers avec analyse automatisée des images"
        item.label_de = "Nutzung von Kameras Dritter mit automatisierter Bildauswertung"
        item.label_en = "Camera use via third parties with automated analysis of the images"
        item.save()
    page = new_page(viewport=DESKTOP)
    sign_in(page, researcher.email)
    page.goto(reverse("results:module_edit", args=[module.edition.code, module.kind]))
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
