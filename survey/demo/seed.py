"""Writes the demo plan into the database; a second run finds it in place and writes nothing."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from survey.answering import queries
from survey.data_version import data_changed
from survey.demo.answers import ModuleSpec, ResponseSpec
from survey.demo.deployment import deployment_seed
from survey.demo.plan import DEMO_PASSWORD, DemoPlan, demo_plan
from survey.demo.register import demo_zones
from survey.models import (
    Answer,
    AnswerChange,
    AnswerQuery,
    Edition,
    EditionTransition,
    Module,
    Response,
    ResponseEvent,
    RoleAnswer,
    User,
    Zone,
    ZoneMembership,
)
from survey.questionnaire.editions import edition_copy
from survey.questionnaire.reference import load_reference
from survey.zones import register

PLAN_MODULES = (("2020", "general"), ("2023", "general"), ("2023", "events"))
OPEN_EDITION = {
    "code": "2026",
    "name_nl": "Technologie bij de Belgische lokale politie 2026",
    "name_fr": "La technologie dans la police locale belge 2026",
    "name_de": "Technologie bei der belgischen lokalen Polizei 2026",
    "name_en": "Technology in the Belgian local police 2026",
    "fieldwork_start": date(2026, 11, 1),
    "fieldwork_end": date(2026, 12, 31),
    "regions": ["VL", "BR", "WA"],
}
# What the register file gives of a zone (its code is the key, no demo zone has a successor),
# and the contact the fieldwork mails.
ZONE_FIELDS = (
    *(column for column in register.COLUMNS if column not in ("code", "successor")),
    "contact_name",
    "contact_email",
)


class DemoRefused(Exception):
    """The register holds real zones: mixing demo data into them would corrupt the results."""


@dataclass
class SeedSummary:
    reference_loaded: bool = False
    zones_created: int = 0
    zones_updated: int = 0
    modules_written: list[str] = field(default_factory=list)
    responses_written: int = 0
    accounts_created: list[str] = field(default_factory=list)
    accounts_updated: list[str] = field(default_factory=list)
    open_edition_created: bool = False
    in_progress_created: bool = False
    preload_switched_on: bool = False
    queries_created: int = 0
    plan: DemoPlan | None = None

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.reference_loaded or self.zones_created or self.zones_updated
            or self.modules_written or self.accounts_created or self.accounts_updated
            or self.open_edition_created or self.in_progress_created
            or self.preload_switched_on or self.queries_created
        )  # fmt: skip


def module_specs() -> dict[tuple[str, str], ModuleSpec]:
    """The items (and role matrix) of the reference modules, in questionnaire order."""
    specs = {}
    for edition, kind in PLAN_MODULES:
        module = Module.objects.get(edition__code=edition, kind=kind)
        items = module.items.select_related("technology").order_by("order", "id")
        specs[(edition, kind)] = ModuleSpec(
            items=[item.technology.code for item in items],
            categories=[c.code for c in module.role_categories()] if module.has_role_matrix else [],
            objectives=list(module.objectives.order_by("order").values_list("code", flat=True)),
        )
    return specs


def _reference_missing() -> bool:
    found = set(
        Module.objects.filter(edition__code__in=["2020", "2023"]).values_list(
            "edition__code", "kind"
        )
    )
    return not set(PLAN_MODULES) <= found


def _zones_sync(plan: DemoPlan, summary: SeedSummary) -> dict[str, Zone]:
    existing = {z.code: z for z in Zone.objects.filter(code__in=[s.code for s in plan.zones])}
    created = set()
    for spec in plan.zones:
        values = {name: getattr(spec, name) for name in ZONE_FIELDS}
        zone = existing.get(spec.code)
        if zone is None:
            existing[spec.code] = Zone.objects.create(code=spec.code, **values)
            created.add(spec.code)
            continue
        changed = [name for name, value in values.items() if getattr(zone, name) != value]
        for name in changed:
            setattr(zone, name, values[name])
        if changed:
            zone.save(update_fields=changed)
            summary.zones_updated += 1
    for spec in plan.zones:  # successors exist only once every zone does
        zone = existing[spec.code]
        successor_id = existing[spec.successor].pk if spec.successor else None
        if zone.successor_id != successor_id:
            zone.successor_id = successor_id
            zone.save(update_fields=["successor"])
            summary.zones_updated += spec.code not in created
    summary.zones_created = len(created)
    return existing


def _accounts_sync(plan: DemoPlan, zones: dict, summary: SeedSummary) -> dict[str, User]:
    users = {}
    for spec in plan.accounts:
        values = {
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "language": spec.language,
            "is_researcher": spec.is_researcher or spec.is_superuser,
            "is_superuser": spec.is_superuser,
            "is_staff": spec.is_superuser,
            "is_active": True,
        }
        user = User.objects.filter(email=spec.email).first()
        if user is None:
            user = User.objects.create_user(spec.email, DEMO_PASSWORD, **values)
            summary.accounts_created.append(spec.email)
        else:
            changed = [name for name, value in values.items() if getattr(user, name) != value]
            for name in changed:
                setattr(user, name, values[name])
            if not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
                changed.append("password")
            if changed:
                user.save(update_fields=changed)
                summary.accounts_updated.append(spec.email)
        if spec.zone:
            membership, created = ZoneMembership.objects.get_or_create(
                user=user, zone=zones[spec.zone], defaults={"role": ZoneMembership.Role.CHIEF}
            )
            if membership.role != ZoneMembership.Role.CHIEF:
                membership.role = ZoneMembership.Role.CHIEF
                membership.save(update_fields=["role"])
            if created and spec.email not in summary.accounts_created:
                summary.accounts_updated.append(spec.email)
        users[spec.email] = user
    return users


def stored_state(module, zone_codes) -> dict[str, tuple]:
    """What the database holds of the demo zones' responses to a module, comparable to the plan."""
    responses = Response.objects.filter(module=module, zone__code__in=zone_codes)
    state = {
        code: (status, source, at, {}, {})
        for code, status, source, at in responses.values_list(
            "zone__code", "status", "source", "submitted_at"
        )
    }
    for zone, item, code in Answer.objects.filter(response__in=responses).values_list(
        "response__zone__code", "item__technology__code", "code"
    ):
        state[zone][3][item] = code
    for zone, category, objective, code in RoleAnswer.objects.filter(
        response__in=responses
    ).values_list("response__zone__code", "category__code", "objective__code", "code"):
        state[zone][4][(category, objective)] = code
    return state


