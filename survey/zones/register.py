"""Import of the zone register file: validate every row first, then write all or nothing."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from survey import audit
from survey.data_version import data_changed
from survey.models import Zone
from survey.tabular import TabularError, read_table

COLUMNS = [
    "code",
    "name_nl",
    "name_fr",
    "region",
    "degurba",
    "staff",
    "language",
    "valid_from",
    "valid_to",
    "successor",
]
REQUIRED = {"code", "region", "degurba", "staff", "language", "valid_from"}


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based line number in the file, the header being line 1
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = _("row %(row)s, column %(column)s") % {
            "row": self.row,
            "column": self.column or "-",
        }
        return (
            f"{where}: {self.message} ({self.value!r})"
            if self.value
            else f"{where}: {self.message}"
        )


@dataclass
class RegisterImport:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0


# Columns given as text and converted by the model's own fields (Zone.full_clean); integer
# columns must be ASCII digits first: int() also reads other Unicode digits such as "٣".
MODEL_FIELDS = ["code", "name_nl", "name_fr", "region", "degurba", "staff", "language"]
INTEGER_COLUMNS = {"degurba", "staff"}


def parse_register(raw: bytes, filename: str = "zones.csv", *, limits=None) -> RegisterImport:
    result = RegisterImport()
    try:
        header, body = read_table(raw, filename, limits=limits)
    except TabularError as exc:
        result.errors.append(RowError(1, "", "", str(exc)))
        return result
    missing = [c for c in COLUMNS if c not in header and c in REQUIRED]
    unknown = [c for c in header if c not in COLUMNS]
    for column in missing:
        result.errors.append(RowError(1, column, "", _("required column is missing")))
    for column in unknown:
        result.errors.append(RowError(1, column, column, _("unknown column")))
    for column in sorted({c for c in header if header.count(c) > 1}):
        result.errors.append(RowError(1, column, column, _("column appears twice")))
    if result.errors:
        return result

    seen: dict[str, int] = {}
    for index, cells in enumerate(body, start=2):
        raw_row = {c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(header)}
        row, errors = _validate_row(index, raw_row, seen)
        result.errors.extend(errors)
        if row:
            result.rows.append(row)
    result.errors.extend(_successor_errors(result.rows, seen))
    return result


def _validate_row(line: int, raw: dict, seen: dict) -> tuple[dict | None, list[RowError]]:
    """One row as a Zone, checked by the model's field validators and clean()."""
    errors: dict[str, list[str]] = {}
    values = {column: raw.get(column, "") for column in MODEL_FIELDS}
    values["valid_from"] = raw.get("valid_from", "")
    values["valid_to"] = raw.get("valid_to", "") or None
    for column in INTEGER_COLUMNS:
        if values[column] and not (values[column].isascii() and values[column].isdigit()):
            errors[column] = [_("not a whole number written with the digits 0-9")]
            values[column] = None
    zone = Zone(**values)
    try:
        zone.full_clean(
            exclude=["successor", *errors], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for column, messages in exc.message_dict.items():
            errors.setdefault(column if column in COLUMNS else "", []).extend(messages)
    code = values["code"]
    if "code" not in errors:
        if code in seen:
            errors["code"] = [_("duplicate zone code (also on row %(row)s)") % {"row": seen[code]}]
        else:
            seen[code] = line
    if errors:
        return None, [
            RowError(line, column, raw.get(column, ""), " ".join(messages))
            for column, messages in errors.items()
        ]
    row = {column: getattr(zone, column) for column in [*MODEL_FIELDS, "valid_from", "valid_to"]}
    return {"line": line, **row, "successor": raw.get("successor", "")}, []


def successor_cycles(links: dict[str, str]) -> set[str]:
    """The codes that lie on a cycle of successor links (code → successor code)."""
    on_cycle: set[str] = set()
    done: set[str] = set()
    for start in links:
        path: list[str] = []
        position: dict[str, int] = {}
        code = start
        while code and code not in done and code not in position:
            position[code] = len(path)
            path.append(code)
            code = links.get(code, "")
        if code in position:
            on_cycle.update(path[position[code] :])
        done.update(path)
    return on_cycle


def register_links(changes: dict[str, str]) -> dict[str, str]:
    """Successor links of the register with `changes` (code → successor code or "") applied."""
    links = {
        code: successor or ""
        for code, successor in Zone.objects.values_list("code", "successor__code")
    }
    return links | changes


def _successor_errors(rows: list[dict], seen: dict) -> list[RowError]:
    errors = []
    known = seen.keys() | set(Zone.objects.values_list("code", flat=True))
    for row in rows:
        successor = row["successor"]
        if successor and successor not in known:
            errors.append(
                RowError(row["line"], "successor", successor, _("unknown successor zone"))
            )
        elif successor and successor == row["code"]:
            errors.append(
                RowError(row["line"], "successor", successor, _("a zone cannot succeed itself"))
            )
    if errors:
        return errors
    cycles = successor_cycles(register_links({row["code"]: row["successor"] for row in rows}))
    return [
        RowError(
            row["line"],
            "successor",
            row["successor"],
            _("successors form a cycle (a zone would succeed itself through others)"),
        )
        for row in rows
        if row["code"] in cycles
    ]


@transaction.atomic
def register_save(*, parsed: RegisterImport, by=None) -> RegisterImport:
    """Create or update zones by code; successors are linked once every zone exists.

    A researcher's import (`by`) is recorded on every zone it created or changed; the
    `import_zones` command runs without a user.
    """
    if parsed.errors:
        raise ValueError("refusing to write a register with errors")
    existing = {z.code: z for z in Zone.objects.filter(code__in=[r["code"] for r in parsed.rows])}
    fields = [
        "name_nl",
        "name_fr",
        "region",
        "degurba",
        "staff",
        "language",
        "valid_from",
        "valid_to",
    ]
    to_create, to_update = [], []
    for row in parsed.rows:
        zone = existing.get(row["code"])
        if zone is None:
            to_create.append(Zone(code=row["code"], **{f: row[f] for f in fields}))
        elif any(getattr(zone, f) != row[f] for f in fields):
            for f in fields:
                setattr(zone, f, row[f])
            to_update.append(zone)
    Zone.objects.bulk_create(to_create)
    Zone.objects.bulk_update(to_update, fields)

    by_code = {z.code: z for z in Zone.objects.filter(code__in=[r["code"] for r in parsed.rows])}
    successors = {
        z.code: z
        for z in Zone.objects.filter(
            code__in=[r["successor"] for r in parsed.rows if r["successor"]]
        )
    }
    relink = []
    for row in parsed.rows:
        zone = by_code[row["code"]]
        successor = successors.get(row["successor"])
        if zone.successor_id != (successor.pk if successor else None):
            zone.successor = successor
            relink.append(zone)
    Zone.objects.bulk_update(relink, ["successor"])
    data_changed()
    created = {z.code for z in to_create}
    updated = {z.code for z in to_update} | ({z.code for z in relink} - created)
    parsed.created, parsed.updated = len(created), len(updated)
    if by is not None:
        audit.record_many(
            by=by,
            objs=[by_code[code] for code in sorted(created)],
            action=audit.ADDITION,
            message=_("Imported from the register file."),
        )
        audit.record_many(
            by=by,
            objs=[by_code[code] for code in sorted(updated)],
            message=_("Imported from the register file."),
        )
    return parsed
