"""Granting and revoking the researcher role: administrators only, never on administrators."""

from django.db import transaction

from survey import audit
from survey.models import User


@transaction.atomic
def researcher_role_toggle(*, user: User, by: User) -> User:
    """Researchers sign in to the admin too, so the staff flag follows the role."""
    if user.is_superuser:
        raise ValueError("an administrator's rights are not changed here")
    user.is_researcher = user.is_staff = not user.is_researcher
    user.save(update_fields=["is_researcher", "is_staff"])
    audit.record(by=by, obj=user, message=f"is_researcher={user.is_researcher}")
    return user
