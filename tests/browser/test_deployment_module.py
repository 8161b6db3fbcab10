"""The demo's Flemish chief answers the deployment module of 2026 on a phone (390×844)."""

import pytest
from django.urls import reverse

from survey.answering.answers import ANY, answers_save
from survey.answering.conditions import slot_key
from survey.models import Item, Module, QuestionAnswer, Response, User
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def key(module, code, technology=None):
    question = module.questions.get(code=code)
    return slot_key(question.pk, technology.pk if technology else None)


def saved(page):
    page.locator("#save-state[data-state='saved']").wait_for()


def test_the_chief_answers_the_deployment_module_on_a_phone(new_page, transactional_db):
    from survey.demo.seed import demo_seed

    demo_seed()
    chief = User.objects.get(email="chef.nl@demo.invalid")
    zone = chief.memberships.get().zone
    general = Module.objects.get(edition__code="2026", kind="general")
    module = Module.objects.get(edition__code="2026", kind="deployment")
    items = {i.technology.code: i for i in Item.objects.filter(module=general)}
    drone, bodycam = items["drone"].technology, items["bodycam"].technology
    response = Response.objects.get(zone=zone, module=general)
    answers_save(
        response=response,
        user=chief,
        changes={items["drone"]: (ANY, 3), items["bodycam"]: (ANY, 0)},
    )

    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, chief.email, "demo-password-1")
    page.goto(reverse("module_answer", args=[zone.code, "2026", "deployment"]))
    assert page.locator(f"fieldset[data-field='{key(module, 'purpose', drone)}']").is_visible()
    assert not page.locator(f"fieldset[data-field='{key(module, 'purpose', bodycam)}']").count()

    other = page.locator(f"fieldset[data-field='{key(module, 'purpose_other', drone)}']")
    assert other.is_hidden()
    purpose = key(module, "purpose", drone)
    page.locator(f"input[name='{purpose}'][value='prevention']").check()
    page.locator(f"input[name='{purpose}'][value='other']").check()
    saved(page)
    assert other.is_visible()  # at once, without a reload
    other.locator("textarea").fill("Toezicht op evenementen")
    page.locator(f"input[name='{key(module, 'legal_basis', drone)}'][value='1']").check()
    saved(page)
    retention = page.locator(f"fieldset[data-field='{key(module, 'retention_days', drone)}']")
    retention.locator("input[type=text]").fill("30")
    retention.locator("input[type=text]").blur()
    saved(page)

    considering = key(module, "considering")
    page.locator(f"input[name='{considering}'][value='bodycam']").check()
    saved(page)
    page.locator(f"input[name='{considering}'][value='none']").check()  # exclusive
    saved(page)
    assert not page.locator(f"input[name='{considering}'][value='bodycam']").is_checked()

    stored = {
        (a.question.code, a.technology_id): a.value
        for a in QuestionAnswer.objects.filter(response__zone=zone, response__module=module)
    }
    assert stored == {
        ("purpose", drone.pk): "prevention,other",
        ("purpose_other", drone.pk): "Toezicht op evenementen",
        ("legal_basis", drone.pk): "1",
        ("retention_days", drone.pk): "30",
        ("considering", None): "none",
    }
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A bad number is refused with a message; what was saved stays.
    retention.locator("input[type=text]").fill("5000")
    retention.locator("input[type=text]").blur()
    page.locator("#save-state[data-state='error']").wait_for()
    assert "3650" in page.locator("#save-state").inner_text()

    page.reload()
    assert page.locator(f"input[name='{purpose}'][value='other']").is_checked()
    assert other.is_visible()
    page.locator(f"input[name='{purpose}'][value='other']").uncheck()
    saved(page)
    assert other.is_hidden()

    page.goto(reverse("module_review", args=[zone.code, "2026", "deployment"]))
    assert page.locator(".unanswered-list li").count() > 0
    page.locator("input[name=confirm_unanswered]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/deployment/")
    assert Response.objects.get(zone=zone, module=module).is_submitted
    assert QuestionAnswer.objects.filter(value="Toezicht op evenementen").exists()  # kept
