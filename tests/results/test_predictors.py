import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from django.db import connection
from django.test.utils import CaptureQueriesContext

from results.statistics.predictors import predictors
from tests import factories as f


def zones_with_answers(module, rows):
    """rows: (region, degurba, staff, code)."""
    item = module.items.get()
    for region, degurba, staff, code in rows:
        zone = f.ZoneFactory(region=region, degurba=degurba, staff=staff)
        response = f.SubmittedResponseFactory(module=module, zone=zone)
        f.AnswerFactory(response=response, item=item, code=code)


def synthetic(seed=3, n=120, regions=("VL", "WA")):
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        region = regions[i % len(regions)]
        degurba = int(rng.integers(1, 4))
        staff = int(rng.integers(30, 900))
        p = 1 / (1 + math.exp(-(-6 + 1.1 * math.log(staff))))
        rows.append((region, degurba, staff, int(rng.random() < p) * 3))
    return rows


def test_it_matches_statsmodels_on_the_same_data(db):
    module = f.questionnaire(items=1)
    rows = synthetic()
    zones_with_answers(module, rows)
    # Brussels is left out by default
    zones_with_answers(module, [("BR", 1, 400, 3), ("BR", 1, 300, 0)])

    (result,) = predictors(module)

    data = pd.DataFrame(rows, columns=["region", "degurba", "staff", "code"])
    data["available"] = (data["code"] > 0).astype(int)
    data["ln_staff"] = np.log(data["staff"])
    fit = smf.logit("available ~ ln_staff + C(degurba) + C(region)", data=data).fit(disp=False)
    assert result.estimable and result.reason == ""
    assert (result.n, result.events) == (len(data), int(data["available"].sum()))
    assert result.coef == pytest.approx(fit.params["ln_staff"])
    assert result.p_value == pytest.approx(fit.pvalues["ln_staff"])
    low, high = fit.conf_int().loc["ln_staff"]
    assert result.odds_ratio_per_doubling == pytest.approx(2 ** fit.params["ln_staff"])
    assert (result.ci_low, result.ci_high) == pytest.approx((2**low, 2**high))
    assert result.significant == (fit.pvalues["ln_staff"] < 0.05)


def test_brussels_is_included_on_request(db):
    module = f.questionnaire(items=1)
    zones_with_answers(module, synthetic(n=90, regions=("VL", "WA", "BR")))
    assert predictors(module)[0].n == 60
    assert predictors(module, include_brussels=True)[0].n == 90


def test_a_factor_without_variation_is_left_out(db):
    module = f.questionnaire(items=1)
    rows = [(r, 2, s, c) for r, _, s, c in synthetic(regions=("VL",))]
    zones_with_answers(module, rows)
    (result,) = predictors(module)
    data = pd.DataFrame(rows, columns=["region", "degurba", "staff", "code"])
    data["available"] = (data["code"] > 0).astype(int)
    data["ln_staff"] = np.log(data["staff"])
    fit = smf.logit("available ~ ln_staff", data=data).fit(disp=False)
    assert result.estimable
    assert result.coef == pytest.approx(fit.params["ln_staff"])


def test_too_few_events_is_not_estimable(db):
    module = f.questionnaire(items=1)
    rows = [("VL", 1 + i % 3, 50 + 10 * i, 0) for i in range(40)]
    rows += [("WA", 1 + i % 3, 60 + 10 * i, 3) for i in range(9)]
    zones_with_answers(module, rows)
    (result,) = predictors(module)
    assert not result.estimable
    assert (result.n, result.events) == (49, 9)
    assert result.reason
    assert result.coef is None and result.p_value is None and result.significant is None


def test_perfect_separation_is_not_estimable(db):
    module = f.questionnaire(items=1)
    rows = [
        ("VL" if i % 2 else "WA", 1 + i % 3, 20 + 10 * i, 3 if i >= 20 else 0) for i in range(40)
    ]
    zones_with_answers(module, rows)
    (result,) = predictors(module)
    assert not result.estimable
    assert result.odds_ratio_per_doubling is None


def test_dont_know_is_left_out_and_no_data_is_not_estimable(db):
    module = f.questionnaire(items=2)
    (first, second) = predictors(module)
    assert not first.estimable and first.n == 0


def test_a_level_without_variation_in_the_outcome_is_separation(db):
    module = f.questionnaire(items=1)
    rows = synthetic(n=120, regions=("VL", "WA"))
    rows += [("BR", 1, 200 + 50 * i, 0) for i in range(4)]  # no Brussels zone has it
    zones_with_answers(module, rows)
    assert predictors(module)[0].estimable
    (result,) = predictors(module, include_brussels=True)
    assert not result.estimable
    assert "separation" in result.reason


def test_the_number_of_queries_does_not_grow_with_items_or_zones(db):
    counts = []
    for items, n in ((1, 30), (4, 90)):
        module = f.questionnaire(items=items)
        for item in module.items.all():
            for region, degurba, staff, code in synthetic(n=n):
                zone = f.ZoneFactory(region=region, degurba=degurba, staff=staff)
                response = f.SubmittedResponseFactory(module=module, zone=zone)
                f.AnswerFactory(response=response, item=item, code=code)
        with CaptureQueriesContext(connection) as queries:
            predictors(module)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_results_with_predictors_count_availability_as_results_without(db):
    """results_json reads the answers once for both the predictors and the availability
    table: every count, don't know and codes outside the scale included, is the same."""
    from results.statistics.results_json import results_json

    module = f.questionnaire(items=1)
    zones_with_answers(module, synthetic(n=60))
    zones_with_answers(module, [("VL", 1, 200, 6), ("WA", 2, 300, 6), ("BR", 1, 400, 9)])
    f.SubmittedResponseFactory(module=module, zone=f.ZoneFactory(region="VL"))  # no answer

    edition = module.edition.code
    with_models = results_json(edition, with_predictors=True)
    assert with_models["predictors"]["items"][0]["n"] > 0
    assert with_models["items"] == results_json(edition)["items"]
