"""A zone's feedback report: its own answers beside the shares of comparable zones.

Every share comes from the researchers' computations (`availability`, `objective_roles`); this
module only chooses the zone's comparison groups, reads the zone's own answers and applies
disclosure control: a figure is shown only when at least `MIN_OTHER_ZONES` zones other than the
reader's own gave a valid answer, so no figure can reveal the answer of another identifiable zone.
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import groupby

from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from results.statistics.availability import ScaleCodes, availability
from results.statistics.cache import cached
from results.statistics.objectives import objective_roles
from results.statistics.percentages import format_ratio, percent
from results.statistics.question_results import question_results
from survey.answering.conditions import ModuleQuestions, split_codes
from survey.answering.question_answers import describe_value
from survey.models import (
    Answer,
    Edition,
    Module,
    Response,
    RoleAnswer,
    ScalePoint,
    Zone,
)
from survey.models.zones import Degurba, SizeClass, size_class_expression

MIN_OTHER_ZONES = 5

REGION_GROUPS = {
    "VL": gettext_lazy("Zones in Flanders"),
    "BR": gettext_lazy("Zones in Brussels"),
    "WA": gettext_lazy("Zones in Wallonia"),
}
SIZE_GROUPS = {
    SizeClass.UNDER_100: gettext_lazy("Zones with fewer than 100 staff"),
    SizeClass.FROM_100: gettext_lazy("Zones with 100–249 staff"),
    SizeClass.FROM_250: gettext_lazy("Zones with 250–499 staff"),
    SizeClass.FROM_500: gettext_lazy("Zones with 500 staff or more"),
}
DEGURBA_GROUPS = {
    Degurba.CITIES: gettext_lazy("Zones in cities"),
    Degurba.TOWNS: gettext_lazy("Zones in towns and suburbs"),
    Degurba.RURAL: gettext_lazy("Zones in rural areas"),
}


@dataclass(frozen=True)
class Share:
    """A group's figure, or the reason it is withheld (then no number is kept at all)."""

    shown: bool
    text: str
    available: int | None = None
    base: int | None = None
    percent: Decimal | None = None


@dataclass(frozen=True)
class Group:
    key: str
    heading: str


@dataclass(frozen=True)
class ItemRow:
    code: str
    label: str
    answer: int | None
    answer_label: str
    has_it: bool | None
    shares: tuple[Share, ...]


@dataclass(frozen=True)
class CategorySection:
    code: str
    label: str
    items: tuple[ItemRow, ...]


@dataclass(frozen=True)
class ChangeRow:
    code: str
    label: str
    before: int | None
    before_label: str
    before_has: bool | None
    after: int | None
    after_label: str
    after_has: bool | None
    change: str  # "gained", "lost", "unchanged" or "unknown"
    change_label: str


@dataclass(frozen=True)
class ChangeSection:
    edition_code: str
    edition_name: str
    answered: bool
    rows: tuple[ChangeRow, ...]
    surveyed: bool = True  # False when the zone lay outside the previous edition's population


@dataclass(frozen=True)
class RoleRow:
    objective: str
    objective_label: str
    answer: int | None
    answer_label: str
    average: Share


@dataclass(frozen=True)
class RoleCategory:
    code: str
    label: str
    rows: tuple[RoleRow, ...]


@dataclass(frozen=True)
class QuestionRow:
    """A question of a questions module: the zone's answer, and per group the share of the
    zones asked that gave the same answer (withheld by the small-cell rule)."""

    text: str
    answer_label: str
    shares: tuple[Share, ...]


@dataclass(frozen=True)
class QuestionSection:
    heading: str
    rows: tuple[QuestionRow, ...]


@dataclass(frozen=True)
class ModuleReport:
    kind: str
    title: str
    question: str
    role_question: str
    groups: tuple[Group, ...]
    categories: tuple[CategorySection, ...]
    change: ChangeSection | None
    roles: tuple[RoleCategory, ...]
    questions: tuple[QuestionSection, ...] = ()


