"""Researcher pages of the results: response rates, availability, comparison, predictors, roles.

Each view fetches its edition/module, calls one computation and renders it; charts are drawn
from the same computation and served as SVG or PNG downloads. Computations and charts are cached
per data version and language (results/statistics/cache.py): a page is computed again only
after the data behind it changed.
"""

import json

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from results.statistics import charts
from results.statistics.availability import NO_ANSWER, availability
from results.statistics.cache import cached, cached_chart
from results.statistics.comparison import MIN_PAIRS, compare
from results.statistics.crosstabs import crosstabs
from results.statistics.fieldwork_curve import fieldwork_curve
from results.statistics.objectives import objective_roles
from results.statistics.predictors import predictors
from results.statistics.question_results import question_results
from results.statistics.response_rates import response_rate
from results.statistics.results_json import results_json
from survey.access import researcher_view
from survey.models import Edition, Module, ScalePoint
from survey.models.definitions import Region
from survey.models.zones import Degurba, SizeClass


class AvailabilityFilter(forms.Form):
    region = forms.ChoiceField(
        label=gettext_lazy("Region"), required=False, choices=[("", "—"), *Region.choices]
    )
    degurba = forms.TypedChoiceField(
        label=gettext_lazy("Degree of urbanisation"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *Degurba.choices],
    )
    size_class = forms.ChoiceField(
        label=gettext_lazy("Size"), required=False, choices=[("", "—"), *SizeClass.choices]
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class PredictorsOptions(forms.Form):
    module = forms.ChoiceField(
        label=gettext_lazy("Module"), required=False, choices=Module.Kind.choices
    )
    include_brussels = forms.BooleanField(
        label=gettext_lazy("Include the Brussels zones"), required=False
    )

    def options(self) -> tuple[str, bool]:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("module") or Module.Kind.GENERAL, bool(data.get("include_brussels"))


# Each crosstab's title and the heading over its groups' columns.
CROSSTAB_TITLES = {
    "size_class": (gettext_lazy("By size class"), gettext_lazy("Size")),
    "degurba": (gettext_lazy("By degree of urbanisation"), gettext_lazy("Degree of urbanisation")),
    "region": (gettext_lazy("By region"), gettext_lazy("Region")),
}


def module_or_404(edition: str, kind: str, *, form=Module.Form.GRID) -> Module:
    """The module of an edition; of the given form (None: any form), or a 404."""
    modules = Module.objects.select_related("edition")
    if form is not None:
        modules = modules.filter(form=form)
    return get_object_or_404(modules, edition__code=edition, kind=kind)


def code_labels(scale_id: int | None) -> dict[str, str]:
    """A scale's code → label, in code order, and the column of zones that gave no answer."""
    labels = ScalePoint.objects.labels(scale_id)
    return {**{str(code): label for code, label in labels.items()}, NO_ANSWER: _("no answer")}


def rate_of(module: Module):
    return cached("response-rate", module.pk, compute=lambda: response_rate(module))


def curve_of(module: Module):
    return cached("fieldwork-curve", module.pk, compute=lambda: fieldwork_curve(module))


def availability_of(module: Module, filters: dict):
    return cached(
        "availability",
        module.pk,
        sorted(filters.items()),
        compute=lambda: availability(module, **filters),
    )


def comparison_of(module: Module, earlier: Module):
    return cached("compare", module.pk, earlier.pk, compute=lambda: compare(module, earlier))


def predictors_of(module: Module, include_brussels: bool):
    return cached(
        "predictors",
        module.pk,
        include_brussels,
        compute=lambda: predictors(module, include_brussels=include_brussels),
    )


def roles_of(module: Module):
    return cached("objective-roles", module.pk, compute=lambda: objective_roles(module))


def lazy(compute):
    """What `compute()` returns, computed when a page first reads it: not at all when the page
    serves the block that shows it from the cache (`{% results_cache %}`)."""
    return SimpleLazyObject(compute)


def body_key(request, form: forms.Form) -> str | None:
    """What a page's cached body varies on besides the data: its query string, which alone
    decides the form's values and the chart links. None when the body is rendered afresh: a form
    with errors, or parameters the form does not know (they would fill the cache with copies)."""
    if form.is_bound and not form.is_valid():
        return None
    for key, values in request.GET.lists():
        if key not in form.fields or len(values) > 1:
            return None
    return request.GET.urlencode()


def title(module: Module) -> str:
    return f"{module.edition.name} – {module.title}"


def chart_response(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=charts.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@researcher_view
def index(request):
    def rows():
        editions = Edition.objects.listable().order_by("-fieldwork_start", "-code")
        return [
            (edition, [(module, rate_of(module)) for module in edition.modules.all()])
            for edition in editions.prefetch_related("modules")
        ]

    return render(request, "results/index.html", {"rows": lazy(rows)})


@researcher_view
def overview(request, edition):
    edition = get_object_or_404(Edition, code=edition)

    def modules():
        return [
            (module, rate_of(module), curve_of(module))
            for module in edition.modules.select_related("edition").order_by("order")
        ]

    regions = [(code, Region(code).label) for code in edition.regions]
    others = Edition.objects.listable().exclude(pk=edition.pk).order_by("-fieldwork_start")
    context = {"edition": edition, "modules": lazy(modules), "regions": regions, "others": others}
    return render(request, "results/overview.html", context)


@researcher_view
def availability_page(request, edition, module):
    module = module_or_404(edition, module)
    form = AvailabilityFilter(request.GET or None)
    filters = form.filters()
    context = {
        "edition": module.edition,
        "module": module,
        "form": form,
        "rows": lazy(lambda: availability_of(module, filters)),
        "codes": lazy(lambda: code_labels(module.scale_id)),
        "query": request.GET.urlencode(),
        "body_key": body_key(request, form),
    }
    return render(request, "results/availability.html", context)


@researcher_view
def compare_page(request, edition, other):
    module = module_or_404(edition, Module.Kind.GENERAL)
    earlier = module_or_404(other, Module.Kind.GENERAL)
    context = {"edition": module.edition, "other": earlier.edition}
    context["comparison"] = lazy(lambda: comparison_of(module, earlier))
    context["minimum"] = MIN_PAIRS
    return render(request, "results/compare.html", context)


@researcher_view
def predictors_page(request, edition):
    form = PredictorsOptions(request.GET or None)
    kind, include_brussels = form.options()
    module = module_or_404(edition, kind)
    context = {
        "edition": module.edition,
        "module": module,
        "form": form,
        "include_brussels": include_brussels,
        "rows": lazy(lambda: predictors_of(module, include_brussels)),
        "crosstabs": lazy(
            lambda: [
                (table, *CROSSTAB_TITLES[table.dimension])
                for table in cached("crosstabs", module.pk, compute=lambda: crosstabs(module))
            ]
        ),
        "query": request.GET.urlencode(),
        "body_key": body_key(request, form),
    }
    return render(request, "results/predictors.html", context)


@researcher_view
def objectives_page(request, edition):
    module = module_or_404(edition, Module.Kind.EVENTS)
    context = {"edition": module.edition, "module": module}
    context["roles"] = lazy(lambda: roles_of(module))
    context["codes"] = lazy(lambda: code_labels(module.role_scale_id))
    return render(request, "results/objectives.html", context)


@researcher_view
def questions_page(request, edition, module):
    """Its tables are rendered once per data version and language (`{% results_cache %}`): the
    results are computed (or read from the cache) only when the block is rendered."""
    module = module_or_404(edition, module, form=Module.Form.QUESTIONS)
    report = lazy(
        lambda: cached("question-results", module.pk, compute=lambda: question_results(module))
    )

    def groups():
        return [
            (_("Region"), [(Region(k).label, v) for k, v in report.by_region.items()]),
            (_("Size"), [(SizeClass(k).label, v) for k, v in report.by_size_class.items()]),
        ]

    context = {
        "edition": module.edition,
        "module": module,
        "report": report,
        "groups": groups,
    }
    return render(request, "results/questions.html", context)


@researcher_view
def results_download(request, edition, module):
    module = get_object_or_404(
        Module.objects.select_related("edition"), edition__code=edition, kind=module
    )
    compare_with = request.GET.get("compare") or None
    if compare_with:
        module_or_404(compare_with, module.kind)
    data = results_json(
        module.edition,
        module.kind,
        compare_with=compare_with,
        with_predictors=bool(request.GET.get("predictors")),
        include_brussels=bool(request.GET.get("include_brussels")),
    )
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"results-{module.edition.code}-{module.kind}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@researcher_view
def fieldwork_chart(request, edition, module, fmt):
    module = module_or_404(edition, module, form=None)

    def draw():
        return charts.fieldwork_chart(curve_of(module), rate_of(module).population, title(module))

    content = cached_chart("fieldwork", module.pk, fmt=fmt, draw=draw)
    return chart_response(content, fmt, f"fieldwork-{module.edition.code}-{module.kind}")


@researcher_view
def availability_chart(request, edition, module, fmt):
    module = module_or_404(edition, module)
    filters = AvailabilityFilter(request.GET or None).filters()

    def draw():
        rows = availability_of(module, filters)
        return charts.distribution_chart(rows, code_labels(module.scale_id), title(module))

    content = cached_chart("availability", module.pk, sorted(filters.items()), fmt=fmt, draw=draw)
    return chart_response(content, fmt, f"availability-{module.edition.code}-{module.kind}")


@researcher_view
def compare_chart(request, edition, other, fmt):
    module = module_or_404(edition, Module.Kind.GENERAL)
    earlier = module_or_404(other, Module.Kind.GENERAL)

    def draw():
        comparison = comparison_of(module, earlier)
        title = _("Panel of %(n)s zones") % {"n": comparison.panel_zones}
        return charts.comparison_chart(comparison, earlier.edition.code, module.edition.code, title)

    content = cached_chart("compare", module.pk, earlier.pk, fmt=fmt, draw=draw)
    return chart_response(content, fmt, f"comparison-{earlier.edition.code}-{module.edition.code}")


@researcher_view
def forest_chart(request, edition, fmt):
    kind, include_brussels = PredictorsOptions(request.GET or None).options()
    module = module_or_404(edition, kind)

    def draw():
        return charts.forest_plot(predictors_of(module, include_brussels), title(module))

    content = cached_chart("forest", module.pk, include_brussels, fmt=fmt, draw=draw)
    return chart_response(content, fmt, f"predictors-{module.edition.code}-{module.kind}")


@researcher_view
def heat_map_chart(request, edition, fmt):
    module = module_or_404(edition, Module.Kind.EVENTS)

    def draw():
        return charts.heat_map(roles_of(module), title(module))

    content = cached_chart("heat-map", module.pk, fmt=fmt, draw=draw)
    return chart_response(content, fmt, f"objectives-{module.edition.code}")
