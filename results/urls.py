"""Researcher side. Each area keeps its own URL module so they can grow apart.

Statistics come last: its `<edition>/…` patterns would otherwise catch the fixed prefixes
(`manage/`, `reports/`, `data/`) of the other areas.
"""

from results.data import urls as data_urls
from results.manage import urls as manage_urls
from results.reports import urls as reports_urls
from results.statistics import urls as statistics_urls

app_name = "results"
urlpatterns = [
    *manage_urls.urlpatterns,
    *reports_urls.urlpatterns,
    *data_urls.urlpatterns,
    *statistics_urls.urlpatterns,
]
