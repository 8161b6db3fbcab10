"""The role of each technology category per objective (events module): share of major roles."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from survey.models import Module, Response, RoleAnswer

from .availability import NO_ANSWER, ScaleCodes
from .percentages import percent

MAJOR_CODES = frozenset({3, 4})  # "major" and "very major" role


@dataclass(frozen=True)
class ObjectiveRole:
    category: str
    objective: str
    base: int
    major: int
    percent: Decimal | None
    distribution: dict[str, int]
    category_label: str = ""
    objective_label: str = ""


def objective_roles(module: Module) -> list[ObjectiveRole]:
    """Category × objective cells in matrix order; empty for a module without a role matrix."""
    if not module.role_scale_id:
        return []
    scale = ScaleCodes.of(module.role_scale_id)
    responses = Response.objects.filter(module=module, status=Response.Status.SUBMITTED)
    counts: dict[tuple[int, int], dict[int, int]] = {}
    rows = (
        RoleAnswer.objects.filter(response__in=responses)
        .order_by()
        .values("category_id", "objective_id", "code")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts.setdefault((row["category_id"], row["objective_id"]), {})[row["code"]] = row["n"]
    answered = responses.count()
    objectives = list(module.objectives.order_by("order", "code"))
    result = []
    for category in module.role_categories():
        for objective in objectives:
            cell = counts.get((category.pk, objective.pk), {})
            distribution = {str(code): cell.get(code, 0) for code in scale.codes}
            distribution[NO_ANSWER] = max(answered - sum(cell.values()), 0)
            base = sum(n for code, n in cell.items() if code in scale.valid)
            major = sum(n for code, n in cell.items() if code in scale.valid & MAJOR_CODES)
            result.append(
                ObjectiveRole(
                    category=category.code,
                    objective=objective.code,
                    base=base,
                    major=major,
                    percent=percent(major, base),
                    distribution=distribution,
                    category_label=category.label,
                    objective_label=objective.label,
                )
            )
    return result
