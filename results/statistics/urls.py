"""URL patterns of the researcher side: statistics (response rates, availability, ...)."""

from django.urls import path, re_path

from results.statistics import views

MODULE = r"(?P<module>general|events)"
EDITION = r"(?P<edition>[^/]+)"
FORMAT = r"(?P<fmt>svg|png)"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("<str:edition>/", views.overview, name="overview"),
    re_path(
        rf"^{EDITION}/{MODULE}/chart/fieldwork\.{FORMAT}$",
        views.fieldwork_chart,
        name="fieldwork_chart",
    ),
    re_path(rf"^{EDITION}/{MODULE}/availability/$", views.availability_page, name="availability"),
    re_path(
        rf"^{EDITION}/{MODULE}/availability/chart/distribution\.{FORMAT}$",
        views.availability_chart,
        name="availability_chart",
    ),
    re_path(rf"^{EDITION}/{MODULE}/results\.json$", views.results_download, name="results_json"),
    path("<str:edition>/compare/<str:other>/", views.compare_page, name="compare"),
    re_path(
        rf"^{EDITION}/compare/(?P<other>[^/]+)/chart/comparison\.{FORMAT}$",
        views.compare_chart,
        name="compare_chart",
    ),
    path("<str:edition>/predictors/", views.predictors_page, name="predictors"),
    re_path(
        rf"^{EDITION}/predictors/chart/forest\.{FORMAT}$", views.forest_chart, name="forest_chart"
    ),
    path("<str:edition>/events/objectives/", views.objectives_page, name="objectives"),
    re_path(
        rf"^{EDITION}/events/objectives/chart/heat-map\.{FORMAT}$",
        views.heat_map_chart,
        name="heat_map_chart",
    ),
]
