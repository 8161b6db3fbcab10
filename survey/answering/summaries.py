"""What a zone has answered, for the home, review and print pages (reads only)."""

from django.db.models import Count

from survey.answering.answers import point_labels
from survey.models import Answer, Item, Objective, Response, RoleAnswer


def category_summary(response, module):
    """Per category: items with their answer (None when unanswered), for the review page."""
    answers = (
        {a.item_id: a.code for a in Answer.objects.filter(response=response)} if response else {}
    )
    labels = point_labels(module.scale_id)
    groups: dict[int, dict] = {}
    items = Item.objects.filter(module=module).select_related("category", "technology")
    for item in items.order_by("category__order", "category__code", "order", "id"):
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
    labels = point_labels(module.role_scale_id)
    cells = (
        {
            (r.category_id, r.objective_id): r.code
            for r in RoleAnswer.objects.filter(response=response)
        }
        if response
        else {}
    )
    rows = []
    for category in module.role_categories():
        codes = [cells.get((category.pk, objective.pk)) for objective in objectives]
        rows.append({"category": category, "cells": [labels.get(c) for c in codes]})
    return {"objectives": objectives, "rows": rows}


def edition_progress(zone, modules):
    """Per module of the zone: its response (or None) with answered/total counts; 2 queries."""
    totals = dict(
        Item.objects.filter(module__in=modules)
        .values_list("module")
        .annotate(n=Count("id"))
        .values_list("module", "n")
    )
    responses = {
        r.module_id: r
        for r in Response.objects.filter(zone=zone, module__in=modules).annotate(
            answered=Count("answers")
        )
    }
    return [
        {
            "module": module,
            "response": responses.get(module.pk),
            "answered": getattr(responses.get(module.pk), "answered", 0),
            "total": totals.get(module.pk, 0),
        }
        for module in modules
    ]
