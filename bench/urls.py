"""The application's URLs plus a minimal view: the baseline the HTTP benchmark compares with."""

from django.http import HttpResponse
from django.urls import include, path

from survey.access import public_view


@public_view
def minimal(request):
    """Goes through the full middleware stack (session, auth, CSP...) and does nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("", include("config.urls")),
]
