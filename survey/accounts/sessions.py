"""Sessions stored with their user as a column (survey.models.Session).

Django reads the session and then, in a second query, the user it names; on a small request
those two reads were most of the request's time. Here one hand-written read (survey/sql_rows.py)
brings the session with its user, and the authentication backend hands that user to Django's
own `get_user`, which still checks that the account is active and that the session's password
hash matches: only the second read goes.

`SESSION_ENGINE = "survey.accounts.sessions"` (database) or `"survey.accounts.cached_sessions"`
(a fast shared cache in front of the database, config/settings.py).
"""

from contextvars import ContextVar
from functools import cache
from importlib import import_module

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.backends import db
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from survey.sql_rows import Columns, planned_once_cursor, quoted

BACKEND = "survey.accounts.sessions.SessionUserBackend"
_read_with_session = ContextVar("read_with_session", default=None)


class UserColumn:
    """What the database and cached-database stores share: the model, the user written as a
    column, the user kept when the session is read."""

    user_read = None  # the signed-in user as read with the session row, if it was

    @classmethod
    def get_model_class(cls):
        from survey.models import Session

        return Session

    def _get_session_from_db(self):
        statement, session_part, user_part = _session_read()
        with planned_once_cursor() as cursor:
            cursor.execute(statement, [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:  # unknown or expired: Django's store forgets the key the same way
            self._session_key, self.user_read = None, None
            return None
        split_at = len(session_part.names)
        session = session_part.build(row[:split_at])
        self.user_read = user_part.build(row[split_at:]) if row[split_at] is not None else None
        return session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = data.get(auth.SESSION_KEY)
        session.user_id = (
            None if user_id is None else auth.get_user_model()._meta.pk.to_python(user_id)
        )
        return session


@cache
def _session_read() -> tuple:
    """The session with its user, by key, unexpired: hand-written (survey/sql_rows.py), as it is
    read on every signed-in request."""
    from survey.models import Session, User

    session, user = Columns.of(Session, "s"), Columns.of(User, "u")  # the user's id first
    statement = (
        f"SELECT {session.select}, {user.select} FROM {quoted(Session)} s "  # noqa: S608
        f"LEFT JOIN {quoted(User)} u ON {quoted(User, 'id', 'u')} = {quoted(Session, 'user', 's')} "
        f"WHERE {quoted(Session, 'session_key', 's')} = %s "
        f"AND {quoted(Session, 'expire_date', 's')} > %s"
    )
    return statement, session, user


class SessionStore(UserColumn, db.SessionStore):
    """Named as Django's stores are: the class name is part of the salt sessions are signed
    with, so sessions stay valid across both engines and Django's own."""


class SessionUserBackend(ModelBackend):
    """Django's model backend, except that the user read with the session is not read again."""

    def get_user(self, user_id):
        user = _read_with_session.get()
        if user is None or str(user.pk) != str(user_id):
            return super().get_user(user_id)
        return user if self.user_can_authenticate(user) else None


def session_user(request):
    """request.user: Django's `auth.get_user` (backend, active account, session hash checks,
    a flushed session when they fail), given the user read with the session."""
    if not hasattr(request, "_cached_user"):
        request.session.get(auth.SESSION_KEY)  # reads the session (and its user) if not yet
        token = _read_with_session.set(getattr(request.session, "user_read", None))
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _read_with_session.reset(token)
    return request._cached_user


class SessionUserMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware with request.user from `session_user`."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: session_user(request))


def sessions_end(user) -> int:
    """Sign the person out everywhere: every session of theirs goes, from the cache too when
    one is in front of the table. Returns how many there were."""
    from survey.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(Session.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(key).delete()
    return len(keys)
