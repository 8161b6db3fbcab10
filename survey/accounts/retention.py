"""Personal data kept no longer than each deployment says (settings RETENTION_DAYS_*).

Answers stay: they belong to the zone, not to the person who typed them. What goes, or loses
the link to a person, once older than its period:

* invitations (their address), and the addresses campaign e-mails were sent to;
* sign-in records (django-axes attempts and access logs, with address and browser);
* paradata: who changed, saved or submitted an answer stays in the history as "someone";
* contact details: a zone's contact once the zone has ended, and the accounts of zone members
  who have not signed in for the period (erased as in `personal_data_erase`).

Run by `manage.py apply_retention`, which the `retention_apply` task calls; schedule either
daily (docs/operations.md).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task

from survey.accounts.personal_data import PSEUDONYM_DOMAIN, personal_data_erase
from survey.data_version import data_changed
from survey.models import (
    Answer,
    AnswerChange,
    Invitation,
    OutgoingEmail,
    ResponseEvent,
    RoleAnswer,
    User,
    Zone,
)


@dataclass
class RetentionReport:
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return ", ".join(f"{name}: {count}" for name, count in self.counts.items())


def _cutoff(now, days: int):
    return now - timedelta(days=days)


@transaction.atomic
def retention_apply(*, now=None) -> RetentionReport:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    now = now or timezone.now()
    report = RetentionReport()
    counts = report.counts

    invitations = _cutoff(now, settings.RETENTION_DAYS_INVITATIONS)
    counts["invitations deleted"] = (
        Invitation.objects.filter(created_at__lt=invitations)
        .delete()[1]
        .get("survey.Invitation", 0)
    )
    counts["e-mail addresses removed"] = (
        OutgoingEmail.objects.filter(queued_at__lt=invitations).exclude(to="").update(to="")
    )

    sign_ins = _cutoff(now, settings.RETENTION_DAYS_SIGN_IN_RECORDS)
    counts["sign-in records deleted"] = sum(
        model.objects.filter(attempt_time__lt=sign_ins).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )

    paradata = _cutoff(now, settings.RETENTION_DAYS_PARADATA)
    counts["paradata unlinked"] = (
        AnswerChange.objects.filter(changed_at__lt=paradata, changed_by__isnull=False).update(
            changed_by=None
        )
        + Answer.objects.filter(updated_at__lt=paradata, updated_by__isnull=False).update(
            updated_by=None
        )
        + RoleAnswer.objects.filter(updated_at__lt=paradata, updated_by__isnull=False).update(
            updated_by=None
        )
        + ResponseEvent.objects.filter(at__lt=paradata, by__isnull=False).update(by=None)
    )

    contacts = _cutoff(now, settings.RETENTION_DAYS_CONTACTS)
    counts["zone contacts cleared"] = (
        Zone.objects.filter(valid_to__lt=contacts.date())
        .exclude(contact_name="", contact_email="")
        .update(contact_name="", contact_email="")
    )
    if counts["zone contacts cleared"]:
        data_changed()  # in bulk, no signal: pages cached with the contacts are not served
    dormant = (
        User.objects.filter(is_researcher=False, is_superuser=False, is_staff=False)
        .exclude(email__endswith=f"@{PSEUDONYM_DOMAIN}")
        .annotate(seen=Coalesce("last_login", "date_joined"))
        .filter(Q(seen__lt=contacts))
    )
    erased = 0
    for user in dormant:
        personal_data_erase(user=user, by=None)
        erased += 1
    counts["dormant accounts erased"] = erased
    return report


@task()
def retention_apply_task() -> str:
    """The scheduled form of `manage.py apply_retention` (enqueue it daily, or run the
    command from cron)."""
    from django.core.management import call_command

    call_command("apply_retention")
    return "done"
