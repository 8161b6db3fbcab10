"""The rows of an export, read in chunks so that 20,000 zones never sit in memory at once."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC

from results.data.imports import PROGRESS_EVERY, WideLayout, wide_layout
from survey.models import Answer, Response, RoleAnswer
from survey.models.zones import size_class

from ..codebook import Variable, module_variables
from . import ExportOptions, pseudonym

CHUNK = 1000


@dataclass
class ExportTable:
    module: object
    options: ExportOptions
    layout: WideLayout
    variables: list[Variable]
    # A page of the zones in file order (the API's JSON pages); None: all of them.
    window: slice | None = None

    @property
    def header(self) -> list[str]:
        return [variable.column for variable in self.variables]

    def responses(self):
        return Response.objects.of_module(self.module).submitted()

    def count(self) -> int:
        return self.responses().count()


def export_table(module, options: ExportOptions) -> ExportTable:
    layout = wide_layout(module)
    variables = module_variables(
        module,
        with_attributes=options.with_attributes,
        pseudonymise=options.pseudonymise,
        layout=layout,
    )
    return ExportTable(module, options, layout, variables)


def _zone_values(table: ExportTable, zone: dict) -> list:
    options = table.options
    code = zone["zone__code"]
    values = [pseudonym(table.module.edition.code, code) if options.pseudonymise else code]
    if options.with_attributes:
        names = [zone["zone__name_nl"], zone["zone__name_fr"]]
        if options.language in ("fr", "de"):
            names.reverse()
        attributes = {
            "name": names[0] or names[1],
            "region": zone["zone__region"],
            "degurba": zone["zone__degurba"],
            "size_class": size_class(zone["zone__staff"]),
            "staff": zone["zone__staff"],
        }
        values.extend(attributes[v.column] for v in table.variables if v.kind == "attribute")
    return values


def iter_records(
    table: ExportTable, progress: Callable[[int], None] | None = None
) -> Iterator[list]:
    """One list per zone in header order: codes as int or None, submitted_at in UTC."""
    responses = list(
        table.responses()
        .order_by("zone__code")
        .values(
            "id",
            "submitted_at",
            "zone__code",
            "zone__name_nl",
            "zone__name_fr",
            "zone__region",
            "zone__degurba",
            "zone__staff",
        )
    )
    if table.options.pseudonymise:
        # Ordered by zone code, the pseudonyms would leak the order of the codes.
        responses.sort(key=lambda r: pseudonym(table.module.edition.code, r["zone__code"]))
    if table.window is not None:
        responses = responses[table.window]
    item_index = {item.pk: i for i, item in enumerate(table.layout.items)}
    role_index = {
        (cell.category.pk, cell.objective.pk): len(item_index) + i
        for i, cell in enumerate(table.layout.roles)
    }
    width = len(item_index) + len(role_index)
    done = 0
    for start in range(0, len(responses), CHUNK):
        chunk = responses[start : start + CHUNK]
        cells = {r["id"]: [None] * width for r in chunk}
        for response_id, item_id, code in Answer.objects.filter(
            response_id__in=cells.keys()
        ).values_list("response_id", "item_id", "code"):
            if item_id in item_index:
                cells[response_id][item_index[item_id]] = code
        if role_index:
            for response_id, category_id, objective_id, code in RoleAnswer.objects.filter(
                response_id__in=cells.keys()
            ).values_list("response_id", "category_id", "objective_id", "code"):
                position = role_index.get((category_id, objective_id))
                if position is not None:
                    cells[response_id][position] = code
        for response in chunk:
            submitted_at = response["submitted_at"]
            yield [
                *_zone_values(table, response),
                *cells[response["id"]],
                submitted_at.astimezone(UTC) if submitted_at else None,
            ]
            done += 1
            if progress and done % PROGRESS_EVERY == 0:
                progress(done)
    if progress and done % PROGRESS_EVERY:
        progress(done)
