"""The variables of the exports: name, label per language and codes with their labels.

One description feeds the CSV/XLSX codebook, the codebook page and the SPSS/Stata metadata,
so the labels a researcher reads are the ones in the files.
"""

import hashlib
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from results.data.imports import SUBMITTED_AT, ZONE, wide_layout
from survey.answering.conditions import condition_text
from survey.answering.question_columns import NOT_ASKED
from survey.languages import LANGUAGES
from survey.models import Module

# Stata allows 32 characters for a name, but pyreadstat names each value label set after its
# variable plus a running number (`drone41`), and that name has the same limit; 28 leaves room
# for four digits.
STATA_NAME_LENGTH = 28
STATA_LABEL_LENGTH = 80


@dataclass(frozen=True)
class Code:
    code: int
    labels: dict[str, str]
    missing: bool  # "don't know": user-missing in SPSS

    def label_in(self, language: str) -> str:
        return self.labels[language]

    @property
    def label(self) -> str:
        return _current(self.labels)


def _current(labels: dict[str, str]) -> str:
    return labels.get((translation.get_language() or "nl")[:2], labels["en"])


ANSWER_KINDS = ("item", "role", "question", "text")
NUMERIC_KINDS = ("item", "role", "question")


@dataclass
class Variable:
    module: str
    column: str
    kind: str  # zone | attribute | item | role | question | text | meta
    labels: dict[str, str]
    codes: list[Code] = field(default_factory=list)
    measure: str = "ordinal"  # SPSS measurement level of an answer variable
    type: str = ""  # the question type, in words (codebook)
    condition: str = ""  # when it is asked, in words (codebook)

    @property
    def short_name(self) -> str:
        return stata_name(self.column)

    def label_in(self, language: str) -> str:
        return self.labels[language]


def stata_name(column: str) -> str:
    """Longer names keep a readable start and a stable hash, so they stay distinct."""
    if len(column) <= STATA_NAME_LENGTH:
        return column
    digest = hashlib.sha1(column.encode(), usedforsecurity=False).hexdigest()[:6]
    return f"{column[: STATA_NAME_LENGTH - 7]}_{digest}"


