"""The "still correct" button of a module page (posted with the whole answer form)."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from survey.answering.answers import AnswersRefused
from survey.answering.preloading import answers_confirm


def confirm_posted(request, response) -> str:
    """Copy the earlier answers of the posted category, if "still correct" was pressed; the
    anchor of that category to return to, or ""."""
    posted = request.POST.get("confirm")
    if not posted:
        return ""
    try:
        category_id = int(posted)
        result = answers_confirm(response=response, user=request.user, category_id=category_id)
    except ValueError:
        messages.error(request, _("The page was damaged; please reload it."))
        return ""
    except AnswersRefused as refused:
        for message in refused.messages:
            messages.error(request, message)
        return ""
    for conflict in result.conflicts:
        messages.warning(request, conflict.message)
    copied = len(result.saved)
    messages.success(
        request,
        ngettext("%(n)s earlier answer confirmed.", "%(n)s earlier answers confirmed.", copied)
        % {"n": copied},
    )
    return f"#cat-{category_id}-heading"
