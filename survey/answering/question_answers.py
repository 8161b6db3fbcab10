"""Saving answers to the questions of a questions module (called by `answers.answers_save`).

Each value is checked against its question (bounds, answer list, exclusive answers, length)
with the options that apply after the whole batch, so choosing `other` and typing the other
objective can arrive in one save. An answer to a question that does not apply (any more) is
stored like any other: the evaluator leaves it out until the question applies again.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from survey.answering.conditions import (
    InvalidAnswer,
    ModuleQuestions,
    canonical_value,
    split_codes,
)
from survey.answering.sheet_definition import questions_definition
from survey.models import AnswerChange, QuestionAnswer


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


@dataclass
class QuestionChanges:
    response: object
    sheet: ModuleQuestions
    stored: dict = field(default_factory=dict)  # key → QuestionAnswer
    planned: dict = field(default_factory=dict)  # key → (slot, base, new canonical)

    @classmethod
    def check(cls, response, changes: dict, errors: list) -> "QuestionChanges":
        """Read and validate {key: (base, raw new)}; problems are appended to `errors`."""
        module = response.module
        if not module.is_questions:
            errors.append(_("This module has no such questions."))
            return cls(response, None)
        sheet = questions_definition(module)
        slots = {slot.key: slot for slot in sheet.slots}
        rows = QuestionAnswer.objects.filter(response=response)
        by_ident = {(a.question_id, a.technology_id): a for a in rows}
        general = sheet.general_answers([response.zone_id])[response.zone_id]
        values = {ident: a.value for ident, a in by_ident.items()}
        known = {}
        for key, (base, raw) in changes.items():
            slot = slots.get(key)
            if slot is None:
                errors.append(_("Question %(key)s is not part of this module.") % {"key": key})
                continue
            known[key] = (slot, base, raw)
            if slot.question.has_choices:  # provisional, so conditions see the whole batch
                values[slot.ident] = _text(raw)
        evaluation = sheet.evaluate(general, values)
        plan = cls(response, sheet)
        for key, (slot, base, raw) in known.items():
            try:
                new = canonical_value(slot, evaluation.options[slot.ident], raw)
            except InvalidAnswer as invalid:
                errors.append(str(invalid))
                continue
            plan.planned[key] = (slot, base, new)
            if slot.ident in by_ident:
                plan.stored[key] = by_ident[slot.ident]
        return plan

    def apply(self, *, result, records, user, now, source) -> None:
        from survey.answering.answers import ANY, Conflict

        creates, updates, deletes = [], [], []
        for key, (slot, base, new) in self.planned.items():
            row = self.stored.get(key)
            old = row.value if row else None
            if old == new:
                result.saved.append(key)
                continue
            if base is not ANY and (old or "") != _text(base):
                result.conflicts.append(Conflict(key, old, self._conflict_text(slot, old, new)))
                continue
            technology = slot.technology
            if row is None:
                creates.append(
                    QuestionAnswer(
                        response=self.response,
                        question=slot.question,
                        technology=technology,
                        value=new,
                        updated_by=user,
                    )
                )
            elif new is None:
                deletes.append(row.pk)
            else:
                row.value, row.updated_by, row.updated_at = new, user, now
                updates.append(row)
            records.append(
                AnswerChange(
                    response=self.response,
                    question=slot.question,
                    technology=technology,
                    old_value=old,
                    new_value=new,
                    changed_by=user,
                    source=source,
                )
            )
            result.saved.append(key)
        if creates:
            QuestionAnswer.objects.bulk_create(creates)
        if updates:
            QuestionAnswer.objects.bulk_update(updates, ["value", "updated_by", "updated_at"])
        if deletes:
            QuestionAnswer.objects.filter(pk__in=deletes).delete()

    def _conflict_text(self, slot, old, new) -> str:
        name = slot.question.text
        if slot.technology is not None:
            name = f"{name} ({slot.technology.label})"
        return _(
            "“%(item)s” was changed in the meantime (another tab or a colleague) to "
            "“%(stored)s”. Your answer “%(new)s” was not saved; choose again if you want "
            "to change it."
        ) % {
            "item": name,
            "stored": self.describe(slot, old),
            "new": self.describe(slot, new),
        }

    def describe(self, slot, value) -> str:
        return describe_value(self.sheet, slot, value)


def describe_value(sheet: ModuleQuestions, slot, value) -> str:
    """An answer in words: choice labels, the number (or "don't know"), or the text."""
    if value is None or value == "":
        return _("no answer")
    question = slot.question
    if question.has_choices:
        labels = {o.code: o.label for o in sheet.all_options(question)}
        return ", ".join(labels.get(code, code) for code in split_codes(value))
    is_number = question.type == question.Type.INTEGER
    if is_number and question.dont_know is not None and value == str(question.dont_know):
        return _("don't know")
    return value


def question_progress(response=None, *, module=None, zone=None) -> tuple[int, int]:
    """(answered, total) of the questions that apply to the zone."""
    module = module or response.module
    sheet = questions_definition(module)
    has_response = response is not None and response.pk
    evaluation = sheet.for_response(response if has_response else None, zone=zone or response.zone)
    applicable = evaluation.applicable()
    return sum(1 for s in applicable if evaluation.value(s) is not None), len(applicable)
