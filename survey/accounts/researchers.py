"""Granting and revoking the researcher role: administrators only, never on administrators."""

from django.contrib.admin.models import CHANGE
from django.db import transaction

from survey.models import User
from survey.questionnaire.drafting import definition_log


@transaction.atomic
def researcher_role_toggle(*, user: User, by: User) -> User:
    """Researchers sign in to the admin too, so the staff flag follows the role."""
    if user.is_superuser:
        raise ValueError("an administrator's rights are not changed here")
    user.is_researcher = user.is_staff = not user.is_researcher
    user.save(update_fields=["is_researcher", "is_staff"])
    definition_log(by=by, obj=user, flag=CHANGE, message=f"is_researcher={user.is_researcher}")
    return user
