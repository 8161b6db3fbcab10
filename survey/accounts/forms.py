"""Django's sign-in and password-reset forms in the project's own words.

Django's French catalogue calls the reset field "Courriel" and builds its sign-in error as
"Saisissez un %(username)s …" ("un adresse e-mail"); every page here says "Adresse e-mail".
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Enter a correct e-mail address and password. The password is case-sensitive."
        ),
    }


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
