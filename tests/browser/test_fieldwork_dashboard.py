"""The fieldwork dashboard on a phone, without JavaScript and by keyboard: search, filter, sort
and page through the zones; the page fits the screen and axe finds nothing serious. And the
e-mail template preview, by keyboard on a phone."""

import pytest
from django.urls import reverse

from survey.models import EmailTemplate
from tests import factories as f
from tests.browser.conftest import describe, serious_violations, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def edition(transactional_db):
    edition = f.EditionFactory(code="2026", regions=["VL", "WA"])
    general = f.questionnaire(edition=edition, items=1)
    for n in range(60):
        f.ZoneFactory(code=f"{1100 + n}", name_nl=f"Gemeente {n}", region="VL")
    f.SubmittedResponseFactory(
        zone=f.ZoneFactory(code="5001", name_nl="", name_fr="Namur", region="WA"), module=general
    )
    return edition


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def codes(page) -> list[str]:
    return page.locator("tbody th[scope=row] a").all_inner_texts()


def test_filters_sorting_and_paging_work_by_keyboard_without_javascript(
    new_page, researcher, edition
):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    sign_in(page, researcher.email)
    page.goto(reverse("results:fieldwork_dashboard", args=["2026"]))
    assert "Zones 1–50 of 61" in page.locator("#zones-count").inner_text()
    assert fits(page)

    page.get_by_label("Status").select_option("submitted")
    page.get_by_label("Search").fill("nam")
    with page.expect_navigation():
        page.get_by_label("Search").press("Enter")  # submits the GET form
    assert "status=submitted" in page.url and codes(page) == ["5001"]
    assert fits(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Clear the filters").click()
    page.get_by_label("Sort by").select_option("-code")
    page.get_by_label("Zones per page").select_option("25")
    page.get_by_role("button", name="Show").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert codes(page)[:2] == ["5001", "1159"] and len(codes(page)) == 25
    with page.expect_navigation():
        page.get_by_role("link", name="Next").click()
    assert "Zones 26–50 of 61" in page.locator("#zones-count").inner_text()
    assert "sort=-code" in page.url and fits(page)


def test_the_dashboard_with_a_refused_parameter_is_accessible_on_a_phone(
    new_page, researcher, edition
):
    page = new_page(viewport=PHONE, bypass_csp=True)
    sign_in(page, researcher.email)
    page.goto(reverse("results:fieldwork_dashboard", args=["2026"]) + "?status=lost&region=WA")
    assert page.get_by_role("alert").filter(has_text="left out").count() == 1
    assert codes(page) == ["5001"]
    found = serious_violations(page)
    assert not found, describe(found)
    assert fits(page)


def test_the_template_preview_by_keyboard_on_a_phone(new_page, researcher, edition):
    template = EmailTemplate.objects.get(kind="invitation", language="nl")
    page = new_page(viewport=PHONE, java_script_enabled=False)
    sign_in(page, researcher.email)
    page.goto(reverse("results:email_template_edit", args=[template.pk]))
    page.get_by_label("Example zone").select_option("1100")
    page.get_by_label("As for a zone without a contact name").check()
    page.get_by_role("button", name="Preview").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    preview = page.locator("#preview")
    assert "Gemeente 0" in preview.inner_text()
    assert "Geachte heer, mevrouw," in preview.inner_text()
    assert fits(page)
