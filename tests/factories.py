"""Factories for every model. Build small questionnaires by hand in tests; see `questionnaire()`."""

import datetime as dt

import factory
from django.utils import timezone

from survey import models as m


class TechnologyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Technology
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"tech_{n}")
    label_nl = factory.LazyAttribute(lambda o: f"{o.code} (nl)")
    label_fr = factory.LazyAttribute(lambda o: f"{o.code} (fr)")
    label_de = factory.LazyAttribute(lambda o: f"{o.code} (de)")
    label_en = factory.LazyAttribute(lambda o: f"{o.code} (en)")


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Edition
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: str(2030 + n))
    name_nl = factory.LazyAttribute(lambda o: f"Editie {o.code}")
    name_fr = factory.LazyAttribute(lambda o: f"Édition {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Edition {o.code}")
    fieldwork_start = dt.date(2023, 5, 1)
    fieldwork_end = dt.date(2023, 6, 30)
    regions = factory.LazyFunction(lambda: ["VL", "BR", "WA"])
    status = m.Edition.Status.OPEN


class ScaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Scale
        django_get_or_create = ("edition", "code")

    edition = factory.SubFactory(EditionFactory)
    code = "use"


USE_POINTS = [
    (0, False, True),
    (1, True, True),
    (2, True, True),
    (3, True, True),
    (4, True, True),
    (5, True, True),
    (9, False, False),
]
ROLE_POINTS = [
    (0, False, True),
    (1, False, True),
    (2, False, True),
    (3, False, True),
    (4, False, True),
    (9, False, False),
]


def scale_with_points(edition, code="use"):
    scale = ScaleFactory(edition=edition, code=code)
    for point, available, valid in USE_POINTS if code == "use" else ROLE_POINTS:
        m.ScalePoint.objects.get_or_create(
            scale=scale,
            code=point,
            defaults=dict(
                label_nl=f"{code} {point} nl",
                label_fr=f"{code} {point} fr",
                label_de=f"{code} {point} de",
                label_en=f"{code} {point} en",
                counts_as_available=available,
                is_valid=valid,
            ),
        )
    return scale


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Category
        django_get_or_create = ("edition", "code")

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"cat_{n}")
    order = factory.Sequence(lambda n: n)
    label_nl = factory.LazyAttribute(lambda o: f"{o.code} nl")
    label_fr = factory.LazyAttribute(lambda o: f"{o.code} fr")
    label_de = ""
    label_en = factory.LazyAttribute(lambda o: f"{o.code} en")


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Module
        django_get_or_create = ("edition", "kind")

    edition = factory.SubFactory(EditionFactory)
    kind = m.Module.Kind.GENERAL
    order = 1
    title_nl = "Algemeen"
    title_fr = "Général"
    title_de = "Allgemein"
    title_en = "General"
    question_nl = (
        "Welke van onderstaande technologieën heeft uw politiezone momenteel zelf ter beschikking?"
    )
    question_fr = "Parmi les technologies ci-dessous, lesquelles votre zone de police a-t-elle ?"
    question_de = "Welche der folgenden Technologien hat Ihre Polizeizone?"
    question_en = "Which of the technologies below does your police zone have?"
    scale = factory.LazyAttribute(lambda o: scale_with_points(o.edition, "use"))
    role_scale = None


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Item

    module = factory.SubFactory(ModuleFactory)
    technology = factory.SubFactory(TechnologyFactory)
    category = factory.LazyAttribute(lambda o: CategoryFactory(edition=o.module.edition))
    order = factory.Sequence(lambda n: n)
    label_nl = factory.LazyAttribute(lambda o: o.technology.label_nl)
    label_fr = factory.LazyAttribute(lambda o: o.technology.label_fr)
    label_de = factory.LazyAttribute(lambda o: o.technology.label_de)
    label_en = factory.LazyAttribute(lambda o: o.technology.label_en)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Objective

    module = factory.SubFactory(ModuleFactory, kind=m.Module.Kind.EVENTS)
    code = factory.Sequence(lambda n: f"objective_{n}")
    order = factory.Sequence(lambda n: n)
    label_nl = factory.LazyAttribute(lambda o: f"{o.code} nl")
    label_fr = factory.LazyAttribute(lambda o: f"{o.code} fr")
    label_en = factory.LazyAttribute(lambda o: f"{o.code} en")


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Zone
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{9000 - n:04d}")
    name_nl = factory.LazyAttribute(lambda o: f"Demozone {o.code}")
    name_fr = factory.LazyAttribute(lambda o: f"Zone démo {o.code}")
    region = "VL"
    degurba = 2
    staff = 150
    language = factory.LazyAttribute(lambda o: "fr" if o.region == "WA" else "nl")
    valid_from = dt.date(2001, 1, 1)
    valid_to = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.be")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class ResearcherFactory(UserFactory):
    is_researcher = True
    is_staff = True


