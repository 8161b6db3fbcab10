"""What a zone has answered, for the home, review and print pages (reads only)."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from survey.answering.answers import item_key, role_key
from survey.answering.sheet_definition import module_definition, questions_definition
from survey.codes import is_edition_code
from survey.combined_query import Part, rows_in_one_query
from survey.models import (
    Answer,
    AnswerQuery,
    Edition,
    Item,
    Module,
    QuestionAnswer,
    Response,
    RoleAnswer,
)


def category_summary(sheet):
    """Per category: items with their answer (None when unanswered), for the review page."""
    labels = sheet.definition.point_labels()
    groups: dict[int, dict] = {}
    for item in sheet.items:
        group = groups.setdefault(
            item.category_id, {"category": item.category, "rows": [], "unanswered": 0}
        )
        code = sheet.answers.get(item_key(item.pk))
        group["rows"].append({"item": item, "code": code, "label": labels.get(code)})
        group["unanswered"] += code is None
    return list(groups.values())


def role_summary(sheet):
    """The role matrix as rows of labels (None when unanswered), or None without a matrix."""
    if not sheet.module.has_role_matrix:
        return None
    labels = sheet.definition.role_point_labels()
    rows, unanswered = [], 0
    for category in sheet.role_categories:
        codes = [sheet.role_answers.get(role_key(category.pk, o.pk)) for o in sheet.objectives]
        rows.append({"category": category, "cells": [labels.get(c) for c in codes]})
        unanswered += sum(code is None for code in codes)
    return {"objectives": sheet.objectives, "rows": rows, "unanswered": unanswered}


def _size(queryset, outer: str, distinct: str = "pk"):
    """The number of (distinct `distinct` of) the rows whose `outer` is the outer row."""
    rows = queryset.filter(**{outer: OuterRef("pk")}).order_by().values(outer)
    counted = rows.annotate(n=Count(distinct, distinct=True)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def open_modules() -> list:
    """The modules of open editions, in the order the home page lists them."""
    modules = (
        Module.objects.filter(edition__status=Edition.Status.OPEN)
        .select_related("edition")
        .order_by("edition__fieldwork_start", "order")
    )
    return [m for m in modules if is_edition_code(m.edition.code)]  # Edition...listable()


def _is_earlier(response) -> bool:
    """A submitted response of a closed or archived edition whose code can go in a URL."""
    edition = response.module.edition
    return (
        response.is_submitted
        and edition.status in (Edition.Status.CLOSED, Edition.Status.ARCHIVED)
        and is_edition_code(edition.code)
    )


def zone_cards(memberships) -> list[dict]:
    """The home page's card of each zone of the user: its open modules with their progress
    (role matrix cells included, as on the module page; a questions module counted over the
    questions that apply to the zone), the researchers' open queries, and its submitted
    responses of earlier editions. Two queries whatever the number of zones, three when a
    zone has open queries or an open edition a questions module; the sizes of
    the modules are their kept definitions' (survey/answering/sheet_definition.py)."""
    zones = [m.zone for m in memberships]
    if not zones:
        return []
    modules = open_modules()
    responses = list(
        Response.objects.filter(zone__in=zones)
        .select_related("module__edition")
        .annotate(
            items_answered=_size(Answer.objects, "response"),
            roles_answered=_size(RoleAnswer.objects, "response"),
            has_open_queries=Exists(
                AnswerQuery.objects.filter(response=OuterRef("pk"), status=AnswerQuery.Status.OPEN)
            ),
        )
        .order_by("-module__edition__fieldwork_start", "module__order")
    )
    rows = rows_in_one_query(_card_parts(zones, modules, responses))
    queries = _open_queries(rows, {r.pk: r for r in responses})
    questions = _question_progress(rows, zones, modules, responses)
    cards = []
    for membership in memberships:
        zone = membership.zone
        own = {r.module_id: r for r in responses if r.zone_id == zone.pk}
        progress = []
        for module in modules:
            if zone.region not in module.edition.regions:
                continue
            response = own.get(module.pk)
            if module.is_questions:
                answered, total = questions[(zone.pk, module.pk)]
            else:
                answered = response.items_answered + response.roles_answered if response else 0
                total = module_definition(module).total
            progress.append(
                {"module": module, "response": response, "answered": answered, "total": total}
            )
        submitted = [r for r in responses if r.zone_id == zone.pk and _is_earlier(r)]
        cards.append(
            {
                "zone": zone,
                "is_chief": membership.role == membership.Role.CHIEF,
                "queries": queries.get(zone.pk, []),
                "modules": progress,
                "earlier": submitted,
                "has_reports": any(r.module.edition.reports_released_at for r in submitted),
            }
        )
    return cards


