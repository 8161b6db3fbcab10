"""URL patterns of the researcher side: data."""

from django.urls import path

from results.data import views as data

urlpatterns = [
    path("data/", data.data_index, name="data"),
    path("data/imports/<int:pending>/", data.import_preview, name="data_import_preview"),
    path("data/<str:edition>/codebook/", data.codebook_page, name="data_codebook"),
    path(
        "data/<str:edition>/codebook/<str:fmt>/",
        data.codebook_download,
        name="data_codebook_download",
    ),
    path("data/<str:edition>/<str:module>/export/", data.export_download, name="data_export"),
    path(
        "data/<str:edition>/<str:module>/paradata.csv",
        data.paradata_download,
        name="data_paradata",
    ),
    path("data/<str:edition>/<str:module>/import/", data.import_upload, name="data_import"),
]
