"""Researchers' fieldwork dashboard of an open edition: zones' progress, campaigns, the CSV."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from results.data.downloads import csv_attachment
from results.manage.forms import DashboardFilterForm
from results.statistics.response_rates import edition_response_rates
from survey.access import researcher_view
from survey.fieldwork import progress
from survey.models import Edition


def _zones_page(request, edition, choice) -> dict:
    zones = progress.zones_listed(edition, **choice.filters, sort=choice.sort)
    page = Paginator(zones, choice.per_page).get_page(request.GET.get("page"))
    return {
        "page": page,
        "rows": progress.progress_rows(page, edition, module=choice.filters["module"]),
    }


@researcher_view
def fieldwork_dashboard(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    form = DashboardFilterForm(request.GET or None, edition=edition)
    choice = form.choice()
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "edition": edition,
        "form": form,
        "choice": choice,
        # The zones' section is rendered once per data version, progress stamp and address (a
        # `{% results_cache %}` block): its page of zones is read only then.
        "zones": SimpleLazyObject(lambda: _zones_page(request, edition, choice)),
        "zones_stamp": progress.progress_stamp(edition),
        "address": request.GET.urlencode(),
        "rates": SimpleLazyObject(lambda: edition_response_rates(edition)),
        "campaigns": progress.recent_campaigns(edition),
        "query": query.urlencode(),
        "filter_query": form.filter_query(),
    }
    return render(request, "results/manage/dashboard.html", context)


# The columns of the dashboard's CSV: a public format, scripts read it.
CSV_COLUMNS = [
    "zone",
    "name",
    "region",
    "language",
    "contact_email",
    "status",
    "submitted_modules",
    "started_modules",
    "last_activity",
]


def _csv_row(row) -> list:
    zone = row.zone
    return [
        zone.code,
        zone.name,
        zone.region,
        zone.language,
        zone.contact_email,
        row.status,
        row.submitted_modules,
        row.started_modules,
        row.last_activity,
    ]


@researcher_view
def fieldwork_csv(request, edition):
    """Every zone of the population by code; only the zones the filters in the address choose
    (search, status, region, module) when there are any. Never sorted otherwise or paged."""
    edition = get_object_or_404(Edition, code=edition)
    filters = DashboardFilterForm(request.GET or None, edition=edition).choice().filters
    rows = progress.progress_rows(
        progress.zones_listed(edition, **filters), edition, module=filters["module"]
    )
    return csv_attachment(
        f"fieldwork-{edition.code}.csv", CSV_COLUMNS, map(_csv_row, rows), delimiter=";"
    )
