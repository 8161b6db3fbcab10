"""A zone's feedback reports, once the researchers released them. Only the zone's own members
reach them (`zone_for_user_or_404`); an unreleased edition or a zone that did not submit is a 404.
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from results.reports.release import released_editions
from results.reports.views import report_response
from survey.access import zone_for_user_or_404, zone_view
from survey.models import Response


@zone_view
def zone_reports(request, zone):
    zone = zone_for_user_or_404(request.user, zone)
    editions = (
        released_editions()
        .listable()
        .filter(
            modules__responses__zone=zone,
            modules__responses__status=Response.Status.SUBMITTED,
        )
        .distinct()
        .order_by("-fieldwork_start", "-code")
    )
    return render(request, "reports/zone_reports.html", {"zone": zone, "editions": editions})


def _report(request, zone, edition, *, pdf):
    zone = zone_for_user_or_404(request.user, zone)
    edition = get_object_or_404(released_editions(), code=edition)
    kwargs = {"zone": zone.code, "edition": edition.code}
    return report_response(
        request,
        zone,
        edition,
        pdf=pdf,
        report_url=reverse("zone_report", kwargs=kwargs),
        pdf_url=reverse("zone_report_pdf", kwargs=kwargs),
        reports_url=reverse("zone_reports", kwargs={"zone": zone.code}),
    )


@zone_view
@never_cache
def zone_report(request, zone, edition):
    return _report(request, zone, edition, pdf=False)


@zone_view
@never_cache
def zone_report_pdf(request, zone, edition):
    return _report(request, zone, edition, pdf=True)
