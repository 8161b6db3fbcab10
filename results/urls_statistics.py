"""URL patterns of the researcher side: statistics."""

urlpatterns: list = []
