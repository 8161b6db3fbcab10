"""Zone side of the feedback reports: a zone's chief and colleagues open their own reports."""

from django.urls import path

from results.reports import zone_views as views_reports

urlpatterns = [
    path("zone/<str:zone>/reports/", views_reports.zone_reports, name="zone_reports"),
    path(
        "zone/<str:zone>/reports/<edition:edition>/", views_reports.zone_report, name="zone_report"
    ),
    path(
        "zone/<str:zone>/reports/<edition:edition>/pdf/",
        views_reports.zone_report_pdf,
        name="zone_report_pdf",
    ),
]
