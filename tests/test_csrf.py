"""CSRF protection on every view: a POST without a token is refused with the generic page.

The URL list is enumerated, so views added later are covered without editing this test.
A view may only escape if it refuses POST altogether (405).
"""

import pytest
from django.test import Client, override_settings

from tests import factories as f
from tests.url_patterns import routes


@pytest.fixture
def url_values(zone_a, chief_a):
    module = f.questionnaire()
    module.edition.status = "open"
    module.edition.save()
    response = f.ResponseFactory(zone=zone_a, module=module)
    return {
        "zone": zone_a.code,
        "edition": module.edition.code,
        "module": module.kind,
        "response": str(response.pk),
        "token": "x",
        "pk": str(response.pk),
    }


def persona_for(route, *, chief, researcher, administrator):
    if route.path.startswith("/admin/") or route.access_rule == "administrator":
        return administrator
    if route.path.startswith("/results/") or route.access_rule == "researcher":
        return researcher
    if route.access_rule == "public":
        return None
    return chief


def posts_without_token(values, personas):
    """POST to every URL without a token; returns (refused count, accepted routes)."""
    clients = {}
    refused, failures = 0, []
    for route in routes(values):
        user = persona_for(route, **personas)
        if user not in clients:
            clients[user] = Client(enforce_csrf_checks=True, raise_request_exception=False)
            if user is not None:
                clients[user].force_login(user)
        response = clients[user].post(route.path, {"code": "1", "password": "x"})
        csrf_page = "403_csrf.html" in [t.name for t in response.templates]
        if response.status_code == 403 and csrf_page:
            refused += 1
        elif response.status_code != 405:
            failures.append(f"{route}: {response.status_code}")
    return refused, failures


@pytest.fixture
def personas(chief_a, researcher, administrator):
    return {"chief": chief_a, "researcher": researcher, "administrator": administrator}


def test_every_view_refuses_a_post_without_a_csrf_token(url_values, personas):
    refused, failures = posts_without_token(url_values, personas)
    assert not failures, "Views accepting a POST without a CSRF token:\n" + "\n".join(failures)
    assert refused > 50  # the admin alone has more; guards against an empty enumeration


@override_settings(ROOT_URLCONF="tests.security.exempt_urls")
def test_it_notices_a_view_that_skips_the_check(url_values, personas):
    _, failures = posts_without_token(url_values, personas)
    assert failures == ["/careless/ (careless): 200"]
