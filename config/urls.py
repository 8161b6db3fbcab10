from django.contrib import admin
from django.urls import include, path

# The order does not matter: the path converters (survey/converters.py) keep the patterns apart.
urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("survey.urls")),
    path("", include("results.reports.zone_urls")),
    path("results/", include("results.urls")),
    path("api/", include("results.api.urls")),
]
