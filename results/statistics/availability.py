"""Availability of each technology of a module, with its base and full distribution.

available = zones answering a code that counts as available; base = zones answering a valid
code; don't know and no answer stay out of the base but are reported in the distribution.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from survey.models import Answer, Module, Response, ScalePoint
from survey.models.zones import size_class_expression

from .percentages import percent

NO_ANSWER = "no_answer"


@dataclass(frozen=True)
class ItemAvailability:
    code: str
    category: str
    label: str
    available: int
    base: int
    percent: Decimal | None
    distribution: dict[str, int]
    category_label: str = ""


@dataclass(frozen=True)
class ScaleCodes:
    """Which codes of a scale count as available and which are valid, in scale order."""

    codes: tuple[int, ...]
    available: frozenset[int]
    valid: frozenset[int]

    @classmethod
    def of(cls, scale) -> "ScaleCodes":
        points = list(ScalePoint.objects.filter(scale=scale).order_by("code"))
        return cls(
            codes=tuple(p.code for p in points),
            available=frozenset(p.code for p in points if p.counts_as_available),
            valid=frozenset(p.code for p in points if p.is_valid),
        )


def submitted_responses(module, *, region=None, degurba=None, size_class=None, zones=None):
    """The submitted responses of a module, narrowed to zones of a region, degurba or size."""
    responses = Response.objects.filter(module=module, status=Response.Status.SUBMITTED)
    if region:
        responses = responses.filter(zone__region=region)
    if degurba:
        responses = responses.filter(zone__degurba=int(degurba))
    if size_class:
        responses = responses.alias(size=size_class_expression("zone__staff")).filter(
            size=size_class
        )
    if zones is not None:
        responses = responses.filter(zone__in=zones)
    return responses


def summarise(counts: dict[int, int], responses: int, scale: ScaleCodes) -> tuple[int, int, dict]:
    """(available, base, distribution) of one item from its answer counts per code."""
    distribution = {str(code): counts.get(code, 0) for code in scale.codes}
    for code, n in counts.items():  # codes outside the scale are shown, never counted
        distribution.setdefault(str(code), n)
    distribution[NO_ANSWER] = max(responses - sum(counts.values()), 0)
    available = sum(n for code, n in counts.items() if code in scale.available)
    base = sum(n for code, n in counts.items() if code in scale.valid)
    return available, base, distribution


def availability(
    module: Module, *, region=None, degurba=None, size_class=None, zones=None, counts=None
) -> list[ItemAvailability]:
    """One row per item in questionnaire order (category, then item order). `counts`: the
    answers per item and code of all submitted responses if already read (ModuleAnswers);
    they cannot serve a narrowed selection."""
    narrowed = any(value is not None for value in (region, degurba, size_class, zones))
    if counts is not None and narrowed:
        raise ValueError("counts are of every submitted response: not for a narrowed selection")
    responses = submitted_responses(
        module, region=region, degurba=degurba, size_class=size_class, zones=zones
    )
    scale = ScaleCodes.of(module.scale_id)
    items = list(module.items.select_related("technology", "category").in_questionnaire_order())
    if counts is None:
        counts = {}
        rows = (
            Answer.objects.filter(response__in=responses)
            .order_by()
            .values("item_id", "code")
            .annotate(n=Count("id"))
        )
        for row in rows:
            counts.setdefault(row["item_id"], {})[row["code"]] = row["n"]
    answered = responses.count()
    result = []
    for item in items:
        available, base, distribution = summarise(counts.get(item.pk, {}), answered, scale)
        result.append(
            ItemAvailability(
                code=item.technology.code,
                category=item.category.code,
                label=item.label,
                available=available,
                base=base,
                percent=percent(available, base),
                distribution=distribution,
                category_label=item.category.label,
            )
        )
    return result
