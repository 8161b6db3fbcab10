"""Answering a module: start a response, save changed answers, submit.

Every write locks the response row first, so concurrent saves of one zone's response are
serialised, and writes the answers and their AnswerChange records in one transaction. The number
of SQL queries is fixed whatever the number of items (bulk writes, one read per table).
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import sql
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from survey.access import is_chief_of
from survey.answering.keys import item_key, role_key
from survey.answering.sheet_definition import module_definition
from survey.models import (
    Answer,
    AnswerChange,
    Item,
    Objective,
    Response,
    ResponseEvent,
    RoleAnswer,
)
from survey.sql_rows import planned_once_cursor, quoted

# A change whose base is ANY overwrites whatever is stored (e.g. a researcher's import).
ANY = object()


class AnswersRefused(ValidationError):
    """The whole save or submit was refused; `.messages` says why. Nothing was written."""


def normalise_key(key) -> str:
    """Changes may name an Item, a (category, objective) pair, or a form field key."""
    if isinstance(key, Item):
        return item_key(key.pk)
    if isinstance(key, tuple):
        category, objective = key
        return role_key(getattr(category, "pk", category), getattr(objective, "pk", objective))
    return str(key)


@dataclass
class Conflict:
    key: str
    stored: int | None
    message: str


@dataclass
class SaveResult:
    saved: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    answered: int = 0
    total: int = 0


@dataclass
class SubmitResult:
    response: Response
    already_submitted: bool


def module_questions(module) -> int:
    """Questions of a module: its items and, with a role matrix, each (category, objective)
    cell of it (the categories present in the module × its objectives)."""
    total = Item.objects.filter(module=module).count()
    if module.has_role_matrix:
        total += module.role_categories().count() * Objective.objects.filter(module=module).count()
    return total


def module_progress(response) -> tuple[int, int]:
    """(answered, total) questions of the response's module, role matrix included (a questions
    module: the questions that apply to the zone)."""
    if response.module.is_questions:
        from survey.answering.question_answers import question_progress

        return question_progress(response)
    total = module_questions(response.module)
    if not response.pk:
        return 0, total
    answered = Answer.objects.filter(response=response).count()
    if response.module.has_role_matrix:
        answered += RoleAnswer.objects.filter(response=response).count()
    return answered, total


def response_get_or_start(*, zone, module, user):
    """The zone's response to the module, created (in progress) on first use."""
    edition = module.edition
    if not edition.is_open:
        raise AnswersRefused(_("This edition is not open: its answers can no longer change."))
    response, _created = Response.objects.get_or_create(zone=zone, module=module)
    return response


