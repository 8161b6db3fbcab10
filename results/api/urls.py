"""The API's URL patterns, each with its access rule (survey.access)."""

from django.http import JsonResponse
from ninja import NinjaAPI, Swagger

from survey.access import API_TOKEN, PUBLIC

from . import definitions, figures, responses
from .auth import BearerToken, RateLimited

api = NinjaAPI(
    title="Police Technology Survey API",
    version="1",
    description=(
        "Read-only access for researchers' scripts. Send `Authorization: Bearer <token>`; "
        "tokens are made on the API tokens page of the researcher side. See docs/api.md."
    ),
    auth=BearerToken(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # No deep links: they put a link inside each operation's button (nested controls).
    # The schemas section is left out (each operation shows its own).
    docs=Swagger(
        settings={
            "persistAuthorization": False,
            "deepLinking": False,
            "defaultModelsExpandDepth": -1,
        }
    ),
)
api.add_router("", definitions.router)
api.add_router("", responses.router)
api.add_router("", figures.router)


@api.exception_handler(RateLimited)
def too_many_requests(request, exc):
    response = JsonResponse({"detail": "Too many requests for this token; wait a minute."})
    response.status_code = 429
    response["Retry-After"] = "60"
    return response


# The schema, its page and the root (a redirect to the page) describe the API, no data.
PUBLIC_PATTERNS = {"openapi-json", "openapi-view", "api-root"}


def _patterns():
    patterns, _app_name, _namespace = api.urls
    for pattern in patterns:
        pattern.callback.access_rule = PUBLIC if pattern.name in PUBLIC_PATTERNS else API_TOKEN
    return patterns


urlpatterns = _patterns()
app_name = "api"
