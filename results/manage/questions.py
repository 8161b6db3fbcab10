"""Researchers' pages for questions modules and the questionnaire workbook."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from results.manage.question_forms import ModuleAddForm, QuestionForm, WorkbookUploadForm
from survey.access import researcher_view
from survey.models import Edition, Module, Question
from survey.questionnaire import drafting, question_drafting
from survey.questionnaire.drafting import QuestionnaireLocked
from survey.questionnaire.module_specs import reference_module_codes
from survey.questionnaire.workbook import WorkbookInvalid, questionnaire_import, workbook_bytes
from survey.upload_limit import upload_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _messages(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


@researcher_view
def module_add(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    form = ModuleAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            module = question_drafting.questions_module_add(
                edition=edition, spec=form.spec(), by=request.user
            )
            return redirect("results:module_edit", edition=edition.code, module=module.kind)
        except (QuestionnaireLocked, ValidationError) as exc:
            messages.error(request, _messages(exc))
    context = {"form": form, "edition": edition, "title": _("Add a module of questions"),
               "references": reference_module_codes()}  # fmt: skip
    return render(request, "results/manage/module_add.html", context)


@researcher_view
@require_POST
def reference_module_add(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    code = request.POST.get("code", "")
    if code not in reference_module_codes():
        messages.error(request, _("Choose a module of the reference list."))
        return redirect("results:edition_manage", edition=edition.code)
    try:
        question_drafting.reference_module_add(edition=edition, code=code, by=request.user)
        messages.success(request, _("The module %(code)s was added.") % {"code": code})
        return redirect("results:module_edit", edition=edition.code, module=code)
    except (QuestionnaireLocked, ValidationError) as exc:
        messages.error(request, _messages(exc))
    return redirect("results:edition_manage", edition=edition.code)


@researcher_view
def question_edit(request, edition, module, pk=None):
    module = get_object_or_404(
        Module.objects.select_related("edition"),
        edition__code=edition,
        kind=module,
        form=Module.Form.QUESTIONS,
    )
    question = get_object_or_404(module.questions, pk=pk) if pk else Question(module=module)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            question_drafting.question_save(
                question=form.instance,
                choices=form.cleaned_data["answers"] if form.instance.has_choices else [],
                by=request.user,
            )
            return redirect("results:module_edit", edition=edition, module=module.kind)
        except (QuestionnaireLocked, ValidationError) as exc:
            messages.error(request, _messages(exc))
    title = _("Question %(code)s") % {"code": question.code} if pk else _("Add a question")
    context = {"form": form, "module": module, "edition": module.edition, "title": title}
    return render(request, "results/manage/form.html", context)


@researcher_view
@require_POST
def question_remove(request, edition, module, pk):
    module = get_object_or_404(Module, edition__code=edition, kind=module)
    question = get_object_or_404(module.questions, pk=pk)
    try:
        question_drafting.question_remove(question=question, by=request.user)
    except (QuestionnaireLocked, ValidationError) as exc:
        messages.error(request, _messages(exc))
    return redirect("results:module_edit", edition=edition, module=module.kind)


@researcher_view
@require_POST
def question_move(request, edition, module, pk):
    module = get_object_or_404(Module, edition__code=edition, kind=module)
    question = get_object_or_404(module.questions, pk=pk)
    action = request.POST.get("action")
    if action in ("up", "down"):
        try:
            drafting.ordered_move(obj=question, by=request.user, up=action == "up")
        except QuestionnaireLocked as exc:
            messages.error(request, str(exc))
    return redirect("results:module_edit", edition=edition, module=module.kind)


@researcher_view
def questionnaire_download(request, edition):
    edition = get_object_or_404(Edition, code=edition)
    response = HttpResponse(workbook_bytes(edition), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="questionnaire-{edition.code}.xlsx"'
    return response


@upload_view
@researcher_view
def questionnaire_upload(request):
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            edition = questionnaire_import(
                code=form.cleaned_data["code"], raw=form.cleaned_data["file"].read(),
                by=request.user,
            )  # fmt: skip
            messages.success(request, _("Draft edition %(code)s created.") % {"code": edition.code})
            return redirect("results:edition_manage", edition=edition.code)
        except WorkbookInvalid as invalid:
            errors = invalid.errors
    return render(
        request, "results/manage/questionnaire_upload.html", {"form": form, "errors": errors}
    )
