"""Idle session timeout without a session write on every request.

`SESSION_SAVE_EVERY_REQUEST` made every signed-in request an UPDATE and a COMMIT. Instead the
session is saved (which moves its expiry and re-sends the cookie) at most once per
`SESSION_REFRESH_SECONDS`: a session idle for `SESSION_COOKIE_AGE` seconds still ends, give or
take that interval.
"""

import time

from django.conf import settings

KEY = "_refreshed_at"


class SessionRefreshMiddleware:
    """Goes right after SessionMiddleware, so it marks the session before that one saves it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None:  # no session cookie
            return response
        last = session.get(KEY, 0)  # loads it: an unknown or expired key becomes None
        if session.session_key is None or not session.keys():
            return response  # nothing to keep alive (signed out, expired)
        now = int(time.time())
        if now - last >= settings.SESSION_REFRESH_SECONDS:
            session[KEY] = now
        return response
