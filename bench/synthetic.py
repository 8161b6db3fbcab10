"""A synthetic register and edition of any size, for benchmarks: fictional zones only.

`populate(n)` copies the reference 2023 questionnaire into a new edition with its own fieldwork
window (a year of its own from 2001 on: past, so that the submission moments are plausible and an
exported file imports again), and creates `n` fictional zones that exist only during that window, so
several synthetic editions in one database never share a population. Zone codes are four
characters starting with a letter (real codes are four digits), so they never clash with real
zones. About 80% of the zones submit each module; every submitted response answers every item
(availability grows with staff, so the predictors have something to find) and, in the events
module, every cell of the role matrix. Everything is written with bulk_create in batches.
"""

import datetime as dt
import math
import string

import numpy as np
from django.db import transaction
from django.utils import timezone

from survey.bulk_insert import analyze
from survey.models import Answer, Edition, Response, RoleAnswer, Zone
from survey.questionnaire.editions import edition_copy
from survey.questionnaire.reference import load_reference

BATCH = 5000
PREFIX = "synthetic-"
ALPHABET = string.digits + string.ascii_uppercase
RESPONSE_SHARE = 0.8


def zone_code(sequence: int, index: int) -> str:
    """A letter for the synthetic edition, then the index in base 36 (46,656 zones each)."""
    digits = []
    for _ in range(3):
        index, rest = divmod(index, 36)
        digits.append(ALPHABET[rest])
    return string.ascii_uppercase[sequence] + "".join(reversed(digits))


def _zones(n, sequence, start, end, rng) -> list[Zone]:
    regions = rng.choice(["VL", "BR", "WA"], size=n, p=[0.58, 0.04, 0.38])
    staff = np.clip(np.exp(rng.normal(math.log(180), 0.7, size=n)), 20, 3000).astype(int)
    degurba = rng.choice([1, 2, 3], size=n, p=[0.2, 0.5, 0.3])
    zones = [
        Zone(
            code=zone_code(sequence, i),
            name_nl=f"Synthetische zone {i}",
            name_fr=f"Zone synthétique {i}",
            region=str(regions[i]),
            degurba=int(degurba[i]),
            staff=int(staff[i]),
            language="fr" if regions[i] == "WA" else "nl",
            valid_from=start,
            valid_to=end,
        )
        for i in range(n)
    ]
    Zone.objects.bulk_create(zones, batch_size=BATCH)
    return list(Zone.objects.filter(code__in=[z.code for z in zones]).order_by("code"))


def _responses(module, zones, start, rng) -> list[Response]:
    chosen = [zone for zone in zones if rng.random() < RESPONSE_SHARE]
    base = timezone.make_aware(dt.datetime.combine(start, dt.time(9)))
    days = rng.gamma(2.0, 8.0, size=len(chosen)).clip(0, 55)
    responses = [
        Response(
            zone=zone,
            module=module,
            status=Response.Status.SUBMITTED,
            source=Response.Source.IMPORT,
            submitted_at=base + dt.timedelta(days=float(day)),
        )
        for zone, day in zip(chosen, days, strict=True)
    ]
    Response.objects.bulk_create(responses, batch_size=BATCH)
    return list(Response.objects.filter(module=module).select_related("zone").order_by("id"))


def _answers(module, responses, rng) -> None:
    items = list(module.items.all())
    intercepts = rng.normal(-3.8, 1.0, size=len(items))
    batch = []
    for response in responses:
        size = math.log(response.zone.staff)
        draws = rng.random(len(items))
        levels = rng.integers(1, 6, size=len(items))
        for k, item in enumerate(items):
            p = 1 / (1 + math.exp(-(intercepts[k] + 0.7 * size)))
            code = 9 if draws[k] > 0.97 else int(levels[k]) if draws[k] < p * 0.97 else 0
            batch.append(Answer(response=response, item=item, code=code))
        if len(batch) >= BATCH:
            Answer.objects.bulk_create(batch)
            batch = []
    Answer.objects.bulk_create(batch)


def _roles(module, responses, rng) -> None:
    cells = [(c, o) for c in module.role_categories() for o in module.objectives.all()]
    batch = []
    for response in responses:
        codes = rng.choice(
            [0, 1, 2, 3, 4, 9], size=len(cells), p=[0.15, 0.2, 0.25, 0.2, 0.15, 0.05]
        )
        for (category, objective), code in zip(cells, codes, strict=True):
            batch.append(
                RoleAnswer(
                    response=response, category=category, objective=objective, code=int(code)
                )
            )
        if len(batch) >= BATCH:
            RoleAnswer.objects.bulk_create(batch)
            batch = []
    RoleAnswer.objects.bulk_create(batch)


@transaction.atomic
def populate(n_zones: int, *, seed: int = 1) -> Edition:
    """A closed synthetic edition of `n_zones` fictional zones, copied from reference 2023."""
    load_reference()
    rng = np.random.default_rng(seed)
    sequence = Edition.objects.filter(code__startswith=PREFIX).count()
    start = dt.date(2001 + sequence, 5, 1)
    end = dt.date(2001 + sequence, 6, 30)
    edition = edition_copy(
        source=Edition.objects.get(code="2023"),
        code=f"{PREFIX}{sequence}-{n_zones}",
        name_nl=f"Synthetic edition {sequence} ({n_zones} fictional zones)",
        fieldwork_start=start,
        fieldwork_end=end,
        regions=["VL", "BR", "WA"],
    )
    edition.status = Edition.Status.CLOSED
    edition.save(update_fields=["status"])
    zones = _zones(n_zones, sequence, start, end, rng)
    for module in edition.modules.all():
        responses = _responses(module, zones, start, rng)
        _answers(module, responses, rng)
        if module.has_role_matrix:
            _roles(module, responses, rng)
    # As the import does after a bulk write: without planner statistics, the results' queries
    # over a freshly filled database pick nested loops that take minutes at 20,000 zones.
    transaction.on_commit(lambda: analyze(Zone, Response, Answer, RoleAnswer))
    return edition
