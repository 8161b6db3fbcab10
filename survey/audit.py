"""The one record of researchers' and administrators' writes: who changed what, and when.

Every write from a researcher page goes through `record`, which stores it in Django's admin log
(`LogEntry`), so the admin's own history, the definition history page and this record are one
list. Writes that keep a richer record of their own (edition status moves, response events) keep
it; they do not need a second one.
"""

from collections.abc import Iterable

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry

__all__ = ["ADDITION", "CHANGE", "DELETION", "record", "record_many"]


def record(*, by, obj, message: str, action: int = CHANGE) -> None:
    """Record one write on `obj` by the user `by`."""
    LogEntry.objects.log_actions(by.pk, [obj], action, message, single_object=True)


def record_many(*, by, objs: Iterable, message: str, action: int = CHANGE) -> None:
    """Record the same write on many objects at once (e.g. a register import)."""
    objs = list(objs)
    if objs:
        LogEntry.objects.log_actions(by.pk, objs, action, message)
