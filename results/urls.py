"""Researcher side. Each area keeps its own URL module so they can grow apart."""

from results.api import token_urls
from results.data import urls as data_urls
from results.manage import urls as manage_urls
from results.reports import urls as reports_urls
from results.statistics import urls as statistics_urls

app_name = "results"
urlpatterns = [
    *manage_urls.urlpatterns,
    *reports_urls.urlpatterns,
    *data_urls.urlpatterns,
    *token_urls.urlpatterns,
    *statistics_urls.urlpatterns,
]
