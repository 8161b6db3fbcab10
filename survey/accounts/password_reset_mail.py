"""Password-reset e-mail, sent by the background worker.

The request only queues the typed address, known or not, so both cost the same and the time of
the answer does not tell whether an account exists. The worker looks the account up and makes
the one-time link; the task table holds the address, never a link.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django_tasks import task

from survey.accounts.forms import ResetRequestForm

EMAIL_TEMPLATE = "registration/password_reset_email.txt"
SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"


class QueuedPasswordResetForm(ResetRequestForm):
    def save(self, **kwargs):
        password_reset_mail.enqueue(self.cleaned_data["email"], translation.get_language())


@task()
def password_reset_mail(email: str, language: str) -> None:
    """Mail a reset link to each active account with a usable password at this address."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    site = urlsplit(settings.SITE_URL)
    with translation.override(language):
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            email_template_name=EMAIL_TEMPLATE,
            subject_template_name=SUBJECT_TEMPLATE,
            extra_email_context={"site_url": settings.SITE_URL.rstrip("/")},
        )
