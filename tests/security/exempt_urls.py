"""A URL configuration with one CSRF-exempt view, to show the CSRF test notices it."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from survey.access import signed_in_view


@csrf_exempt
@signed_in_view
def careless_view(request):
    return HttpResponse("saved")


urlpatterns = [
    path("careless/", careless_view, name="careless"),
    path("", include("config.urls")),
]
