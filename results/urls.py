"""Researcher side. Each area keeps its own URL module so they can grow apart.

Statistics come last: its `<edition>/…` patterns would otherwise catch the fixed prefixes
(`manage/`, `reports/`, `data/`) of the other areas.
"""

from . import urls_data, urls_fieldwork, urls_reports, urls_statistics
from .api import token_urls

app_name = "results"
urlpatterns = [
    *urls_fieldwork.urlpatterns,
    *urls_reports.urlpatterns,
    *urls_data.urlpatterns,
    *token_urls.urlpatterns,
    *urls_statistics.urlpatterns,
]
