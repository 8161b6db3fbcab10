"""The pages of a questions module (answering, review, print): called by the module views of
`answering.py` when the module is of form `questions`, after their access checks."""

from django.shortcuts import redirect, render

from survey.answering.question_answers import describe_value
from survey.answering.question_forms import QuestionSheet, QuestionSheetForm


def module_page(request, *, zone, module, response, editable, data, autosave_texts, is_chief):
    from survey.answering.views import module_url, save_sheet

    sheet = QuestionSheet(module, response, zone)
    form = QuestionSheetForm(sheet, data, read_only=not editable)
    if data is not None and (saved := save_sheet(request, zone, module, response, form)):
        if request.method == "POST":
            name = "module_review" if "review" in request.POST else "module_answer"
            return redirect(module_url(name, zone, module))
        response, sheet = saved, QuestionSheet(module, saved, zone)
        form = QuestionSheetForm(sheet)
    return render(
        request,
        "survey/questions_module.html",
        {
            "zone": zone,
            "module": module,
            "response": response,
            "form": form,
            "errors": form.non_field_errors(),
            "editable": editable,
            "answered": sheet.answered,
            "total": sheet.total,
            "is_chief": is_chief,
            "autosave_texts": autosave_texts,
        },
    )


def answer_summary(module, response, zone):
    """Per section the questions that apply with their answers in words, the unanswered ones,
    and answers kept although their question no longer applies."""
    sheet = QuestionSheet(module, response, zone)
    evaluation, definitions = sheet.evaluation, sheet.definitions
    sections = []
    for heading, slots in sheet.sections():
        rows = [
            {
                "slot": slot,
                "value": evaluation.value(slot),
                "text": describe_value(definitions, slot, evaluation.value(slot)),
                "unanswered": evaluation.value(slot) is None and not slot.question.optional,
            }
            for slot in slots
            if evaluation.applies.get(slot.ident)
        ]
        if rows:
            sections.append({"heading": heading, "rows": rows})
    kept = [
        {
            "slot": slot,
            "heading": sheet.technology_label(slot.technology) if slot.technology else "",
            "text": describe_value(definitions, slot, evaluation.stored.get(slot.ident)),
        }
        for slot in evaluation.not_applicable_kept()
    ]
    unanswered = [row for section in sections for row in section["rows"] if row["unanswered"]]
    return {"sections": sections, "kept": kept, "unanswered_rows": unanswered}


def review(request, *, zone, module, response, can_submit, form_class, submit):
    from survey.answering.views import module_url

    summary = answer_summary(module, response, zone)
    unanswered = len(summary["unanswered_rows"])
    form = form_class(request.POST if request.method == "POST" else None, unanswered=unanswered)
    if request.method == "POST" and form.is_valid():
        submit(request)
        return redirect(module_url("module_answer", zone, module))
    return render(
        request,
        "survey/questions_review.html",
        {
            "zone": zone,
            "module": module,
            "response": response,
            "unanswered": unanswered,
            "form": form,
            "can_submit": can_submit,
            **summary,
        },
    )


def print_view(request, *, zone, module, response):
    return render(
        request,
        "survey/questions_print.html",
        {"zone": zone, "module": module, "response": response,
         **answer_summary(module, response, zone)},
    )  # fmt: skip
