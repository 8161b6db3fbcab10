"""Researchers' API tokens: made, limited in scope and time, revoked, and stored hashed."""

import hashlib
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from results.api.tokens import TokenRefused, api_token_authenticate, api_token_create
from results.models import ApiToken
from tests import factories as f


def test_it_stores_only_a_digest_of_the_token(researcher):
    row, token = api_token_create(user=researcher, name="R script", scopes=["results"])
    assert token.startswith(f"pts_{row.prefix}_")
    assert len(token) > 40
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=row.pk).values().get()
    assert token not in {str(value) for value in stored.values()}


def test_it_expires_after_90_days_by_default_and_a_year_at_most(researcher):
    row, _token = api_token_create(user=researcher, name="x", scopes=["results"])
    assert abs(row.expires_at - timezone.now() - timedelta(days=90)) < timedelta(minutes=1)
    api_token_create(user=researcher, name="x", scopes=["results"], days=365)
    with pytest.raises(TokenRefused):
        api_token_create(user=researcher, name="x", scopes=["results"], days=366)
    with pytest.raises(TokenRefused):
        api_token_create(user=researcher, name="x", scopes=["results"], days=0)


def test_it_refuses_unknown_or_no_scopes(researcher):
    with pytest.raises(TokenRefused):
        api_token_create(user=researcher, name="x", scopes=[])
    with pytest.raises(TokenRefused):
        api_token_create(user=researcher, name="x", scopes=["responses", "write"])


def test_chiefs_and_respondents_cannot_have_tokens(chief_a, researcher, zone_a):
    with pytest.raises(TokenRefused):
        api_token_create(user=chief_a, name="x", scopes=["results"])
    f.MembershipFactory(zone=zone_a, user=researcher)  # a researcher who also answers
    with pytest.raises(TokenRefused):
        api_token_create(user=researcher, name="x", scopes=["results"])


def test_a_token_stops_working_when_expired_revoked_or_its_owner_loses_the_role(researcher):
    row, token = api_token_create(user=researcher, name="x", scopes=["results"])
    assert api_token_authenticate(token) == row
    assert api_token_authenticate(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_token_authenticate(token) is None
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() + timedelta(days=1))
    researcher.is_researcher = researcher.is_staff = False
    researcher.save()
    assert api_token_authenticate(token) is None


def test_pseudonymised_only_needs_the_responses_scope(researcher):
    row, _ = api_token_create(
        user=researcher, name="x", scopes=["results"], pseudonymised_only=True
    )
    assert not row.pseudonymised_only
    row, _ = api_token_create(
        user=researcher, name="x", scopes=["responses"], pseudonymised_only=True
    )
    assert row.pseudonymised_only


def test_the_command_prints_a_working_token(researcher, capsys):
    call_command(
        "create_api_token",
        "--user",
        researcher.email.upper(),
        "--scopes",
        "definitions,responses,results",
        "--days",
        "30",
    )
    token = capsys.readouterr().out.strip().splitlines()[-1]
    row = api_token_authenticate(token)
    assert row.user == researcher
    assert row.scopes == ["definitions", "responses", "results"]
    assert abs(row.expires_at - timezone.now() - timedelta(days=30)) < timedelta(minutes=1)


@pytest.mark.parametrize(
    "arguments",
    [
        ["--user", "nobody@example.be", "--scopes", "results"],
        ["--user", "chief.a@example.be", "--scopes", "results"],
        ["--user", "researcher@example.be", "--scopes", "write"],
        ["--user", "researcher@example.be", "--scopes", "results", "--days", "400"],
    ],
)
def test_the_command_refuses_what_the_page_refuses(researcher, chief_a, arguments):
    with pytest.raises(CommandError):
        call_command("create_api_token", *arguments)
    assert not ApiToken.objects.exists()


def test_the_page_creates_shows_the_token_once_lists_and_revokes(client, researcher):
    client.force_login(researcher)
    page = reverse("results:api_tokens")
    answer = client.post(
        page,
        {
            "name": "Analysis in R",
            "days": "30",
            "scopes": ["responses", "results"],
            "pseudonymised_only": "on",
        },
    )
    assert answer.status_code == 200
    row = ApiToken.objects.get()
    token = answer.context["new_token"]
    assert api_token_authenticate(token) == row
    assert token in answer.content.decode()
    assert row.pseudonymised_only and row.scopes == ["responses", "results"]
    listing = client.get(page).content.decode()
    assert "Analysis in R" in listing and token not in listing
    answer = client.post(reverse("results:api_token_revoke"), {"token": row.pk})
    assert answer.status_code == 302
    assert api_token_authenticate(token) is None


def test_the_page_refuses_more_than_a_year(client, researcher):
    client.force_login(researcher)
    answer = client.post(
        reverse("results:api_tokens"), {"name": "x", "days": "400", "scopes": ["results"]}
    )
    assert answer.status_code == 200
    assert not ApiToken.objects.exists()


def test_researchers_cannot_revoke_each_others_tokens(client, researcher):
    other = f.ResearcherFactory(email="other@example.be")
    row, token = api_token_create(user=other, name="theirs", scopes=["results"])
    client.force_login(researcher)
    revoke = reverse("results:api_token_revoke")
    assert client.post(revoke, {"token": row.pk}).status_code == 404
    assert client.post(revoke, {"token": "x"}).status_code == 404
    assert "theirs" not in client.get(reverse("results:api_tokens")).content.decode()
    assert api_token_authenticate(token) == row


def test_chiefs_do_not_see_the_page(client, chief_a):
    client.force_login(chief_a)
    assert client.get(reverse("results:api_tokens")).status_code == 404
