"""Availability of each technology by size class, degree of urbanisation and region.

The plain crosstabs beside the regression: one aggregate query per dimension.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F

from survey.models import Answer, Module, Response
from survey.models.definitions import Region
from survey.models.zones import Degurba, SizeClass, size_class_expression

from .availability import ScaleCodes
from .percentages import percent

DIMENSIONS = {
    "size_class": (SizeClass, lambda: size_class_expression("response__zone__staff")),
    "degurba": (Degurba, lambda: F("response__zone__degurba")),
    "region": (Region, lambda: F("response__zone__region")),
}


@dataclass(frozen=True)
class Cell:
    available: int
    base: int
    percent: Decimal | None


@dataclass(frozen=True)
class CrosstabRow:
    code: str
    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class Crosstab:
    dimension: str
    groups: list[tuple[str, str]]  # (value, label)
    rows: list[CrosstabRow]


def crosstab(module: Module, dimension: str, *, items=None, scale=None) -> Crosstab:
    """Available / base per item and group of `dimension` (size_class, degurba or region)."""
    choices, expression = DIMENSIONS[dimension]
    scale = scale or ScaleCodes.of(module.scale_id)
    items = items if items is not None else list(module.items.select_related("technology"))
    counts: dict[tuple[int, str], list[int]] = {}
    rows = (
        Answer.objects.filter(
            response__module=module,
            response__status=Response.Status.SUBMITTED,
            code__in=sorted(scale.valid),
        )
        .annotate(group=expression())
        .order_by()
        .values("item_id", "group", "code")
        .annotate(n=Count("id"))
    )
    for row in rows:
        cell = counts.setdefault((row["item_id"], str(row["group"])), [0, 0])
        cell[1] += row["n"]
        if row["code"] in scale.available:
            cell[0] += row["n"]
    groups = [(str(value), str(label)) for value, label in choices.choices]
    result = []
    for item in items:
        cells = []
        for value, _label in groups:
            available, base = counts.get((item.pk, value), (0, 0))
            cells.append(Cell(available, base, percent(available, base)))
        result.append(CrosstabRow(item.technology.code, item.label, cells))
    return Crosstab(dimension, groups, result)


def crosstabs(module: Module) -> list[Crosstab]:
    scale = ScaleCodes.of(module.scale_id)
    items = list(module.items.select_related("technology").in_questionnaire_order())
    return [crosstab(module, name, items=items, scale=scale) for name in DIMENSIONS]
