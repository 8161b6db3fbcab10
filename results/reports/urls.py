"""URL patterns of the researcher side: zone feedback reports (release, withdraw, preview)."""

from django.urls import path

from results.reports import views as reports

urlpatterns = [
    path("reports/", reports.reports_index, name="reports"),
    path("reports/<str:edition>/", reports.reports_edition, name="reports_edition"),
    path("reports/<str:edition>/release/", reports.reports_release_view, name="reports_release"),
    path("reports/<str:edition>/withdraw/", reports.reports_withdraw_view, name="reports_withdraw"),
    path(
        "reports/<str:edition>/zones/<str:zone>/",
        reports.report_preview,
        name="report_preview",
    ),
    path(
        "reports/<str:edition>/zones/<str:zone>/pdf/",
        reports.report_preview_pdf,
        name="report_preview_pdf",
    ),
]
