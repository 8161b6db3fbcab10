"""A questions module as plain data (a "spec"), and back: copy an edition, ship the deployment
module as reference data, and read or write the questionnaire workbook with one description.

A spec is a dict: `code`, `title`/`question`/`intro` ({language: text}), `follow_up` (technology
codes) and `questions`, each with `code`, `type`, `text`, `help`, `per_technology`,
`choices_from`, `optional`, `min`, `max`, `dont_know`, `max_length`, `condition`
([question, operator, value]) and `choices` ([{code, label, exclusive, missing}]).
"""

import json
from pathlib import Path

from django.contrib.admin.models import ADDITION
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from survey.data_version import data_changed
from survey.languages import LANGUAGES
from survey.models import Choice, Edition, Module, Question

REFERENCE_MODULES = Path(__file__).resolve().parent.parent / "reference" / "modules"
NUMBERS = (("min", "min_value"), ("max", "max_value"), ("dont_know", "dont_know"))


def reference_module_spec(code: str = "deployment") -> dict:
    return json.loads((REFERENCE_MODULES / f"{code}.json").read_text(encoding="utf-8"))


def reference_module_codes() -> list[str]:
    return sorted(path.stem for path in REFERENCE_MODULES.glob("*.json"))


def _texts(obj, prefix: str) -> dict:
    return {lang: getattr(obj, f"{prefix}_{lang}") for lang in LANGUAGES}


def module_spec(module: Module) -> dict:
    """The spec of a questions module (the inverse of `questions_module_create`)."""
    questions = []
    for question in module.questions.order_by("order", "id").prefetch_related("choices"):
        spec = {
            "code": question.code,
            "type": question.type,
            "text": _texts(question, "text"),
            "help": _texts(question, "help"),
            "per_technology": question.per_technology,
            "choices_from": question.choices_from,
            "optional": question.optional,
            "max_length": question.max_length,
            "condition": [
                question.condition_question,
                question.condition_operator,
                question.condition_value,
            ]
            if question.has_condition
            else None,
            "choices": [
                {
                    "code": c.code,
                    "label": _texts(c, "label"),
                    "exclusive": c.exclusive,
                    "missing": c.missing,
                }
                for c in question.choices.order_by("order", "id")
            ],
        }
        for key, name in NUMBERS:
            spec[key] = getattr(question, name)
        questions.append(spec)
    return {
        "code": module.kind,
        "order": module.order,
        "title": _texts(module, "title"),
        "question": _texts(module, "question"),
        "intro": _texts(module, "intro"),
        "follow_up": list(module.follow_up or []),
        "questions": questions,
    }


def _text_fields(prefix: str, texts: dict | None) -> dict:
    texts = texts or {}
    return {f"{prefix}_{lang}": texts.get(lang) or "" for lang in LANGUAGES}


class SpecErrors(ValidationError):
    """Every problem of a spec: `.problems` holds (question code or None for the module,
    field, message); the messages read "question purpose, condition_question: …"."""

    def __init__(self, problems: list[tuple]):
        self.problems = problems
        super().__init__(
            [
                f"{'module' if where is None else f'question {where}'}, {field}: {message}"
                for where, field, message in problems
            ]
        )


def _errors_of(error: ValidationError, where) -> list[tuple]:
    if hasattr(error, "error_dict"):
        return [
            (where, name, message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [(where, "-", message) for message in error.messages]


@transaction.atomic
def questions_module_create(*, edition: Edition, spec: dict, by=None) -> Module:
    """Create the questions module of `spec` in `edition`; every problem of the spec is raised
    at once in a ValidationError, and then nothing is written."""
    errors = []
    general_codes = set(
        edition.modules.filter(kind=Module.Kind.GENERAL).values_list(
            "items__technology__code", flat=True
        )
    )
    unknown = [code for code in spec.get("follow_up") or [] if code not in general_codes]
    if unknown:
        errors.append(
            (
                None,
                "follow_up",
                f"{', '.join(unknown)}: not a technology of the general module of {edition.code}",
            )
        )
    order = spec.get("order") or (edition.modules.aggregate(m=Max("order"))["m"] or 0) + 1
    module = Module(
        edition=edition,
        kind=spec.get("code") or "",
        form=Module.Form.QUESTIONS,
        order=order,
        follow_up=list(spec.get("follow_up") or []),
        **_text_fields("title", spec.get("title")),
        **_text_fields("question", spec.get("question")),
        **_text_fields("intro", spec.get("intro")),
    )
    try:
        module.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors.extend(_errors_of(error, None))
    if edition.modules.filter(kind=module.kind).exists():
        errors.append((None, "code", _("the edition already has a module with this code")))
    if errors:
        raise SpecErrors(errors)
    module.save()
    created = []
    for index, qspec in enumerate(spec.get("questions") or [], start=1):
        question = Question(
            module=module,
            code=qspec.get("code") or "",
            order=index,
            type=qspec.get("type") or "",
            per_technology=bool(qspec.get("per_technology")),
            choices_from=qspec.get("choices_from") or "",
            optional=bool(qspec.get("optional")),
            max_length=qspec.get("max_length"),
            **{name: qspec.get(key) for key, name in NUMBERS},
            **_text_fields("text", qspec.get("text")),
            **_text_fields("help", qspec.get("help")),
        )
        where = question.code or str(index)
        try:
            question.full_clean(validate_constraints=False)
        except ValidationError as error:
            errors.extend(_errors_of(error, where))
            continue
        if any(q.code == question.code for q, _spec in created):
            errors.append((where, "code", _("the code appears twice")))
            continue
        question.save()
        created.append((question, qspec))
        choices = qspec.get("choices") or []
        if question.has_choices and not choices and not question.choices_from:
            errors.append((where, "choices", _("a question with choices needs an answer list")))
        if choices and not question.has_choices:
            errors.append((where, "choices", _("only a choice question has answers")))
        seen = set()
        for order, cspec in enumerate(choices, start=1):
            choice = Choice(
                question=question,
                code=str(cspec.get("code") or ""),
                order=order,
                exclusive=bool(cspec.get("exclusive")),
                missing=bool(cspec.get("missing")),
                **{
                    f"label_{lang}": (cspec.get("label") or {}).get(lang) or ""
                    for lang in LANGUAGES
                },
            )
            try:
                choice.full_clean(validate_constraints=False)
            except ValidationError as error:
                errors.extend(
                    (where, "choices", f"answer {choice.code or order}: {message}")
                    for _w, _f, message in _errors_of(error, where)
                )
                continue
            if choice.code in seen:
                errors.append(
                    (where, "choices", _("answer %(code)s appears twice") % {"code": choice.code})
                )
                continue
            seen.add(choice.code)
            choice.save()
    # Conditions last: they may refer to questions further down.
    for question, qspec in created:
        condition = qspec.get("condition")
        if not condition:
            continue
        parts = [str(part or "") for part in (list(condition) + ["", "", ""])[:3]]
        question.condition_question, question.condition_operator, question.condition_value = parts
        try:
            question.full_clean(validate_constraints=False)
        except ValidationError as error:
            errors.extend(_errors_of(error, question.code))
            continue
        question.save(update_fields=["condition_question", "condition_operator", "condition_value"])
    if errors:
        raise SpecErrors(errors)
    if by is not None:
        from survey import audit

        audit.record(by=by, obj=module, action=ADDITION, message=f"Added module {module.kind}.")
    data_changed()
    return module
