"""Researchers' pages of the fieldwork e-mail templates: the list and one template's editor."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from results.manage.forms import EmailTemplateForm
from survey import audit
from survey.access import researcher_view
from survey.models import EmailTemplate


@researcher_view
def email_template_list(request):
    templates = EmailTemplate.objects.select_related("updated_by")
    return render(request, "results/manage/email_templates.html", {"templates": templates})


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
    return render(
        request, "results/manage/email_template_edit.html", {"template": template, "form": form}
    )
