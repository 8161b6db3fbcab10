"""Background tasks (django-tasks; the database queue is worked by `manage.py db_worker`)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

from survey import links
from survey.fieldwork.campaigns import email_deliver, retry_delay
from survey.models import OutgoingEmail


@task()
def email_send(outgoing_id: int, site_url: str = "") -> str:
    """Send one campaign message, its links at `site_url` (see survey/links.py); on failure
    enqueue the next attempt later (bounded)."""
    can_retry = email_send.get_backend().supports_defer
    with links.served_at(site_url):
        email = email_deliver(outgoing_id, can_retry=can_retry)
    if email.status == OutgoingEmail.Status.QUEUED and email.attempts:
        email_send.using(run_after=timezone.now() + retry_delay(email.attempts)).enqueue(
            outgoing_id, site_url
        )
    return email.status


@task()
def email_test_send(to: str, subject: str, body: str) -> str:
    """Send a researcher's test of an e-mail template to their own address. It carries its
    text (the template may be unsaved; the link in it is an example, never a token) and is
    sent once: a researcher whose test did not arrive sends another."""
    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]).send(
        fail_silently=False
    )
    return "sent"
