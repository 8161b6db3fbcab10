"""Import of the zone register file: validate every row first, then write all or nothing."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from survey.models import Zone
from survey.models.definitions import Region
from survey.models.zones import Degurba, Language
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


def _date(value: str) -> date:
    return date.fromisoformat(value)


def parse_register(raw: bytes, filename: str = "zones.csv") -> RegisterImport:
    result = RegisterImport()
    try:
        header, body = read_table(raw, filename)
    except TabularError as exc:
        result.errors.append(RowError(1, "", "", str(exc)))
        return result
    missing = [c for c in COLUMNS if c not in header and c in REQUIRED]
    unknown = [c for c in header if c not in COLUMNS]
    for column in missing:
        result.errors.append(RowError(1, column, "", _("required column is missing")))
    for column in unknown:
        result.errors.append(RowError(1, column, column, _("unknown column")))
    if missing:
        return result

    seen: dict[str, int] = {}
    for index, cells in enumerate(body, start=2):
        raw_row = {c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(header)}
        row, errors = _validate_row(index, raw_row, seen)
        result.errors.extend(errors)
        if row:
            result.rows.append(row)

    known = seen.keys() | set(Zone.objects.values_list("code", flat=True))
    for row in result.rows:
        successor = row["successor"]
        if successor and successor not in known:
            result.errors.append(
                RowError(row["line"], "successor", successor, _("unknown successor zone"))
            )
        elif successor and successor == row["code"]:
            result.errors.append(
                RowError(row["line"], "successor", successor, _("a zone cannot succeed itself"))
            )
    return result


def _validate_row(line: int, raw: dict, seen: dict) -> tuple[dict | None, list[RowError]]:
    errors = []

    def error(column, message):
        errors.append(RowError(line, column, raw.get(column, ""), message))

    code = raw.get("code", "")
    if not (len(code) == 4 and code.isdigit()):
        error("code", _("a zone code has four digits"))
    elif code in seen:
        error("code", _("duplicate zone code (also on row %(row)s)") % {"row": seen[code]})
    else:
        seen[code] = line
    if not raw.get("name_nl") and not raw.get("name_fr"):
        error("name_nl", _("a zone needs a name in Dutch or French"))
    if raw.get("region") not in Region.values:
        error("region", _("unknown region; use VL, BR or WA"))
    degurba = raw.get("degurba", "")
    if degurba not in {str(v) for v in Degurba.values}:
        error("degurba", _("degurba must be 1, 2 or 3"))
    staff = raw.get("staff", "")
    if not staff.isdigit() or int(staff) < 1:
        error("staff", _("staff must be a whole number of at least 1"))
    if raw.get("language") not in Language.values:
        error("language", _("unknown language; use nl, fr or de"))
    dates = {}
    for column in ("valid_from", "valid_to"):
        value = raw.get(column, "")
        if not value and column == "valid_to":
            dates[column] = None
            continue
        try:
            dates[column] = _date(value)
        except ValueError:
            error(column, _("not a date in the form YYYY-MM-DD"))
    if (
        dates.get("valid_from")
        and dates.get("valid_to")
        and dates["valid_to"] < dates["valid_from"]
    ):
        error("valid_to", _("a zone cannot end before it starts"))
    if errors:
        return None, errors
    return {
        "line": line,
        "code": code,
        "name_nl": raw.get("name_nl", ""),
        "name_fr": raw.get("name_fr", ""),
        "region": raw["region"],
        "degurba": int(degurba),
        "staff": int(staff),
        "language": raw["language"],
        "valid_from": dates["valid_from"],
        "valid_to": dates["valid_to"],
        "successor": raw.get("successor", ""),
    }, []


@transaction.atomic
def register_save(*, parsed: RegisterImport) -> RegisterImport:
    """Create or update zones by code; successors are linked once every zone exists."""
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
    created = {z.code for z in to_create}
    parsed.created = len(created)
    parsed.updated = len({z.code for z in to_update} | ({z.code for z in relink} - created))
    return parsed