def _parse_code(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    return int(value)


def _label(labels, code) -> str:
    if code is None:
        return _("no answer")
    return labels.get(code, str(code))


MAX_ERRORS = 10


def shown(key: str) -> str:
    """A posted key as it may appear in a message: a 100 kB key is not echoed back whole."""
    return key if len(key) <= 40 else key[:40] + "…"


def bounded(errors: list[str]) -> list[str]:
    """The first problems and their number: a refusal's text stays short whatever was posted."""
    if len(errors) <= MAX_ERRORS:
        return errors
    more = len(errors) - MAX_ERRORS
    return [
        *errors[:MAX_ERRORS],
        ngettext("…and %(n)s more problem.", "…and %(n)s more problems.", more) % {"n": more},
    ]


def answers_save_starting(
    *, zone, module, response, user, changes, locked=False
) -> tuple[Response, SaveResult]:
    """answers_save on the zone's response, started first if need be. A refused save raises
    AnswersRefused and leaves no response behind: the start is undone with it. `locked`: as
    for answers_save, when the caller has locked the (existing) response."""
    if response is not None:
        return response, answers_save(response=response, user=user, changes=changes, locked=locked)
    with transaction.atomic():
        response = response_get_or_start(zone=zone, module=module, user=user)
        return response, answers_save(response=response, user=user, changes=changes)


def _split(changes):
    """{key: (base, new)} → item changes {item_id: (key, base, new)}, role changes
    {(category_id, objective_id): (key, base, new)}, question changes {key: (base, new)} (kept
    as posted: their type decides how to read them), and messages for unreadable entries."""
    items, roles, questions, errors = {}, {}, {}, []
    for raw_key, (base, new) in changes.items():
        key = normalise_key(raw_key)
        if key.startswith("q-"):
            questions[key] = (base, new)
            continue
        try:
            new = _parse_code(new)
            base = base if base is ANY else _parse_code(base)
            kind, *ids = key.split("-")
            if kind == "item" and len(ids) == 1:
                items[int(ids[0])] = (key, base, new)
            elif kind == "role" and len(ids) == 2:
                roles[(int(ids[0]), int(ids[1]))] = (key, base, new)
            else:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(_("“%(key)s” is not a valid answer.") % {"key": shown(key)})
    return items, roles, questions, errors


class _Matrix:
    """The role matrix of a module as far as a save needs it (from its kept definition)."""

    def __init__(self, definition):
        self.labels = definition.role_point_labels()
        self.categories = {c.pk: c for c in definition.role_categories}
        self.objectives = {o.pk: o for o in definition.objectives}


@dataclass
class _Writes:
    """The rows a save creates, updates (code, by, when) and deletes in one answer table."""

    model: type
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    deletes: list = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.creates) + len(self.updates) + len(self.deletes)

    def run(self, user, now) -> None:
        """One bulk query per kind of write."""
        if self.creates:
            self.model.objects.bulk_create(self.creates)
        if len(self.updates) == 1:  # a plain UPDATE rather than bulk_update's CASE
            row = self.updates[0]
            self.model.objects.filter(pk=row.pk).update(
                code=row.code, updated_by=user, updated_at=now
            )
        elif self.updates:
            self.model.objects.bulk_update(self.updates, ["code", "updated_by", "updated_at"])
        if self.deletes:
            self.model.objects.filter(pk__in=self.deletes).delete()

    def single_statement(self, user, now) -> tuple[str, list]:
        """The one row created or updated, as SQL (compiled by Django, as `run` would)."""
        if self.creates:
            return _insert_sql(self.model, self.creates)
        row = self.updates[0]
        query = sql.UpdateQuery(self.model)
        query.add_update_values({"code": row.code, "updated_by": user, "updated_at": now})
        query.add_filter("pk", row.pk)
        text, params = query.get_compiler(connection=connection).as_sql()
        return text, list(params)


def _insert_sql(model, rows) -> tuple[str, list]:
    """The INSERT that bulk_create would send for these rows (without RETURNING)."""
    query = sql.InsertQuery(model)
    query.insert_values([f for f in model._meta.concrete_fields if not f.primary_key], rows)
    [(text, params)] = query.get_compiler(connection=connection).as_sql()
    return text, list(params)


def _write(writes: list[_Writes], records: list, user, now) -> None:
    """Write the answers and their AnswerChange records. An autosave's usual change, one answer
    created or changed, goes with its record in one statement (a data-modifying WITH, which
    PostgreSQL runs to completion as part of the INSERT); anything else is one bulk query per
    kind of write and one for the records."""
    writes = [w for w in writes if w]
    single = len(records) == 1 and len(writes) == 1 and len(writes[0]) == 1
    if not single or writes[0].deletes or connection.vendor != "postgresql":
        for w in writes:
            w.run(user, now)
        AnswerChange.objects.bulk_create(records)
        return
    answer_sql, answer_params = writes[0].single_statement(user, now)
    record_sql, record_params = _insert_sql(AnswerChange, records)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH written AS ({answer_sql}) {record_sql}", [*answer_params, *record_params]
        )


def _apply(model, stored, changes, *, build, conflict_text, context) -> tuple[int, _Writes]:
    """Apply changes to stored rows ({ident: row}); collect saved keys, conflicts and
    AnswerChange records in `context`. Returns how many answers there are now more (or fewer)
    than before, and the writes that make it so (see `_write`)."""
    result, records, user, now, record = context
    writes = _Writes(model)
    for ident, (key, base, new) in changes.items():
        row = stored.get(ident)
        old = row.code if row else None
        if old == new:
            result.saved.append(key)
            continue
        if base is not ANY and old != base:
            result.conflicts.append(Conflict(key, old, conflict_text(ident, old, new)))
            continue
        if row is None:
            writes.creates.append(build(ident, new))
        elif new is None:
            writes.deletes.append(row.pk)
        else:
            row.code, row.updated_by, row.updated_at = new, user, now
            writes.updates.append(row)
        records.append(record(ident, old, new))
        result.saved.append(key)
    return len(writes.creates) - len(writes.deletes), writes


