"""A module's questionnaire as the respondent pages use it, loaded once per process and
definition version rather than on every request.

The entry is found by the module's pk and its edition's `definition_version`
(survey/definition_version.py), which the page reads with the module anyway: a page whose
module is in memory costs no query for its items, scales or objectives, and a change to the
questionnaire draws a new version, so a stale entry is never found again (it simply ages out).
What is built from the definitions and depends on nothing else (the rendered answer grid per
language, survey/answering/grid.py) is kept on the entry.

Entries are shared by every request of the process: read them, never change them.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from survey.models import Edition, Item, Module, Objective, ScalePoint

# Modules kept per process: every module of a few editions at a few hundred kB each.
KEPT = 32


@dataclass
class ModuleDefinition:
    """Items (with category and technology), scale points and the role matrix of one module."""

    items: list
    points: list
    objectives: list
    role_categories: list
    role_points: list
    built: dict = field(default_factory=dict)  # what grid.py renders from it, by its own key

    @classmethod
    def load(cls, module) -> "ModuleDefinition":
        items = list(
            Item.objects.filter(module=module)
            .select_related("category", "technology")
            .in_questionnaire_order()
        )
        scales = [pk for pk in (module.scale_id, module.role_scale_id) if pk is not None]
        points = list(ScalePoint.objects.filter(scale_id__in=scales).order_by("code"))
        objectives, role_categories = [], []
        if module.has_role_matrix:
            objectives = list(Objective.objects.filter(module=module))
            # The categories present in the module, as Module.role_categories() orders them.
            present = {item.category_id: item.category for item in items}
            role_categories = sorted(present.values(), key=lambda c: (c.order, c.code))
        return cls(
            items=items,
            points=[p for p in points if p.scale_id == module.scale_id],
            objectives=objectives,
            role_categories=role_categories,
            role_points=[p for p in points if p.scale_id == module.role_scale_id],
        )

    @property
    def total(self) -> int:
        """Questions of the module: its items and, with a role matrix, every cell of it."""
        return len(self.items) + len(self.role_categories) * len(self.objectives)

    def point_labels(self) -> dict[int, str]:
        """{code: label} of the answer scale, in the active language."""
        return {point.code: point.label for point in self.points}

    def role_point_labels(self) -> dict[int, str]:
        return {point.code: point.label for point in self.role_points}


# {(kind, module pk, definition version): (edition pk, value)}, least recently used first.
_kept: OrderedDict = OrderedDict()
_lock = threading.Lock()


def _questions(module):
    from survey.answering.conditions import ModuleQuestions

    return ModuleQuestions.load(module)


# What is kept per module, and how it is loaded from the module.
LOADERS = {"grid": ModuleDefinition.load, "questions": _questions}


def _kept_or_loaded(kind: str, module_pk: int, version, module=None):
    key = (kind, module_pk, version)
    with _lock:
        entry = _kept.get(key)
        if entry is not None:
            _kept.move_to_end(key)
            return entry[1]
    module = module or Module.objects.get(pk=module_pk)
    value = LOADERS[kind](module)
    _keep(key, module.edition_id, value)
    return value


def module_definition(module) -> ModuleDefinition:
    """The grid module's definition; `module.edition` must be the edition as read by this
    request (its `definition_version` decides whether the entry in memory is still the one)."""
    return _kept_or_loaded("grid", module.pk, module.edition.definition_version, module)


def definition_by_key(module_pk: int, version, module=None) -> ModuleDefinition:
    """The definition of the module with that pk, at the definition version its edition has
    (read by the caller); the module row is read only if the entry is not in memory."""
    return _kept_or_loaded("grid", module_pk, version, module)


def questions_definition(module):
    """The questions module's definitions (survey/answering/conditions.py ModuleQuestions),
    kept like a grid's: they read the general module of the same edition, whose changes draw
    the same edition's new version."""
    return _kept_or_loaded("questions", module.pk, module.edition.definition_version, module)


def _keep(key, edition_id, value) -> None:
    with _lock:
        _kept[key] = (edition_id, value)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)


def refresh_kept(**_signal_arguments) -> None:
    """After a definition row of any edition changed: reload what this process keeps of the
    editions with a new version, so the process that changed a questionnaire does not pay for
    it on its next page. Other processes load theirs on their next page that needs it.

    Connected after the receivers that draw the new versions (survey/definition_version.py)."""
    with _lock:
        kept = list(_kept.items())
    if not kept:
        return
    versions = dict(
        Edition.objects.filter(pk__in={edition for _key, (edition, _v) in kept}).values_list(
            "pk", "definition_version"
        )
    )
    stale = [key for key, (edition, _v) in kept if versions.get(edition) != key[2]]
    with _lock:
        for key in stale:
            _kept.pop(key, None)
    modules = Module.objects.filter(pk__in={pk for _kind, pk, _version in stale})
    by_pk = {module.pk: module for module in modules.select_related("edition")}
    for kind, pk, _version in stale:
        module = by_pk.get(pk)
        if module is not None:
            version = module.edition.definition_version
            _keep((kind, pk, version), module.edition_id, LOADERS[kind](module))


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from survey.definition_version import definition_models

    for model in definition_models():
        uid = f"sheet-definition-{model._meta.model_name}"
        post_save.connect(refresh_kept, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(refresh_kept, sender=model, dispatch_uid=f"{uid}-delete")


def forget_all() -> None:
    """Empty this process's entries (tests that count the queries of a first visit)."""
    with _lock:
        _kept.clear()
