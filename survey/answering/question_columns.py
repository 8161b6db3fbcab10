"""The wide-file columns of a questions module (deployment.md, "Exchange columns").

Per-technology questions: `<question>__<technology>`; a several-choices question has one 0/1
column per answer (`purpose__drone__other`, `considering__none`). A question not asked of the
zone (its condition is false, or an answer not offered to it) holds -1 in numeric columns and is
empty in text columns; asked but unanswered is empty. Export writes these cells and import reads
them back, both through the one evaluator of `survey.answering.conditions`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from survey.answering.conditions import (
    SEPARATOR,
    Evaluation,
    ModuleQuestions,
    Option,
    Slot,
    split_codes,
)
from survey.models import Question

NOT_ASKED = -1


@dataclass(frozen=True)
class Column:
    name: str
    slot: Slot
    option: Option | None = None  # one column per answer of a several-choices question

    @property
    def is_text(self) -> bool:
        return self.slot.question.type == Question.Type.TEXT


def question_columns(definitions: ModuleQuestions) -> list[Column]:
    columns = []
    for slot in definitions.slots:
        if slot.question.type == Question.Type.MULTIPLE:
            columns.extend(
                Column(f"{slot.column}__{option.code}", slot, option)
                for option in definitions.all_options(slot.question)
            )
        else:
            columns.append(Column(slot.column, slot))
    return columns


def cell_values(columns: list[Column], evaluation: Evaluation) -> list:
    """One zone's cells: int codes, numbers, text; None for asked but unanswered."""
    values = []
    for column in columns:
        slot = column.slot
        applies = evaluation.applies.get(slot.ident, False)
        if column.is_text:
            values.append(evaluation.value(slot) if applies else None)
            continue
        if not applies:
            values.append(NOT_ASKED)
            continue
        value = evaluation.value(slot)
        if column.option is not None:
            offered = {o.code for o in evaluation.options[slot.ident]}
            if column.option.code not in offered:
                values.append(NOT_ASKED)
            elif value is None:
                values.append(None)
            else:
                values.append(int(column.option.code in split_codes(value)))
        else:
            values.append(None if value is None else int(value))
    return values


def read_cells(
    columns: list[Column], cells: dict[str, str], definitions: ModuleQuestions, general: dict
) -> tuple[dict[tuple, str], list[tuple[str, str, str]]]:
    """A row of a wide file → ({slot ident: value}, [(column, value, message)]).

    Values are checked as the answering page checks them; a value for a question the zone was
    not asked (given its general-module answers in the database) is an error, and -1 where the
    question is asked too."""
    from survey.answering.conditions import InvalidAnswer, canonical_value

    errors: list[tuple[str, str, str]] = []
    by_slot: dict[tuple, list[Column]] = {}
    for column in columns:
        if column.name in cells:
            by_slot.setdefault(column.slot.ident, []).append(column)
    raw: dict[tuple, str] = {}
    for ident, slot_columns in by_slot.items():
        slot = slot_columns[0].slot
        if slot.question.type == Question.Type.MULTIPLE:
            chosen, answered = [], False
            for column in slot_columns:
                value = cells[column.name]
                if value in ("", str(NOT_ASKED)):
                    continue
                if value not in ("0", "1"):
                    errors.append((column.name, value, _("use 1 (chosen), 0, -1 or leave empty")))
                    continue
                answered = True
                if value == "1":
                    chosen.append(column.option.code)
            if answered:
                raw[ident] = SEPARATOR.join(chosen)
        else:
            value = cells[slot_columns[0].name]
            if value and value != str(NOT_ASKED):
                raw[ident] = value
    # Conditions are evaluated on the row's own answers, as the page would.
    evaluation = definitions.evaluate(general, {k: v for k, v in raw.items() if v})
    answers: dict[tuple, str] = {}
    for ident, slot_columns in by_slot.items():
        slot = slot_columns[0].slot
        applies = evaluation.applies.get(ident, False)
        given = [c for c in slot_columns if cells[c.name] not in ("",)]
        if not applies:
            for column in given:
                if cells[column.name] != str(NOT_ASKED) and not (
                    column.is_text and not cells[column.name]
                ):
                    errors.append(
                        (column.name, cells[column.name], _("not asked of this zone: use -1"))
                    )
            continue
        for column in given:
            if cells[column.name] == str(NOT_ASKED) and not column.is_text:
                offered = {o.code for o in evaluation.options[ident]}
                if column.option is None or column.option.code in offered:
                    errors.append((column.name, cells[column.name], _("asked of this zone")))
        if ident not in raw:
            continue
        value = raw[ident]
        if slot.question.type == Question.Type.MULTIPLE and not value:
            errors.append(
                (slot_columns[0].name, "0", _("no answer chosen: leave the columns empty"))
            )
            continue
        try:
            new = canonical_value(slot, evaluation.options[ident], value)
        except InvalidAnswer as invalid:
            errors.append((slot_columns[0].name, value, str(invalid)))
            continue
        if new is not None:
            answers[ident] = new
    return answers, errors
