"""SESSION_ENGINE with a fast shared cache (Redis) in front of the session table: Django's
cached database store with the user column of survey.accounts.sessions."""

from django.contrib.sessions.backends import cached_db

from survey.accounts.sessions import UserColumn


class SessionStore(UserColumn, cached_db.SessionStore):
    """A session found in the cache has no user read with it: that request reads the user as
    Django does (one query). Named as Django's (the class name salts the signature)."""
