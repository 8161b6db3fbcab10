"""Pages with answers or personal data are never kept by a browser or proxy cache: every URL
behind an access rule other than public answers `Cache-Control: no-store`."""

import pytest
from django.urls import reverse

from survey.access import ADMINISTRATOR, PUBLIC, RESEARCHER
from tests.test_url_access import ENDPOINTS, path_for, rule_of, world  # noqa: F401

PRIVATE = [e for e in ENDPOINTS if rule_of(e) != PUBLIC]


@pytest.mark.parametrize("endpoint", PRIVATE, ids=str)
def test_every_private_page_is_not_stored(client, world, chief_a, administrator, endpoint):  # noqa: F811
    client.force_login(
        administrator if rule_of(endpoint) in (RESEARCHER, ADMINISTRATOR) else chief_a
    )
    answer = client.get(path_for(endpoint, world))
    assert "no-store" in answer.get("Cache-Control", ""), (
        f"{endpoint.name} answered {answer.status_code} without Cache-Control: no-store"
    )


def test_the_named_pages_and_the_fieldwork_csv_are_not_stored(client, world, chief_a, researcher):  # noqa: F811
    client.force_login(chief_a)
    for name in ("module_answer", "module_review", "module_print"):
        path = reverse(name, args=[world["zone"], world["edition"], world["module"]])
        assert "no-store" in client.get(path)["Cache-Control"], name
    client.force_login(researcher)
    csv = client.get(reverse("results:fieldwork_csv", args=[world["edition"]]))
    assert csv.status_code == 200 and "no-store" in csv["Cache-Control"]


def test_the_invitation_page_shows_an_address_and_is_not_stored(client, world):  # noqa: F811
    page = client.get(reverse("invitation_accept", args=[world["token"]]))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]


def test_the_admin_is_not_stored(client, administrator):
    client.force_login(administrator)
    assert "no-store" in client.get(reverse("admin:survey_user_changelist"))["Cache-Control"]