@dataclass(frozen=True)
class ZoneReport:
    zone_code: str
    zone_name: str
    region: str
    size_class: str
    degurba: str
    edition_code: str
    edition_name: str
    language: str
    min_other_zones: int
    modules: tuple[ModuleReport, ...]


def report_modules(zone: Zone, edition: Edition):
    """The modules of an edition the zone submitted: the sections of its report."""
    return Module.objects.filter(
        edition=edition, responses__zone=zone, responses__status=Response.Status.SUBMITTED
    ).order_by("order", "kind")


def has_report(zone: Zone, edition: Edition) -> bool:
    """Reports exist only for zones that submitted at least one module of the edition."""
    return report_modules(zone, edition).exists()


def zones_with_report(edition: Edition):
    return Zone.objects.filter(
        responses__module__edition=edition, responses__status=Response.Status.SUBMITTED
    ).distinct()


def disclosed(available: int, base: int, *, own_counted: bool, language: str) -> Share:
    """The group's share if enough zones besides the reader's answered, else why it is not."""
    others = base - 1 if own_counted else base
    if others < MIN_OTHER_ZONES:
        return Share(
            shown=False,
            text=_("Not shown: fewer than %(minimum)s other zones answered")
            % {"minimum": MIN_OTHER_ZONES},
        )
    return Share(
        shown=True,
        text=format_ratio(available, base, language),
        available=available,
        base=base,
        percent=percent(available, base),
    )


def comparison_groups(zone: Zone) -> list[tuple[Group, dict]]:
    """The zone's own region, size class and degree of urbanisation, with their filters."""
    return [
        (Group("region", str(REGION_GROUPS[zone.region])), {"region": zone.region}),
        (
            Group("size_class", str(SIZE_GROUPS[zone.size_class])),
            {"size_class": zone.size_class},
        ),
        (Group("degurba", str(DEGURBA_GROUPS[zone.degurba])), {"degurba": zone.degurba}),
    ]


def _has_it(code: int | None, scale: ScaleCodes) -> bool | None:
    if code is None or code not in scale.valid:
        return None
    return code in scale.available


def _own_answers(response: Response) -> dict[str, int]:
    return dict(
        Answer.objects.filter(response=response).values_list("item__technology__code", "code")
    )


def _categories(zone, module, response, language) -> tuple[tuple[Group, ...], tuple]:
    scale = ScaleCodes.of(module.scale_id)
    labels = ScalePoint.objects.labels(module.scale_id, language)
    answers = _own_answers(response)
    groups = comparison_groups(zone)
    tables = [availability(module, **filters) for _group, filters in groups]
    rows = []
    for per_group in zip(*tables, strict=True):
        item = per_group[0]
        answer = answers.get(item.code)
        own_counted = answer in scale.valid
        rows.append(
            (
                (item.category, item.category_label),
                ItemRow(
                    code=item.code,
                    label=item.label,
                    answer=answer,
                    answer_label=labels.get(answer, _("No answer")),
                    has_it=_has_it(answer, scale),
                    shares=tuple(
                        disclosed(g.available, g.base, own_counted=own_counted, language=language)
                        for g in per_group
                    ),
                ),
            )
        )
    categories = tuple(
        CategorySection(code, label, tuple(row for _key, row in members))
        for (code, label), members in groupby(rows, key=lambda pair: pair[0])
    )
    return tuple(group for group, _filters in groups), categories


CHANGE_LABELS = {
    "gained": gettext_lazy("Now available"),
    "lost": gettext_lazy("No longer available"),
    "unchanged": gettext_lazy("Unchanged"),
    "unknown": gettext_lazy("Cannot be compared"),
}


def _change(before_has: bool | None, after_has: bool | None) -> str:
    if before_has is None or after_has is None:
        return "unknown"
    if before_has == after_has:
        return "unchanged"
    return "gained" if after_has else "lost"


