"""End to end in Chromium: background saving, the conflict message, and the form without JS."""

import pytest
from django.db import connections

from survey.models import Answer
from tests import factories as f

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def browser(chromium, live_server):
    """The shared Chromium (tests/browser/conftest.py), which skips or, in CI, fails clearly
    when Chromium is missing."""
    yield chromium
    # Connections opened while Playwright's loop runs live in its context: close them here.
    connections.close_all()


@pytest.fixture
def sheet(live_server, zone_a, chief_a):
    module = f.questionnaire(items=3)
    return module, f"{live_server.url}/zone/{zone_a.code}/{module.edition.code}/general/"


def sign_in(context, live_server, next_url):
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", "chief.a@example.be")
    page.fill("input[name=password]", "correct horse battery")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_url}")
    return page


def test_every_change_is_saved_in_the_background_and_conflicts_are_shown(
    browser, live_server, sheet
):
    module, url = sheet
    first = module.items.order_by("order").first()
    context = browser.new_context()
    tab = sign_in(context, live_server, url.replace(live_server.url, ""))
    other = context.new_page()
    other.goto(url)
    tab.check(f"input[name=item-{first.pk}][value='2']")
    sync_api.expect(tab.locator("#save-state")).to_have_attribute("data-state", "saved")
    sync_api.expect(tab.locator("#progress-text")).to_contain_text("1")
    assert Answer.objects.get().code == 2
    # A click, not check(): the page puts the stored answer back as soon as the save comes
    # back refused, which can be before check() looks whether the radio changed.
    other.click(f"input[name=item-{first.pk}][value='4']")
    sync_api.expect(other.locator("#save-state")).to_have_attribute("data-state", "conflict")
    sync_api.expect(other.locator("#conflicts")).to_contain_text(first.label_nl)
    assert other.is_checked(f"input[name=item-{first.pk}][value='2']")
    assert Answer.objects.get().code == 2


def test_without_javascript_the_save_button_saves(browser, live_server, sheet):
    module, url = sheet
    first = module.items.order_by("order").first()
    context = browser.new_context(java_script_enabled=False)
    page = sign_in(context, live_server, url.replace(live_server.url, ""))
    page.check(f"input[name=item-{first.pk}][value='5']")
    page.click("button[name=save]")
    page.wait_for_load_state()
    assert Answer.objects.get().code == 5


def test_answering_works_with_the_keyboard_alone(browser, live_server, sheet):
    module, url = sheet
    first = module.items.order_by("order").first()
    page = sign_in(browser.new_context(), live_server, url.replace(live_server.url, ""))
    page.focus(f"input[name=item-{first.pk}][value='0']")
    page.keyboard.press("ArrowLeft")  # the previous choice of the same radio group: 9
    page.keyboard.press("Tab")  # settles the answer: it is saved
    sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    assert Answer.objects.get().code == 9
