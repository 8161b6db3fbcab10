"""What a zone has answered, for the home, review and print pages (reads only)."""

from django.db.models import Count

from survey.models import Answer, Item, Objective, Response, RoleAnswer, ScalePoint


def category_summary(response, module):
    """Per category: items with their answer (None when unanswered), for the review page."""
    answers = (
        {a.item_id: a.code for a in Answer.objects.filter(response=response)} if response else {}
    )
    labels = ScalePoint.objects.labels(module.scale_id)
    groups: dict[int, dict] = {}
    items = Item.objects.filter(module=module).select_related("category", "technology")
    for item in items.in_questionnaire_order():
        group = groups.setdefault(
            item.category_id, {"category": item.category, "rows": [], "unanswered": 0}
        )
        code = answers.get(item.pk)
        group["rows"].append({"item": item, "code": code, "label": labels.get(code)})
        group["unanswered"] += code is None
    return list(groups.values())


def role_summary(response, module):
    """The role matrix as rows of labels (None when unanswered), or None without a matrix."""
    if not module.has_role_matrix:
        return None
    objectives = list(Objective.objects.filter(module=module))
    labels = ScalePoint.objects.labels(module.role_scale_id)
    cells = (
        {
            (r.category_id, r.objective_id): r.code
            for r in RoleAnswer.objects.filter(response=response)
        }
        if response
        else {}
    )
    rows, unanswered = [], 0
    for category in module.role_categories():
        codes = [cells.get((category.pk, objective.pk)) for objective in objectives]
        rows.append({"category": category, "cells": [labels.get(c) for c in codes]})
        unanswered += sum(code is None for code in codes)
    return {"objectives": objectives, "rows": rows, "unanswered": unanswered}


def edition_progress(zone, modules):
    """Per module of the zone: its response (or None) with answered/total question counts
    (role matrix cells included, as on the module page); three queries."""
    sizes = {
        row["module"]: row
        for row in Item.objects.filter(module__in=modules)
        .values("module")
        .annotate(items=Count("id"), categories=Count("category", distinct=True))
    }
    objectives = dict(
        Objective.objects.filter(module__in=modules)
        .values_list("module")
        .annotate(n=Count("id"))
        .values_list("module", "n")
    )
    responses = {
        r.module_id: r
        for r in Response.objects.filter(zone=zone, module__in=modules).annotate(
            items_answered=Count("answers", distinct=True),
            roles_answered=Count("role_answers", distinct=True),
        )
    }

    def total(module):
        size = sizes.get(module.pk, {"items": 0, "categories": 0})
        roles = size["categories"] * objectives.get(module.pk, 0) if module.has_role_matrix else 0
        return size["items"] + roles

    def answered(response):
        return response.items_answered + response.roles_answered if response else 0

    result = [
        {
            "module": module,
            "response": responses.get(module.pk),
            "answered": answered(responses.get(module.pk)),
            "total": total(module),
        }
        for module in modules
    ]
    for entry in result:
        if entry["module"].is_questions:  # counted over the questions that apply to the zone
            from survey.answering.question_answers import question_progress

            entry["answered"], entry["total"] = question_progress(
                entry["response"], module=entry["module"], zone=zone
            )
    return result