def _change_section(zone, module, response, language) -> ChangeSection | None:
    """The zone's own answers in the previous edition beside this one, technology by technology."""
    previous = module.edition.previous
    earlier = previous and Module.objects.filter(edition=previous, kind=module.kind).first()
    if not earlier:
        return None
    earlier_response = Response.objects.filter(
        zone=zone, module=earlier, status=Response.Status.SUBMITTED
    ).first()
    if earlier_response is None:
        surveyed = Zone.objects.population(previous).filter(pk=zone.pk).exists()
        return ChangeSection(
            previous.code, previous.name, answered=False, rows=(), surveyed=surveyed
        )
    before_scale, after_scale = ScaleCodes.of(earlier.scale_id), ScaleCodes.of(module.scale_id)
    before_labels = ScalePoint.objects.labels(earlier.scale_id, language)
    after_labels = ScalePoint.objects.labels(module.scale_id, language)
    before_answers, after_answers = _own_answers(earlier_response), _own_answers(response)
    earlier_technologies = set(earlier.items.values_list("technology__code", flat=True))
    rows = []
    for item in module.items.select_related("technology", "category").in_questionnaire_order():
        code = item.technology.code
        if code not in earlier_technologies:
            continue
        before, after = before_answers.get(code), after_answers.get(code)
        before_has, after_has = _has_it(before, before_scale), _has_it(after, after_scale)
        change = _change(before_has, after_has)
        rows.append(
            ChangeRow(
                code=code,
                label=item.label_in(language),
                before=before,
                before_label=before_labels.get(before, _("No answer")),
                before_has=before_has,
                after=after,
                after_label=after_labels.get(after, _("No answer")),
                after_has=after_has,
                change=change,
                change_label=str(CHANGE_LABELS[change]),
            )
        )
    return ChangeSection(previous.code, previous.name, answered=True, rows=tuple(rows))


def _roles(module, response, language) -> tuple[RoleCategory, ...]:
    """The zone's role per category × objective beside the share of zones giving a major role."""
    if not module.role_scale_id:
        return ()
    scale = ScaleCodes.of(module.role_scale_id)
    labels = ScalePoint.objects.labels(module.role_scale_id, language)
    own = {
        (category, objective): code
        for category, objective, code in RoleAnswer.objects.filter(response=response).values_list(
            "category__code", "objective__code", "code"
        )
    }
    cells = []
    for cell in objective_roles(module):
        answer = own.get((cell.category, cell.objective))
        average = disclosed(
            cell.major, cell.base, own_counted=answer in scale.valid, language=language
        )
        cells.append(
            (
                (cell.category, cell.category_label),
                RoleRow(
                    objective=cell.objective,
                    objective_label=cell.objective_label,
                    answer=answer,
                    answer_label=labels.get(answer, _("No answer")),
                    average=average,
                ),
            )
        )
    return tuple(
        RoleCategory(code, label, tuple(row for _key, row in members))
        for (code, label), members in groupby(cells, key=lambda pair: pair[0])
    )


def _group_zones(filters: dict):
    zones = Zone.objects.all()
    if "size_class" in filters:
        zones = zones.alias(size=size_class_expression("staff")).filter(size=filters["size_class"])
    return zones.filter(**{k: v for k, v in filters.items() if k != "size_class"})


def _question_share(result, codes: list[str], own_counted: bool, language: str) -> Share:
    count = sum(o.count for o in result.options if o.code in codes) if len(codes) == 1 else 0
    return disclosed(count, result.base, own_counted=own_counted, language=language)


