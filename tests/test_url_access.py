"""Every URL of the project declares who may use it, and another zone's objects answer 404.

The URL patterns are enumerated, so a new URL without an access rule (or whose keyword
arguments this test cannot fill in) fails the suite with its name.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from survey.access import ADMINISTRATOR, API_TOKEN, PUBLIC, RESEARCHER, SIGNED_IN, ZONE
from survey.accounts.invitations import invitation_create
from tests import factories as f

SKIPPED_NAMESPACES = {"admin"}
SKIPPED_PREFIXES = ("i18n/",)  # Django's set_language: public by design
# Path converters (`<int:pk>`) and named regex groups (`(?P<fmt>svg|png)`).
PARAMETER = re.compile(r"\(\?P<(?P<group>\w+)>|<(?:[^>:]+:)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Endpoint:
    route: str
    name: str
    callback: object

    def __str__(self):
        return self.name


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            name = ":".join(filter(None, [namespace, pattern.name or ""])) or route
            yield Endpoint(route=route, name=name, callback=pattern.callback)


ENDPOINTS = list(walk(get_resolver().url_patterns))


def test_the_enumeration_finds_the_respondent_urls():
    names = {endpoint.name for endpoint in ENDPOINTS}
    assert {"home", "login", "module_answer", "module_autosave", "invitation_accept"} <= names
    assert {"password_reset", "password_reset_confirm", "logout"} <= names


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_every_view_declares_an_access_rule(endpoint):
    rule = getattr(endpoint.callback, "access_rule", None)
    assert rule in (PUBLIC, SIGNED_IN, ZONE, RESEARCHER, ADMINISTRATOR, API_TOKEN), (
        f"URL {endpoint.name!r} ({endpoint.route}) has no access rule: decorate its view with "
        "one of survey.access.public_view / signed_in_view / zone_view / researcher_view / "
        "administrator_view."
    )


@pytest.fixture
def world(zone_a, zone_b, chief_a, chief_b, researcher):
    """Zone A with an open edition's two modules started, one submitted, and a pending
    invitation; zone B's chief is the outsider."""
    edition = f.EditionFactory(code="2031", reports_released_at=timezone.now())
    general = f.questionnaire(edition=edition, items=3)
    events = f.questionnaire(edition=edition, kind="events", items=2, objectives=2)
    response = f.ResponseFactory(zone=zone_a, module=general)
    f.AnswerFactory(response=response, item=general.items.first(), code=2)
    f.SubmittedResponseFactory(zone=zone_a, module=events, submitted_by=chief_a)
    invitation, token = invitation_create(zone=zone_a, email="pending@example.be")
    values = {
        "zone": zone_a.code,
        "edition": edition.code,
        "module": general.kind,
        "response": response.pk,
        "token": token,
        "pk": invitation.pk,
        "uidb64": "MQ",
        "fmt": "svg",
        "other": f.EditionFactory(code="2028").code,
        "pending": f.PendingImportFactory(module=general, uploaded_by=researcher).pk,
    }
    return values


def path_for(endpoint, values):
    kwargs = {}
    for match in PARAMETER.finditer(endpoint.route):
        name = match.group("group") or match.group("name")
        assert name in values, (
            f"URL {endpoint.name!r} ({endpoint.route}) has a keyword argument {name!r} this "
            f"test does not know: add a value for it to world() in tests/test_url_access.py "
            f"(an object of zone A), so that its access can be tested."
        )
        kwargs[name] = values[name]
    return reverse(endpoint.name, kwargs=kwargs)


def rule_of(endpoint):
    return getattr(endpoint.callback, "access_rule", None)


def is_login_redirect(answer):
    return answer.status_code == 302 and answer["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if rule_of(e) == ZONE], ids=str)
def test_zone_urls_answer_404_to_other_zones_and_researchers(
    client, world, chief_b, researcher, chief_a, endpoint
):
    path = path_for(endpoint, world)
    assert is_login_redirect(client.get(path)), f"{endpoint.name}: anonymous must sign in"
    assert is_login_redirect(client.post(path)), f"{endpoint.name}: anonymous must sign in"
    for outsider in (chief_b, researcher):
        client.force_login(outsider)
        for method in (client.get, client.post):
            status = method(path).status_code
            assert status == 404, f"{endpoint.name}: {outsider} got {status} on zone A's URL"
    client.force_login(chief_a)
    status = client.get(path).status_code
    assert status != 404, (
        f"{endpoint.name}: zone A's chief got 404 on zone A's URL; if it needs more data, "
        "extend world() in tests/test_url_access.py"
    )


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if rule_of(e) == SIGNED_IN], ids=str)
def test_signed_in_urls_send_anonymous_users_to_sign_in(client, world, endpoint):
    assert is_login_redirect(client.get(path_for(endpoint, world))), endpoint.name


@pytest.mark.parametrize(
    "endpoint", [e for e in ENDPOINTS if rule_of(e) in (RESEARCHER, ADMINISTRATOR)], ids=str
)
def test_researcher_urls_answer_404_to_zone_chiefs(client, world, chief_a, chief_b, endpoint):
    path = path_for(endpoint, world)
    answer = client.get(path)
    assert answer.status_code == 404 or is_login_redirect(answer), endpoint.name
    for chief in (chief_a, chief_b):
        client.force_login(chief)
        for method in (client.get, client.post):
            status = method(path).status_code
            assert status == 404, f"{endpoint.name}: {chief} got {status}"


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if rule_of(e) == ADMINISTRATOR], ids=str)
def test_administrator_urls_answer_404_to_researchers(client, world, researcher, endpoint):
    client.force_login(researcher)
    assert client.get(path_for(endpoint, world)).status_code == 404, endpoint.name


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if rule_of(e) == API_TOKEN], ids=str)
def test_api_urls_answer_401_to_sessions_without_a_token(
    client, world, chief_a, researcher, endpoint
):
    path = path_for(endpoint, world)
    for user in (None, chief_a, researcher):
        if user:
            client.force_login(user)
        assert client.get(path).status_code == 401, f"{endpoint.name}: {user}"


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if rule_of(e) == PUBLIC], ids=str)
def test_public_urls_need_no_sign_in(client, world, endpoint):
    answer = client.get(path_for(endpoint, world))
    assert not is_login_redirect(answer), endpoint.name
    assert answer.status_code < 500


def test_an_unknown_keyword_argument_fails_with_a_clear_message():
    endpoint = Endpoint(route="zone/<str:zone>/thing/<int:thing>/", name="x", callback=None)
    with pytest.raises(AssertionError, match="add a value for it to world"):
        path_for(endpoint, {"zone": "1001"})
