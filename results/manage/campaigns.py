"""Researchers' campaign pages: send invitations or reminders, follow one campaign, retry."""

from django.contrib import messages
from django.db.models import Max, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from results.manage.forms import CampaignForm
from results.statistics.cache import fragment_context
from survey import links
from survey.access import researcher_view
from survey.fieldwork import campaigns
from survey.models import Campaign, Edition, OutgoingEmail


def _report(request, result):
    messages.success(request, _("%(n)s messages queued.") % {"n": result.queued})
    if result.without_email:
        codes = ", ".join(z.code for z in result.without_email)
        messages.warning(request, _("No e-mail address for zones %(codes)s.") % {"codes": codes})
    if result.skipped:
        messages.info(
            request,
            _("%(n)s zones skipped (already invited, or submitted).") % {"n": len(result.skipped)},
        )


@researcher_view
def campaign_new(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    form = CampaignForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = campaigns.campaign_create(
                edition=edition,
                kind=data["kind"],
                by=request.user,
                zones=data["zones"] or None,
                resend=data["resend"],
                site_url=links.request_site_url(request),
            )
        except campaigns.CampaignError as exc:
            messages.error(request, str(exc))
        else:
            _report(request, result)
            return redirect("results:campaign_detail", pk=result.campaign.pk)
    # The form as first shown (the zones of the population) is rendered once per data version.
    context = {"edition": edition, "form": form, **fragment_context()}
    return render(request, "results/manage/campaign_new.html", context)


@researcher_view
def campaign_detail(request, pk):
    campaign = get_object_or_404(
        Campaign.objects.with_counts()
        .annotate(attempts=Sum("emails__attempts"), last_sent=Max("emails__sent_at"))
        .select_related("edition", "created_by"),
        pk=pk,
    )
    context = {
        "campaign": campaign,
        # The messages' table is rendered once per data version (the zones' names) and state of
        # the messages: every attempt to send one adds to `attempts` or moves a count.
        "emails_stamp": [
            *(getattr(campaign, status) for status in OutgoingEmail.Status.values),
            campaign.attempts,
            campaign.last_sent,
        ],
        "emails": campaign.emails.select_related("zone"),
        **fragment_context(),
    }
    return render(request, "results/manage/campaign_detail.html", context)


@researcher_view
@require_POST
def campaign_retry_failed(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    count = campaigns.campaign_retry(campaign=campaign, site_url=links.request_site_url(request))
    messages.success(request, _("%(n)s failed messages queued again.") % {"n": count})
    return redirect("results:campaign_detail", pk=campaign.pk)
