"""The Django admin works under the strict Content-Security-Policy (nothing blocked)."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_the_admin_runs_without_csp_violations(new_page, administrator):
    module = f.questionnaire(items=2, objectives=1)
    page = new_page()
    sign_in(page, administrator.email)
    for path in (
        reverse("admin:index"),
        reverse("admin:survey_module_changelist"),
        reverse("admin:survey_module_change", args=[module.pk]),
        reverse("admin:survey_zone_add"),
    ):
        answer = page.goto(path)
        assert answer.status == 200, path
        page.wait_for_load_state("networkidle")
    # The admin's own JavaScript ran: the change form's inline "add another" links exist.
    page.goto(reverse("admin:survey_module_change", args=[module.pk]))
    assert page.locator("#content-main form").count() == 1
