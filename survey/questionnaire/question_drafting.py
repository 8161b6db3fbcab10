"""Writes on the questions of a draft edition's questions module, each logged like the other
definition changes (on the module, which outlives its questions)."""

from django.contrib.admin.models import CHANGE
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from survey import audit
from survey.data_version import data_changed
from survey.models import Choice, Module, Question
from survey.questionnaire.drafting import require_draft
from survey.questionnaire.module_specs import (
    questions_module_create,
    reference_module_spec,
)


@transaction.atomic
def question_save(*, question: Question, choices: list[dict] | None, by) -> Question:
    """Save a question and (for a choice question) its whole answer list; the condition is
    validated against the module as it will be (unknown question, cycle, type mismatch)."""
    require_draft(question.module.edition)
    adding = question.pk is None
    if adding:
        question.order = (question.module.questions.aggregate(m=Max("order"))["m"] or 0) + 1
    question.full_clean(validate_constraints=False)
    if question.module.questions.filter(code=question.code).exclude(pk=question.pk).exists():
        raise ValidationError({"code": _("The module already has a question with this code.")})
    question.save()
    if choices is not None:
        question.choices.all().delete()
        for order, spec in enumerate(choices, start=1):
            choice = Choice(question=question, order=order, **spec)
            choice.full_clean(validate_constraints=False)
            choice.save()
        # a condition of another question on this one must still name one of its answers
        for other in question.module.questions.filter(condition_question=question.code):
            other.full_clean(validate_constraints=False)
    if question.has_choices and not question.choices.exists() and not question.choices_from:
        raise ValidationError({"type": _("A choice question needs at least one answer.")})
    message = _("Added question %(code)s.") if adding else _("Changed question %(code)s.")
    data_changed()
    audit.record(
        by=by, obj=question.module, action=CHANGE, message=message % {"code": question.code}
    )
    return question


@transaction.atomic
def question_remove(*, question: Question, by) -> None:
    module = question.module
    require_draft(module.edition)
    dependent = list(module.questions.filter(condition_question=question.code))
    if dependent:
        raise ValidationError(
            _("%(others)s depend on this question; change their condition first.")
            % {"others": ", ".join(q.code for q in dependent)}
        )
    if question.answers.exists():
        raise ValidationError(_("This question has answers and cannot be removed."))
    code = question.code
    question.delete()
    data_changed()
    audit.record(
        by=by, obj=module, action=CHANGE, message=_("Removed question %(code)s.") % {"code": code}
    )


@transaction.atomic
def questions_module_add(*, edition, spec: dict, by) -> Module:
    require_draft(edition)
    return questions_module_create(edition=edition, spec=spec, by=by)


def reference_module_add(*, edition, code: str, by) -> Module:
    """Add a module shipped as reference data (e.g. `deployment`), following up the
    technologies of its list that the edition's general module has."""
    spec = reference_module_spec(code)
    general = set(
        edition.modules.filter(kind=Module.Kind.GENERAL).values_list(
            "items__technology__code", flat=True
        )
    )
    spec["follow_up"] = [t for t in spec.get("follow_up", []) if t in general]
    return questions_module_add(edition=edition, spec=spec, by=by)
