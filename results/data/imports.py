"""The wide response file: its columns, and its import (validate every cell, then write all or
nothing).

One row per zone: `zone`, one column per item code in questionnaire order, in a module with a
role matrix one column per `role__<category>__<objective>`, and optionally `submitted_at`.
The exports in `results.data.exports` write the same layout, so a round trip changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from survey.models import (
    Answer,
    AnswerChange,
    Category,
    Item,
    Module,
    Objective,
    Response,
    ResponseEvent,
    RoleAnswer,
    ScalePoint,
    Zone,
)
from survey.tabular import TabularError, read_table
from survey.zones.register import RowError

ZONE = "zone"
SUBMITTED_AT = "submitted_at"
ROLE_PREFIX = "role__"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PROGRESS_EVERY = 1000
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

    @property
    def answer_columns(self) -> list[str]:
        return [item.technology.code for item in self.items] + [r.column for r in self.roles]

    @property
    def columns(self) -> list[str]:
        return [ZONE, *self.answer_columns, SUBMITTED_AT]


def wide_layout(module: Module) -> WideLayout:
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


@dataclass
class ResponseImport:
    module: Module
    replace: bool = False
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)  # the first rows, as in the file

    @property
    def new(self) -> int:
        return sum(1 for row in self.rows if not row.replaces)

    @property
    def replaced(self) -> int:
        return sum(1 for row in self.rows if row.replaces)


def parse_submitted_at(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_responses(
    raw: bytes, filename: str, *, module: Module, replace: bool = False
) -> ResponseImport:
    """Every problem of the file, with row, column and value; rows ready to write if none."""
    result = ResponseImport(module=module, replace=replace)
    try:
        header, body = read_table(raw, filename)
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

        answers, role_answers = {}, {}
        for column in header:
            value = cell(column)
            if not value or column in (ZONE, SUBMITTED_AT):
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
    """Write the rows as submitted, imported responses, with the change record of every cell."""
    if parsed.errors:
        raise ValueError("refusing to import a file with errors")
    module = parsed.module
    now = timezone.now()
    zone_ids = [row.zone_id for row in parsed.rows]
    existing = {
        r.zone_id: r for r in Response.objects.of_module(module).filter(zone_id__in=zone_ids)
    }
    old_answers: dict[int, dict] = {}
    old_roles: dict[int, dict] = {}
    if existing:
        ids = [r.pk for r in existing.values()]
        for response_id, item_id, code in Answer.objects.filter(response_id__in=ids).values_list(
            "response_id", "item_id", "code"
        ):
            old_answers.setdefault(response_id, {})[item_id] = code
        for response_id, category_id, objective_id, code in RoleAnswer.objects.filter(
            response_id__in=ids
        ).values_list("response_id", "category_id", "objective_id", "code"):
            old_roles.setdefault(response_id, {})[(category_id, objective_id)] = code
        Answer.objects.filter(response_id__in=ids).delete()
        RoleAnswer.objects.filter(response_id__in=ids).delete()

    to_update, to_create = [], []
    for row in parsed.rows:
        response = existing.get(row.zone_id) or Response(zone_id=row.zone_id, module=module)
        response.status = Response.Status.SUBMITTED
        response.source = Response.Source.IMPORT
        response.submitted_at = row.submitted_at or now
        response.submitted_by = by
        (to_update if response.pk else to_create).append(response)
    # One UPDATE for what all replaced rows share; bulk_update's CASE only where they differ,
    # in small batches (its cost grows with the square of the batch).
    Response.objects.filter(pk__in=[r.pk for r in to_update]).update(
        status=Response.Status.SUBMITTED,
        source=Response.Source.IMPORT,
        submitted_by=by,
        updated_at=now,
    )
    Response.objects.bulk_update(to_update, ["submitted_at"], batch_size=500)
    Response.objects.bulk_create(to_create, batch_size=1000)
    response_ids = dict(
        Response.objects.of_module(module).filter(zone_id__in=zone_ids).values_list("zone_id", "id")
    )

    answers, role_answers, changes, events = [], [], [], []
    for count, row in enumerate(parsed.rows, start=1):
        response_id = response_ids[row.zone_id]
        before = old_answers.get(response_id, {})
        for item_id in before.keys() | row.answers.keys():
            old, new = before.get(item_id), row.answers.get(item_id)
            if old != new:
                changes.append(_change(response_id, old, new, by, item_id=item_id))
        before_roles = old_roles.get(response_id, {})
        for key in before_roles.keys() | row.roles.keys():
            old, new = before_roles.get(key), row.roles.get(key)
            if old != new:
                changes.append(
                    _change(response_id, old, new, by, category_id=key[0], objective_id=key[1])
                )
        answers.extend(
            Answer(response_id=response_id, item_id=item_id, code=code, updated_by=by)
            for item_id, code in row.answers.items()
        )
        role_answers.extend(
            RoleAnswer(
                response_id=response_id,
                category_id=category_id,
                objective_id=objective_id,
                code=code,
                updated_by=by,
            )
            for (category_id, objective_id), code in row.roles.items()
        )
        events.append(
            ResponseEvent(
                response_id=response_id, kind=ResponseEvent.Kind.IMPORTED, by=by, reason=reason
            )
        )
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    Answer.objects.bulk_create(answers, batch_size=2000)
    RoleAnswer.objects.bulk_create(role_answers, batch_size=2000)
    AnswerChange.objects.bulk_create(changes, batch_size=2000)
    ResponseEvent.objects.bulk_create(events, batch_size=2000)
    if progress and len(parsed.rows) % PROGRESS_EVERY:
        progress(len(parsed.rows))
    return parsed


def _change(response_id, old, new, by, **target) -> AnswerChange:
    return AnswerChange(
        response_id=response_id,
        old_code=old,
        new_code=new,
        changed_by=by,
        source=Response.Source.IMPORT,
        **target,
    )
