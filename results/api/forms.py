"""The form of the API tokens page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from results.models import ApiToken

from .tokens import DEFAULT_DAYS, MAX_DAYS


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “analysis in R on my laptop”."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=_("At most a year."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("May read"),
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    pseudonymised_only = forms.BooleanField(
        label=_("Responses only with pseudonyms"),
        required=False,
        help_text=_("Zone codes replaced by pseudonyms; no zone names, staff or contact persons."),
    )
