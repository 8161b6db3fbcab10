"""The answer sheet of a questions module: one section per technology the zone has, then the
questions asked once per zone.

Each slot is one fieldset (`data-field` = its key, as the grid's rows), so the autosave script,
conflict display and the no-JavaScript Save work as on the grid. A slot whose condition does not
hold is rendered `hidden` with `data-show-if`, and `questions.js` shows it as soon as the
condition holds; without JavaScript the page after Save shows it.
"""

import json

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, LayoutObject
from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from survey.answering.conditions import Slot, slot_key
from survey.answering.sheet_definition import questions_definition
from survey.models import Question


class QuestionSheet:
    """What the page shows: the definitions and one zone's evaluation of them."""

    def __init__(self, module, response, zone):
        self.module = module
        self.definitions = questions_definition(module)
        self.evaluation = self.definitions.for_response(response, zone=zone)
        # Per-technology slots only for technologies the zone has; conditional ones included
        # (hidden when their condition does not hold) so they can appear at once.
        self.slots = [
            slot
            for slot in self.definitions.slots
            if slot.technology is None or self.evaluation.has(slot.technology)
        ]

    @property
    def answered(self) -> int:
        return sum(1 for s in self.evaluation.applicable() if self.evaluation.value(s) is not None)

    @property
    def total(self) -> int:
        return len(self.evaluation.applicable())

    def sections(self):
        """[(heading, [slots])]: a section per technology, then the zone's own questions."""
        sections: dict = {}
        for slot in self.slots:
            heading = self.technology_label(slot.technology) if slot.technology else _("Your zone")
            sections.setdefault(slot.technology.pk if slot.technology else None, (heading, []))[
                1
            ].append(slot)
        zone = sections.pop(None, None)
        return list(sections.values()) + ([zone] if zone else [])

    def technology_label(self, technology):
        item = next(i for i in self.definitions.technologies if i.technology_id == technology.pk)
        return item.label

    def controller(self, slot: Slot) -> str | None:
        question = slot.question
        if not question.has_condition:
            return None
        target = self.definitions.by_code.get(question.condition_question)
        if target is None:
            return None
        technology = slot.technology.pk if slot.technology and target.per_technology else None
        return slot_key(target.pk, technology)


def _initial(question, value):
    if value is None:
        return [] if question.type == Question.Type.MULTIPLE else ""
    if question.type == Question.Type.MULTIPLE:
        return value.split(",")
    return value


class QuestionsLayout(LayoutObject):
    template = "survey/answering/questions.html"

    def __init__(self, sheet: QuestionSheet):
        self.sheet = sheet

    def render(self, form, context, template_pack=None, **kwargs):
        sections = []
        for index, (heading, slots) in enumerate(self.sheet.sections()):
            rows = []
            for slot in slots:
                field = form[slot.key]
                question = slot.question
                rows.append(
                    {
                        "slot": slot,
                        "field": field,
                        "question": question,
                        "hidden": not self.sheet.evaluation.applies.get(slot.ident, False),
                        "controller": self.sheet.controller(slot),
                        "value": form.value_of(slot.key),
                        "codes": form.value_of(slot.key).split(","),
                        "exclusive": [
                            o.code for o in self.sheet.evaluation.options[slot.ident] if o.exclusive
                        ],
                        "dont_know": question.dont_know,
                        "dont_know_checked": question.dont_know is not None
                        and form.value_of(slot.key) == str(question.dont_know),
                    }
                )
            sections.append({"heading": heading, "rows": rows, "id": f"section-{index}"})
        return render_to_string(self.template, {"sections": sections, "read_only": form.read_only})


class QuestionSheetForm(forms.Form):
    """All the zone's slots, plus the values the page was rendered with (`base`)."""

    base = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, sheet: QuestionSheet, data=None, *, read_only=False):
        super().__init__(data)
        self.sheet, self.read_only = sheet, read_only
        evaluation = sheet.evaluation
        self.stored = {}
        for slot in sheet.slots:
            value = evaluation.stored.get(slot.ident)
            self.stored[slot.key] = value
            self.fields[slot.key] = self._field(slot, evaluation.options[slot.ident], value)
        self.fields["base"].initial = json.dumps({k: v or "" for k, v in self.stored.items()})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("base", QuestionsLayout(sheet))

    def value_of(self, key) -> str:
        if self.is_bound and key in self.data:
            return self.posted(key)
        return self.stored.get(key) or ""

    def posted(self, key) -> str:
        """A posted field in canonical text form: several values joined; with a "don't know"
        box ticked, its code."""
        if hasattr(self.data, "getlist"):
            values = self.data.getlist(key)
        else:  # answers kept across signing in again: lists for several values
            values = self.data[key] if isinstance(self.data[key], list) else [self.data[key]]
        values = [str(v) for v in values if str(v).strip() != ""]
        slot = next(s for s in self.sheet.slots if s.key == key)
        if slot.question.type == Question.Type.INTEGER:
            dont_know = slot.question.dont_know
            if dont_know is not None and str(dont_know) in values and len(values) > 1:
                return str(dont_know)
            return values[0] if values else ""
        return ",".join(values)

    def _field(self, slot, options, value):
        question = slot.question
        label = question.text
        common = {"label": label, "required": False, "disabled": self.read_only,
                  "help_text": question.help}  # fmt: skip
        if question.type == Question.Type.SINGLE:
            return forms.ChoiceField(
                choices=[(o.code, o.label) for o in options], widget=forms.RadioSelect, **common
            )
        if question.type == Question.Type.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=[(o.code, o.label) for o in options],
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        if question.type == Question.Type.INTEGER:
            return forms.CharField(**common)
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), **common)

    def is_valid(self) -> bool:
        """The service validates values (bounds, lists, exclusive answers) with messages in the
        chief's language; here only the page's own `base` is checked."""
        try:
            base = json.loads(self.data.get("base") or "{}")
        except ValueError:
            base = None
        if not isinstance(base, dict):
            self._errors = {
                "__all__": self.error_class([_("The page was damaged; please reload it.")])
            }
            return False
        self._base = base
        self._errors = {}
        self.cleaned_data = {}
        return True

    def changes(self) -> dict:
        """{key: (base, new)} for the slots posted with a value other than the page showed."""
        result = {}
        for slot in self.sheet.slots:
            key = slot.key
            cleared = slot.question.type == Question.Type.MULTIPLE and f"{key}-shown" in self.data
            if key not in self.data and not cleared:
                continue  # a question not posted is not cleared
            new = self.posted(key) if key in self.data else ""
            was = self._base.get(key, "")
            if new != str(was):
                result[key] = (was, new)
        return result
