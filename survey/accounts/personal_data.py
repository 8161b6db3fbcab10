"""Everything held about one person: its export (JSON) and its erasure.

Erasure removes the account's personal data and every way into it, and keeps the user row as a
pseudonym ("erased-<id>"), so the audit records (the admin history, who changed which answer,
who submitted) stay complete without naming the person. Answers stay: they belong to the zone.
"""

from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp import devices_for_user

from survey import audit
from survey.accounts.sessions import sessions_end
from survey.models import AnswerChange, Invitation, ResponseEvent, User, ZoneMembership

PSEUDONYM_DOMAIN = "erased.invalid"


def _sign_in_records(email: str):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return [
        model.objects.filter(username__iexact=email)
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    ]


def _when(value):
    return value.isoformat() if value else None


def personal_data_export(*, user: User, by: User) -> dict:
    """What the application holds about `user`, as plain JSON-ready data; the export is
    recorded in the admin history."""
    data = {
        "exported_at": _when(timezone.now()),
        "account": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "is_active": user.is_active,
            "is_researcher": user.is_researcher,
            "is_administrator": user.is_superuser,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "memberships": [
            {"zone": m.zone.code, "role": m.role, "since": _when(m.created_at)}
            for m in ZoneMembership.objects.filter(user=user).select_related("zone")
        ],
        "invitations": [
            {
                "zone": i.zone.code,
                "email": i.email,
                "role": i.role,
                "created_at": _when(i.created_at),
                "expires_at": _when(i.expires_at),
                "accepted_at": _when(i.accepted_at),
                "revoked_at": _when(i.revoked_at),
            }
            for i in Invitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by=user))
            .select_related("zone")
            .distinct()
        ],
        "second_factor_devices": [
            {"type": type(d).__name__, "name": d.name, "confirmed": d.confirmed}
            for d in devices_for_user(user, confirmed=None)
        ],
        "sign_in_records": [
            {
                "kind": type(record).__name__,
                "at": _when(record.attempt_time),
                "ip_address": record.ip_address,
                "user_agent": record.user_agent,
            }
            for records in _sign_in_records(user.email)
            for record in records
        ],
        "answer_changes": [
            {
                "zone": c.response.zone.code,
                "edition": c.response.module.edition.code,
                "module": c.response.module.kind,
                "at": _when(c.changed_at),
                "old_code": c.old_code,
                "new_code": c.new_code,
            }
            for c in AnswerChange.objects.filter(changed_by=user).select_related(
                "response__zone", "response__module__edition"
            )
        ],
        "response_events": [
            {"zone": e.response.zone.code, "kind": e.kind, "at": _when(e.at)}
            for e in ResponseEvent.objects.filter(by=user).select_related("response__zone")
        ],
        "audit_records": [
            {"at": _when(e.action_time), "object": e.object_repr, "change": e.get_change_message()}
            for e in LogEntry.objects.filter(user=user)
        ],
    }
    _log(by=by, user=user, message="personal data exported")
    return data


@transaction.atomic
def personal_data_erase(*, user: User, by: User) -> User:
    """Remove the person: contact data, memberships, invitations, devices and sign-in records
    go; the row stays as a pseudonym that the audit records keep pointing to."""
    email = user.email
    Invitation.objects.filter(email__iexact=email).delete()
    ZoneMembership.objects.filter(user=user).delete()
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    for records in _sign_in_records(email):
        records.delete()
    user.email = f"erased-{user.pk}@{PSEUDONYM_DOMAIN}"
    user.first_name = user.last_name = user.language = ""
    user.is_active = user.is_staff = user.is_superuser = user.is_researcher = False
    user.set_unusable_password()
    user.save()
    sessions_end(user)
    _log(by=by, user=user, message="personal data erased; account kept as a pseudonym")
    return user


def is_erased(user: User) -> bool:
    return user.email.endswith(f"@{PSEUDONYM_DOMAIN}")


def _log(*, by, user, message):
    """In the admin history of the user; without an administrator (the retention task) the
    entry is the pseudonymous user's own."""
    audit.record(by=by or user, obj=user, message=message)