def planned_state(specs: list[ResponseSpec]) -> dict[str, tuple]:
    """The planned responses in the shape of `stored_state`."""
    return {
        r.zone: (
            Response.Status.SUBMITTED,
            Response.Source.IMPORT,
            r.submitted_at,
            r.answers,
            r.roles,
        )
        for r in specs
    }


def _responses_write(module, specs: list[ResponseSpec], zones: dict) -> None:
    """Replace the demo zones' responses to one module by the planned ones."""
    Response.objects.filter(module=module, zone__in=list(zones.values())).delete()
    data_changed()
    responses = Response.objects.bulk_create(
        Response(
            zone=zones[spec.zone],
            module=module,
            status=Response.Status.SUBMITTED,
            source=Response.Source.IMPORT,
            submitted_at=spec.submitted_at,
        )
        for spec in specs
    )
    if responses and responses[0].pk is None:  # backends that return no keys from bulk_create
        by_zone = dict(Response.objects.filter(module=module).values_list("zone_id", "pk"))
        for response in responses:
            response.pk = by_zone[response.zone_id]
    items = {i.technology.code: i for i in module.items.select_related("technology")}
    categories = {c.code: c for c in module.role_categories()}
    objectives = {o.code: o for o in module.objectives.all()}
    Answer.objects.bulk_create(
        Answer(response=response, item=items[item], code=code)
        for response, spec in zip(responses, specs, strict=True)
        for item, code in spec.answers.items()
    )
    RoleAnswer.objects.bulk_create(
        RoleAnswer(
            response=response,
            category=categories[category],
            objective=objectives[objective],
            code=code,
        )
        for response, spec in zip(responses, specs, strict=True)
        for (category, objective), code in spec.roles.items()
    )
    ResponseEvent.objects.bulk_create(
        ResponseEvent(response=response, kind=ResponseEvent.Kind.IMPORTED, reason="Demo data")
        for response in responses
    )


