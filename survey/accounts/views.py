"""Signing in and out, password reset, and accepting an invitation."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from survey.access import public_view, shows_personal_data, zones_for
from survey.accounts import invitations, password_reset_mail, sessions, sign_in_limits
from survey.accounts.forms import InvitationAcceptForm, SignInForm


def language_for(user) -> str:
    """The user's own language, else the language of their (first) zone."""
    if user.language:
        return user.language
    zone = zones_for(user).order_by("code").first()
    return zone.language if zone else settings.LANGUAGE_CODE


def with_language(request, response, user):
    """Start the session in the user's language; the language switcher still overrides it."""
    language = language_for(user)
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


class SignInView(auth_views.LoginView):
    """Django's sign-in (e-mail + password, axes counts failures) that also sets the language."""

    redirect_authenticated_user = True
    authentication_form = SignInForm

    def form_valid(self, form):
        return with_language(self.request, super().form_valid(form), form.get_user())

    def form_invalid(self, form):
        if getattr(self.request, "sign_in_address_blocked", False):
            return render(self.request, "registration/locked_out.html", status=429)
        return super().form_invalid(form)


sign_in = public_view(SignInView.as_view())
sign_out = public_view(auth_views.LogoutView.as_view())
password_reset_form = auth_views.PasswordResetView.as_view(
    form_class=password_reset_mail.QueuedPasswordResetForm
)


def reset_rate(group, request) -> str:
    return getattr(settings, "PASSWORD_RESET_RATE_LIMIT", "10/h")


@public_view
@ratelimit(key="ip", rate=reset_rate, method="POST", group="password-reset", block=False)
def password_reset(request):
    """Django's reset form; requests per address are limited so it cannot flood mailboxes."""
    if getattr(request, "limited", False):
        return render(request, "registration/rate_limited.html", status=429)
    return password_reset_form(request)


password_reset_done = public_view(auth_views.PasswordResetDoneView.as_view())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password through the mailed link also lifts the account's sign-in lock."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        sign_in_limits.lockout_clear(form.user)
        return response


password_reset_confirm = public_view(shows_personal_data(PasswordResetConfirmView.as_view()))
password_reset_complete = public_view(auth_views.PasswordResetCompleteView.as_view())


def invitation_rate(group, request) -> str:
    """Wrong tokens per address, counted apart from sign-in failures (axes)."""
    return getattr(settings, "INVITATION_RATE_LIMIT", "20/h")


def wrong_tokens_exceeded(request, *, count: bool) -> bool:
    """Only wrong or spent tokens count, so invitees opening their link again are not blocked;
    once the limit of wrong tokens is reached, every token is refused for a while."""
    usage = get_usage(
        request, group="invitation-token", key="ip", rate=invitation_rate, increment=count
    )
    return usage is not None and usage["count"] >= usage["limit"]


def invitation_language(request, invitation):
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # A first visit: speak the invitation's (the zone's) language, not the browser's.
        translation.activate(invitation.language or invitation.zone.language)
        request.LANGUAGE_CODE = translation.get_language()


@public_view
@shows_personal_data
def invitation_accept(request, token):
    """A new address chooses a password; an address with an account signs in first, then
    accepts: an invitation never sets or bypasses an existing account's password."""
    if wrong_tokens_exceeded(request, count=False):
        return render(request, "registration/rate_limited.html", status=429)
    try:
        invitation = invitations.invitation_for_token(token)
    except invitations.InvitationInvalid:
        wrong_tokens_exceeded(request, count=True)
        return render(request, "registration/invitation_invalid.html", status=404)
    invitation_language(request, invitation)
    if invitations.account_exists(invitation):
        return invitation_accept_existing(request, token, invitation)
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept(
                token=token, password=form.cleaned_data["password1"]
            )
        except invitations.InvitationNeedsSignIn:
            return redirect(request.path)
        except invitations.InvitationInvalid:
            return render(request, "registration/invitation_invalid.html", status=404)
        login(request, user, backend=sessions.BACKEND)
        return with_language(request, redirect("home"), user)
    return render(
        request,
        "registration/invitation_accept.html",
        {"invitation": invitation, "zone": invitation.zone, "form": form},
    )


def invitation_accept_existing(request, token, invitation):
    """Only the owner, signed in as themselves, takes up the membership (one click)."""
    user = request.user
    is_owner = user.is_authenticated and invitations.same_address(user.email, invitation.email)
    if request.method == "POST" and is_owner:
        try:
            invitations.invitation_accept_signed_in(token=token, user=user)
        except invitations.InvitationInvalid:
            return render(request, "registration/invitation_invalid.html", status=404)
        return redirect("home")
    return render(
        request,
        "registration/invitation_accept_existing.html",
        {
            "invitation": invitation,
            "zone": invitation.zone,
            "is_owner": is_owner,
            "sign_in_url": reverse("login") + "?" + urlencode({"next": request.path}),
        },
    )