# A response's `updated_at` (its last activity on the fieldwork pages) moves on with a save at
# most this often: answering a module is then a write of its answers and their history only.
ACTIVITY_RESOLUTION = timedelta(minutes=1)


@cache
def _stored_sql(role_matrix: bool) -> str:
    """The response's answers (and role answers): (table, pk, item or category, objective,
    code) rows. Hand-written (survey/sql_rows.py): it is read on every save."""
    a, r = Answer, RoleAnswer
    text = (
        f"SELECT 0, {quoted(a, 'id', 'a')}, {quoted(a, 'item', 'a')}, NULL, "  # noqa: S608
        f"{quoted(a, 'code', 'a')} FROM {quoted(a)} a WHERE {quoted(a, 'response', 'a')} = %s"
    )
    if role_matrix:
        text += (
            f" UNION ALL SELECT 1, {quoted(r, 'id', 'r')}, {quoted(r, 'category', 'r')}, "  # noqa: S608
            f"{quoted(r, 'objective', 'r')}, {quoted(r, 'code', 'r')} FROM {quoted(r)} r "
            f"WHERE {quoted(r, 'response', 'r')} = %s"
        )
    return text


def _stored(response, module):
    """The response's answers {item id: Answer} and role answers {(category id, objective id):
    RoleAnswer}, as the rows a save updates or deletes: read in one query, after the lock."""
    role_matrix = module.has_role_matrix
    with planned_once_cursor() as cursor:
        cursor.execute(_stored_sql(role_matrix), [response.pk] * (2 if role_matrix else 1))
        rows = cursor.fetchall()
    answers, roles = {}, {}
    for table, pk, first, objective, code in rows:
        if table == 0:
            answers[first] = Answer(pk=pk, response=response, item_id=first, code=code)
        else:
            roles[(first, objective)] = RoleAnswer(
                pk=pk, response=response, category_id=first, objective_id=objective, code=code
            )
    return answers, roles


def answers_save(
    *, response, user, changes, source=Response.Source.WEB, locked=False
) -> SaveResult:
    """Apply `changes` ({key: (base, new)}) to the response; all or nothing.

    `base` is the value the user's form was showing. When the stored value has changed since
    (differs from base) and differs from the new value, the change is not applied but reported
    as a conflict, so two tabs never silently overwrite each other. Refusals (bad codes,
    questions of another module, a submitted response, an edition not open) raise
    AnswersRefused before anything is written.

    The response's row is locked first, so concurrent saves of one response are serialised;
    `locked` says the caller has done so in this transaction, reading the response with its
    zone, module and edition; its transaction is then this save's (no savepoint of its own:
    a refusal marks the whole transaction for rollback). Then one query reads the stored
    answers; the module's items and scales are its kept definition
    (survey/answering/sheet_definition.py).
    """
    with transaction.atomic(savepoint=not locked):
        return _answers_save(response, user, changes, source, locked)


