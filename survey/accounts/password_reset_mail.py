"""Password-reset e-mail, sent by the background worker.

The request only queues the typed address, known or not, so both cost the same and the time of
the answer does not tell whether an account exists. The worker looks the account up and makes
the one-time link; the task table holds the address, never a link.
"""

from urllib.parse import urlsplit

from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django_tasks import task

from survey import links
from survey.accounts.forms import ResetRequestForm

EMAIL_TEMPLATE = "registration/password_reset_email.txt"
SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"


class QueuedPasswordResetForm(ResetRequestForm):
    def save(self, request=None, **kwargs):
        site_url = links.request_site_url(request) if request is not None else ""
        email, language = self.cleaned_data["email"], translation.get_language()
        password_reset_mail.enqueue(email, language, site_url)


@task()
def password_reset_mail(email: str, language: str, site_url: str = "") -> None:
    """Mail a reset link to each active account with a usable password at this address; the
    link points where the request for it came in (`site_url`), or to SITE_URL."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    with links.served_at(site_url), translation.override(language):
        site = urlsplit(links.site_url())
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            email_template_name=EMAIL_TEMPLATE,
            subject_template_name=SUBJECT_TEMPLATE,
            extra_email_context={"site_url": links.site_url()},
        )
