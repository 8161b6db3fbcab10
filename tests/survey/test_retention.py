"""Personal data older than its retention period is deleted or unlinked; answers stay."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.utils import timezone

from survey.accounts.retention import retention_apply
from survey.models import Answer, AnswerChange, Invitation, User, Zone
from tests import factories as f

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - dt.timedelta(days=5 * 365)


def _age(queryset, **fields):
    queryset.update(**fields)


@pytest.fixture
def old_and_new(chief_a, chief_b, zone_a, researcher):
    module = f.questionnaire(items=1)
    item = module.items.first()
    response = f.ResponseFactory(zone=zone_a, module=module)
    answer = f.AnswerFactory(response=response, item=item, code=1, updated_by=chief_a)
    AnswerChange.objects.create(response=response, item=item, new_code=1, changed_by=chief_a)
    _age(Answer.objects.filter(pk=answer.pk), updated_at=LONG_AGO)
    _age(AnswerChange.objects.all(), changed_at=LONG_AGO)
    for email, created in (("old@example.be", LONG_AGO), ("new@example.be", timezone.now())):
        invitation = Invitation.objects.create(
            zone=zone_a,
            email=email,
            role="colleague",
            token_hash=email.ljust(64, "x"),
            expires_at=created + dt.timedelta(days=30),
        )
        _age(Invitation.objects.filter(pk=invitation.pk), created_at=created)
    AccessAttempt.objects.create(
        username="x@example.be",
        ip_address="10.0.0.1",
        user_agent="ua",
        failures_since_start=1,
    )
    _age(AccessAttempt.objects.all(), attempt_time=LONG_AGO)
    AccessLog.objects.create(
        username="chief.b@example.be",
        ip_address="10.0.0.2",
        user_agent="ua",
        attempt_time=timezone.now(),
    )
    ended = f.ZoneFactory(
        code="3003",
        valid_to=dt.date(2015, 12, 31),
        contact_name="Old Chief",
        contact_email="old.chief@example.be",
    )
    User.objects.filter(pk=chief_a.pk).update(last_login=LONG_AGO)
    User.objects.filter(pk=chief_b.pk).update(last_login=timezone.now())
    User.objects.filter(pk=researcher.pk).update(last_login=LONG_AGO)
    return {"answer": answer, "ended": ended}


def test_old_personal_data_goes_and_answers_stay(old_and_new, chief_a, chief_b, researcher):
    report = retention_apply()
    assert list(Invitation.objects.values_list("email", flat=True)) == ["new@example.be"]
    assert not AccessAttempt.objects.exists() and AccessLog.objects.count() == 1
    assert AnswerChange.objects.get().changed_by is None
    answer = Answer.objects.get()
    assert answer.code == 1 and answer.updated_by is None
    assert Zone.objects.get(code="3003").contact_email == ""
    assert User.objects.get(pk=chief_a.pk).email.startswith("erased-")  # dormant for years
    assert User.objects.get(pk=chief_b.pk).email == "chief.b@example.be"
    assert User.objects.get(pk=researcher.pk).email == "researcher@example.be"
    assert report.counts["invitations deleted"] == 1


def test_a_second_run_changes_nothing(old_and_new):
    retention_apply()
    assert set(retention_apply().counts.values()) == {0}


def test_the_command_and_the_task_apply_it(old_and_new, capsys, settings):
    from survey.accounts.retention import retention_apply_task

    settings.RETENTION_DAYS_INVITATIONS = 100_000
    call_command("apply_retention")
    assert "Retention applied" in capsys.readouterr().out
    assert Invitation.objects.count() == 2  # the period comes from the settings
    settings.RETENTION_DAYS_INVITATIONS = 365
    retention_apply_task.call()
    assert Invitation.objects.count() == 1
