"""End to end in Chromium: "still correct" with and without JavaScript, then autosave."""

import pytest
from django.db import connections

from survey.models import Answer, AnswerChange
from tests import factories as f

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def browser(chromium, live_server):
    yield chromium
    connections.close_all()


@pytest.fixture
def sheet(live_server, zone_a, chief_a):
    """Zone A answered drone = 4 in 2020; 2023 shows it and asks lidar, new, too."""
    old = f.questionnaire(edition=f.EditionFactory(code="2020", status="closed"), items=0)
    edition = f.EditionFactory(code="2023", previous=old.edition, preload=True)
    new = f.questionnaire(edition=edition, items=0)
    category = f.CategoryFactory(edition=edition)
    drone = f.TechnologyFactory(code="drone")
    f.ItemFactory(module=old, technology=drone)
    item = f.ItemFactory(module=new, technology=drone, category=category)
    f.ItemFactory(module=new, technology=f.TechnologyFactory(code="lidar"), category=category)
    before = f.SubmittedResponseFactory(zone=zone_a, module=old)
    f.AnswerFactory(response=before, item=old.items.get(), code=4)
    return item, f"/zone/{zone_a.code}/2023/general/"


def sign_in(context, live_server, path):
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={path}")
    page.fill("input[name=username]", "chief.a@example.be")
    page.fill("input[name=password]", "correct horse battery")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{path}")
    return page


@pytest.mark.parametrize("javascript", [True, False])
def test_still_correct_copies_and_a_later_change_autosaves(browser, live_server, sheet, javascript):
    item, path = sheet
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 390, "height": 844}
    )
    page = sign_in(context, live_server, path)
    sync_api.expect(page.locator(f"#earlier-item-{item.pk}")).to_contain_text("2020")
    assert not page.is_checked(f"input[name=item-{item.pk}][value='4']")
    page.click("button[name=confirm]")
    page.wait_for_load_state()
    sync_api.expect(page.locator(f"#earlier-item-{item.pk} .badge")).to_be_visible()
    assert page.is_checked(f"input[name=item-{item.pk}][value='4']")
    assert Answer.objects.get(item=item).code == 4
    if javascript:
        page.check(f"input[name=item-{item.pk}][value='1']")
        sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
        assert Answer.objects.get(item=item).code == 1
        assert list(AnswerChange.objects.values_list("source", flat=True)) == ["confirmed", "web"]
