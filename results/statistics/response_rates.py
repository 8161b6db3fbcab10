"""Response rate of a module: zones with a submitted response ÷ the edition's population."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, FilteredRelation, Q

from survey.models import Module, Response, Zone

from .percentages import percent


@dataclass(frozen=True)
class ResponseRate:
    responded: int
    population: int
    percent: Decimal | None
    by_region: dict[str, "ResponseRate"] = field(default_factory=dict)


def response_rate(module: Module) -> ResponseRate:
    """Overall and per region of the edition (in the edition's order), from one aggregate."""
    edition = module.edition
    # A zone has at most one response per module, so joining only the module's submitted ones
    # counts without DISTINCT (half the time of joining every response of the edition).
    submitted = FilteredRelation(
        "responses",
        condition=Q(responses__module=module, responses__status=Response.Status.SUBMITTED),
    )
    rows = (
        Zone.objects.population(edition)
        .order_by()
        .annotate(submitted=submitted)
        .values("region")
        .annotate(population=Count("id"), responded=Count("submitted"))
    )
    counts = {row["region"]: (row["responded"], row["population"]) for row in rows}
    by_region = {}
    for region in edition.regions:
        responded, population = counts.get(region, (0, 0))
        by_region[region] = ResponseRate(responded, population, percent(responded, population))
    responded = sum(r.responded for r in by_region.values())
    population = sum(r.population for r in by_region.values())
    return ResponseRate(responded, population, percent(responded, population), by_region)


@dataclass(frozen=True)
class ModuleResponseRate:
    module: Module
    rate: ResponseRate


def edition_response_rates(edition) -> list[ModuleResponseRate]:
    """Every module of an edition, in questionnaire order: one aggregate per module."""
    return [ModuleResponseRate(module, response_rate(module)) for module in edition.modules.all()]
