"""The chief's page of their zone's members and pending invitations."""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from survey import links
from survey.access import membership_or_404, zone_view
from survey.accounts import colleagues
from survey.accounts.forms import ColleagueInviteForm
from survey.models import Invitation, ZoneMembership


def chief_zone_or_404(user, code):
    membership = membership_or_404(user, code)
    if membership.role != ZoneMembership.Role.CHIEF:
        raise Http404
    return membership.zone


@zone_view
def colleague_list(request, zone):
    zone = chief_zone_or_404(request.user, zone)
    form = ColleagueInviteForm(request.POST or None, zone=zone)
    if request.method == "POST" and form.is_valid():
        colleagues.colleague_invite(
            zone=zone,
            email=form.cleaned_data["email"],
            by=request.user,
            site_url=links.request_site_url(request),
        )
        messages.success(request, _("The invitation has been sent."))
        return redirect("zone_colleagues", zone=zone.code)
    return render(
        request,
        "survey/colleagues.html",
        {
            "zone": zone,
            "form": form,
            "members": zone.memberships.select_related("user").order_by("role", "user__email"),
            "pending": Invitation.objects.filter(zone=zone).usable(),
        },
    )


@zone_view
def invitation_revoke(request, zone, pk):
    zone = chief_zone_or_404(request.user, zone)
    invitation = get_object_or_404(Invitation.objects.filter(zone=zone).usable(), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    colleagues.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation has been revoked."))
    return redirect("zone_colleagues", zone=zone.code)
