"""Researcher side. Each area keeps its own URL module so they can grow apart."""

from . import urls_data, urls_fieldwork, urls_reports, urls_statistics

app_name = "results"
urlpatterns = [
    *urls_reports.urlpatterns,  # before statistics' catch-all "<edition>/"
    *urls_statistics.urlpatterns,
    *urls_data.urlpatterns,
    *urls_fieldwork.urlpatterns,
]
