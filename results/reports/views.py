"""Zone feedback reports: the researchers' release page and preview, and the shared rendering.

The zone side (`results.reports.zone_views`) renders through `report_response` too, so a zone and a
researcher previewing it see the same page, and the PDF is that page printed by WeasyPrint.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from results.reports.pdf import PdfUnavailable, html_to_pdf
from results.reports.release import (
    ReportsNotReleasable,
    reports_are_released,
    reports_release,
    reports_withdraw,
)
from results.reports.zone_report import zone_report_head, zones_with_report
from survey.access import researcher_view
from survey.models import Edition, Zone

LANGUAGES = dict(settings.LANGUAGES)


def report_language(request, zone) -> str:
    """The language the reader chose (link, switcher or profile), else the zone's own."""
    for chosen in (
        request.GET.get("language"),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
        getattr(request.user, "language", ""),
    ):
        if chosen in LANGUAGES:
            return chosen
    return zone.language


def report_response(request, zone, edition, *, pdf: bool, report_url: str, pdf_url: str, **context):
    """The report page of a zone, or its PDF; 404 when the zone submitted nothing (its report
    has no module: read from the cache like the report, without a query of its own)."""
    language = report_language(request, zone)
    report = zone_report_head(zone, edition, language=language)
    if report is None:
        raise Http404
    if request.GET.get("language") == language:  # the PDF keeps a language chosen by link
        pdf_url = f"{pdf_url}?language={language}"
    context.update(
        report=report,
        pdf=pdf,
        report_url=report_url,
        pdf_url=pdf_url,
        languages=settings.LANGUAGES,
    )
    with translation.override(language):
        if pdf:
            return _pdf_response(
                request, context, f"report-{edition.code}-{zone.code}-{language}.pdf"
            )
        return render(request, "reports/zone_report.html", {**context, "base": "base.html"})


def _pdf_response(request, context, filename):
    """The report page printed by WeasyPrint, or a page saying why it cannot be."""
    html = render_to_string(
        "reports/zone_report.html", {**context, "base": "reports/print.html"}, request
    )
    try:
        document = html_to_pdf(html)
    except PdfUnavailable:
        return render(request, "reports/pdf_unavailable.html", context, status=503)
    return HttpResponse(
        document,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


@researcher_view
def reports_index(request):
    editions = Edition.objects.listable().order_by("-fieldwork_start", "-code")
    return render(request, "reports/index.html", {"editions": editions})


@researcher_view
def reports_edition(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    return render(
        request,
        "reports/edition.html",
        {
            "edition": edition,
            "released": reports_are_released(edition),
            "releasable": edition.status in (Edition.Status.CLOSED, Edition.Status.ARCHIVED),
            # Read only when the list is not cached yet (`{% results_cache %}`).
            "zones": zones_with_report(edition).order_by("code"),
        },
    )


@researcher_view
@require_POST
def reports_release_view(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    try:
        reports_release(edition=edition, by=request.user)
    except ReportsNotReleasable as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The zones can now open their reports."))
    return redirect("results:reports_edition", edition=edition.code)


@researcher_view
@require_POST
def reports_withdraw_view(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    reports_withdraw(edition=edition, by=request.user)
    messages.success(request, _("The reports are withdrawn: zones can no longer open them."))
    return redirect("results:reports_edition", edition=edition.code)


def _preview(request, edition, zone, *, pdf):
    edition = get_object_or_404(Edition, code=edition)
    zone = get_object_or_404(Zone, code=zone)
    kwargs = {"edition": edition.code, "zone": zone.code}
    return report_response(
        request,
        zone,
        edition,
        pdf=pdf,
        report_url=reverse("results:report_preview", kwargs=kwargs),
        pdf_url=reverse("results:report_preview_pdf", kwargs=kwargs),
        preview=True,
        released=reports_are_released(edition),
    )


@researcher_view
@never_cache
def report_preview(request, edition, zone):
    return _preview(request, edition, zone, pdf=False)


@researcher_view
@never_cache
def report_preview_pdf(request, edition, zone):
    return _preview(request, edition, zone, pdf=True)
