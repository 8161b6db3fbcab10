"""Researchers' data-quality page of one module, its CSV lists, and the implausible-change rules."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from results.data.downloads import csv_attachment
from results.manage.forms import ImplausibleRuleForm
from results.models import ImplausibleRule
from results.statistics.quality import (
    SESSION_GAP,
    latest_change,
    quality_cached,
    quality_state,
    quality_tables,
)
from results.statistics.quality_rules import implausible_rule_add, implausible_rule_delete
from survey.access import researcher_view
from survey.models import Module


def _module(edition, module):
    return get_object_or_404(
        Module.objects.select_related("edition__previous"), edition__code=edition, kind=module
    )


@researcher_view
def quality_page(request, edition, module):
    """Its lists are rendered once per data version, language and `quality_state`
    (`{% results_cache %}` blocks): the lists are computed (or read from the cache) only when a
    block is rendered."""
    module = get_object_or_404(
        Module.objects.select_related("edition__previous").annotate(latest=latest_change()),
        edition__code=edition,
        kind=module,
    )
    own_rules = list(ImplausibleRule.objects.filter(edition=module.edition))
    state = quality_state(module, own_rules, latest=module.latest)
    result = SimpleLazyObject(lambda: quality_cached(module, state))
    context = {
        "module": module,
        "edition": module.edition,
        "q": result,
        "rules": state[0],
        "quality_state": state,
        "own_rules": own_rules,
        "rule_form": ImplausibleRuleForm(),
        "session_gap_minutes": int(SESSION_GAP.total_seconds() // 60),
        "tables": lambda: quality_tables(result).keys(),
    }
    return render(request, "results/quality.html", context)


@researcher_view
def quality_csv(request, edition, module, table):
    module = _module(edition, module)
    tables = quality_tables(quality_cached(module))
    if table not in tables:
        raise Http404
    header, rows = tables[table]
    return csv_attachment(f"quality_{module.edition.code}_{module.kind}_{table}.csv", header, rows)


@researcher_view
@require_POST
def implausible_rule_new(request, edition, module):
    module = _module(edition, module)
    form = ImplausibleRuleForm(request.POST)
    if form.is_valid():
        implausible_rule_add(
            edition=module.edition,
            before=form.cleaned_data["before"],
            after=form.cleaned_data["after"],
            by=request.user,
        )
        messages.success(request, _("The rule was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("results:quality", edition=module.edition.code, module=module.kind)


@researcher_view
@require_POST
def implausible_rule_remove(request, edition, module, pk):
    module = _module(edition, module)
    implausible_rule_delete(
        rule=get_object_or_404(ImplausibleRule, pk=pk, edition=module.edition), by=request.user
    )
    messages.success(request, _("The rule was removed."))
    return redirect("results:quality", edition=module.edition.code, module=module.kind)