def stata_label(text: str) -> str:
    """At most 80 characters, cut at a word boundary with an ellipsis."""
    if len(text) <= STATA_LABEL_LENGTH:
        return text
    cut = text[: STATA_LABEL_LENGTH - 1]
    if " " in cut[STATA_LABEL_LENGTH // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def _translated(message: str) -> dict[str, str]:
    labels = {}
    for language in LANGUAGES:
        with translation.override(language):
            labels[language] = _(message)
    return labels


def _codes(scale) -> list[Code]:
    return [
        Code(
            point.code,
            {language: point.label_in(language) for language in LANGUAGES},
            not point.is_valid,
        )
        for point in scale.points.order_by("code")
    ]


# The zone attributes an analysis may want, and whether a pseudonymised export keeps them.
ATTRIBUTES = [
    ("name", gettext_noop("Zone name"), False),
    ("region", gettext_noop("Region"), True),
    (
        "degurba",
        gettext_noop("Degree of urbanisation (1 cities, 2 towns and suburbs, 3 rural areas)"),
        True,
    ),
    ("size_class", gettext_noop("Size class (staff)"), True),
    ("staff", gettext_noop("Staff (headcount)"), False),
]


def attribute_columns(*, pseudonymise: bool) -> list[str]:
    return [name for name, _label, kept in ATTRIBUTES if kept or not pseudonymise]


def module_variables(
    module: Module, *, with_attributes: bool = False, pseudonymise: bool = False, layout=None
) -> list[Variable]:
    """The columns of a wide export of `module`, in file order."""
    layout = layout or wide_layout(module)
    kind = module.kind
    zone_label = (
        gettext_noop("Zone (pseudonym: not traceable without the application)")
        if pseudonymise
        else gettext_noop("Police zone code")
    )
    variables = [Variable(kind, ZONE, "zone", _translated(zone_label))]
    if with_attributes:
        labels = {name: label for name, label, _kept in ATTRIBUTES}
        for name in attribute_columns(pseudonymise=pseudonymise):
            variables.append(Variable(kind, name, "attribute", _translated(labels[name])))
    if layout.questions:
        variables.extend(question_variables(layout))
        variables.append(
            Variable(
                kind, SUBMITTED_AT, "meta", _translated(gettext_noop("Submitted at (ISO 8601)"))
            )
        )
        return variables
    use_codes = _codes(module.scale)
    for item in layout.items:
        variables.append(
            Variable(
                kind,
                item.technology.code,
                "item",
                {language: item.label_in(language) for language in LANGUAGES},
                use_codes,
            )
        )
    if layout.roles:
        role_codes = _codes(module.role_scale)
        for cell in layout.roles:
            labels = {
                language: f"{cell.category.label_in(language)} – "
                f"{cell.objective.label_in(language)}"
                for language in LANGUAGES
            }
            variables.append(Variable(kind, cell.column, "role", labels, role_codes))
    variables.append(
        Variable(kind, SUBMITTED_AT, "meta", _translated(gettext_noop("Submitted at (ISO 8601)")))
    )
    return variables


def _option_labels(option) -> dict[str, str]:
    return {language: option.label_in(language) for language in LANGUAGES}


def question_variables(layout) -> list[Variable]:
    """The columns of a questions module: codes with labels, -1 "not asked" and the don't-know
    codes declared missing, the question type and its condition in words."""
    kind = layout.module.kind
    not_asked = Code(NOT_ASKED, _translated(gettext_noop("not asked (not applicable)")), True)
    flags = [
        not_asked,
        Code(0, _translated(gettext_noop("not chosen")), False),
        Code(1, _translated(gettext_noop("chosen")), False),
    ]
    variables = []
    for column in layout.questions:
        slot, question = column.slot, column.slot.question
        labels = {}
        for language in LANGUAGES:
            label = question.text_in(language)
            if slot.technology is not None:
                label = f"{slot.technology.label_in(language)} – {label}"
            if column.option is not None:
                label = f"{label}: {column.option.label_in(language)}"
            labels[language] = label
        codes, measure = [], "nominal"
        if column.option is not None:
            codes = flags
        elif question.type == question.Type.SINGLE:
            codes = [not_asked] + [
                Code(int(o.code), _option_labels(o), o.missing)
                for o in layout.definitions.fixed_options(question)
            ]
        elif question.type == question.Type.INTEGER:
            measure = "scale"
            codes = [not_asked]
            if question.dont_know is not None:
                codes.append(
                    Code(question.dont_know, _translated(gettext_noop("don't know")), True)
                )
        variables.append(
            Variable(
                kind,
                column.name,
                "text" if column.is_text else "question",
                labels,
                codes,
                measure=measure,
                type=str(question.get_type_display()),
                condition=condition_text(question),
            )
        )
    return variables


def codebook(edition) -> list[Variable]:
    """Every variable of every module of the edition, as the plain exports have them."""
    variables = []
    for module in edition.modules.select_related("scale", "role_scale").order_by("order"):
        variables.extend(module_variables(module))
    return variables


def codebook_rows(variables: list[Variable]) -> tuple[list[str], list[list]]:
    """One row per variable and one per code: the flat table of the CSV/XLSX codebook."""
    header = [
        "module",
        "variable",
        "short_name",
        "code",
        "missing",
        *(f"label_{language}" for language in LANGUAGES),
        "type",
        "condition",
    ]
    rows = []
    for variable in variables:
        rows.append(
            [
                variable.module,
                variable.column,
                variable.short_name,
                "",
                "",
                *(variable.labels[language] for language in LANGUAGES),
                variable.type,
                variable.condition,
            ]
        )
        for code in variable.codes:
            rows.append(
                [
                    variable.module,
                    variable.column,
                    variable.short_name,
                    code.code,
                    "yes" if code.missing else "",
                    *(code.labels[language] for language in LANGUAGES),
                    "",
                    "",
                ]
            )
    return header, rows
