"""Selects with long option lists (the zones of the register, a module's items).

Django renders each <option> through a template of its own; with ~185 zones that is most of a
page's time. These widgets write the same HTML as Django's select templates (tests compare them)
in Python, once per option; validation, choices and everything else stay Django's.
"""

import html

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _escape(value) -> str:
    """Django's conditional_escape without its lazy-string wrapper (called twice an option)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _text(value) -> str:
    """A value as `{{ value }}` prints it in a template (localized, escaped)."""
    return _escape(value if isinstance(value, str) else str(localize(value)))


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: `False` leaves out, `True` writes the bare name."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{html.escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _choices(choices):
    """The choices; a model field's read in one plain query (Django's iterator streams them
    through a server-side cursor, a round trip more for a list this short)."""
    if not isinstance(choices, ModelChoiceIterator):
        return choices
    head = [("", choices.field.empty_label)] if choices.field.empty_label is not None else []
    return head + [choices.choice(obj) for obj in choices.queryset.all()]


class OptionsInPythonMixin:
    """Renders a Select (or SelectMultiple) exactly as select.html and select_option.html do
    (each option ends with the line break its template file ends with)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        selected_values = widget["value"]
        parts = [format_html('<select name="{}"', name), _attrs(widget["attrs"]), ">"]
        has_selected = False
        for option_value, option_label in _choices(self.choices):
            if option_value is None:
                option_value = ""
            if isinstance(option_label, (list, tuple)):
                group, choices = option_value, option_label
            else:
                group, choices = None, [(option_value, option_label)]
            if group:
                parts.append(f'\n  <optgroup label="{_text(group)}">')
            for subvalue, sublabel in choices:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    subvalue
                ) in selected_values
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{html.escape(str(subvalue))}"'
                    f"{' selected' if selected else ''}>{_text(sublabel)}</option>\n"
                )
            if group:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every piece escaped as it was built


class LongSelect(OptionsInPythonMixin, forms.Select):
    pass


class LongSelectMultiple(OptionsInPythonMixin, forms.SelectMultiple):
    pass
