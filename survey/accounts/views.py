"""Signing in and out, password reset, and accepting an invitation."""

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from survey.access import public_view, zones_for
from survey.accounts.forms import ResetRequestForm, SignInForm
from survey.accounts.invitations import InvitationInvalid, invitation_for_token
from survey.accounts.invitations import invitation_accept as accept_invitation
from survey.answering.forms import InvitationAcceptForm


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


sign_in = public_view(SignInView.as_view())
sign_out = public_view(auth_views.LogoutView.as_view())
password_reset_form = auth_views.PasswordResetView.as_view(
    form_class=ResetRequestForm,
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    extra_email_context={"site_url": settings.SITE_URL.rstrip("/")},
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
password_reset_confirm = public_view(
    auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete"))
)
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


@public_view
def invitation_accept(request, token):
    if wrong_tokens_exceeded(request, count=False):
        return render(request, "registration/rate_limited.html", status=429)
    try:
        invitation = invitation_for_token(token)
    except InvitationInvalid:
        wrong_tokens_exceeded(request, count=True)
        return render(request, "registration/invitation_invalid.html", status=404)
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # A first visit: speak the invitation's (the zone's) language, not the browser's.
        translation.activate(invitation.language or invitation.zone.language)
        request.LANGUAGE_CODE = translation.get_language()
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(token=token, password=form.cleaned_data["password1"])
        except InvitationInvalid:
            return render(request, "registration/invitation_invalid.html", status=404)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return with_language(request, redirect("home"), user)
    return render(
        request,
        "registration/invitation_accept.html",
        {"invitation": invitation, "zone": invitation.zone, "form": form},
    )