def _open_edition(plan: DemoPlan, zones: dict, users: dict, summary: SeedSummary) -> None:
    """An open 2026 edition in which the Flemish chief has started the general module."""
    edition = Edition.objects.filter(code=OPEN_EDITION["code"]).first()
    if edition is None:
        edition = edition_copy(source=Edition.objects.get(code="2023"), **OPEN_EDITION)
        EditionTransition.objects.create(
            edition=edition,
            from_status=edition.status,
            to_status=Edition.Status.OPEN,
            note="Demo data",
        )
        edition.status = Edition.Status.OPEN
        edition.save(update_fields=["status"])
        summary.open_edition_created = True
    if not edition.preload:  # the Flemish chief sees the zone's 2023 answers
        edition.preload = True
        edition.save(update_fields=["preload"])
        summary.preload_switched_on = True
    module = edition.modules.get(kind="general")
    zone_code, answers = plan.in_progress
    zone = zones[zone_code]
    if Response.objects.filter(zone=zone, module=module).exists():
        return  # the chief may have worked on it since: not ours to reset
    chief = next(users[a.email] for a in plan.accounts if a.zone == zone_code)
    response = Response.objects.create(zone=zone, module=module, source=Response.Source.WEB)
    items = {i.technology.code: i for i in module.items.select_related("technology")}
    present = [(items[code], value) for code, value in answers.items() if code in items]
    Answer.objects.bulk_create(
        Answer(response=response, item=item, code=value, updated_by=chief)
        for item, value in present
    )
    AnswerChange.objects.bulk_create(
        AnswerChange(response=response, item=item, old_code=None, new_code=value, changed_by=chief)
        for item, value in present
    )
    summary.in_progress_created = True


# The researchers' questions to the Flemish chief: one waiting for a reply in 2026, one about
# 2023 answered and resolved. Written in Dutch, as a researcher would write to a Flemish zone.
DEMO_QUERIES = (
    (
        "2026",
        "Uw zone antwoordt voor deze technologie anders dan de meeste zones van vergelijkbare "
        "grootte. Kunt u bevestigen dat dit antwoord klopt?",
        None,
    ),
    (
        "2023",
        "Kunt u dit antwoord van 2023 bevestigen? Het wijkt af van wat zones van vergelijkbare "
        "grootte antwoordden.",
        "Telefonisch bevestigd door de korpschef.",
    ),
)


def _demo_queries(plan: DemoPlan, zones: dict, users: dict, summary: SeedSummary) -> None:
    """A few queries on the Flemish chief's responses; the stored answers stay as planned, and
    a query already there (perhaps replied to since) is left alone."""
    researcher = next(
        users[a.email] for a in plan.accounts if a.is_researcher and not a.is_superuser
    )
    zone = zones[plan.in_progress[0]]
    for edition, text, resolution in DEMO_QUERIES:
        response = (
            Response.objects.filter(
                zone=zone, module__edition__code=edition, module__kind="general"
            )
            .select_related("module")
            .first()
        )
        answer = (
            Answer.objects.filter(response=response)
            .select_related("item")
            .order_by("item__order")
            .first()
            if response
            else None
        )
        if answer is None or AnswerQuery.objects.filter(response=response, text=text).exists():
            continue
        query = queries.query_raise(response=response, item=answer.item, text=text, by=researcher)
        if resolution:
            queries.query_resolve(
                query=query,
                by=researcher,
                resolution=AnswerQuery.Resolution.ANSWER,
                note=resolution,
            )
        summary.queries_created += 1


def non_demo_zones():
    return Zone.objects.exclude(code__in=[z.code for z in demo_zones()])


@transaction.atomic
def demo_seed(*, force: bool = False) -> SeedSummary:
    """Create or restore the demo; a second run finds everything as planned and writes nothing."""
    others = non_demo_zones()
    if others.exists() and not force:
        sample = ", ".join(str(z) for z in others[:3])
        raise DemoRefused(
            f"The zone register holds {others.count()} zones that are not demo zones "
            f"({sample}, …). "
            "Demo data belongs in an empty database; use --force to add it anyway."
        )
    summary = SeedSummary()
    if _reference_missing():
        load_reference()
        summary.reference_loaded = True
    plan = demo_plan(module_specs())
    summary.plan = plan
    zones = _zones_sync(plan, summary)
    users = _accounts_sync(plan, zones, summary)
    codes = list(zones)
    for (edition, kind), specs in plan.responses.items():
        module = Module.objects.get(edition__code=edition, kind=kind)
        if stored_state(module, codes) != planned_state(specs):
            _responses_write(module, specs, zones)
            summary.modules_written.append(f"{edition} {kind}")
            summary.responses_written += len(specs)
    _open_edition(plan, zones, users, summary)
    deployment_seed(
        Edition.objects.get(code=OPEN_EDITION["code"]),
        zones,
        {account.zone for account in plan.accounts if account.zone},
        summary,
    )
    _demo_queries(plan, zones, users, summary)
    return summary
