"""Every API call is recorded in the audit history (`survey.audit`, the admin's LogEntry)
against its token, with the method, path and status; calls without a valid token go to the log,
without the header. An administrator finds a token's calls on its admin history page.
"""

import logging

from survey import audit

logger = logging.getLogger("results.api")

API_PREFIX = "/api/"


def api_call_log(*, token, method: str, path: str, status: int) -> None:
    audit.record(by=token.user, obj=token, message=f"API {method} {path} → {status}")


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
