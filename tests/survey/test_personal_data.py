"""An administrator exports everything held about one person, and erases them: the account is
gone, the audit records stay with a pseudonym, the zone's answers stay."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from survey.accounts.personal_data import personal_data_erase
from survey.models import AnswerChange, Invitation, User, ZoneMembership
from tests import factories as f

pytestmark = pytest.mark.django_db


def _action(client, action, user, **extra):
    return client.post(
        reverse("admin:survey_user_changelist"),
        {"action": action, "_selected_action": [user.pk], **extra},
    )


def test_erasing_asks_first_on_a_page_that_names_the_people(client, administrator, chief_a):
    client.force_login(administrator)
    page = _action(client, "erase_personal_data", chief_a)
    assert page.status_code == 200
    assert "chief.a@example.be" in page.text and "cannot be undone" in page.text
    assert 'name="confirm" value="yes"' in page.text
    assert User.objects.get(pk=chief_a.pk).email == "chief.a@example.be"  # nothing erased yet


@pytest.fixture
def answered(chief_a, zone_a):
    module = f.questionnaire(items=1)
    response = f.ResponseFactory(zone=zone_a, module=module)
    AnswerChange.objects.create(
        response=response, item=module.items.first(), new_code=1, changed_by=chief_a
    )
    f.AnswerFactory(response=response, item=module.items.first(), code=1, updated_by=chief_a)
    return response


def test_the_export_holds_account_memberships_invitations_and_changes(
    client, administrator, chief_a, answered
):
    client.force_login(administrator)
    page = _action(client, "export_personal_data", chief_a)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    data = json.loads(page.content)
    assert data["account"]["email"] == "chief.a@example.be"
    assert data["memberships"][0]["zone"] == "1001"
    assert data["answer_changes"][0]["new_code"] == 1
    assert LogEntry.objects.filter(
        object_id=str(chief_a.pk), user=administrator, change_message__contains="exported"
    ).exists()


def test_erasing_keeps_answers_and_audit_under_a_pseudonym(
    client, administrator, chief_a, answered
):
    Invitation.objects.create(
        zone=answered.zone,
        email=chief_a.email,
        role="chief",
        token_hash="x" * 64,
        expires_at="2030-01-01T00:00Z",
    )
    TOTPDevice.objects.create(user=chief_a, name="app", confirmed=True)
    client.force_login(administrator)
    assert _action(client, "erase_personal_data", chief_a, confirm="yes").status_code == 302
    erased = User.objects.get(pk=chief_a.pk)
    assert erased.email == f"erased-{chief_a.pk}@erased.invalid"
    assert not erased.is_active and not erased.has_usable_password()
    assert not ZoneMembership.objects.filter(user=erased).exists()
    assert not Invitation.objects.filter(email__iexact="chief.a@example.be").exists()
    assert not TOTPDevice.objects.filter(user=erased).exists()
    assert AnswerChange.objects.get().changed_by == erased  # the audit keeps the pseudonym
    assert answered.answers.count() == 1
    assert LogEntry.objects.filter(
        object_id=str(erased.pk), user=administrator, change_message__contains="erased"
    ).exists()


def test_only_administrators_have_the_personal_data_actions(client, researcher, chief_a):
    researcher.is_staff = True
    researcher.save()
    client.force_login(researcher)
    page = _action(client, "erase_personal_data", chief_a, confirm="yes")
    assert User.objects.get(pk=chief_a.pk).email == "chief.a@example.be"
    assert page.status_code in (200, 302, 403)


def test_an_administrator_cannot_erase_themselves_by_accident(client, administrator):
    client.force_login(administrator)
    page = _action(client, "erase_personal_data", administrator)
    assert "You selected yourself" in page.text
    _action(client, "erase_personal_data", administrator, confirm="yes")
    assert User.objects.get(pk=administrator.pk).email == "admin@example.be"


def test_erasing_twice_changes_nothing_more(administrator, chief_a):
    personal_data_erase(user=chief_a, by=administrator)
    personal_data_erase(user=chief_a, by=administrator)
    assert User.objects.get(pk=chief_a.pk).email.startswith("erased-")
