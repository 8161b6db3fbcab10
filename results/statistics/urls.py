"""URL patterns of the researcher side: statistics, under `editions/<edition>/`.

These pages used to live at `<edition>/…`; those addresses redirect permanently (bookmarks, links
in notes). The converters (`survey/converters.py`) keep either set from catching the fixed
prefixes of the other areas (`manage/`, `reports/`, `data/`), whatever the order of the patterns.
"""

from django.urls import path
from django.views.generic import RedirectView

from results.statistics import views
from survey.access import researcher_view

# (path below the edition, view, name)
PAGES = [
    ("", views.overview, "overview"),
    ("<module:module>/chart/fieldwork.<chart:fmt>", views.fieldwork_chart, "fieldwork_chart"),
    ("<module:module>/availability/", views.availability_page, "availability"),
    (
        "<module:module>/availability/chart/distribution.<chart:fmt>",
        views.availability_chart,
        "availability_chart",
    ),
    ("<module:module>/results.json", views.results_download, "results_json"),
    ("compare/<edition:other>/", views.compare_page, "compare"),
    (
        "compare/<edition:other>/chart/comparison.<chart:fmt>",
        views.compare_chart,
        "compare_chart",
    ),
    ("predictors/", views.predictors_page, "predictors"),
    ("predictors/chart/forest.<chart:fmt>", views.forest_chart, "forest_chart"),
    ("events/objectives/", views.objectives_page, "objectives"),
    ("events/objectives/chart/heat-map.<chart:fmt>", views.heat_map_chart, "heat_map_chart"),
]


def _moved_to(name: str):
    view = RedirectView.as_view(pattern_name=f"results:{name}", permanent=True, query_string=True)
    return researcher_view(view)


urlpatterns = [
    path("", views.index, name="index"),
    *(path("editions/<edition:edition>/" + tail, view, name=name) for tail, view, name in PAGES),
    *(
        path("<edition:edition>/" + tail, _moved_to(name), name=f"old_{name}")
        for tail, _, name in PAGES
    ),
]