def _card_parts(zones, modules, responses) -> dict[str, Part]:
    """The rows under the cards: open queries, and what the progress of a questions module is
    counted from (the zone's general-module answers and its answers to the questions)."""
    parts = {}
    if any(r.has_open_queries for r in responses):
        labels = {f"label_{lang}": f"item__label_{lang}" for lang in ("nl", "fr", "de", "en")}
        parts["open_queries"] = Part(
            AnswerQuery.objects.filter(response__zone__in=zones, status=AnswerQuery.Status.OPEN),
            {"pk": "pk", "response": "response_id", "text": "text", "at": "raised_at", **labels},
        )
    questions = {m.pk for m in modules if m.is_questions}
    if questions:
        generals = [questions_definition(m).general for m in modules if m.pk in questions]
        parts["general_answers"] = Part(
            Answer.objects.filter(response__module__in=[g for g in generals if g is not None])
            .filter(response__zone__in=zones),
            {"zone": "response__zone_id", "module": "response__module_id",
             "technology": "item__technology__code", "code": "code"},
        )  # fmt: skip
        parts["question_answers"] = Part(
            QuestionAnswer.objects.filter(
                response__in=[r.pk for r in responses if r.module_id in questions]
            ),
            {"response": "response_id", "question": "question_id",
             "technology": "technology_id", "value": "value"},
        )  # fmt: skip
    return parts


def _open_queries(rows, responses) -> dict[int, list[AnswerQuery]]:
    """{zone id: open queries, oldest first} with what the home page shows of each."""
    by_zone: dict[int, list[AnswerQuery]] = {}
    for row in sorted(rows.get("open_queries", []), key=lambda q: (q["at"], q["pk"])):
        response = responses.get(row["response"])
        if response is None:
            continue
        query = AnswerQuery(pk=row["pk"], response=response, text=row["text"])
        query.item = Item(**{key: value for key, value in row.items() if key.startswith("label")})
        by_zone.setdefault(response.zone_id, []).append(query)
    return by_zone


def _question_progress(rows, zones, modules, responses) -> dict[tuple, tuple[int, int]]:
    """{(zone id, module id): (answered, total)} of the open questions modules."""
    result = {}
    general: dict[tuple, dict] = {}
    for row in rows.get("general_answers", []):
        general.setdefault((row["zone"], row["module"]), {})[row["technology"]] = row["code"]
    stored: dict[int, dict] = {}
    for row in rows.get("question_answers", []):
        stored.setdefault(row["response"], {})[(row["question"], row["technology"])] = row["value"]
    for module in modules:
        if not module.is_questions:
            continue
        definitions = questions_definition(module)
        general_id = definitions.general.pk if definitions.general else None
        for zone in zones:
            response = next(
                (r for r in responses if r.zone_id == zone.pk and r.module_id == module.pk), None
            )
            evaluation = definitions.evaluate(
                general.get((zone.pk, general_id), {}),
                stored.get(response.pk, {}) if response else {},
            )
            applicable = evaluation.applicable()
            answered = sum(1 for slot in applicable if evaluation.value(slot) is not None)
            result[(zone.pk, module.pk)] = (answered, len(applicable))
    return result
