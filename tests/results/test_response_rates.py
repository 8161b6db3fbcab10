import datetime as dt
from decimal import Decimal

from results.statistics.response_rates import response_rate
from tests import factories as f


def test_it_counts_submitted_responses_over_the_population(db):
    module = f.questionnaire(items=1)
    vl = [f.ZoneFactory(region="VL") for _ in range(3)]
    wa = [f.ZoneFactory(region="WA") for _ in range(2)]
    f.SubmittedResponseFactory(module=module, zone=vl[0])
    f.SubmittedResponseFactory(module=module, zone=vl[1])
    f.ResponseFactory(module=module, zone=vl[2])  # in progress: not responded
    f.SubmittedResponseFactory(module=module, zone=wa[0])
    # a zone outside the population: dissolved before the fieldwork
    gone = f.ZoneFactory(region="WA", valid_to=dt.date(2010, 1, 1))
    f.SubmittedResponseFactory(module=module, zone=gone)

    rate = response_rate(module)

    assert (rate.responded, rate.population, rate.percent) == (3, 5, Decimal("60.0"))
    assert list(rate.by_region) == ["VL", "BR", "WA"]
    assert (rate.by_region["VL"].responded, rate.by_region["VL"].population) == (2, 3)
    assert rate.by_region["VL"].percent == Decimal("66.7")
    assert rate.by_region["BR"].percent is None
    assert (rate.by_region["WA"].responded, rate.by_region["WA"].population) == (1, 2)


def test_it_ignores_responses_to_other_modules(db):
    module = f.questionnaire(items=1)
    events = f.questionnaire(edition=module.edition, kind="events", items=1)
    zone = f.ZoneFactory()
    f.SubmittedResponseFactory(module=events, zone=zone)
    rate = response_rate(module)
    assert (rate.responded, rate.population) == (0, 1)
    assert rate.percent == Decimal("0.0")


def test_no_population_gives_no_percentage(db):
    rate = response_rate(f.questionnaire(items=1))
    assert (rate.responded, rate.population, rate.percent) == (0, 0, None)
