"""Dependent interviewing: a zone answering again sees what it answered in the previous edition.

Where the edition has preloading on, the earlier answers come from the zone's own submitted
response to the same module kind of the previous edition; a zone without one, which the register
names as the successor of other zones, sees its predecessors' answers: with one predecessor (a
renaming, or a merger the register records as one step) those answers can be confirmed, with
several they are shown side by side and nothing is copied. Nothing is written until the
respondent confirms a category ("still correct"), which copies the earlier answers into the
category's unanswered items through `answers_save`, so each copied answer is an answer of this
edition with its own AnswerChange record, of source "confirmed".

A fixed number of queries whatever the number of items or zones: on the module page, none of its
own (its rows are read with the page's, `preload_parts`).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from survey import audit
from survey.answering.answers import AnswersRefused, SaveResult, answers_save, item_key
from survey.answering.sheet_definition import definition_by_key
from survey.combined_query import Part, rows_in_one_query
from survey.models import Answer, AnswerChange, Edition, Item, Module, Response, ScalePoint, Zone


@dataclass(frozen=True)
class EarlierResponse:
    """One earlier response shown beside the items: whose, of which edition, with which answers."""

    zone: Zone
    edition: object
    codes: dict[int, int]  # technology id → code
    labels: dict[int, str]  # code → label on the earlier edition's scale

    def label(self, technology_id) -> str | None:
        code = self.codes.get(technology_id)
        if code is None:
            return None
        return self.labels.get(code, str(code))


@dataclass
class Preload:
    """The earlier answers a module page shows, and which of them a confirmation would copy."""

    zone: Zone
    sources: list[EarlierResponse] = field(default_factory=list)
    own_zone: bool = True  # False: the answers are the predecessors'
    single: bool = True  # the zone's own, or its only predecessor's: may be copied
    asked: set[int] = field(default_factory=set)  # technologies of the earlier module

    @property
    def can_confirm(self) -> bool:
        return self.single and len(self.sources) == 1

    def copyable(self, items, answered: set[int], valid_codes: set[int]) -> dict[int, int]:
        """{item id: earlier code} a confirmation of these items would copy: unanswered items
        with an earlier answer that the current scale knows."""
        if not self.can_confirm:
            return {}
        codes = self.sources[0].codes
        return {
            item.pk: codes[item.technology_id]
            for item in items
            if item.pk not in answered
            and codes.get(item.technology_id) is not None
            and codes[item.technology_id] in valid_codes
        }


def earlier_module(module) -> Module | None:
    previous_id = module.edition.previous_id
    if previous_id is None:
        return None
    return (
        Module.objects.filter(edition_id=previous_id, kind=module.kind)
        .select_related("edition")
        .first()
    )


def preload_parts(zone, module, earlier_module_id) -> dict[str, Part]:
    """The rows preloading needs, to read with the page's other rows: the zone and the zones
    the register names it the successor of, each with its submitted response to the earlier
    module (or null), and the answers of those responses."""
    submitted = Response.objects.submitted().filter(module_id=earlier_module_id)
    zones = Zone.objects.filter(Q(pk=zone.pk) | Q(successor=zone)).annotate(
        earlier=Subquery(submitted.filter(zone=OuterRef("pk")).values("pk")[:1])
    )
    answers = Answer.objects.filter(response__in=submitted).filter(
        Q(response__zone=zone) | Q(response__zone__successor=zone)
    )
    return {
        "earlier_zones": Part(
            zones,
            {"pk": "pk", "code": "code", "nl": "name_nl", "fr": "name_fr", "earlier": "earlier"},
        ),
        "earlier_answers": Part(
            answers,
            {"response": "response_id", "technology": "item__technology_id", "code": "code"},
        ),
    }


def preload_from_rows(zone, module, earlier_module_id, rows) -> Preload | None:
    """The Preload of `preload_parts`' rows: the zone's own earlier response if it submitted
    one; else those of its predecessors, which may be copied only from a single predecessor."""
    zones = sorted(rows["earlier_zones"], key=lambda z: z["code"])
    own = next((z for z in zones if z["pk"] == zone.pk), None)
    predecessors = [z for z in zones if z["pk"] != zone.pk]
    if own is not None and own["earlier"] is not None:
        chosen, own_zone, single = [own], True, True
    else:
        chosen = [z for z in predecessors if z["earlier"] is not None]
        own_zone, single = False, len(predecessors) == 1
    if not chosen:
        return None
    before = module.edition.previous
    definition = definition_by_key(earlier_module_id, before.definition_version)
    codes: dict[int, dict[int, int]] = {z["earlier"]: {} for z in chosen}
    for row in rows["earlier_answers"]:
        if row["response"] in codes:
            codes[row["response"]][row["technology"]] = row["code"]
    labels = definition.point_labels()
    sources = [
        EarlierResponse(
            zone=Zone(pk=z["pk"], code=z["code"], name_nl=z["nl"], name_fr=z["fr"]),
            edition=before,
            codes=codes[z["earlier"]],
            labels=labels,
        )
        for z in chosen
    ]
    asked = {item.technology_id for item in definition.items}
    return Preload(zone=zone, sources=sources, own_zone=own_zone, single=single, asked=asked)


def preload_for(zone, module) -> Preload | None:
    """What the module page shows of the zone's earlier answers; None when preloading is off
    or there is nothing earlier to show."""
    if not module.edition.preload:
        return None
    before = earlier_module(module)
    if before is None:
        return None
    rows = rows_in_one_query(preload_parts(zone, module, before.pk))
    return preload_from_rows(zone, module, before.pk, rows)


@transaction.atomic
def answers_confirm(*, response, user, category_id: int) -> SaveResult:
    """Copy the earlier answers of one category into the response's unanswered items of that
    category ("still correct"). Refused where there is no single earlier response to copy."""
    response = Response.objects.select_related("zone", "module__edition").get(pk=response.pk)
    preload = preload_for(response.zone, response.module)
    if preload is None or not preload.can_confirm:
        raise AnswersRefused(_("There are no earlier answers to confirm here."))
    items = list(Item.objects.filter(module=response.module, category_id=category_id))
    if not items:
        raise AnswersRefused(_("This category is not part of this module."))
    answered = set(Answer.objects.filter(response=response).values_list("item_id", flat=True))
    valid = set(
        ScalePoint.objects.filter(scale_id=response.module.scale_id).values_list("code", flat=True)
    )
    changes = {
        item_key(item_id): (None, code)
        for item_id, code in preload.copyable(items, answered, valid).items()
    }
    return answers_save(
        response=response, user=user, changes=changes, source=Response.Source.CONFIRMED
    )


@dataclass(frozen=True)
class Origins:
    """How a response's current answers came about, against the earlier answer that could be
    shown for the item (the zone's own, or its only predecessor's, in the previous edition):
    `confirmed` copied by "still correct" and unchanged since; `changed` differing from the
    earlier answer; `fresh` every other answer (new items, items without an earlier answer,
    earlier answers chosen again by hand)."""

    confirmed: int = 0
    changed: int = 0
    fresh: int = 0


def answer_origins(module, responses=None) -> dict[int, Origins]:
    """{response id: Origins} for the module's responses (or the given ones); five queries."""
    answers = Answer.objects.filter(response__module=module)
    if responses is not None:
        answers = answers.filter(response__in=[r.pk for r in responses])
    latest = (
        AnswerChange.objects.filter(response=OuterRef("response"), item=OuterRef("item"))
        .order_by("-changed_at", "-id")
        .values("source")[:1]
    )
    rows = list(
        answers.annotate(last_source=Subquery(latest)).values_list(
            "response_id", "response__zone_id", "item__technology_id", "code", "last_source"
        )
    )
    zone_ids = {row[1] for row in rows}
    earlier_of_zone: dict[int, int] = {}  # zone id → earlier response id
    before = earlier_module(module)
    if before is not None and zone_ids:
        predecessors: dict[int, list[int]] = {}
        for pk, successor in Zone.objects.filter(successor_id__in=zone_ids).values_list(
            "pk", "successor_id"
        ):
            predecessors.setdefault(successor, []).append(pk)
        wanted = zone_ids | {pk for pks in predecessors.values() for pk in pks}
        earlier = dict(
            Response.objects.submitted()
            .filter(module=before, zone_id__in=wanted)
            .values_list("zone_id", "pk")
        )
        for zone_id in zone_ids:
            if zone_id in earlier:
                earlier_of_zone[zone_id] = earlier[zone_id]
            elif len(predecessors.get(zone_id, [])) == 1 and predecessors[zone_id][0] in earlier:
                earlier_of_zone[zone_id] = earlier[predecessors[zone_id][0]]
    earlier_codes: dict[tuple[int, int], int] = {
        (response_id, technology_id): code
        for response_id, technology_id, code in Answer.objects.filter(
            response_id__in=set(earlier_of_zone.values())
        ).values_list("response_id", "item__technology_id", "code")
    }
    counts: dict[int, list[int]] = {}
    if responses is not None:
        counts = {r.pk: [0, 0, 0] for r in responses}
    for response_id, zone_id, technology_id, code, last_source in rows:
        tally = counts.setdefault(response_id, [0, 0, 0])
        before_code = earlier_codes.get((earlier_of_zone.get(zone_id), technology_id))
        if last_source == Response.Source.CONFIRMED:
            tally[0] += 1
        elif before_code is not None and before_code != code:
            tally[1] += 1
        else:
            tally[2] += 1
    return {pk: Origins(*tally) for pk, tally in counts.items()}


class PreloadSwitchRefused(Exception):
    pass


@transaction.atomic
def edition_preload_set(*, edition, on: bool, by) -> None:
    """Switch preloading on or off, before or during the fieldwork; logged in the definition
    history. Stored answers never change: confirmed answers stay answers of this edition."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status not in (Edition.Status.DRAFT, Edition.Status.OPEN):
        raise PreloadSwitchRefused(
            _("Earlier answers can only be switched on or off before the edition closes.")
        )
    if on and edition.previous_id is None:
        raise PreloadSwitchRefused(
            _("This edition has no previous edition whose answers could be shown.")
        )
    if edition.preload == on:
        return
    edition.preload = on
    edition.save(update_fields=["preload"])
    message = _("Earlier answers shown: yes.") if on else _("Earlier answers shown: no.")
    audit.record(by=by, obj=edition, message=message)
