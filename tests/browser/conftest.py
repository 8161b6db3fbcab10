"""Chromium through Playwright, against pytest-django's live server.

Debian's /usr/bin/chromium is launched directly (Playwright never downloads a browser).
Without it the tests skip with the reason below, except when REQUIRE_BROWSER_TESTS=1 (CI),
where they fail.
"""

import json
import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 740}

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself (setting up data, checking the database) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _unavailable(reason):
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(f"Browser tests are required (REQUIRE_BROWSER_TESTS=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_instance():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -e '.[dev]').")
    if not CHROMIUM.exists():
        _unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium).")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(playwright_instance):
    # Load the URLconf (and with it every view module and its heavy imports: charts,
    # statistics) before the first page is asked for, so that first request does not spend
    # the page's navigation timeout importing them on a busy machine.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - loads the view modules
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def new_page(chromium, live_server):
    """Open pages in fresh contexts: `new_page(language="fr", viewport=PHONE)`.

    Every page reports what the Content-Security-Policy blocked; the test fails if anything
    was (pages must work under the strict policy, the admin included)."""
    contexts = []
    blocked = []

    def open_page(*, language="nl", viewport=None, bypass_csp=False, **options):
        context = chromium.new_context(
            base_url=live_server.url,
            locale=language,
            extra_http_headers={"Accept-Language": language},
            viewport=viewport or {"width": 1280, "height": 900},
            bypass_csp=bypass_csp,
            accept_downloads=True,
            **options,
        )
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                blocked.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not blocked, "Blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


def sign_in(page, email, password="correct horse battery"):  # noqa: S107 - factory default
    page.goto("/accounts/login/")
    page.get_by_label("E-mail", exact=False).first.fill(email)
    page.locator("input[type=password]").first.fill(password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"sign-in failed for {email}"


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the current page (WCAG 2.1 A/AA)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def describe(violations) -> str:
    return json.dumps(violations, indent=2)
