"""The project's URLs, plus a stand-in `invitation_accept` while the respondent side's page
is not merged, so e-mailed invitation links can be built in tests."""

from django.http import HttpResponse
from django.urls import get_resolver, path

from config.urls import urlpatterns as project_urlpatterns
from survey.access import public_view

urlpatterns = list(project_urlpatterns)
if "invitation_accept" not in get_resolver("config.urls").reverse_dict:

    @public_view
    def invitation_accept(request, token):
        return HttpResponse(token)

    urlpatterns.append(path("invitation/<str:token>/", invitation_accept, name="invitation_accept"))
