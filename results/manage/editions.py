"""Researchers' pages for editions and their questionnaire: lifecycle, copy and drafting."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from results.manage.forms import (
    CONSEQUENCES,
    CategoryForm,
    EditionCopyForm,
    ItemAddForm,
    ItemForm,
    ModuleTextForm,
    ObjectiveForm,
    TransitionForm,
)
from results.manage.question_forms import QuestionsModuleForm
from results.statistics.cache import fragment_context
from survey.access import researcher_view
from survey.answering import preloading
from survey.models import Category, Edition, Item, Module, Objective
from survey.questionnaire import drafting, lifecycle
from survey.questionnaire import editions as edition_services
from survey.questionnaire.drafting import QuestionnaireLocked
from survey.questionnaire.lifecycle import TransitionError, next_statuses


def _module(edition, module):
    return get_object_or_404(
        Module.objects.select_related("edition"), edition__code=edition, kind=module
    )


def _back_to_module(module):
    return redirect("results:module_edit", edition=module.edition.code, module=module.kind)


@researcher_view
def manage_index(request):
    editions = Edition.objects.listable().order_by("-fieldwork_start", "-code")
    return render(request, "results/manage/index.html", {"editions": editions})


def two_open_warning(others) -> str:
    return _(
        "Also open: %(editions)s. Zones see and answer every open edition at the same time."
    ) % {"editions": ", ".join(str(e.name) for e in others)}


@researcher_view
def edition_manage(request, edition):
    edition = get_object_or_404(Edition.objects.select_related("previous"), code=edition)
    form = TransitionForm()
    form.fields["to_status"].choices = [
        (s, Edition.Status(s).label) for s in next_statuses(edition)
    ]
    context = {
        "edition": edition,
        "form": form,
        "consequences": [(CONSEQUENCES[s], s) for s in next_statuses(edition)],
        "other_open": Edition.objects.filter(status=Edition.Status.OPEN).exclude(pk=edition.pk),
        # Counted with the modules: one query, not two for each module.
        "modules": edition.modules.annotate(
            item_count=Count("items", distinct=True),
            question_count=Count("questions", distinct=True),
        ),
        "categories": edition.categories.all(),
        "transitions": edition.transitions.select_related("by"),
        # The status form (its choices follow the edition's status), the modules and the
        # categories are rendered once per data version, which the edition's writes move
        # ({% results_cache %}): the modules and categories are read only then.
    }
    return render(request, "results/manage/edition.html", context)


@researcher_view
@require_POST
def edition_preload(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    try:
        preloading.edition_preload_set(
            edition=edition, on=request.POST.get("preload") == "on", by=request.user
        )
        messages.success(request, _("The setting was saved."))
    except preloading.PreloadSwitchRefused as exc:
        messages.error(request, str(exc))
    return redirect("results:edition_manage", edition=edition.code)


@researcher_view
@require_POST
def edition_transition(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            lifecycle.edition_transition(
                edition=edition,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The edition's status was changed."))
            others = Edition.objects.filter(status=Edition.Status.OPEN).exclude(pk=edition.pk)
            if form.cleaned_data["to_status"] == Edition.Status.OPEN and others.exists():
                messages.warning(request, two_open_warning(others))
        except TransitionError as exc:
            messages.error(request, str(exc))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("results:edition_manage", edition=edition.code)


@researcher_view
def edition_copy(request, edition):
    source = get_object_or_404(Edition, code=edition)
    form = EditionCopyForm(request.POST or None, initial={"regions": source.regions})
    if form.is_valid():
        copy = edition_services.edition_copy(source=source, by=request.user, **form.cleaned_data)
        messages.success(request, _("Draft edition %(code)s prepared.") % {"code": copy.code})
        return redirect("results:edition_manage", edition=copy.code)
    return render(request, "results/manage/edition_copy.html", {"source": source, "form": form})


@researcher_view
def module_edit(request, edition, module):
    module = _module(edition, module)
    form_class = QuestionsModuleForm if module.is_questions else ModuleTextForm
    form = form_class(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        try:
            changed = [f for f in form.changed_data if f != "follow_up_codes"]
            changed += ["follow_up"] if "follow_up_codes" in form.changed_data else []
            drafting.definition_save(obj=form.instance, by=request.user, changed=changed)
            messages.success(request, _("The module's wording was saved."))
            return _back_to_module(module)
        except QuestionnaireLocked as exc:
            messages.error(request, str(exc))
    context = {
        "module": module,
        "edition": module.edition,
        "form": form,
        "items": module.items.select_related("technology", "category"),
        "objectives": module.objectives.all(),
        "add_form": ItemAddForm(module=module),
        "questions": module.questions.prefetch_related("choices"),
        # The wording form as first shown is rendered once per data version (definitions).
        **fragment_context(),
    }
    return render(request, "results/manage/module.html", context)


@researcher_view
def item_add(request, edition, module):
    module = _module(edition, module)
    form = ItemAddForm(request.POST or None, module=module)
    if request.method == "POST" and form.is_valid():
        try:
            drafting.item_add(
                module=module,
                by=request.user,
                category=form.cleaned_data["category"],
                technology=form.cleaned_data["technology"],
                new_technology=form.new_technology(),
                labels=form.labels(),
            )
            messages.success(request, _("The technology was added."))
            return _back_to_module(module)
        except (QuestionnaireLocked, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return render(
        request,
        "results/manage/form.html",
        {"form": form, "module": module, "edition": module.edition, "title": _("Add a technology")},
    )


@researcher_view
def item_edit(request, edition, module, pk):
    module = _module(edition, module)
    item = get_object_or_404(module.items.select_related("technology"), pk=pk)
    form = ItemForm(request.POST or None, instance=item, edition=module.edition)
    title = _("Item %(code)s") % {"code": item.technology.code}
    return _definition_form(request, form, title, module=module)


@researcher_view
@require_POST
def item_move(request, edition, module, pk):
    module = _module(edition, module)
    return _ordered_action(request, module, get_object_or_404(Item, module=module, pk=pk))


@researcher_view
@require_POST
def objective_move(request, edition, module, pk):
    module = _module(edition, module)
    return _ordered_action(request, module, get_object_or_404(Objective, module=module, pk=pk))


def _ordered_action(request, module, obj):
    action = request.POST.get("action")
    try:
        if action in ("up", "down"):
            drafting.ordered_move(obj=obj, by=request.user, up=action == "up")
        elif action == "remove" and isinstance(obj, Item):
            drafting.item_remove(item=obj, by=request.user)
        elif action == "remove":
            drafting.objective_remove(objective=obj, by=request.user)
    except QuestionnaireLocked as exc:
        messages.error(request, str(exc))
    return _back_to_module(module)


@researcher_view
def objective_edit(request, edition, module, pk=None):
    module = _module(edition, module)
    objective = (
        get_object_or_404(module.objectives, pk=pk)
        if pk
        else Objective(module=module, order=module.objectives.count() + 1)
    )
    form = ObjectiveForm(request.POST or None, instance=objective)
    return _definition_form(request, form, _("Objective"), module=module)


@researcher_view
def category_edit(request, edition, pk=None):
    edition = get_object_or_404(Edition, code=edition)
    category = (
        get_object_or_404(edition.categories, pk=pk)
        if pk
        else Category(edition=edition, order=edition.categories.count() + 1)
    )
    form = CategoryForm(request.POST or None, instance=category)
    return _definition_form(request, form, _("Category"), edition=edition)


def _definition_form(request, form, title, *, module=None, edition=None):
    """Save one questionnaire definition through the drafting service (history, lock check)
    and go back to its module or edition page; else show the form with what was wrong."""
    edition = edition or module.edition
    if request.method == "POST" and form.is_valid():
        try:
            drafting.definition_save(obj=form.instance, by=request.user, changed=form.changed_data)
        except (QuestionnaireLocked, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            if module is not None:
                return _back_to_module(module)
            return redirect("results:edition_manage", edition=edition.code)
    context = {"form": form, "module": module, "edition": edition, "title": title}
    return render(request, "results/manage/form.html", context)


@researcher_view
def definition_history(request, edition):
    """The table is rendered once per data version, language and stamp of the log; what it
    shows is read only when it is rendered."""
    edition = get_object_or_404(Edition, code=edition)
    context = {
        "edition": edition,
        "stamp": drafting.definition_history_stamp(edition),
        "entries": lambda: drafting.definition_history(edition)[:500],
        "transitions": edition.transitions.select_related("by"),
    }
    return render(request, "results/manage/definition_history.html", context)
