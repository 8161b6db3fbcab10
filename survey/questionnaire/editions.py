"""Writes on editions: preparing the next edition by copying one."""

from django.db import transaction
from django.utils.translation import gettext as _

from survey import audit
from survey.codes import validate_edition_code
from survey.definition_version import definitions_changed
from survey.languages import LANGUAGES
from survey.models import Category, Edition, Item, Module, Objective, Scale, ScalePoint
from survey.questionnaire.module_specs import module_spec, questions_module_create

LABELS = tuple(f"label_{lang}" for lang in LANGUAGES)
MODULE_TEXTS = tuple(
    f"{key}_{lang}" for key in ("title", "question", "intro", "role_question") for lang in LANGUAGES
)


@transaction.atomic
def edition_copy(
    *,
    source: Edition,
    code: str,
    name_nl: str,
    fieldwork_start,
    fieldwork_end,
    regions=None,
    by=None,
    name_fr: str = "",
    name_de: str = "",
    name_en: str = "",
) -> Edition:
    """A draft edition with the source's scales, categories, modules, items and objectives.

    Items keep pointing at the same technologies, which is what keeps the two comparable.
    A code that breaks the rule of survey.codes raises ValidationError before anything is saved.
    """
    validate_edition_code(code)
    edition = Edition.objects.create(
        code=code,
        name_nl=name_nl,
        name_fr=name_fr,
        name_de=name_de,
        name_en=name_en,
        fieldwork_start=fieldwork_start,
        fieldwork_end=fieldwork_end,
        regions=list(regions if regions is not None else source.regions),
        status=Edition.Status.DRAFT,
        previous=source,
    )
    scales = {}
    for scale in source.scales.prefetch_related("points"):
        scales[scale.pk] = Scale.objects.create(edition=edition, code=scale.code)
        ScalePoint.objects.bulk_create(
            ScalePoint(
                scale=scales[scale.pk],
                code=point.code,
                counts_as_available=point.counts_as_available,
                is_valid=point.is_valid,
                **{f: getattr(point, f) for f in LABELS},
            )
            for point in scale.points.all()
        )
    categories = {
        category.pk: Category.objects.create(
            edition=edition,
            code=category.code,
            order=category.order,
            **{f: getattr(category, f) for f in LABELS},
        )
        for category in source.categories.all()
    }
    questions_modules = []
    for module in source.modules.prefetch_related("items", "objectives"):
        if module.is_questions:  # after the grids: they follow up the general module
            questions_modules.append(module)
            continue
        copy = Module.objects.create(
            edition=edition,
            kind=module.kind,
            order=module.order,
            form=module.form,
            follow_up=list(module.follow_up or []),
            scale=scales.get(module.scale_id),
            role_scale=scales.get(module.role_scale_id),
            **{f: getattr(module, f) for f in MODULE_TEXTS},
        )
        Item.objects.bulk_create(
            Item(
                module=copy,
                technology_id=item.technology_id,
                category=categories[item.category_id],
                order=item.order,
                **{f: getattr(item, f) for f in LABELS},
            )
            for item in module.items.all()
        )
        Objective.objects.bulk_create(
            Objective(module=copy, code=o.code, order=o.order, **{f: getattr(o, f) for f in LABELS})
            for o in module.objectives.all()
        )
    for module in questions_modules:
        questions_module_create(edition=edition, spec=module_spec(module))
    definitions_changed(edition)  # scale points, items and objectives went in in bulk
    if by is not None:
        audit.record(
            by=by,
            obj=edition,
            action=audit.ADDITION,
            message=_("Copied from %(s)s.") % {"s": source.code},
        )
    return edition
