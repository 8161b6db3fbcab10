"""Respondent forms: the answer sheet of a module, invitations, colleagues."""

import json
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, LayoutObject
from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from survey.answering.answers import item_key, role_key
from survey.models import Answer, Item, Objective, RoleAnswer, ScalePoint


@dataclass
class Sheet:
    """Everything the answer sheet of one module shows; a fixed number of queries to load."""

    module: object
    items: list
    points: list
    objectives: list
    role_categories: list
    role_points: list
    answers: dict
    role_answers: dict

    @classmethod
    def load(cls, module, response):
        items = list(
            Item.objects.filter(module=module)
            .select_related("category", "technology")
            .in_questionnaire_order()
        )
        points = list(ScalePoint.objects.filter(scale_id=module.scale_id))
        objectives, role_categories, role_points, role_answers = [], [], [], {}
        if module.has_role_matrix:
            objectives = list(Objective.objects.filter(module=module))
            role_categories = list(module.role_categories())
            role_points = list(ScalePoint.objects.filter(scale_id=module.role_scale_id))
        answers = {}
        if response is not None:
            answers = {
                item_key(a.item_id): a.code for a in Answer.objects.filter(response=response)
            }
            if module.has_role_matrix:
                role_answers = {
                    role_key(r.category_id, r.objective_id): r.code
                    for r in RoleAnswer.objects.filter(response=response)
                }
        return cls(
            module, items, points, objectives, role_categories, role_points, answers, role_answers
        )

    @property
    def total(self) -> int:
        """Questions of the module: its items and, with a role matrix, every cell of it."""
        return len(self.items) + len(self.role_categories) * len(self.objectives)

    @property
    def answered(self) -> int:
        return len(self.answers) + len(self.role_answers)

    @property
    def stored(self) -> dict:
        return {**self.answers, **self.role_answers}


def _choices(points):
    # No "no answer" radio: an unanswered question shows nothing selected, and the clear
    # button of its row (matrix_row) takes an answer back.
    return [(str(p.code), p.label) for p in points]


def matrix_row(field) -> str:
    """One question as a fieldset of radio buttons, built in Python rather than through a
    template per radio button: a module page has hundreds of them, and Django's widget
    templates made it the slowest page of the site. Every value goes through format_html.

    An answered, editable row ends with a "Clear" submit button (`clear=<field name>`), which
    works without JavaScript; answering.js handles it in place and hides it while the row is
    unanswered, so Tab stops once per unanswered question."""
    value = field.value()
    value = "" if value is None else str(value)
    disabled = " disabled" if field.field.disabled else ""
    options = format_html_join(
        "",
        '<div class="form-check matrix-cell"><input type="radio" name="{}" value="{}" '
        'class="form-check-input" id="{}"{}{}><label class="form-check-label '
        'matrix-option-label" for="{}">{}</label></div>',
        (
            (
                field.html_name,
                code,
                f"{field.auto_id}_{index}",
                mark_safe(" checked" if str(code) == value else ""),  # noqa: S308 - constant
                mark_safe(disabled),  # noqa: S308 - constant
                f"{field.auto_id}_{index}",
                label,
            )
            for index, (code, label) in enumerate(field.field.choices)
        ),
    )
    clear = (
        ""
        if field.field.disabled
        else format_html(
            '<div class="matrix-cell matrix-clear-cell"><button type="submit" name="clear" '
            'value="{}" class="btn btn-link btn-sm matrix-clear">{}<span class="visually-hidden">'
            ": {}</span></button></div>",
            field.html_name,
            _("Clear"),
            field.label,
        )
    )
    errors_id = f"{field.auto_id}-errors"
    errors = (
        format_html(
            '<div class="text-danger small" id="{}">{}</div>',
            errors_id,
            format_html_join(" ", "{}", ((e,) for e in field.errors)),
        )
        if field.errors
        else ""
    )
    classes = " ".join(
        ["matrix-row"] + (["is-invalid"] if field.errors else []) + ([] if value else ["is-empty"])
    )
    return format_html(
        '<fieldset class="{}" id="{}" data-field="{}"{}><legend class="matrix-legend">{}'
        '</legend><div class="matrix-options">{}{}</div>{}</fieldset>',
        classes,
        field.html_name,
        field.html_name,
        format_html(' aria-describedby="{}"', errors_id) if field.errors else "",
        field.label,
        options,
        clear,
        errors,
    )


class MatrixSection(LayoutObject):
    """One fieldset per question, under a heading, with the scale as column headers on wide
    screens."""

    template = "survey/answering/section.html"

    def __init__(self, heading, fields, points, section_id, *, level=2, intro=None):
        self.heading, self.fields, self.points, self.section_id = (
            heading,
            fields,
            points,
            section_id,
        )
        self.level, self.intro = level, intro

    def render(self, form, context, template_pack=None, **kwargs):
        notes = form.notes
        return render_to_string(
            self.template,
            {
                "heading": self.heading,
                "points": self.points,
                "fields": format_html_join(
                    "",
                    "{}{}",
                    ((matrix_row(form[n]), notes.row(n) if notes else "") for n in self.fields),
                ),
                "note": notes.section(self.section_id) if notes else "",
                "section_id": self.section_id,
                "level": self.level,
                "intro": self.intro,
            },
        )


class AnswerSheetForm(forms.Form):
    """All answers of a module as radio groups, plus the values the page was rendered with
    (`base`), so a save can tell a conflicting change from its own."""

    base = forms.CharField(widget=forms.HiddenInput, required=False)
    # Set by the view to add lines under items and at the top of categories (e.g. the earlier
    # answers, survey/preload_render.py): an object with row(key) and section(section_id).
    notes = None

    def __init__(self, sheet: Sheet, *args, read_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        stored = sheet.stored
        sections = []
        by_category: dict[int, tuple] = {}
        for item in sheet.items:
            key = item_key(item.pk)
            self.fields[key] = self._radio(item.label, sheet.points, stored.get(key), read_only)
            by_category.setdefault(item.category_id, (item.category, []))[1].append(key)
        for category, keys in by_category.values():
            sections.append(MatrixSection(category.label, keys, sheet.points, f"cat-{category.pk}"))
        for index, category in enumerate(sheet.role_categories):
            keys = []
            for objective in sheet.objectives:
                key = role_key(category.pk, objective.pk)
                self.fields[key] = self._radio(
                    objective.label, sheet.role_points, stored.get(key), read_only
                )
                keys.append(key)
            sections.append(
                MatrixSection(
                    category.label,
                    keys,
                    sheet.role_points,
                    f"role-{category.pk}",
                    level=3,
                    intro=None if index else sheet.module.role_question or _("Roles"),
                )
            )
        self.fields["base"].initial = json.dumps(
            {k: ("" if v is None else str(v)) for k, v in stored.items()}
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("base", *sections)

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
