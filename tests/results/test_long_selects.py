"""The long selects of the management pages write their options in Python: the HTML must be the
very HTML Django's select templates write, whatever the choices, values and attributes."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from results.manage.forms import CampaignForm, EmailPreviewForm, QueryRaiseForm, ZoneForm
from results.manage.widgets import LongSelect, LongSelectMultiple
from tests import factories

CHOICES = [
    ("", "All <zones>"),
    (1, "Zone & one"),
    ("2", mark_safe("<b>safe</b>")),
    (3, 25),
    ("Group <g>", [("a", 'A "quoted"'), ("b", "B")]),
    (None, "none"),
]


@pytest.mark.parametrize("value", [None, "", "2", 3, ["1", "a"], ["b", "2", "x"], "a", ["a", "a"]])
@pytest.mark.parametrize("attrs", [None, {"id": "id_z", "class": "form-select", "size": 8}])
@pytest.mark.parametrize(
    "django_widget, ours",
    [(forms.Select, LongSelect), (forms.SelectMultiple, LongSelectMultiple)],
)
def test_same_html_as_django(django_widget, ours, value, attrs):
    extra = {"required": True, "disabled": False, "data-x": 'a"b'}
    expected = django_widget(attrs=extra, choices=CHOICES).render("zo<ne", value, attrs)
    assert ours(attrs=extra, choices=CHOICES).render("zo<ne", value, attrs) == expected


def _as_django(form, name):
    """The same field rendered by Django's own widget class."""
    field = form[name]
    widget = field.field.widget
    plain = (forms.SelectMultiple if widget.allow_multiple_selected else forms.Select)(
        attrs=widget.attrs, choices=widget.choices
    )
    return plain.render(field.html_name, field.value(), {"id": field.auto_id})


@pytest.mark.django_db
def test_forms_render_their_long_selects_as_django_would():
    edition = factories.EditionFactory(status="open")
    zones = [factories.ZoneFactory() for _ in range(3)]
    module = factories.ModuleFactory(edition=edition)
    response = factories.ResponseFactory(zone=zones[0], module=module)
    item = factories.ItemFactory(module=module)
    cases = [
        (CampaignForm({"zones": [zones[1].pk]}, edition=edition), "zones"),
        (EmailPreviewForm({"zone": zones[2].code}), "zone"),
        (ZoneForm(instance=zones[0]), "successor"),
        (QueryRaiseForm({"item": str(item.pk)}, items=[item], answers={}), "item"),
    ]
    for form, name in cases:
        assert isinstance(form.fields[name].widget, LongSelect | LongSelectMultiple)
        html = form[name].as_widget(attrs={"id": form[name].auto_id})
        assert html == _as_django(form, name)
        assert " selected>" in html or name == "successor"
    assert response.pk
