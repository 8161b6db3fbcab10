"""axe-core finds no serious or critical violation on the main pages."""

import pytest
from django.urls import reverse

from tests.browser.conftest import describe, serious_violations, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_page_has_no_serious_accessibility_violation(new_page, transactional_db):
    page = new_page(bypass_csp=True)
    page.goto(reverse("login"))
    assert not (found := serious_violations(page)), describe(found)


def test_home_page_has_no_serious_accessibility_violation(new_page, chief_a):
    page = new_page(bypass_csp=True)
    sign_in(page, chief_a.email)
    page.goto(reverse("home"))
    assert not (found := serious_violations(page)), describe(found)
