"""The answer sheet of one module for one zone: the module's definition (kept in memory,
survey/answering/sheet_definition.py) and the response's answers, read with the page's other
rows in one query (survey/combined_query.py)."""

import json
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from survey.answering.grid import grid_for
from survey.answering.keys import item_key, role_key
from survey.answering.sheet_definition import ModuleDefinition, module_definition
from survey.combined_query import Part, rows_in_one_query
from survey.models import Answer, AnswerChange, RoleAnswer


def sheet_parts(module, response, *, sources: bool = False) -> dict[str, Part | None]:
    """The rows of the response's answers; with `sources`, each item answer says where its
    latest change came from (an earlier answer confirmed as still correct, or not)."""
    if response is None:
        return {}
    answers = Answer.objects.filter(response=response)
    fields = {"pk": "pk", "item": "item_id", "code": "code"}
    if sources:
        latest = (
            AnswerChange.objects.filter(response=OuterRef("response"), item=OuterRef("item"))
            .order_by("-changed_at", "-id")
            .values("source")[:1]
        )
        answers = answers.annotate(last_source=Subquery(latest))
        fields["source"] = "last_source"
    roles = None
    if module.has_role_matrix:
        roles = Part(
            RoleAnswer.objects.filter(response=response),
            {"pk": "pk", "category": "category_id", "objective": "objective_id", "code": "code"},
        )
    return {"answers": Part(answers, fields), "role_answers": roles}


@dataclass
class Sheet:
    """Everything the answer sheet of one module shows."""

    module: object
    definition: ModuleDefinition
    answers: dict  # {item key: code}
    role_answers: dict  # {role key: code}
    sources: dict = field(default_factory=dict)  # {item id: source of the latest change}

    @classmethod
    def from_rows(cls, module, rows: dict) -> "Sheet":
        answers, roles = rows.get("answers", []), rows.get("role_answers", [])
        return cls(
            module,
            module_definition(module),
            {item_key(a["item"]): a["code"] for a in answers},
            {role_key(r["category"], r["objective"]): r["code"] for r in roles},
            {a["item"]: a["source"] for a in answers if a.get("source")},
        )

    @classmethod
    def load(cls, module, response) -> "Sheet":
        return cls.from_rows(module, rows_in_one_query(sheet_parts(module, response)))

    @property
    def items(self) -> list:
        return self.definition.items

    @property
    def points(self) -> list:
        return self.definition.points

    @property
    def objectives(self) -> list:
        return self.definition.objectives

    @property
    def role_categories(self) -> list:
        return self.definition.role_categories

    @property
    def role_points(self) -> list:
        return self.definition.role_points

    @property
    def total(self) -> int:
        """Questions of the module: its items and, with a role matrix, every cell of it."""
        return self.definition.total

    @property
    def answered(self) -> int:
        return len(self.answers) + len(self.role_answers)

    @property
    def stored(self) -> dict:
        return {**self.answers, **self.role_answers}

    def base(self) -> str:
        """The hidden `base` field: the values the page shows, to tell a conflict on save."""
        return json.dumps({k: ("" if v is None else str(v)) for k, v in self.stored.items()})


def sheet_html(sheet: Sheet, *, form=None, notes=None, read_only: bool) -> str:
    """The answer grid: the stored answers, or a posted form's values with its errors.

    An answered, editable row ends with a "Clear" submit button (`clear=<field name>`), which
    works without JavaScript; answering.js handles it in place and hides it while the row is
    unanswered, so Tab stops once per unanswered question."""
    grid = grid_for(sheet.definition, sheet.module, read_only=read_only)
    if form is None:
        values = {key: str(code) for key, code in sheet.stored.items()}
        return grid.render(values=values, errors={}, notes=notes, base=sheet.base())
    values = {}
    for name in form.fields:
        value = form[name].value()
        values[name] = "" if value is None else str(value)
    return grid.render(values=values, errors=form.errors, notes=notes, base=values["base"])
