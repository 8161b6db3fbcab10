"""The module page as a chief uses it: nothing pre-selected, clearing an answer, the keyboard,
the phone, the column headers of a long category, and the read-only page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from survey.models import Answer, AnswerChange, RoleAnswer
from tests import factories as f
from tests.browser.conftest import describe, serious_violations, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def module_path(zone, module, name="module_answer"):
    return reverse(name, args=[zone.code, module.edition.code, module.kind])


def radios(page, field):
    return page.locator(f"input[type=radio][name='{field}']")


def autosaves(page):
    """A list that grows with every background save the page sends."""
    sent = []
    page.on("request", lambda r: sent.append(r) if "/autosave/" in r.url else None)
    return sent


def test_a_fresh_module_shows_nothing_selected_and_an_answer_can_be_cleared(
    new_page, zone_a, chief_a
):
    module = f.questionnaire(items=2)
    first, second = module.items.order_by("order")
    page = new_page()
    sign_in(page, chief_a.email)
    page.goto(module_path(zone_a, module))
    assert page.locator("#answer-form input[type=radio]:checked").count() == 0
    assert page.get_by_text("Geen antwoord", exact=True).count() == 0

    row = page.locator(f"fieldset[data-field='item-{first.pk}']")
    clear = row.locator("button.matrix-clear")
    expect(clear).to_be_hidden()  # nothing to clear yet
    with page.expect_response(lambda r: "/autosave/" in r.url):
        row.locator("input").nth(2).click()
    assert Answer.objects.get(item=first).code == 2
    expect(clear).to_be_visible()
    with page.expect_response(lambda r: "/autosave/" in r.url):
        clear.click()
    expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    assert not Answer.objects.filter(item=first).exists()
    assert radios(page, f"item-{first.pk}").and_(page.locator(":checked")).count() == 0
    expect(clear).to_be_hidden()


def test_without_javascript_an_answer_is_cleared_with_its_button(new_page, zone_a, chief_a):
    module = f.questionnaire(items=2)
    first, second = module.items.order_by("order")
    response = f.ResponseFactory(zone=zone_a, module=module)
    f.AnswerFactory(response=response, item=first, code=3)
    f.AnswerFactory(response=response, item=second, code=1)
    page = new_page(java_script_enabled=False)
    sign_in(page, chief_a.email)
    page.goto(module_path(zone_a, module))
    page.locator(f"fieldset[data-field='item-{first.pk}'] button.matrix-clear").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#item-{first.pk}")
    assert list(Answer.objects.values_list("item_id", "code")) == [(second.pk, 1)]
    assert radios(page, f"item-{first.pk}").and_(page.locator(":checked")).count() == 0
    assert radios(page, f"item-{second.pk}").and_(page.locator(":checked")).count() == 1


def test_enter_without_javascript_saves_and_never_clears(new_page, zone_a, chief_a):
    module = f.questionnaire(items=2)
    first, second = module.items.order_by("order")
    response = f.ResponseFactory(zone=zone_a, module=module)
    f.AnswerFactory(response=response, item=first, code=3)
    page = new_page(java_script_enabled=False)
    sign_in(page, chief_a.email)
    page.goto(module_path(zone_a, module))
    radios(page, f"item-{second.pk}").nth(1).check()
    radios(page, f"item-{second.pk}").nth(1).press("Enter")
    page.wait_for_load_state()
    assert dict(Answer.objects.values_list("item_id", "code")) == {first.pk: 3, second.pk: 1}


def test_a_whole_module_is_answered_with_the_keyboard_saving_only_settled_values(
    new_page, zone_a, chief_a
):
    module = f.questionnaire(items=3)
    items = list(module.items.order_by("order"))
    page = new_page()
    sign_in(page, chief_a.email)
    page.goto(module_path(zone_a, module))
    sent = autosaves(page)
    expect(page.locator("#keyboard-hint")).to_be_visible()
    page.locator("#progress-text").click()  # Tab starts from here
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == f"item-{items[0].pk}"
    assert page.evaluate("document.activeElement.value") == "0"  # the first choice, not the last
    page.keyboard.press("Space")
    for _ in range(3):  # passing 1 and 2 on the way to 3
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # settles the answer; never submits the form
    expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == f"item-{items[1].pk}"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")  # leaving the question settles it too
    assert page.evaluate("document.activeElement.name") == f"item-{items[2].pk}"
    page.keyboard.press("Space")
    page.keyboard.press("Delete")  # takes it back
    page.keyboard.press("Shift+Tab")
    expect(page.locator("#progress-text")).to_contain_text("2")
    page.wait_for_timeout(200)
    assert "/review/" not in page.url and page.url.endswith(module_path(zone_a, module))
    assert dict(Answer.objects.values_list("item_id", "code")) == {
        items[0].pk: 3,
        items[1].pk: 1,
    }
    # Only settled values reached the history, not 1 and 2 passed on the way.
    assert sorted(
        AnswerChange.objects.filter(item=items[0]).values_list("new_code", flat=True)
    ) == [3]
    assert len(sent) <= 4


def test_the_focused_answer_has_a_strong_focus_ring(new_page, zone_a, chief_a):
    module = f.questionnaire(items=1)
    page = new_page()
    sign_in(page, chief_a.email)
    page.goto(module_path(zone_a, module))
    page.locator("#progress-text").click()  # Tab starts from here
    page.keyboard.press("Tab")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; })()"
    )
    assert style[0] == "solid" and style[1] >= 2, style


def test_the_role_matrix_reads_and_answers_on_a_phone(new_page, zone_a, chief_a):
    module = f.questionnaire(kind="events", items=4, categories=2, objectives=3)
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, chief_a.email)
    page.goto(module_path(zone_a, module))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for category in page.locator("fieldset.role-category").all():
        legend = category.locator("legend").first.bounding_box()
        first_row = category.locator("fieldset.matrix-row").first.bounding_box()
        assert first_row["y"] >= legend["y"] + legend["height"] - 1  # below, not beside
        assert first_row["x"] + first_row["width"] <= PHONE["width"]
    cell = page.locator("fieldset.role-category fieldset.matrix-row").first
    with page.expect_response(lambda r: "/autosave/" in r.url):
        cell.locator("label").nth(1).tap()
    assert RoleAnswer.objects.get().code == 1


def test_column_headers_stay_in_view_in_a_long_category(new_page, zone_a, chief_a):
    module = f.questionnaire(items=30)
    page = new_page(viewport={"width": 1280, "height": 700})
    sign_in(page, chief_a.email)
    page.goto(module_path(zone_a, module))
    rows = page.locator("fieldset.matrix-row")
    rows.nth(20).scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 200)")
    head = page.locator(".matrix-head").first.bounding_box()
    progress = page.locator(".progress-line").bounding_box()
    assert 0 <= head["y"] < 200, head
    assert head["y"] >= progress["y"] + progress["height"] - 2  # below the progress line


def test_the_events_progress_counts_the_role_questions(new_page, zone_a, chief_a):
    module = f.questionnaire(kind="events", items=2, objectives=2)
    page = new_page()
    sign_in(page, chief_a.email)
    page.goto(module_path(zone_a, module))
    expect(page.locator("#progress-text")).to_contain_text("0 van de 4")  # 2 items + 1 × 2 roles
    cell = page.locator("fieldset.role-category fieldset.matrix-row").first
    with page.expect_response(lambda r: "/autosave/" in r.url):
        cell.locator("input").first.click()
    expect(page.locator("#progress-text")).to_contain_text("1 van de 4")


def test_review_tables_fit_a_phone(new_page, zone_a, chief_a):
    module = f.questionnaire(kind="events", items=2, objectives=4)
    item = module.items.first()
    item.label_nl = "Infrarood-/warmtebeeldcamerasysteemondersteuning"
    item.save()
    page = new_page(viewport=PHONE)
    sign_in(page, chief_a.email)
    page.goto(module_path(zone_a, module, "module_review"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_submitted_module_page_is_accessible(new_page, zone_a, chief_a):
    module = f.questionnaire(items=2)
    f.SubmittedResponseFactory(zone=zone_a, module=module, submitted_by=chief_a)
    page = new_page(bypass_csp=True)
    sign_in(page, chief_a.email)
    page.goto(module_path(zone_a, module))
    expect(page.get_by_role("link", name="Afdrukbare weergave")).to_be_visible()
    found = serious_violations(page)
    assert not found, describe(found)
