"""Researchers' fieldwork dashboard of an open edition: zones' progress, campaigns, the CSV."""

from django.shortcuts import get_object_or_404, render

from results.data.downloads import csv_attachment
from results.manage.forms import DashboardFilterForm
from results.statistics.response_rates import edition_response_rates
from survey.access import researcher_view
from survey.fieldwork.progress import zone_progress
from survey.models import Edition


def _dashboard_rows(request, edition):
    form = DashboardFilterForm(request.GET or None, edition=edition)
    data = form.cleaned_data if form.is_valid() else {}
    module = edition.modules.filter(kind=data["module"]).first() if data.get("module") else None
    rows = zone_progress(edition, module=module)
    if data.get("region"):
        rows = [r for r in rows if r.zone.region == data["region"]]
    if data.get("status"):
        rows = [r for r in rows if r.status == data["status"]]
    return form, rows


@researcher_view
def fieldwork_dashboard(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    form, rows = _dashboard_rows(request, edition)
    context = {
        "edition": edition,
        "form": form,
        "rows": rows,
        "rates": edition_response_rates(edition),
        "campaigns": edition.campaigns.with_counts().select_related("created_by")[:20],
        "query": request.GET.urlencode(),
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
    edition = get_object_or_404(Edition, code=edition)
    _form, rows = _dashboard_rows(request, edition)
    return csv_attachment(
        f"fieldwork-{edition.code}.csv", CSV_COLUMNS, map(_csv_row, rows), delimiter=";"
    )
