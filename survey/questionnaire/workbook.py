"""The questionnaire workbook (XLSX): a whole edition's questionnaire, the way survey
researchers write one in Excel (compare XLSForm). Documented in docs/questionnaire-workbook.md.

Sheets: `settings` (key/value), `scales`, `categories`, `modules`, `questions` (one row per
question: grid items are rows of type `technology`), `objectives` (of a role matrix) and
`choices` (answer lists, named in the questions' `choices` column). Reading reports every
problem with sheet, row and column at once; importing writes a new draft edition, or nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from openpyxl import Workbook

from survey.definition_version import definitions_changed
from survey.languages import LANGUAGES
from survey.models import (
    Category,
    Edition,
    Item,
    Module,
    Objective,
    Question,
    Scale,
    ScalePoint,
    Technology,
)
from survey.models.definitions import Region
from survey.questionnaire.module_specs import SpecErrors, module_spec, questions_module_create
from survey.tabular import TabularError, check_xlsx, upload_limits

TECHNOLOGY = "technology"
QUESTION_TYPES = (TECHNOLOGY, *Question.Type.values)


def _langs(prefix):
    return [f"{prefix}_{lang}" for lang in LANGUAGES]


SETTINGS_KEYS = [*_langs("name"), "fieldwork_start", "fieldwork_end", "regions", "previous"]
COLUMNS = {
    "settings": ["key", "value"],
    "scales": ["scale", "code", *_langs("label"), "counts_as_available", "is_valid"],
    "categories": ["code", "order", *_langs("label")],
    "modules": [
        "code", "form", "order", "scale", "role_scale", "follow_up",
        *_langs("title"), *_langs("question"), *_langs("intro"), *_langs("role_question"),
    ],
    "questions": [
        "module", "code", "type", "order", "category", *_langs("label"), *_langs("help"),
        "per_technology", "choices", "choices_from", "optional", "min", "max", "dont_know",
        "max_length", "relevant",
    ],
    "objectives": ["module", "code", "order", *_langs("label")],
    "choices": ["list_name", "code", *_langs("label"), "exclusive", "missing"],
}  # fmt: skip
REQUIRED = {
    "settings": ["key"],
    "scales": ["scale", "code", "label_nl"],
    "categories": ["code", "label_nl"],
    "modules": ["code", "form", "title_nl"],
    "questions": ["module", "code", "type", "label_nl"],
    "objectives": ["module", "code", "label_nl"],
    "choices": ["list_name", "code", "label_nl"],
}


@dataclass(frozen=True)
class WorkbookError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        return f"{self.sheet}, row {self.row}, column {self.column}: {self.message}"


class WorkbookInvalid(Exception):
    def __init__(self, errors: list[WorkbookError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def _flag(value) -> str:
    return "1" if value else ""


def _text(value) -> str:
    return "" if value is None else str(value)


# -- export ---------------------------------------------------------------------------------


def questionnaire_workbook(edition: Edition) -> Workbook:
    from openpyxl import Workbook  # imported when used, not with the URLconf

    book = Workbook()
    book.remove(book.active)
    sheets = {name: book.create_sheet(name) for name in COLUMNS}
    for name, sheet in sheets.items():
        sheet.append(COLUMNS[name])
    settings = sheets["settings"]
    for key in SETTINGS_KEYS[:4]:
        settings.append([key, getattr(edition, key)])
    settings.append(["fieldwork_start", edition.fieldwork_start.isoformat()])
    settings.append(["fieldwork_end", edition.fieldwork_end.isoformat()])
    settings.append(["regions", " ".join(edition.regions)])
    settings.append(["previous", edition.previous.code if edition.previous else ""])
    for scale in edition.scales.prefetch_related("points").order_by("code"):
        for point in scale.points.order_by("code"):
            sheets["scales"].append(
                [scale.code, point.code, *(getattr(point, f) for f in _langs("label")),
                 _flag(point.counts_as_available), _flag(point.is_valid)]
            )  # fmt: skip
    for category in edition.categories.order_by("order", "code"):
        sheets["categories"].append(
            [category.code, category.order, *(getattr(category, f) for f in _langs("label"))]
        )
    for module in edition.modules.select_related("scale", "role_scale").order_by("order", "id"):
        sheets["modules"].append(
            [
                module.kind, module.form, module.order,
                module.scale.code if module.scale else "",
                module.role_scale.code if module.role_scale else "",
                " ".join(module.follow_up or []),
                *(getattr(module, f"{key}_{lang}") for key in
                  ("title", "question", "intro", "role_question") for lang in LANGUAGES),
            ]
        )  # fmt: skip
        if module.is_questions:
            _export_questions(module, sheets)
            continue
        for item in module.items.select_related("technology", "category").order_by("order", "id"):
            row = {"module": module.kind, "code": item.technology.code, "type": TECHNOLOGY,
                   "order": item.order, "category": item.category.code}  # fmt: skip
            row.update({f: getattr(item, f) for f in _langs("label")})
            sheets["questions"].append([row.get(c, "") for c in COLUMNS["questions"]])
        for objective in module.objectives.order_by("order", "code"):
            sheets["objectives"].append(
                [module.kind, objective.code, objective.order,
                 *(getattr(objective, f) for f in _langs("label"))]
            )  # fmt: skip
    return book


def _export_questions(module, sheets):
    spec = module_spec(module)
    for order, question in enumerate(spec["questions"], start=1):
        list_name = f"{module.kind}.{question['code']}" if question["choices"] else ""
        condition = question["condition"]
        row = {
            "module": module.kind,
            "code": question["code"],
            "type": question["type"],
            "order": order,
            "per_technology": _flag(question["per_technology"]),
            "choices": list_name,
            "choices_from": question["choices_from"],
            "optional": _flag(question["optional"]),
            "min": question["min"],
            "max": question["max"],
            "dont_know": question["dont_know"],
            "max_length": question["max_length"],
            "relevant": " ".join(condition) if condition else "",
        }
        row.update({f"label_{lang}": question["text"][lang] for lang in LANGUAGES})
        row.update({f"help_{lang}": question["help"][lang] for lang in LANGUAGES})
        sheets["questions"].append(
            ["" if row.get(c) is None else row.get(c, "") for c in COLUMNS["questions"]]
        )
        for choice in question["choices"]:
            sheets["choices"].append(
                [list_name, choice["code"], *(choice["label"][lang] for lang in LANGUAGES),
                 _flag(choice["exclusive"]), _flag(choice["missing"])]
            )  # fmt: skip


def workbook_bytes(edition: Edition) -> bytes:
    out = io.BytesIO()
    questionnaire_workbook(edition).save(out)
    return out.getvalue()


# -- import ---------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(value).strip()


class _Reader:
    """Rows of every sheet as dicts, with the errors met on the way."""

    def __init__(self, raw: bytes):
        self.errors: list[WorkbookError] = []
        self.rows: dict[str, list[tuple[int, dict]]] = {name: [] for name in COLUMNS}
        try:
            check_xlsx(raw, upload_limits())
        except TabularError as refused:
            self.errors.append(WorkbookError("-", 1, "-", str(refused)))
            return
        try:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable upload is the same error to the user
            self.errors.append(WorkbookError("-", 1, "-", _("not an XLSX workbook")))
            return
        for name in COLUMNS:
            if name not in book.sheetnames:
                if name in ("settings", "modules", "questions"):
                    self.errors.append(WorkbookError(name, 1, "-", _("sheet is missing")))
                continue
            rows = book[name].iter_rows(values_only=True)
            header = [_cell(v) for v in next(rows, [])]
            for column in REQUIRED[name]:
                if column not in header:
                    self.errors.append(WorkbookError(name, 1, column, _("required column missing")))
            unknown = [c for c in header if c and c not in COLUMNS[name]]
            for column in unknown:
                self.errors.append(WorkbookError(name, 1, column, _("unknown column")))
            for number, values in enumerate(rows, start=2):
                row = {
                    column: _cell(value)
                    for column, value in zip(header, values, strict=False)
                    if column
                }
                if any(row.values()):
                    self.rows[name].append((number, row))
                    for column in REQUIRED[name]:
                        if column in header and not row.get(column):
                            self.error(name, number, column, _("required value missing"))

    def error(self, sheet, row, column, message):
        self.errors.append(WorkbookError(sheet, row, column, message))


def _number(reader, sheet, line, row, column, *, positive=False):
    value = row.get(column, "")
    if value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        reader.error(sheet, line, column, _("“%(value)s” is not a whole number") % {"value": value})
        return None
    if positive and number < 0:
        reader.error(sheet, line, column, _("must not be negative"))
        return None
    return number


def _bool(reader, sheet, line, row, column) -> bool:
    value = row.get(column, "").lower()
    if value in ("", "0", "no", "false"):
        return False
    if value in ("1", "yes", "true"):
        return True
    reader.error(sheet, line, column, _("“%(value)s”: use 1 or leave empty") % {"value": value})
    return False


def read_workbook(raw: bytes) -> dict:
    """The workbook as a plain plan, or WorkbookInvalid with every problem."""
    reader = _Reader(raw)
    if reader.errors and not any(reader.rows.values()):
        raise WorkbookInvalid(reader.errors)
    plan = {"settings": {}, "scales": {}, "categories": [], "modules": [], "technologies": {}}
    for line, row in reader.rows["settings"]:
        if row["key"] not in SETTINGS_KEYS:
            reader.error(
                "settings", line, "key", _("unknown setting “%(key)s”") % {"key": row["key"]}
            )
        plan["settings"][row["key"]] = (line, row.get("value", ""))
    for key in ("name_nl", "fieldwork_start", "fieldwork_end", "regions"):
        if not plan["settings"].get(key, (0, ""))[1]:
            reader.error("settings", 1, "value", _("setting “%(key)s” is missing") % {"key": key})
    for key in ("fieldwork_start", "fieldwork_end"):
        line, value = plan["settings"].get(key, (1, ""))
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                reader.error(
                    "settings",
                    line,
                    "value",
                    _("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": value},
                )
    line, regions = plan["settings"].get("regions", (1, ""))
    unknown_regions = set(regions.split()) - set(Region.values)
    if unknown_regions:
        reader.error(
            "settings",
            line,
            "value",
            _("unknown regions: %(regions)s") % {"regions": ", ".join(sorted(unknown_regions))},
        )

    for line, row in reader.rows["scales"]:
        code = _number(reader, "scales", line, row, "code", positive=True)
        points = plan["scales"].setdefault(row["scale"], {})
        if code in points:
            reader.error(
                "scales",
                line,
                "code",
                _("code %(code)s appears twice in %(scale)s")
                % {"code": code, "scale": row["scale"]},
            )
        points[code] = {
            **{f: row.get(f, "") for f in _langs("label")},
            "counts_as_available": _bool(reader, "scales", line, row, "counts_as_available"),
            "is_valid": _bool(reader, "scales", line, row, "is_valid"),
        }
    seen = set()
    for line, row in reader.rows["categories"]:
        if row["code"] in seen:
            reader.error("categories", line, "code", _("code appears twice"))
        seen.add(row["code"])
        plan["categories"].append(
            {"code": row["code"], "order": _number(reader, "categories", line, row, "order") or 0,
             **{f: row.get(f, "") for f in _langs("label")}}
        )  # fmt: skip
    categories = {c["code"] for c in plan["categories"]}

    choices: dict[str, list] = {}
    for line, row in reader.rows["choices"]:
        choices.setdefault(row["list_name"], []).append(
            {
                "code": row["code"],
                "label": {lang: row.get(f"label_{lang}", "") for lang in LANGUAGES},
                "exclusive": _bool(reader, "choices", line, row, "exclusive"),
                "missing": _bool(reader, "choices", line, row, "missing"),
            }
        )
    modules = {}
    for line, row in reader.rows["modules"]:
        if row["code"] in modules:
            reader.error("modules", line, "code", _("code appears twice"))
        if row["form"] not in Module.Form.values:
            reader.error(
                "modules",
                line,
                "form",
                _("use one of %(values)s") % {"values": ", ".join(Module.Form.values)},
            )
        for column in ("scale", "role_scale"):
            if row.get(column) and row[column] not in plan["scales"]:
                reader.error(
                    "modules",
                    line,
                    column,
                    _("no scale “%(scale)s” in sheet scales") % {"scale": row[column]},
                )
        if row["form"] == Module.Form.GRID and not row.get("scale"):
            reader.error("modules", line, "scale", _("a technology grid needs a scale"))
        module = {
            "line": line, "code": row["code"], "form": row["form"],
            "order": _number(reader, "modules", line, row, "order") or 0,
            "scale": row.get("scale", ""), "role_scale": row.get("role_scale", ""),
            "follow_up": row.get("follow_up", "").split(),
            **{f"{key}_{lang}": row.get(f"{key}_{lang}", "") for key in
               ("title", "question", "intro", "role_question") for lang in LANGUAGES},
            "items": [], "questions": [], "objectives": [],
        }  # fmt: skip
        modules[row["code"]] = module
        plan["modules"].append(module)
    used_lists = set()
    for line, row in reader.rows["questions"]:
        module = modules.get(row["module"])
        if module is None:
            reader.error(
                "questions", line, "module", _("no module “%(module)s”") % {"module": row["module"]}
            )
            continue
        kind = row["type"]
        if kind not in QUESTION_TYPES:
            reader.error(
                "questions",
                line,
                "type",
                _("use one of %(values)s") % {"values": ", ".join(QUESTION_TYPES)},
            )
            continue
        labels = {lang: row.get(f"label_{lang}", "") for lang in LANGUAGES}
        if kind == TECHNOLOGY:
            if module["form"] != Module.Form.GRID:
                reader.error(
                    "questions", line, "type", _("technology rows belong to a grid module")
                )
                continue
            if row.get("category") not in categories:
                reader.error("questions", line, "category", _("not a code of sheet categories"))
            if any(i["code"] == row["code"] for i in module["items"]):
                reader.error("questions", line, "code", _("technology appears twice in the module"))
            module["items"].append(
                {"code": row["code"], "category": row.get("category"), "line": line,
                 "order": _number(reader, "questions", line, row, "order") or 0,
                 **{f"label_{lang}": labels[lang] for lang in LANGUAGES}}
            )  # fmt: skip
            continue
        if module["form"] != Module.Form.QUESTIONS:
            reader.error("questions", line, "type", _("a grid module takes technology rows only"))
            continue
        list_name = row.get("choices", "")
        if list_name and list_name not in choices:
            reader.error(
                "questions",
                line,
                "choices",
                _("no list “%(name)s” in sheet choices") % {"name": list_name},
            )
        used_lists.add(list_name)
        relevant = row.get("relevant", "").split(None, 2)
        if row.get("relevant") and len(relevant) != 3:
            reader.error(
                "questions",
                line,
                "relevant",
                _("write: <question> includes|equals|differs <value>"),
            )
        module["questions"].append(
            {
                "line": line,
                "code": row["code"],
                "type": kind,
                "text": labels,
                "help": {lang: row.get(f"help_{lang}", "") for lang in LANGUAGES},
                "per_technology": _bool(reader, "questions", line, row, "per_technology"),
                "choices_from": row.get("choices_from", ""),
                "optional": _bool(reader, "questions", line, row, "optional"),
                "min": _number(reader, "questions", line, row, "min"),
                "max": _number(reader, "questions", line, row, "max"),
                "dont_know": _number(reader, "questions", line, row, "dont_know"),
                "max_length": _number(reader, "questions", line, row, "max_length", positive=True),
                "condition": relevant if len(relevant) == 3 else None,
                "choices": choices.get(list_name, []),
            }
        )
    for line, row in reader.rows["objectives"]:
        module = modules.get(row["module"])
        if module is None or not module["role_scale"]:
            reader.error("objectives", line, "module", _("not a module with a role matrix"))
            continue
        module["objectives"].append(
            {"code": row["code"], "order": _number(reader, "objectives", line, row, "order") or 0,
             **{f"label_{lang}": row.get(f"label_{lang}", "") for lang in LANGUAGES}}
        )  # fmt: skip
    for name in set(choices) - used_lists:
        line = next(n for n, r in reader.rows["choices"] if r["list_name"] == name)
        reader.error(
            "choices",
            line,
            "list_name",
            _("list “%(name)s” is used by no question") % {"name": name},
        )
    if reader.errors:
        raise WorkbookInvalid(reader.errors)
    return plan


QUESTION_FIELDS = {
    "code": "code", "type": "type", "choices_from": "choices_from", "min_value": "min",
    "max_value": "max", "dont_know": "dont_know", "max_length": "max_length",
    "condition_question": "relevant", "condition_operator": "relevant",
    "condition_value": "relevant", "follow_up": "follow_up",
}  # fmt: skip


@transaction.atomic
def questionnaire_import(*, code: str, raw: bytes, by=None) -> Edition:
    """A new draft edition `code` with the workbook's questionnaire; WorkbookInvalid (every
    problem by sheet, row and column) and nothing written otherwise."""
    plan = read_workbook(raw)
    errors: list[WorkbookError] = []
    settings = {key: value for key, (_line, value) in plan["settings"].items()}
    if Edition.objects.filter(code=code).exists():
        raise WorkbookInvalid(
            [WorkbookError("settings", 1, "-", _("edition %(code)s exists") % {"code": code})]
        )
    edition = Edition(
        code=code,
        **{f: settings.get(f, "") for f in _langs("name")},
        fieldwork_start=date.fromisoformat(settings["fieldwork_start"]),
        fieldwork_end=date.fromisoformat(settings["fieldwork_end"]),
        regions=settings["regions"].split(),
        status=Edition.Status.DRAFT,
        previous=Edition.objects.filter(code=settings.get("previous") or None).first(),
    )
    try:
        edition.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.extend(WorkbookError("settings", 1, field, m) for m in messages)
        raise WorkbookInvalid(errors) from None
    edition.save()
    scales = {}
    for scale_code, points in plan["scales"].items():
        scales[scale_code] = scale = Scale.objects.create(edition=edition, code=scale_code)
        ScalePoint.objects.bulk_create(
            ScalePoint(scale=scale, code=point, **values) for point, values in points.items()
        )
    categories = {
        c["code"]: Category.objects.create(edition=edition, **c) for c in plan["categories"]
    }
    technologies = {t.code: t for t in Technology.objects.all()}
    questions_modules = []
    for spec in plan["modules"]:
        if spec["form"] == Module.Form.QUESTIONS:
            questions_modules.append(spec)
            continue
        module = Module.objects.create(
            edition=edition, kind=spec["code"], form=spec["form"], order=spec["order"],
            scale=scales[spec["scale"]], role_scale=scales.get(spec["role_scale"]),
            follow_up=spec["follow_up"],
            **{f"{key}_{lang}": spec[f"{key}_{lang}"] for key in
               ("title", "question", "intro", "role_question") for lang in LANGUAGES},
        )  # fmt: skip
        for item in spec["items"]:
            labels = {f: item[f] for f in _langs("label")}
            technology = technologies.get(item["code"])
            if technology is None:
                technology = Technology(code=item["code"], **labels)
                try:
                    technology.full_clean()
                except ValidationError as error:
                    errors.extend(
                        WorkbookError("questions", item["line"], "code", m) for m in error.messages
                    )
                    continue
                technology.save()
                technologies[technology.code] = technology
            Item.objects.create(
                module=module, technology=technology, category=categories[item["category"]],
                order=item["order"], **labels,
            )  # fmt: skip
        for objective in spec["objectives"]:
            Objective.objects.create(module=module, **objective)
    for spec in questions_modules:
        lines = {q["code"]: q["line"] for q in spec["questions"]}
        try:
            questions_module_create(
                edition=edition,
                spec={**spec, "title": _by_lang(spec, "title"),
                      "question": _by_lang(spec, "question"), "intro": _by_lang(spec, "intro")},
                by=None,
            )  # fmt: skip
        except SpecErrors as problems:
            for where, field, message in problems.problems:
                if where is None:
                    errors.append(WorkbookError("modules", spec["line"], field, message))
                else:
                    column = QUESTION_FIELDS.get(field, field)
                    errors.append(WorkbookError("questions", lines.get(where, 1), column, message))
    if errors:
        transaction.set_rollback(True)
        raise WorkbookInvalid(errors)
    definitions_changed(edition)  # the scale points went in in bulk
    if by is not None:
        from django.contrib.admin.models import ADDITION

        from survey import audit

        audit.record(by=by, obj=edition, action=ADDITION, message="Imported from a workbook.")
    return edition


def _by_lang(spec, key):
    return {lang: spec[f"{key}_{lang}"] for lang in LANGUAGES}
