"""The wide response file: its columns, and its import (validate every cell, then write all or
nothing).

One row per zone: `zone`, one column per item code in questionnaire order, in a module with a
role matrix one column per `role__<category>__<objective>`, and optionally `submitted_at`.
The exports in `results.data.exports` write the same layout, so a round trip changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from results.data.cell_writes import ANSWERS, QUESTIONS, ROLES, cells_write
from survey.answering.conditions import ModuleQuestions
from survey.answering.question_columns import Column, question_columns, read_cells
from survey.bulk_insert import analyze, rows_insert
from survey.data_version import data_changed
from survey.models import (
    Answer,
    AnswerChange,
    Category,
    Item,
    Module,
    Objective,
    QuestionAnswer,
    Response,
    ResponseEvent,
    RoleAnswer,
    ScalePoint,
    Zone,
)
from survey.plausible_dates import validate_past_moment
from survey.tabular import TabularError, read_table
from survey.zones.register import RowError

ZONE = "zone"
SUBMITTED_AT = "submitted_at"
ROLE_PREFIX = "role__"
PROGRESS_EVERY = 1000
CHUNK = 500  # rows (zones) written at a time: bounded memory, few round trips
IMPORT = Response.Source.IMPORT.value
IMPORTED = ResponseEvent.Kind.IMPORTED.value
PREVIEW_ROWS = 10


def role_column(category_code: str, objective_code: str) -> str:
    return f"{ROLE_PREFIX}{category_code}__{objective_code}"


@dataclass(frozen=True)
class RoleCell:
    column: str
    category: Category
    objective: Objective


@dataclass(frozen=True)
class WideLayout:
    """The answer columns of a module, in the order the file has them."""

    module: Module
    items: list[Item]
    roles: list[RoleCell]
    questions: list[Column] = field(default_factory=list)  # a questions module's columns
    definitions: ModuleQuestions | None = None

    @property
    def answer_columns(self) -> list[str]:
        return (
            [item.technology.code for item in self.items]
            + [r.column for r in self.roles]
            + [c.name for c in self.questions]
        )

    @property
    def columns(self) -> list[str]:
        return [ZONE, *self.answer_columns, SUBMITTED_AT]


def wide_layout(module: Module) -> WideLayout:
    if module.is_questions:
        definitions = ModuleQuestions.load(module)
        return WideLayout(module, [], [], question_columns(definitions), definitions)
    items = list(module.items.select_related("technology", "category").order_by("order", "id"))
    roles = []
    if module.has_role_matrix:
        objectives = list(module.objectives.order_by("order", "code"))
        for category in module.role_categories():
            for objective in objectives:
                roles.append(
                    RoleCell(role_column(category.code, objective.code), category, objective)
                )
    return WideLayout(module, items, roles)


def scale_codes(scale) -> set[int]:
    return set(ScalePoint.objects.filter(scale=scale).values_list("code", flat=True))


@dataclass
class ImportRow:
    line: int
    zone_id: int
    zone_code: str
    answers: dict[int, int]  # item id → code
    roles: dict[tuple[int, int], int]  # (category id, objective id) → code
    submitted_at: datetime | None
    replaces: bool
    questions: dict[tuple, str] = field(default_factory=dict)  # (question, technology) → value


@dataclass
class ResponseImport:
    module: Module
    replace: bool = False
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)  # the first rows, as in the file
    error_count: int = 0  # errors found, of which a kept report may hold only the first

    @property
    def new(self) -> int:
        return sum(1 for row in self.rows if not row.replaces)

    @property
    def replaced(self) -> int:
        return sum(1 for row in self.rows if row.replaces)


def parse_submitted_at(value: str) -> datetime:
    """ValueError for a value that is no ISO 8601 moment, ValidationError for one outside the
    plausible range (year 1 from an empty spreadsheet cell would break every fieldwork page)."""
    moment = datetime.fromisoformat(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    validate_past_moment(moment)
    return moment


def parse_responses(
    raw: bytes, filename: str, *, module: Module, replace: bool = False, limits=None
) -> ResponseImport:
    """Every problem of the file, with row, column and value; rows ready to write if none."""
    result = ResponseImport(module=module, replace=replace)
    try:
        header, body = read_table(raw, filename, limits=limits)
    except TabularError as exc:
        result.errors.append(RowError(1, "", "", str(exc)))
        return result
    result.header = header
    result.preview = [row + [""] * (len(header) - len(row)) for row in body[:PREVIEW_ROWS]]
    layout = wide_layout(module)
    known = set(layout.columns)
    if ZONE not in header:
        result.errors.append(RowError(1, ZONE, "", _("required column is missing")))
    seen_columns = set()
    for column in header:
        if column not in known:
            result.errors.append(RowError(1, column, column, _("unknown column")))
        elif column in seen_columns:
            result.errors.append(RowError(1, column, column, _("column appears twice")))
        seen_columns.add(column)
    if result.errors:
        return result

    items = {item.technology.code: item for item in layout.items}
    roles = {cell.column: cell for cell in layout.roles}
    use_codes = {str(c): c for c in scale_codes(module.scale)}
    role_codes = {str(c): c for c in scale_codes(module.role_scale)} if roles else {}
    edition = module.edition
    population = dict(Zone.objects.population(edition).values_list("code", "id"))
    registered = set(Zone.objects.values_list("code", flat=True))
    answered = set(Response.objects.of_module(module).values_list("zone__code", flat=True))
    positions = {column: index for index, column in enumerate(header)}
    seen_zones: dict[str, int] = {}
    question_names = {c.name for c in layout.questions}
    general = layout.definitions.general_answers(population.values()) if layout.questions else {}

    for line, cells in enumerate(body, start=2):
        row_errors = len(result.errors)

        def error(column, value, message, line=line):
            result.errors.append(RowError(line, column, value, message))

        def cell(column, cells=cells):
            index = positions[column]
            return cells[index].strip() if index < len(cells) else ""

        code = cell(ZONE)
        if code not in registered:
            error(ZONE, code, _("unknown zone"))
        elif code not in population:
            error(
                ZONE,
                code,
                _("zone outside the population of edition %(edition)s") % {"edition": edition.code},
            )
        elif code in seen_zones:
            error(ZONE, code, _("duplicate zone (also on row %(row)s)") % {"row": seen_zones[code]})
        elif code in answered and not replace:
            error(ZONE, code, _("zone already has a response to this module; choose replace"))
        seen_zones.setdefault(code, line)

        answers, role_answers, question_answers = {}, {}, {}
        if layout.questions and code in population:
            question_answers, problems = read_cells(
                layout.questions,
                {column: cell(column) for column in header if column in question_names},
                layout.definitions,
                general[population[code]],
            )
            for column, value, message in problems:
                error(column, value, message)
        for column in header:
            value = cell(column)
            if not value or column in (ZONE, SUBMITTED_AT) or column in question_names:
                continue
            if column in items:
                if value not in use_codes:
                    error(column, value, _("not a code of the answer scale"))
                else:
                    answers[items[column].pk] = use_codes[value]
            else:
                role = roles[column]
                if value not in role_codes:
                    error(column, value, _("not a code of the role scale"))
                else:
                    role_answers[(role.category.pk, role.objective.pk)] = role_codes[value]

        submitted_at = None
        if SUBMITTED_AT in positions and (value := cell(SUBMITTED_AT)):
            try:
                submitted_at = parse_submitted_at(value)
            except ValidationError as exc:
                error(SUBMITTED_AT, value, exc.messages[0])
            except ValueError:
                error(SUBMITTED_AT, value, _("not a date and time in ISO 8601 form"))

        if len(result.errors) == row_errors:
            result.rows.append(
                ImportRow(
                    line=line,
                    zone_id=population[code],
                    zone_code=code,
                    answers=answers,
                    roles=role_answers,
                    submitted_at=submitted_at,
                    replaces=code in answered,
                    questions=question_answers,
                )
            )
    return result


@transaction.atomic
def responses_import(
    *,
    parsed: ResponseImport,
    by=None,
    reason: str = "",
    progress: Callable[[int], None] | None = None,
) -> ResponseImport:
    """Write the rows as submitted, imported responses, with the change record of every cell
    that changes (a replaced response's unchanged cells are left as they were: see
    `results.data.cell_writes`).

    Answers are written chunk by chunk, compared and written inside PostgreSQL, so memory stays
    flat whatever the size of the file; all or nothing still holds, in one transaction."""
    if parsed.errors:
        raise ValueError("refusing to import a file with errors")
    module = parsed.module
    now = timezone.now()
    by_id = by.pk if by is not None else None
    zone_ids = [row.zone_id for row in parsed.rows]
    existing = {
        r.zone_id: r for r in Response.objects.of_module(module).filter(zone_id__in=zone_ids)
    }
    data_changed()

    to_update, to_create, moved = [], [], []
    for row in parsed.rows:
        response = existing.get(row.zone_id) or Response(zone_id=row.zone_id, module=module)
        submitted_at = row.submitted_at or now
        if response.pk and response.submitted_at != submitted_at:
            moved.append(response)
        response.status = Response.Status.SUBMITTED
        response.source = Response.Source.IMPORT
        response.submitted_at = submitted_at
        response.submitted_by = by
        (to_update if response.pk else to_create).append(response)
    # One UPDATE for what all replaced rows share; bulk_update's CASE only for the submission
    # times that changed, in small batches (its cost grows with the square of the batch).
    Response.objects.filter(pk__in=[r.pk for r in to_update]).update(
        status=Response.Status.SUBMITTED,
        source=Response.Source.IMPORT,
        submitted_by=by,
        updated_at=now,
    )
    Response.objects.bulk_update(moved, ["submitted_at"], batch_size=500)
    Response.objects.bulk_create(to_create, batch_size=1000)
    response_ids = dict(
        Response.objects.of_module(module).filter(zone_id__in=zone_ids).values_list("zone_id", "id")
    )
    replaced = {existing[zone_id].pk for zone_id in existing}

    written: set[type] = set()  # the answer tables a chunk changed
    for start in range(0, len(parsed.rows), CHUNK):
        chunk = parsed.rows[start : start + CHUNK]
        written |= _write_chunk(chunk, response_ids, replaced, by_id=by_id, now=now, reason=reason)
        if progress:
            done = start + len(chunk)
            if done // PROGRESS_EVERY > start // PROGRESS_EVERY or done == len(parsed.rows):
                progress(done)
    # Fresh statistics for what the import changed (a table it left as it was keeps its own).
    changed = [model for model in (Answer, RoleAnswer, QuestionAnswer) if model in written]
    tables = [Response, *changed, AnswerChange] if changed else [Response]
    transaction.on_commit(lambda: analyze(*tables))
    return parsed


EVENT_FIELDS = ["response_id", "kind", "by_id", "at", "reason"]


def _write_chunk(chunk, response_ids, replaced, *, by_id, now, reason) -> set[type]:
    """One chunk of rows: their answers (only the cells that change, each with its change
    record) and an event per response. Returns the answer models it changed."""
    ids = [response_ids[row.zone_id] for row in chunk]
    old_ids = [pk for pk in ids if pk in replaced]
    pairs = list(zip(ids, chunk, strict=True))
    write = {"replaced": old_ids, "by_id": by_id, "now": now}
    # Each kind's cells as a generator (streamed into the database), with whether it has any.
    cells = {
        ANSWERS: (
            any(row.answers for row in chunk),
            ((pk, item, code) for pk, row in pairs for item, code in row.answers.items()),
        ),
        ROLES: (
            any(row.roles for row in chunk),
            ((pk, *cell, code) for pk, row in pairs for cell, code in row.roles.items()),
        ),
        QUESTIONS: (
            any(row.questions for row in chunk),
            ((pk, *key, value) for pk, row in pairs for key, value in row.questions.items()),
        ),
    }
    written = set()
    for kind, (some, values) in cells.items():
        if (some or old_ids) and cells_write(kind, values, **write):
            written.add(kind.model)
    rows_insert(
        ResponseEvent,
        EVENT_FIELDS,
        ((response_id, IMPORTED, by_id, now, reason) for response_id in ids),
    )
    return written
