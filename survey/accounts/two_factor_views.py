"""Setting up and confirming the researchers' second factor (TOTP)."""

from base64 import b32encode

import django_otp
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice

from survey.access import researcher_view
from survey.accounts.two_factor import (
    backup_codes_create,
    backup_codes_left,
    device_confirm,
    has_confirmed_device,
    pending_device,
    qr_svg,
)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        help_text=gettext_lazy("Without your authenticator, enter one of your backup codes."),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "results:manage_index"


def exempt(view):
    view.two_factor_exempt = True
    return view


@exempt
@researcher_view
def two_factor_setup(request):
    if has_confirmed_device(request.user):
        return redirect("results:two_factor_verify")
    device = pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device_confirm(device=device, token=form.cleaned_data["token"]):
            django_otp.login(request, device)
            # Shown this once; the page is not cached and the codes are not stored readable.
            codes = backup_codes_create(user=request.user)
            response = render(
                request,
                "survey/accounts/two_factor_backup_codes.html",
                {"codes": codes, "next": resolve_url(_next(request))},
            )
            response["Cache-Control"] = "no-store, private"
            return response
        form.add_error("token", _("This code is not valid. Try the current one."))
    context = {
        "form": form,
        "qr": qr_svg(device),
        "secret": b32encode(device.bin_key).decode(),
        "next": request.GET.get("next", ""),
    }
    return render(request, "survey/accounts/two_factor_setup.html", context)


@exempt
@researcher_view
def two_factor_verify(request):
    if not has_confirmed_device(request.user):
        return redirect("results:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _(
                        "You signed in with a backup code; %(count)s are left. If your "
                        "authenticator is lost, ask an administrator to reset your second factor."
                    )
                    % {"count": backup_codes_left(request.user)},
                )
            return redirect(_next(request))
        form.add_error("token", _("This code is not valid. Try the current one."))
    return render(
        request,
        "survey/accounts/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
    )
