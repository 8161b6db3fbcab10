"""Editions, modules, the questionnaire with its wording per language, and the codebook
(scope `definitions`)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from results.data.codebook import LANGUAGES, Code, codebook
from results.data.exports.ddi import ddi_filename, ddi_xml
from survey.models import Edition, Module

from .auth import require_scope
from .schemas import EditionOut, Error, QuestionnaireOut, VariableOut

router = Router(tags=["definitions"])
SCOPE = "definitions"


def per_language(obj, prefix: str) -> dict[str, str]:
    return {language: getattr(obj, f"{prefix}_{language}") for language in LANGUAGES}


def labels(obj) -> dict[str, str]:
    return {language: obj.label_in(language) for language in LANGUAGES}


def module_or_404(edition: str, module: str) -> Module:
    return get_object_or_404(
        Module.objects.select_related("edition", "scale", "role_scale"),
        edition__code=edition,
        kind=module,
    )


def code_json(code: Code) -> dict:
    return {"code": code.code, "labels": code.labels, "missing": code.missing}


def scale_json(scale) -> list[dict]:
    return [
        {"code": point.code, "labels": labels(point), "missing": not point.is_valid}
        for point in scale.points.order_by("code")
    ]


@router.get("/editions", response={200: list[EditionOut]})
def editions(request):
    """Every edition with its modules, newest first."""
    require_scope(request, SCOPE)
    return [
        {
            "code": edition.code,
            "name": per_language(edition, "name"),
            "status": edition.status,
            "fieldwork_start": edition.fieldwork_start,
            "fieldwork_end": edition.fieldwork_end,
            "regions": edition.regions,
            "modules": [
                {"kind": module.kind, "title": per_language(module, "title")}
                for module in edition.modules.all()
            ],
        }
        for edition in Edition.objects.prefetch_related("modules").order_by(
            "-fieldwork_start", "-code"
        )
    ]


@router.get(
    "/editions/{edition}/modules/{module}/questionnaire",
    response={200: QuestionnaireOut, 404: Error},
)
def questionnaire(request, edition: str, module: str):
    """The questions, items and answer codes of a module, in every language."""
    require_scope(request, SCOPE)
    module = module_or_404(edition, module)
    data = {
        "edition": module.edition.code,
        "module": module.kind,
        "title": per_language(module, "title"),
        "question": per_language(module, "question"),
        "scale": scale_json(module.scale),
        "items": [
            {"code": item.technology.code, "category": item.category.code, "labels": labels(item)}
            for item in module.items.select_related("technology", "category").order_by(
                "order", "id"
            )
        ],
    }
    if module.has_role_matrix:
        data["role_question"] = per_language(module, "role_question")
        data["role_scale"] = scale_json(module.role_scale)
        data["objectives"] = [
            {"code": objective.code, "labels": labels(objective)}
            for objective in module.objectives.order_by("order", "code")
        ]
    return data


@router.get("/editions/{edition}/codebook", response={200: list[VariableOut], 404: Error})
def edition_codebook(request, edition: str):
    """The variables of the exports of every module of the edition, as on the codebook page."""
    require_scope(request, SCOPE)
    edition = get_object_or_404(Edition, code=edition)
    return [
        {
            "module": variable.module,
            "variable": variable.column,
            "short_name": variable.short_name,
            "kind": variable.kind,
            "labels": variable.labels,
            "codes": [code_json(code) for code in variable.codes],
        }
        for variable in codebook(edition)
    ]


@router.get(
    "/editions/{edition}/modules/{module}/ddi.xml",
    response={200: None, 404: Error},
    openapi_extra={
        "responses": {
            200: {
                "description": "DDI-Codebook 2.5 XML",
                "content": {"application/xml": {"schema": {"type": "string"}}},
            }
        }
    },
)
def module_ddi(request, edition: str, module: str):
    """The module's metadata as a DDI-Codebook 2.5 file (study, file, variables, questions)."""
    require_scope(request, SCOPE)
    module = module_or_404(edition, module)
    response = HttpResponse(ddi_xml(module), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{ddi_filename(module)}"'
    return response
