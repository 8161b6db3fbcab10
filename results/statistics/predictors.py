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

from django.utils.translation import gettext as _

from survey.models import Module, Response

from .availability import ScaleCodes
from .module_answers import ModuleAnswers, fetch_rows, module_answers

if TYPE_CHECKING:
    import numpy as np

MIN_EVENTS = 10
ALPHA = 0.05
# A standard error this large on the log-odds scale means the likelihood is flat: quasi-separation.
MAX_STANDARD_ERROR = 10.0
SIZE = 1  # the column of ln(staff) in the design matrix


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


@dataclass(frozen=True)
class ModelData:
    """One item's valid answers as numpy arrays, one entry per answering zone: available (0/1)
    and the zone's ln(staff), degurba and region (an integer code, in the order of the region
    codes)."""

    available: np.ndarray
    ln_staff: np.ndarray
    degurba: np.ndarray
    region: np.ndarray


@dataclass(frozen=True)
class ZoneAnswers:
    """The responding zones of the regions, in the order of their responses, so that a model
    sees its zones in the same order whatever plan the database chose (the last digits of a fit
    depend on the order of its rows), with their ln(staff), degurba and region; and per item
    each zone's answer: 1 available, 0 not, -1 no valid answer."""

    ln_staff: np.ndarray
    degurba: np.ndarray
    region: np.ndarray
    outcomes: dict[int, np.ndarray]

    def of_item(self, item: int) -> ModelData:
        import numpy as np

        outcome = self.outcomes.get(item, np.empty(0, dtype=np.int8))
        answered = np.flatnonzero(outcome >= 0)
        return ModelData(
            available=outcome[answered].astype(np.int64),
            ln_staff=self.ln_staff[answered],
            degurba=self.degurba[answered],
            region=self.region[answered],
        )


def zone_answers(
    module: Module, *, include_brussels: bool = False, answers: ModuleAnswers | None = None
) -> ZoneAnswers:
    """The module's valid answers with the attributes of their zones: the responding zones in
    one small query, the answers as numpy arrays (`answers`, or read here: module_answers)."""
    import numpy as np  # numpy and statsmodels: imported when used, not with the URLconf

    scale = ScaleCodes.of(module.scale_id)
    regions = ["VL", "WA", "BR"] if include_brussels else ["VL", "WA"]
    responses = Response.objects.filter(
        module=module, status=Response.Status.SUBMITTED, zone__region__in=regions
    ).order_by("id")
    zones = fetch_rows(responses.values_list("id", "zone__staff", "zone__degurba", "zone__region"))
    ids = np.asarray([zone[0] for zone in zones], dtype=np.int64)
    staff = np.asarray([zone[1] for zone in zones], dtype=np.int64)
    region_codes = sorted({zone[3] for zone in zones})
    # Every submitted response's answers: those of zones outside `regions` (or whose response
    # was submitted between the queries) find no zone here, which costs the database less than
    # joining the zones.
    answers = answers if answers is not None else module_answers(module)
    outcomes: dict[int, np.ndarray] = {}
    for group in [g for g in answers.groups if g.code in scale.valid] if len(ids) else []:
        rows = np.searchsorted(ids, group.responses).clip(0, len(ids) - 1)
        rows = rows[ids[rows] == group.responses]
        outcome = outcomes.setdefault(group.item, np.full(len(ids), -1, dtype=np.int8))
        outcome[rows] = int(group.code in scale.available)
    return ZoneAnswers(
        ln_staff=np.log(staff.astype(float)),
        degurba=np.asarray([zone[2] for zone in zones], dtype=np.int64),
        region=np.asarray([region_codes.index(zone[3]) for zone in zones], dtype=np.int64),
        outcomes=outcomes,
    )


def _levels(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The levels of a factor coded as small integers (degurba 1-3, a region's index), in
    ascending order, and how many answers have each."""
    import numpy as np

    counts = np.bincount(values)
    levels = np.flatnonzero(counts)
    return levels, counts[levels]


def design(data: ModelData) -> np.ndarray:
    """The design matrix of `available ~ ln(staff) + C(degurba) + C(region)`, as patsy builds
    it (treatment coding, first level as reference), column-major as statsmodels receives a
    data frame. A factor that does not vary in these data is left out instead of failing on it."""
    import numpy as np

    dummies = []
    for values in (data.degurba, data.region):
        levels, _counts = _levels(values)
        dummies += [values == level for level in levels[1:]]
    matrix = np.empty((len(data.available), 2 + len(dummies)), order="F")
    matrix[:, 0] = 1.0
    matrix[:, 1] = data.ln_staff
    for column, dummy in enumerate(dummies, start=2):
        matrix[:, column] = dummy
    return matrix


def separated_by_a_level(data: ModelData) -> bool:
    """A degurba or region level whose zones all have (or all lack) the technology: its
    coefficient runs off to infinity (quasi-complete separation), so the model has no estimate."""
    import numpy as np

    for values in (data.degurba, data.region):
        levels, zones = _levels(values)
        if len(levels) > 1:
            events = np.bincount(values, weights=data.available)[levels]
            if np.any((events == 0) | (events == zones)):
                return True
    return False


def not_estimable(code, n, events, reason, label="") -> ItemPredictor:
    return ItemPredictor(code, n, events, False, reason_text(reason), *[None] * 6, label=label)


def _no_check(*args) -> None:
    """An iteration callback that does nothing (see fit)."""


def fit(code: str, data: ModelData, label: str = "") -> ItemPredictor:
    n, events = len(data.available), int(data.available.sum())
    if events < MIN_EVENTS or n - events < MIN_EVENTS:
        return not_estimable(code, n, events, "few_events", label)
    if separated_by_a_level(data):
        return not_estimable(code, n, events, "separation", label)
    import numpy as np

    # The model's own module: statsmodels.api would import every other model too (seconds).
    from statsmodels.discrete.discrete_model import Logit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            # Two checks of statsmodels that change no figure here are skipped: the rank of the
            # design (it only sets the degrees of freedom, which a logit's normal p-values and
            # intervals do not use) and the perfect-prediction check after every iteration (it
            # only warns, and warnings are ignored; separation is judged below).
            model = Logit(data.available, design(data), check_rank=False)
            result = model.fit(disp=False, maxiter=100, callback=_no_check)
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
    low, high = (float(v) for v in result.conf_int()[SIZE])
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


def predictors(
    module: Module, *, include_brussels: bool = False, answers: ModuleAnswers | None = None
) -> list[ItemPredictor]:
    """One logistic model per item; `answers`: the module's answers if already read."""

    data = zone_answers(module, include_brussels=include_brussels, answers=answers)
    return [
        fit(item.technology.code, data.of_item(item.pk), item.label)
        for item in module.items.select_related("technology").in_questionnaire_order()
    ]
