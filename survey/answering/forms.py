"""Respondent forms: the answer sheet of a module, invitations, colleagues."""

import json

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from survey.answering.answers import item_key, role_key
from survey.answering.sheet import Sheet


def _choices(points):
    # No "no answer" radio: an unanswered question shows nothing selected, and the clear
    # button of its row takes an answer back.
    return [(str(p.code), p.label) for p in points]


class AnswerSheetForm(forms.Form):
    """All answers of a module as radio groups, plus the values the page was rendered with
    (`base`), so a save can tell a conflicting change from its own. It validates a posted
    sheet; the page shows it through `sheet_html`."""

    base = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, sheet: Sheet, *args, read_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        stored = sheet.stored
        for item in sheet.items:
            key = item_key(item.pk)
            self.fields[key] = self._radio(item.label, sheet.points, stored.get(key), read_only)
        for category in sheet.role_categories:
            for objective in sheet.objectives:
                key = role_key(category.pk, objective.pk)
                self.fields[key] = self._radio(
                    objective.label, sheet.role_points, stored.get(key), read_only
                )
        self.fields["base"].initial = sheet.base()

    @staticmethod
    def _radio(label, points, code, read_only):
        return forms.ChoiceField(
            label=label,
            choices=_choices(points),
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            required=False,
            initial="" if code is None else str(code),
            disabled=read_only,
        )

    def clean_base(self):
        try:
            base = json.loads(self.cleaned_data["base"] or "{}")
        except ValueError:
            base = None
        if not isinstance(base, dict):
            raise forms.ValidationError(_("The page was damaged; please reload it."))
        return base

    def changes(self) -> dict:
        """{key: (base, new)} for the answers the user changed on this page."""
        base = self.cleaned_data["base"]
        result = {}
        for key, value in self.cleaned_data.items():
            if key == "base" or key not in self.data:  # a question not posted is not cleared
                continue
            was = base.get(key, "")
            if str(value) != str(was):
                result[key] = (was, value)
        return result


class AutosaveUnreadable(ValueError):
    """An autosave body refused before any answer is looked at; `status` is the HTTP status."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def _flat(mapping) -> bool:
    return isinstance(mapping, dict) and all(
        isinstance(key, str) and (value is None or isinstance(value, str | int))
        for key, value in mapping.items()
    )


def autosave_payload(request) -> tuple:
    """(values, base) of an autosave: JSON `{"values": {...}, "base": {...}}` or a form post.

    The size is checked before the body is read and the number of fields before any is
    validated, so a 2 MB body of 100,000 keys costs nothing and gets one short answer; a body
    nested too deep for the parser is unreadable, not a server error."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > settings.AUTOSAVE_MAX_BYTES:
        raise AutosaveUnreadable(_("Too much data in one save."), status=413)
    try:
        if request.content_type == "application/json":
            payload = json.loads(request.body)
            values, base = payload["values"], payload.get("base", {})
        else:
            values, base = request.POST, json.loads(request.POST.get("base") or "{}")
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise AutosaveUnreadable(_("The request could not be read.")) from None
    if not (isinstance(values, dict) and isinstance(base, dict)):
        raise AutosaveUnreadable(_("The request could not be read."))
    if len(values) + len(base) > settings.AUTOSAVE_MAX_FIELDS:
        raise AutosaveUnreadable(_("Too much data in one save."), status=413)
    if not (_flat(values) and _flat(base)):
        raise AutosaveUnreadable(_("The request could not be read."))
    return values, base


def changes_from_post(data, base) -> dict:
    """Autosave: the posted answer fields compared with the base values the page showed."""
    changes = {}
    for key, value in data.items():
        if (
            key.startswith(("item-", "role-"))
            or key.startswith("q-")
            and not key.endswith("-shown")
        ):
            changes[key] = (base.get(key, ""), value)
    return changes


class SubmitForm(forms.Form):
    confirm_unanswered = forms.BooleanField(
        label=_("I know some questions are unanswered and want to submit anyway."),
        required=False,
    )

    def __init__(self, *args, unanswered=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.unanswered = unanswered
        if not unanswered:
            del self.fields["confirm_unanswered"]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if self.unanswered and not cleaned.get("confirm_unanswered"):
            self.add_error(
                "confirm_unanswered",
                _("Confirm that you want to submit with unanswered questions."),
            )
        return cleaned
