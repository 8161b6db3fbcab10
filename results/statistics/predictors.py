"""What predicts availability: per technology `available ~ ln(staff) + C(degurba) + C(region)`.

Fitted by maximum likelihood (statsmodels logit) on the zones with a valid answer, Flanders and
Wallonia only unless Brussels is asked for (its six zones cannot carry their own coefficient).
A model that cannot be trusted (too few events, separation, no convergence) is reported as not
estimable with a reason, never as numbers.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connections
from django.utils.translation import gettext as _

from survey.models import Answer, Module, Response

from .availability import ScaleCodes

if TYPE_CHECKING:
    import pandas as pd

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


def zone_answers(module: Module, *, include_brussels: bool = False) -> pd.DataFrame:
    """One row per valid answer: technology id, available, staff, degurba, region.

    Two queries: the responding zones' attributes, and the answers as plain integers."""
    import numpy as np  # numpy, pandas, statsmodels: imported when used, not with the URLconf
    import pandas as pd

    scale = ScaleCodes.of(module.scale_id)
    regions = ["VL", "WA", "BR"] if include_brussels else ["VL", "WA"]
    responses = Response.objects.filter(
        module=module, status=Response.Status.SUBMITTED, zone__region__in=regions
    )
    zones = pd.DataFrame.from_records(
        _fetch(responses.values_list("id", "zone__staff", "zone__degurba", "zone__region")),
        columns=["response", "staff", "degurba", "region"],
    )
    answers = np.asarray(
        _fetch(
            Answer.objects.filter(response__in=responses, code__in=sorted(scale.valid)).values_list(
                "response_id", "item__technology_id", "code"
            )
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    frame = pd.DataFrame(answers, columns=["response", "technology", "code"]).merge(
        zones, on="response", how="inner"
    )
    frame["available"] = frame["code"].isin(list(scale.available)).astype(int)
    frame[SIZE] = np.log(frame["staff"].astype(float))
    return frame


def design(data: pd.DataFrame) -> pd.DataFrame:
    """The design matrix of `available ~ ln(staff) + C(degurba) + C(region)`, as patsy builds
    it (treatment coding, first level as reference), without patsy's per-row overhead.
    A factor that does not vary in these data is left out instead of failing on it."""
    import pandas as pd

    columns = [pd.Series(1.0, index=data.index, name="Intercept"), data[SIZE]]
    for name in ("degurba", "region"):
        levels = sorted(data[name].unique())
        for level in levels[1:]:
            columns.append((data[name] == level).astype(float).rename(f"C({name})[T.{level}]"))
    return pd.concat(columns, axis=1)


def separated_by_a_level(data: pd.DataFrame) -> bool:
    """A degurba or region level whose zones all have (or all lack) the technology: its
    coefficient runs off to infinity (quasi-complete separation), so the model has no estimate."""
    for name in ("degurba", "region"):
        if data[name].nunique() > 1:
            outcome = data.groupby(name)["available"].agg(["min", "max"])
            if (outcome["min"] == outcome["max"]).any():
                return True
    return False


def not_estimable(code, n, events, reason, label="") -> ItemPredictor:
    return ItemPredictor(code, n, events, False, reason_text(reason), *[None] * 6, label=label)


def fit(code: str, data: pd.DataFrame, label: str = "") -> ItemPredictor:
    n, events = len(data), int(data["available"].sum())
    if events < MIN_EVENTS or n - events < MIN_EVENTS:
        return not_estimable(code, n, events, "few_events", label)
    if separated_by_a_level(data):
        return not_estimable(code, n, events, "separation", label)
    import numpy as np
    import statsmodels.api as sm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = sm.Logit(data["available"], design(data)).fit(disp=False, maxiter=100)
        except Exception as error:  # noqa: BLE001 - singular matrix, PerfectSeparationError, ...
            separation = "separation" in f"{type(error).__name__} {error}".lower()
            return not_estimable(
                code, n, events, "separation" if separation else "no_convergence", label
            )
    if not result.mle_retvals.get("converged", False):
        return not_estimable(code, n, events, "no_convergence", label)
    standard_errors = np.asarray(result.bse, dtype=float)
    if not np.all(np.isfinite(standard_errors)) or standard_errors.max() > MAX_STANDARD_ERROR:
        return not_estimable(code, n, events, "separation", label)
    coef = float(result.params[SIZE])
    low, high = (float(v) for v in result.conf_int().loc[SIZE])
    p_value = float(result.pvalues[SIZE])
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
    frame = zone_answers(module, include_brussels=include_brussels)
    groups = dict(tuple(frame.groupby("technology"))) if len(frame) else {}
    empty = frame.iloc[0:0]
    return [
        fit(item.technology.code, groups.get(item.technology_id, empty), item.label)
        for item in module.items.select_related("technology").in_questionnaire_order()
    ]
