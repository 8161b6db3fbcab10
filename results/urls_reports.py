"""URL patterns of the researcher side: reports."""

urlpatterns: list = []
