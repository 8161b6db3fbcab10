"""Researchers' pages of the fieldwork e-mail templates: the list, one template's editor, and
its preview and test to oneself (of the text in the editor, saved or not)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from results.manage.forms import EmailPreviewForm, EmailTemplateForm
from results.statistics.cache import fragment_context
from survey import audit, links
from survey.access import researcher_view
from survey.fieldwork import email_previews
from survey.models import EmailTemplate


@researcher_view
def email_template_list(request):
    templates = EmailTemplate.objects.select_related("updated_by")
    return render(request, "results/manage/email_templates.html", {"templates": templates})


def _editor(request, template, form, options, preview=None, status=200):
    # The preview's options as first shown (every zone, every edition) are rendered once per data
    # version.
    context = {
        "template": template,
        "form": form,
        "options": options,
        "preview": preview,
        **fragment_context(),
    }
    return render(request, "results/manage/email_template_edit.html", context, status=status)


@researcher_view
def email_template_edit(request, pk):
    template = get_object_or_404(EmailTemplate, pk=pk)
    form = EmailTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_by = request.user
        form.save()
        audit.record(by=request.user, obj=template, message=", ".join(form.changed_data))
        messages.success(request, _("The e-mail template was saved."))
        return redirect("results:email_template_list")
    return _editor(request, template, form, EmailPreviewForm(request.POST or None))


def _preview(request, template):
    """The editor's forms and, when both are valid, the preview of the text in it."""
    form = EmailTemplateForm(request.POST, instance=template)  # never saved here
    options = EmailPreviewForm(request.POST)
    if not (form.is_valid() and options.is_valid()):
        return form, options, None
    with links.served_at(links.request_site_url(request)):  # the privacy link, as when sent
        preview = email_previews.email_preview(
            template=template,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            zone=options.cleaned_data["zone"],
            edition=options.cleaned_data["edition"],
            without_contact=options.cleaned_data["without_contact"],
        )
    return form, options, preview


@researcher_view
@require_POST
def email_template_preview(request, pk):
    template = get_object_or_404(EmailTemplate, pk=pk)
    form, options, preview = _preview(request, template)
    return _editor(request, template, form, options, preview)


@researcher_view
@require_POST
def email_template_test(request, pk):
    template = get_object_or_404(EmailTemplate, pk=pk)
    form, options, preview = _preview(request, template)
    if preview:
        email_previews.email_test_send(preview=preview, template=template, by=request.user)
        messages.success(
            request,
            _("A test was queued to %(email)s. It is marked as a test and counts in no campaign.")
            % {"email": request.user.email},
        )
    return _editor(request, template, form, options, preview)
