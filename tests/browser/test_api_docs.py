"""The API's documentation page (Swagger UI) and the API tokens page work under the strict
Content-Security-Policy: nothing blocked, the operations listed, a token shown once."""

import pytest

from results.models import ApiToken
from tests.browser.conftest import describe, serious_violations, sign_in

pytestmark = pytest.mark.browser


def test_the_api_docs_render_under_the_csp(new_page, db):
    page = new_page()
    # Swagger UI's bundle is 1.5 MB: wait for the operations, not for every byte's "load".
    answer = page.goto("/api/docs", wait_until="domcontentloaded", timeout=90_000)
    assert answer.status == 200
    assert "unsafe-inline" not in answer.headers["content-security-policy"]
    page.locator(".opblock-summary-path").first.wait_for(timeout=90_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/results.json" in path for path in paths)
    assert any("responses.{fmt}" in path for path in paths)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_api_docs_are_accessible(new_page, db, width):
    page = new_page(viewport={"width": width, "height": 900}, bypass_csp=True)  # axe is injected
    page.goto("/api/docs", wait_until="domcontentloaded", timeout=90_000)
    page.locator(".opblock-summary-control").first.click()  # an operation opened, too
    page.locator(".opblock-body").first.wait_for(timeout=90_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    violations = serious_violations(page)
    assert not violations, describe(violations)


def test_a_researcher_creates_and_revokes_a_token(new_page, researcher):
    page = new_page(language="en")
    sign_in(page, researcher.email)
    page.goto("/results/api-tokens/")
    page.get_by_label("Name").fill("R on my laptop")
    page.get_by_label("Results and fieldwork status").check()
    page.get_by_role("button", name="Create token").click()
    page.wait_for_load_state()
    token = page.locator("code.user-select-all").inner_text()
    assert token.startswith("pts_")
    assert ApiToken.objects.get().name == "R on my laptop"
    page.goto("/results/api-tokens/")
    assert token not in page.content()
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_load_state()
    assert ApiToken.objects.get().revoked_at is not None
