"""axe-core finds no serious or critical violation (WCAG 2.1 A/AA rules) on the main pages.

axe is injected into the page, so these contexts bypass the CSP (the application's own
scripts are checked under the real policy in the other browser tests).
"""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.browser.conftest import describe, serious_violations, sign_in
from tests.browser.test_researcher import answered_edition

pytestmark = pytest.mark.browser


def assert_accessible(page, path):
    answer = page.goto(path)
    assert answer.status == 200, path
    found = serious_violations(page)
    assert not found, f"{path}:\n{describe(found)}"


def test_sign_in_page(new_page, transactional_db):
    assert_accessible(new_page(bypass_csp=True), reverse("login"))


def test_respondent_pages_home_module_and_review(new_page, chief_a, zone_a):
    module = f.questionnaire(items=3, categories=2)
    response = f.ResponseFactory(zone=zone_a, module=module)
    f.AnswerFactory(response=response, item=module.items.first(), code=2)
    page = new_page(bypass_csp=True)
    sign_in(page, chief_a.email)
    args = [zone_a.code, module.edition.code, module.kind]
    for path in (
        reverse("home"),
        reverse("module_answer", args=args),
        reverse("module_review", args=args),
    ):
        assert_accessible(page, path)


def test_results_pages(new_page, researcher):
    module = answered_edition()
    code = module.edition.code
    page = new_page(bypass_csp=True)
    sign_in(page, researcher.email)
    for path in (
        reverse("results:index"),
        reverse("results:overview", args=[code]),
        reverse("results:availability", args=[code, module.kind]),
    ):
        assert_accessible(page, path)


def test_fieldwork_dashboard(new_page, researcher):
    module = answered_edition()
    module.edition.status = "open"
    module.edition.save()
    page = new_page(bypass_csp=True)
    sign_in(page, researcher.email)
    assert_accessible(page, reverse("results:fieldwork_dashboard", args=[module.edition.code]))
