from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path(
        "", include("results.reports.zone_urls")
    ),  # before survey's zone/<zone>/<edition>/<module>/
    path("", include("survey.urls")),
    path("results/", include("results.urls")),
]
