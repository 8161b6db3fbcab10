"""The results of one module of an edition as the JSON of the domain brief's contract.

One computation for the `results` command, the JSON download and anyone else: percentages are
numbers with one decimal (or null), p-values floats.
"""

from decimal import Decimal

from survey.models import Edition, Module

from .availability import availability
from .comparison import compare
from .module_answers import module_answers
from .objectives import objective_roles
from .predictors import predictors
from .question_results import question_results, questions_json
from .response_rates import ResponseRate, response_rate


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def module_of(edition: Edition | str, module_kind: str = Module.Kind.GENERAL) -> Module:
    """The module of an edition (given as object or code); raises DoesNotExist for either."""
    code = edition.code if isinstance(edition, Edition) else edition
    return Module.objects.select_related("edition").get(edition__code=code, kind=module_kind)


def rate_json(rate: ResponseRate) -> dict:
    data = {
        "responded": rate.responded,
        "population": rate.population,
        "percent": number(rate.percent),
    }
    if rate.by_region:
        data["by_region"] = {region: rate_json(r) for region, r in rate.by_region.items()}
    return data


def results_json(
    edition: Edition | str,
    module_kind: str = Module.Kind.GENERAL,
    compare_with: Edition | str | None = None,
    with_predictors: bool = False,
    include_brussels: bool = False,
) -> dict:
    module = module_of(edition, module_kind)
    if module.is_questions:  # its results under a key named after the module
        return {
            "edition": module.edition.code,
            "module": module.kind,
            "response_rate": rate_json(response_rate(module)),
            module.kind: questions_json(question_results(module)),
        }
    # With predictors, every answer is read once for both the availability and the models.
    answers = module_answers(module) if with_predictors else None
    data = {
        "edition": module.edition.code,
        "module": module.kind,
        "response_rate": rate_json(response_rate(module)),
        "items": [
            {
                "code": item.code,
                "category": item.category,
                "available": item.available,
                "base": item.base,
                "percent": number(item.percent),
                "distribution": item.distribution,
            }
            for item in availability(module, counts=answers.counts() if answers else None)
        ],
    }
    if compare_with is not None:
        comparison = compare(module, module_of(compare_with, module_kind))
        data["comparison"] = {
            "with": comparison.with_edition,
            "panel_zones": comparison.panel_zones,
            "items": [
                {
                    "code": item.code,
                    "base": item.base,
                    "before": item.before,
                    "after": item.after,
                    "before_percent": number(item.before_percent),
                    "after_percent": number(item.after_percent),
                    "p_value": item.p_value,
                }
                for item in comparison.items
            ],
        }
    if with_predictors:
        data["predictors"] = {
            "items": [
                {
                    "code": item.code,
                    "n": item.n,
                    "events": item.events,
                    "estimable": item.estimable,
                    "coef": item.coef,
                    "odds_ratio_per_doubling": item.odds_ratio_per_doubling,
                    "ci_low": item.ci_low,
                    "ci_high": item.ci_high,
                    "p_value": item.p_value,
                    "significant": item.significant,
                }
                for item in predictors(module, include_brussels=include_brussels, answers=answers)
            ]
        }
    if module.has_role_matrix:
        data["objectives"] = [
            {
                "category": role.category,
                "objective": role.objective,
                "base": role.base,
                "major": role.major,
                "percent": number(role.percent),
                "distribution": role.distribution,
            }
            for role in objective_roles(module)
        ]
    return data
