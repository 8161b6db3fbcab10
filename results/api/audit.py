"""Every API call is recorded: in the admin's history (LogEntry) against the token, with the
method, path and status; calls without a valid token in the log, without the header.

The LogEntry is the same history that records changes to the questionnaire, so an
administrator finds a token's calls on its admin history page.
"""

import logging

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

logger = logging.getLogger("results.api")

API_PREFIX = "/api/"


def api_call_log(*, token, method: str, path: str, status: int) -> None:
    LogEntry.objects.create(
        user_id=token.user_id,
        content_type=ContentType.objects.get_for_model(type(token)),
        object_id=str(token.pk),
        object_repr=str(token)[:200],
        action_flag=CHANGE,
        change_message=f"API {method} {path} → {status}",
    )


class ApiAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        token = getattr(request, "api_token", None)
        if token is not None:
            api_call_log(
                token=token, method=request.method, path=request.path, status=response.status_code
            )
        logger.info(
            "api %s %s status=%s token=%s",
            request.method,
            request.path,
            response.status_code,
            token.pk if token is not None else "-",
        )
        return response
