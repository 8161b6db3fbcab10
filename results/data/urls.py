"""URL patterns of the researcher side: data."""

from django.urls import path

from results.data import views as data

M = "data/<edition:edition>/<module:module>/"

urlpatterns = [
    path("data/", data.data_index, name="data"),
    path("data/imports/<int:pending>/", data.import_preview, name="data_import_preview"),
    path("data/<edition:edition>/codebook/", data.codebook_page, name="data_codebook"),
    path(
        "data/<edition:edition>/codebook/<str:fmt>/",
        data.codebook_download,
        name="data_codebook_download",
    ),
    path(M + "export/", data.export_download, name="data_export"),
    path(M + "ddi/", data.ddi_download, name="data_ddi"),
    path(M + "import/", data.import_upload, name="data_import"),
]
