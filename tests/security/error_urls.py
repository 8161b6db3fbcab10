"""A URL configuration for the error-page tests: the real URLs plus a view that fails."""

from django.urls import include, path

from survey.access import public_view


@public_view
def failing_view(request):
    password = request.POST.get("password")  # noqa: F841 - must not appear in the report
    answer_code = request.POST.get("answer")  # noqa: F841
    raise RuntimeError("boom")


urlpatterns = [
    path("failing/", failing_view, name="failing"),
    path("", include("config.urls")),
]