class AdministratorFactory(UserFactory):
    is_researcher = True
    is_staff = True
    is_superuser = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ZoneMembership

    user = factory.SubFactory(UserFactory)
    zone = factory.SubFactory(ZoneFactory)
    role = m.ZoneMembership.Role.CHIEF


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Response

    zone = factory.SubFactory(ZoneFactory)
    module = factory.SubFactory(ModuleFactory)
    status = m.Response.Status.IN_PROGRESS


class SubmittedResponseFactory(ResponseFactory):
    status = m.Response.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Answer

    response = factory.SubFactory(ResponseFactory)
    item = factory.SubFactory(ItemFactory)
    code = 3


class RoleAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.RoleAnswer

    response = factory.SubFactory(ResponseFactory)
    category = factory.SubFactory(CategoryFactory)
    objective = factory.SubFactory(ObjectiveFactory)
    code = 2


def questionnaire(*, edition=None, kind="general", items=3, categories=1, objectives=0):
    """A module with `items` technologies spread over `categories`, and a role matrix if asked."""
    edition = edition or EditionFactory()
    module = ModuleFactory(edition=edition, kind=kind)
    if objectives:
        module.role_scale = scale_with_points(edition, "role")
        module.save(update_fields=["role_scale"])
        for _ in range(objectives):
            ObjectiveFactory(module=module)
    cats = [CategoryFactory(edition=edition) for _ in range(categories)]
    for index in range(items):
        ItemFactory(module=module, category=cats[index % categories], order=index + 1)
    return module


class PendingImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "results.PendingImport"

    module = factory.SubFactory(ModuleFactory)
    filename = "responses.csv"
    parsed = factory.LazyFunction(
        lambda: {"header": ["zone"], "preview": [], "errors": [], "error_count": 0, "rows": []}
    )
    uploaded_by = factory.SubFactory(ResearcherFactory)


class ExportLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "results.ExportLog"

    user = factory.SubFactory(ResearcherFactory)
    edition = factory.SubFactory(EditionFactory)
    format = "csv"


def _texts(text):
    return {"nl": f"{text} (nl)", "fr": f"{text} (fr)", "de": "", "en": text}


def deployment_spec(follow_up):
    """A small questions module with every question type, a condition and `considering`."""

    def choices(*codes, exclusive=(), missing=()):
        return [
            {
                "code": code,
                "label": _texts(f"answer {code}"),
                "exclusive": code in exclusive,
                "missing": code in missing,
            }
            for code in codes
        ]

    return {
        "code": "deployment",
        "title": _texts("Deployment"),
        "question": _texts("Why do you deploy it?"),
        "intro": _texts("Intro"),
        "follow_up": list(follow_up),
        "questions": [
            {
                "code": "purpose",
                "type": "multiple",
                "per_technology": True,
                "text": _texts("Purpose"),
                "choices": choices("prevention", "evidence", "other"),
            },
            {
                "code": "purpose_other",
                "type": "text",
                "per_technology": True,
                "max_length": 20,
                "text": _texts("Other purpose"),
                "condition": ["purpose", "includes", "other"],
            },
            {
                "code": "legal_basis",
                "type": "single",
                "per_technology": True,
                "text": _texts("Legal basis"),
                "choices": choices("1", "3", "9", missing=("9",)),
            },
            {
                "code": "retention_days",
                "type": "integer",
                "per_technology": True,
                "min": 0,
                "max": 3650,
                "dont_know": 9999,
                "text": _texts("Retention"),
            },
            {
                "code": "considering",
                "type": "multiple",
                "choices_from": "unavailable",
                "text": _texts("Considering"),
                "choices": choices("none", exclusive=("none",)),
            },
            {
                "code": "comment",
                "type": "text",
                "optional": True,
                "max_length": 100,
                "text": _texts("Comment"),
            },
        ],
    }


def deployment_questionnaire(*, edition=None, technologies=("drone", "bodycam", "x_account")):
    """A general module of `technologies` and a deployment module following up the first two."""
    from survey.questionnaire.module_specs import questions_module_create

    edition = edition or EditionFactory()
    general = ModuleFactory(edition=edition, kind="general")
    category = CategoryFactory(edition=edition)
    for order, code in enumerate(technologies, start=1):
        ItemFactory(
            module=general,
            technology=TechnologyFactory(code=code),
            category=category,
            order=order,
        )
    module = questions_module_create(edition=edition, spec=deployment_spec(technologies[:2]))
    return general, module


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Campaign

    edition = factory.SubFactory(EditionFactory)
    kind = m.EmailKind.INVITATION


class OutgoingEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.OutgoingEmail

    campaign = factory.SubFactory(CampaignFactory)
    zone = factory.SubFactory(ZoneFactory)
    to = factory.LazyAttribute(lambda o: f"chief.{o.zone.code}@pz.example")
    language = "nl"
    kind = factory.LazyAttribute(lambda o: o.campaign.kind)
