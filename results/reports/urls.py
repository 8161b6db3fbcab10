"""URL patterns of the researcher side: zone feedback reports (release, withdraw, preview)."""

from django.urls import path

from results.reports import views as reports

urlpatterns = [
    path("reports/", reports.reports_index, name="reports"),
    path("reports/<edition:edition>/", reports.reports_edition, name="reports_edition"),
    path(
        "reports/<edition:edition>/release/", reports.reports_release_view, name="reports_release"
    ),
    path(
        "reports/<edition:edition>/withdraw/",
        reports.reports_withdraw_view,
        name="reports_withdraw",
    ),
    path(
        "reports/<edition:edition>/zones/<str:zone>/",
        reports.report_preview,
        name="report_preview",
    ),
    path(
        "reports/<edition:edition>/zones/<str:zone>/pdf/",
        reports.report_preview_pdf,
        name="report_preview_pdf",
    ),
]
