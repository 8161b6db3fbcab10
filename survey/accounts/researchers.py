"""Granting and revoking the researcher role: administrators only, never on administrators."""

from django.db import transaction

from survey import audit
from survey.models import User


def users_by_role():
    """Active users as the researchers page lists them: administrators, researchers, the rest."""
    return User.objects.filter(is_active=True).order_by("-is_superuser", "-is_researcher", "email")


@transaction.atomic
def researcher_role_toggle(*, user: User, by: User) -> User:
    """Researchers sign in to the admin too, so the staff flag follows the role."""
    if user.is_superuser:
        raise ValueError("an administrator's rights are not changed here")
    user.is_researcher = user.is_staff = not user.is_researcher
    user.save(update_fields=["is_researcher", "is_staff"])
    audit.record(by=by, obj=user, message=f"is_researcher={user.is_researcher}")
    return user
