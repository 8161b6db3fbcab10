"""URL patterns of the researcher side: data."""

urlpatterns: list = []
