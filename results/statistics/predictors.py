"""What predicts availability: per technology `available ~ ln(staff) + C(degurba) + C(region)`.

Fitted by maximum likelihood (Newton-Raphson in numpy, the algorithm of statsmodels' logit,
without its per-model overhead) on the zones with a valid answer, Flanders and Wallonia only
unless Brussels is asked for (its six zones cannot carry their own coefficient).
A model that cannot be trusted (too few events, separation, no convergence) is reported as not
estimable with a reason, never as numbers.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from statistics import NormalDist

from django.db import connections
from django.utils.translation import gettext as _

from survey.models import Answer, Module, Response

from .availability import ScaleCodes

MIN_EVENTS = 10
ALPHA = 0.05
# A standard error this large on the log-odds scale means the likelihood is flat: quasi-separation.
MAX_STANDARD_ERROR = 10.0
SIZE = "ln_staff"


def reason_text(reason: str) -> str:
    """Why a model was not estimated, in the current language."""
    texts = {
        "few_events": _("fewer than %(n)s zones with or without it") % {"n": MIN_EVENTS},
        "separation": _("perfect or quasi-complete separation"),
        "no_convergence": _("the model did not converge"),
    }
    return texts[reason]


@dataclass(frozen=True)
class ItemPredictor:
    code: str
    n: int
    events: int
    estimable: bool
    reason: str
    coef: float | None
    odds_ratio_per_doubling: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    significant: bool | None
    label: str = ""


def _fetch(queryset) -> list[tuple]:
    """Rows straight from the cursor: the ORM builds the query, but turning a million rows into
    Django values one by one would cost more than all the regressions together."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def zone_answers(module: Module, *, include_brussels: bool = False) -> dict:
    """The valid answers as numpy arrays, one entry per answer: `technology` (id), `available`
    (0/1), `ln_staff`, `degurba`, `region` (codes of the responding zone).

    Two queries: the responding zones' attributes, and the answers as plain integers."""
    import numpy as np  # imported when used, not with the URLconf

    scale = ScaleCodes.of(module.scale_id)
    regions = ["VL", "WA", "BR"] if include_brussels else ["VL", "WA"]
    responses = Response.objects.filter(
        module=module, status=Response.Status.SUBMITTED, zone__region__in=regions
    )
    zones = _fetch(responses.values_list("id", "zone__staff", "zone__degurba", "zone__region"))
    row_of = {response: index for index, (response, *_rest) in enumerate(zones)}
    answers = np.asarray(
        _fetch(
            Answer.objects.filter(response__in=responses, code__in=sorted(scale.valid)).values_list(
                "response_id", "item__technology_id", "code"
            )
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    rows = np.fromiter((row_of[r] for r in answers[:, 0]), dtype=np.int64, count=len(answers))
    staff = np.asarray([z[1] for z in zones], dtype=float)
    degurba = np.asarray([z[2] for z in zones], dtype=np.int64)
    region = np.asarray([z[3] for z in zones], dtype=object)
    return {
        "technology": answers[:, 1],
        "available": np.isin(answers[:, 2], sorted(scale.available)).astype(float),
        SIZE: np.log(staff)[rows] if len(zones) else np.zeros(0),
        "degurba": degurba[rows] if len(zones) else np.zeros(0, dtype=np.int64),
        "region": region[rows] if len(zones) else np.zeros(0, dtype=object),
    }


def design(data: dict):
    """The design matrix of `available ~ ln(staff) + C(degurba) + C(region)`, as patsy builds
    it (treatment coding, first level as reference): intercept, ln(staff), then the dummies.
    A factor that does not vary in these data is left out instead of failing on it."""
    import numpy as np

    columns = [np.ones(len(data[SIZE])), data[SIZE]]
    for name in ("degurba", "region"):
        levels = sorted(set(data[name].tolist()))
        columns += [(data[name] == level).astype(float) for level in levels[1:]]
    return np.column_stack(columns)


def separated_by_a_level(data: dict) -> bool:
    """A degurba or region level whose zones all have (or all lack) the technology: its
    coefficient runs off to infinity (quasi-complete separation), so the model has no estimate."""
    for name in ("degurba", "region"):
        levels = set(data[name].tolist())
        if len(levels) > 1:
            for level in levels:
                outcome = data["available"][data[name] == level]
                if outcome.min() == outcome.max():
                    return True
    return False


def not_estimable(code, n, events, reason, label="") -> ItemPredictor:
    return ItemPredictor(code, n, events, False, reason_text(reason), *[None] * 6, label=label)


class NotConverged(Exception):
    pass


def logit(y, x, *, maxiter: int = 100, tol: float = 1e-8):
    """Maximum-likelihood logistic regression by Newton-Raphson from zero, as statsmodels'
    `Logit.fit` does (same start, step and stopping rule): (coefficients, standard errors).
    A singular information matrix raises numpy's LinAlgError; no convergence, NotConverged."""
    import numpy as np

    beta = np.zeros(x.shape[1])
    for _iteration in range(maxiter):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        information = (x * (p * (1.0 - p))[:, None]).T @ x
        step = np.linalg.solve(information, x.T @ (y - p))
        beta = beta + step
        if np.max(np.abs(step)) <= tol:
            break
    else:
        raise NotConverged
    p = 1.0 / (1.0 + np.exp(-(x @ beta)))
    information = (x * (p * (1.0 - p))[:, None]).T @ x
    return beta, np.sqrt(np.diag(np.linalg.inv(information)))


def fit(code: str, data: dict, label: str = "") -> ItemPredictor:
    import numpy as np

    n, events = len(data["available"]), int(data["available"].sum())
    if events < MIN_EVENTS or n - events < MIN_EVENTS:
        return not_estimable(code, n, events, "few_events", label)
    if separated_by_a_level(data):
        return not_estimable(code, n, events, "separation", label)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            params, standard_errors = logit(data["available"], design(data))
        except (np.linalg.LinAlgError, NotConverged):
            return not_estimable(code, n, events, "no_convergence", label)
    if not np.all(np.isfinite(standard_errors)) or standard_errors.max() > MAX_STANDARD_ERROR:
        return not_estimable(code, n, events, "separation", label)
    coef, error = float(params[1]), float(standard_errors[1])
    # Wald test and interval on the normal distribution, as statsmodels reports them.
    p_value = math.erfc(abs(coef / error) / math.sqrt(2))
    half_width = NormalDist().inv_cdf(1 - ALPHA / 2) * error
    low, high = coef - half_width, coef + half_width
    if not all(math.isfinite(v) for v in (coef, low, high, p_value)):
        return not_estimable(code, n, events, "separation", label)
    doubling = math.log(2)
    return ItemPredictor(
        code=code,
        n=n,
        events=events,
        estimable=True,
        reason="",
        coef=coef,
        odds_ratio_per_doubling=math.exp(coef * doubling),
        ci_low=math.exp(low * doubling),
        ci_high=math.exp(high * doubling),
        p_value=p_value,
        significant=p_value < ALPHA,
        label=label,
    )


def predictors(module: Module, *, include_brussels: bool = False) -> list[ItemPredictor]:
    import numpy as np

    data = zone_answers(module, include_brussels=include_brussels)
    # One sort, then each technology's answers are a slice: no per-item query or filter.
    order = np.argsort(data["technology"], kind="stable")
    data = {name: values[order] for name, values in data.items()}
    technologies, starts = np.unique(data["technology"], return_index=True)
    ends = [*starts[1:], len(order)][: len(starts)]
    bounds = dict(zip(technologies.tolist(), zip(starts, ends, strict=True), strict=True))
    empty = (0, 0)
    return [
        fit(
            item.technology.code,
            {
                name: values[slice(*bounds.get(item.technology_id, empty))]
                for name, values in data.items()
            },
            item.label,
        )
        for item in module.items.select_related("technology").order_by(
            "category__order", "category__code", "order", "id"
        )
    ]