def _question_sections(zone, module, response, language) -> tuple[QuestionSection, ...]:
    """The zone's answers to a questions module beside its comparison groups: for one and
    several choices the share of the zones asked giving the same answer; numbers and text are
    the zone's own only."""
    definitions = ModuleQuestions.load(module)
    evaluation = definitions.for_response(response)
    group_results = [
        question_results(module, zones=_group_zones(filters)).all
        for _group, filters in comparison_groups(zone)
    ]

    def results_of(technology_code, code):
        found = []
        for results in group_results:
            questions = results.questions
            if technology_code is not None:
                questions = next(
                    t.questions for t in results.technologies if t.code == technology_code
                )
            found.append(next(q for q in questions if q.code == code))
        return found

    sections = []
    for heading, slots in _question_groups(definitions, evaluation):
        rows = []
        for slot in slots:
            question, value = slot.question, evaluation.value(slot)
            answer = describe_value(definitions, slot, value)
            technology = slot.technology.code if slot.technology else None
            per_group = results_of(technology, question.code)
            if question.type == question.Type.MULTIPLE and value:
                labels = {o.code: o.label for o in definitions.all_options(question)}
                for code in split_codes(value):
                    rows.append(
                        QuestionRow(
                            f"{question.text}: {labels.get(code, code)}",
                            _("Yes"),
                            tuple(_question_share(r, [code], True, language) for r in per_group),
                        )
                    )
                continue
            shares = ()
            if question.type == question.Type.SINGLE and value is not None:
                shares = tuple(_question_share(r, [value], True, language) for r in per_group)
            rows.append(QuestionRow(question.text, answer, shares))
        sections.append(QuestionSection(heading, tuple(rows)))
    return tuple(sections)


def _question_groups(definitions, evaluation):
    groups: dict = {}
    for slot in evaluation.applicable():
        if slot.technology is not None:
            item = next(
                i for i in definitions.technologies if i.technology_id == slot.technology.pk
            )
            heading = item.label
        else:
            heading = _("Your zone")
        groups.setdefault(heading, []).append(slot)
    return list(groups.items())


def module_report(zone: Zone, module: Module, language: str) -> ModuleReport:
    response = Response.objects.get(zone=zone, module=module, status=Response.Status.SUBMITTED)
    if module.is_questions:
        return ModuleReport(
            kind=module.kind,
            title=module.title,
            question=module.question,
            role_question="",
            groups=tuple(group for group, _filters in comparison_groups(zone)),
            categories=(),
            change=None,
            roles=(),
            questions=_question_sections(zone, module, response, language),
        )
    groups, categories = _categories(zone, module, response, language)
    return ModuleReport(
        kind=module.kind,
        title=module.title,
        question=module.question,
        role_question=module.role_question,
        groups=groups,
        categories=categories,
        change=_change_section(zone, module, response, language),
        roles=_roles(module, response, language),
    )


def zone_report(zone: Zone, edition: Edition, *, language: str) -> ZoneReport:
    """The whole report in `language`; one section per module the zone submitted (none: the
    zone has no report). Computed once per data version (results/statistics/cache.py): a
    zone's chief opening it again, or its PDF, reads it from the cache."""
    return cached(
        "zone-report",
        zone.pk,
        edition.pk,
        language,
        compute=lambda: _zone_report(zone, edition, language=language),
    )


def zone_report_head(zone: Zone, edition: Edition, *, language: str) -> ZoneReport | None:
    """The report with its sections read only when used (`modules`, a lazy sequence), or None
    when the zone has no report: a page shows the head on every view and the sections from
    the page's own cache, so the whole report is read from the cache only when they are
    rendered."""
    head, sections = cached(
        "zone-report-head",
        zone.pk,
        edition.pk,
        language,
        compute=lambda: _head(zone_report(zone, edition, language=language)),
    )
    if not sections:
        return None
    # Read under the language active now, as the head was (a cache key holds it), even when
    # the page renders them under the report's language.
    active = translation.get_language()

    def modules():
        with translation.override(active):
            return zone_report(zone, edition, language=language).modules

    return replace(head, modules=SimpleLazyObject(modules))


def _head(report: ZoneReport) -> tuple[ZoneReport, int]:
    return replace(report, modules=()), len(report.modules)


def _zone_report(zone: Zone, edition: Edition, *, language: str) -> ZoneReport:
    with translation.override(language):
        modules = tuple(
            module_report(zone, module, language)
            for module in report_modules(zone, edition).select_related("edition__previous")
        )
        return ZoneReport(
            zone_code=zone.code,
            zone_name=zone.name,
            region=zone.get_region_display(),
            size_class=str(SizeClass(zone.size_class).label),
            degurba=zone.get_degurba_display(),
            edition_code=edition.code,
            edition_name=edition.name,
            language=language,
            min_other_zones=MIN_OTHER_ZONES,
            modules=modules,
        )
