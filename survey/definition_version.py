"""A token per edition, `Edition.definition_version`, drawn anew whenever the edition's
questionnaire changes, so that what is built from the definitions (a module's items and scales,
its rendered answer grid: survey/answering/sheet_definition.py) can be kept in each process's
memory under it and never be served stale.

It lives on the edition's row, which every respondent page reads anyway: checking it costs no
query. It moves on:

* when a definition row is saved or deleted one by one (signals connected in
  `SurveyConfig.ready`: the admin, the drafting services, `load_reference`);
* when a service writes definitions in bulk (`bulk_create`, `update`, which send no signals):
  those services call `definitions_changed(edition)` themselves.

Being a column, it changes in the same transaction as the definitions: a process that reads the
new token reads the new definitions, and a token is never reused (a random UUID, not a counter,
so a rolled-back test or a restored database cannot meet an entry built for other rows).
"""

import uuid


def definitions_changed(edition) -> None:
    """Call after writing an edition's categories, scales, modules, items, objectives or
    questions in bulk. `edition` is an Edition or its pk."""
    from survey.models import Edition

    Edition.objects.filter(pk=getattr(edition, "pk", edition)).update(
        definition_version=uuid.uuid4()
    )


def _editions(sender, instance):
    """The editions whose questionnaire a saved or deleted definition row belongs to."""
    from survey.models import Edition

    name = sender._meta.model_name
    if name == "technology":  # shared by every edition
        return Edition.objects.all()
    if name in ("module", "category", "scale"):
        return Edition.objects.filter(pk=instance.edition_id)
    if name == "scalepoint":
        return Edition.objects.filter(scales=instance.scale_id)
    if name in ("item", "objective", "question"):
        return Edition.objects.filter(modules=instance.module_id)
    if name == "choice":
        return Edition.objects.filter(modules__questions=instance.question_id)
    raise ValueError(name)


def _changed(sender, instance, **_signal_arguments) -> None:
    _editions(sender, instance).update(definition_version=uuid.uuid4())


def definition_models() -> tuple:
    """The models whose rows make up an edition's questionnaire."""
    from survey.models import (
        Category,
        Choice,
        Item,
        Module,
        Objective,
        Question,
        Scale,
        ScalePoint,
        Technology,
    )

    return (Category, Choice, Item, Module, Objective, Question, Scale, ScalePoint, Technology)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    for model in definition_models():
        uid = f"definition-version-{model._meta.model_name}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
