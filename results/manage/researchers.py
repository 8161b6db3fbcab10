"""Administrators' page of the researcher role: who has it, grant or revoke it."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from survey.access import administrator_view
from survey.accounts import researchers
from survey.models import User


@administrator_view
def researcher_list(request):
    context = {"users": researchers.users_by_role()}
    return render(request, "results/manage/researchers.html", context)


@administrator_view
@require_POST
def researcher_toggle(request, pk):
    """Grant or revoke the researcher role. Administrators' own rights are not changed here."""
    researchers.researcher_role_toggle(
        user=get_object_or_404(User, pk=pk, is_superuser=False), by=request.user
    )
    return redirect("results:researcher_list")
