"""URL patterns of the researcher side: fieldwork."""

urlpatterns: list = []
