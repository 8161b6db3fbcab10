"""A token that changes whenever data behind the results changes, so that computed figures and
charts can be cached under it (results/statistics/cache.py) and never served stale.

The token lives in the shared cache: if it is evicted, a new one is drawn and everything cached
under the old one is simply not found again. It moves on:

* when a model the results read is saved or deleted one by one (signals connected in
  `SurveyConfig.ready`: the admin, services saving single rows);
* when a service writes such rows in bulk (`bulk_create`, `update`, queryset `delete`, which
  send no signals): those services call `data_changed()` themselves.

It moves on at once (later reads in the same transaction see the change) and again when the
transaction commits, so a figure computed by another process from the data before the commit
cannot stay cached under the new token.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

KEY = "survey:data-version"
KEY_AT = "survey:data-changed-at"


def _new() -> str:
    return uuid.uuid4().hex


def data_version() -> str:
    return cache.get_or_set(KEY, _new, timeout=None)


def data_changed_at():
    """When the token last moved (if the cache lost that, now: later is safe, earlier is not)."""
    return cache.get_or_set(KEY_AT, timezone.now, timeout=None)


def _bump() -> None:
    cache.set_many({KEY: _new(), KEY_AT: timezone.now()}, timeout=None)


def data_changed(**_signal_arguments) -> None:
    """Call after writing zones, definitions, responses or answers in bulk."""
    _bump()
    transaction.on_commit(_bump)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from survey.models import (
        Answer,
        Category,
        Edition,
        Item,
        Module,
        Objective,
        Response,
        RoleAnswer,
        Scale,
        ScalePoint,
        Technology,
        Zone,
    )

    definitions = (Category, Edition, Item, Module, Objective, Scale, ScalePoint, Technology)
    for model in (*definitions, Zone, Response, Answer, RoleAnswer):
        post_save.connect(data_changed, sender=model, dispatch_uid=f"data-version-save-{model}")
    # Not on answers: a delete receiver stops Django from deleting rows in one query, and
    # answers are deleted by the million (their deleting services call data_changed).
    for model in (*definitions, Zone, Response):
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"data-version-del-{model}")