def _answers_save(response, user, changes, source, locked) -> SaveResult:
    if not locked:
        response = (
            Response.objects.select_for_update(of=("self",))
            .select_related("module__edition", "zone")
            .get(pk=response.pk)
        )
    module = response.module
    if response.is_submitted:
        raise AnswersRefused(_("This module has been submitted: its answers can no longer change."))
    if not module.edition.is_open:
        raise AnswersRefused(_("This edition is not open: its answers can no longer change."))

    item_changes, role_changes, question_changes, errors = _split(changes)
    question_plan = None
    if question_changes:
        from survey.answering.question_answers import QuestionChanges

        question_plan = QuestionChanges.check(response, question_changes, errors)
    definition = None if module.is_questions else module_definition(module)
    items = {item.pk: item for item in definition.items} if definition else {}
    use_labels = definition.point_labels() if item_changes else {}
    for item_id, (key, _base, new) in item_changes.items():
        if item_id not in items:
            errors.append(_("Question %(key)s is not part of this module.") % {"key": shown(key)})
        elif new is not None and new not in use_labels:
            errors.append(
                _("%(code)s is not an answer of the scale of “%(item)s”.")
                % {"code": new, "item": items[item_id].label}
            )
    matrix = None
    if role_changes and module.role_scale_id is None:
        errors.append(_("This module has no role matrix."))
    elif role_changes and definition is not None:
        matrix = _Matrix(definition)
        for (category_id, objective_id), (key, _base, new) in role_changes.items():
            if category_id not in matrix.categories or objective_id not in matrix.objectives:
                errors.append(
                    _("Question %(key)s is not part of this module.") % {"key": shown(key)}
                )
            elif new is not None and new not in matrix.labels:
                errors.append(_("%(code)s is not an answer of the role scale.") % {"code": new})
    if errors:
        raise AnswersRefused(bounded(errors))

    result, records, now = SaveResult(), [], timezone.now()
    stored_answers, stored_roles = {}, {}
    if definition is not None:
        stored_answers, stored_roles = _stored(response, module)
    answered = len(stored_answers) + len(stored_roles)

    def record(ident, old, new):
        cell = (
            {"item_id": ident}
            if isinstance(ident, int)
            else dict(zip(("category_id", "objective_id"), ident, strict=True))
        )
        return AnswerChange(
            response=response, old_code=old, new_code=new, changed_by=user, source=source, **cell
        )

    context = (result, records, user, now, record)
    writes = []
    if item_changes:
        more, item_writes = _apply(
            Answer,
            stored_answers,
            item_changes,
            build=lambda item_id, code: Answer(
                response=response, item_id=item_id, code=code, updated_by=user
            ),
            conflict_text=lambda item_id, old, new: (
                _(
                    "“%(item)s” was changed in the meantime (another tab or a colleague) to "
                    "“%(stored)s”. Your answer “%(new)s” was not saved; choose again if you want "
                    "to change it."
                )
                % {
                    "item": items[item_id].label,
                    "stored": _label(use_labels, old),
                    "new": _label(use_labels, new),
                }
            ),
            context=context,
        )
        answered += more
        writes.append(item_writes)
    if role_changes:
        more, role_writes = _apply(
            RoleAnswer,
            stored_roles,
            role_changes,
            build=lambda cell, code: RoleAnswer(
                response=response,
                category_id=cell[0],
                objective_id=cell[1],
                code=code,
                updated_by=user,
            ),
            conflict_text=lambda cell, old, new: (
                _(
                    "The role of “%(category)s” for “%(objective)s” was changed in the meantime "
                    "to “%(stored)s”. Your answer “%(new)s” was not saved."
                )
                % {
                    "category": matrix.categories[cell[0]].label,
                    "objective": matrix.objectives[cell[1]].label,
                    "stored": _label(matrix.labels, old),
                    "new": _label(matrix.labels, new),
                }
            ),
            context=context,
        )
        answered += more
        writes.append(role_writes)
    if question_plan is not None:
        question_plan.apply(result=result, records=records, user=user, now=now, source=source)
    if records:
        _write(writes, records, user, now)
        if response.updated_at is None or now - response.updated_at >= ACTIVITY_RESOLUTION:
            Response.objects.filter(pk=response.pk).update(updated_at=now)
    if definition is None:
        result.answered, result.total = module_progress(response)
    else:
        result.answered, result.total = answered, definition.total
    return result


@transaction.atomic
def response_submit(*, response, user, site_url="") -> SubmitResult:
    """Submit once: a second submit (double click, second tab) changes nothing and says so.
    `site_url`: the address of the chief's request, where the confirmation's link points."""
    response = (
        Response.objects.select_for_update(of=("self",))
        .select_related("module__edition", "zone")
        .get(pk=response.pk)
    )
    if not is_chief_of(user, response.zone):
        raise AnswersRefused(_("Only the zone chief can submit."))
    if response.is_submitted:
        return SubmitResult(response=response, already_submitted=True)
    if not response.module.edition.is_open:
        raise AnswersRefused(_("This edition is not open: its answers can no longer change."))
    response.status = Response.Status.SUBMITTED
    response.submitted_at = timezone.now()
    response.submitted_by = user
    response.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    ResponseEvent.objects.create(response=response, kind=ResponseEvent.Kind.SUBMITTED, by=user)
    from survey.answering.submission_mail import submission_confirmation_mail

    # Queued once committed: the worker mails it, the chief does not wait on SMTP.
    transaction.on_commit(
        lambda: submission_confirmation_mail.enqueue(response.pk, user.pk, site_url)
    )
    return SubmitResult(response=response, already_submitted=False)


__all__ = [
    "ANY",
    "AnswersRefused",
    "Conflict",
    "SaveResult",
    "SubmitResult",
    "answers_save",
    "answers_save_starting",
    "item_key",
    "module_progress",
    "module_questions",
    "response_get_or_start",
    "response_submit",
    "role_key",
]
