"""The chief's confirmation of a submitted module, mailed by the background worker."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from survey import links
from survey.answering.answers import module_progress
from survey.models import Response, User


@task()
def submission_confirmation_mail(response_id: int, user_id: int, site_url: str = "") -> bool:
    with links.served_at(site_url):
        return submission_confirmation_deliver(response_id, user_id)


def submission_confirmation_deliver(response_id: int, user_id: int) -> bool:
    response = Response.objects.select_related("zone", "module__edition").filter(pk=response_id)
    response, user = response.first(), User.objects.filter(pk=user_id).first()
    if response is None or user is None or not response.is_submitted:
        return False
    answered, total = module_progress(response)
    with translation.override(response.zone.language or user.language or "nl"):
        context = {
            "response": response,
            "module": response.module,
            "zone": response.zone,
            "answered": answered,
            "total": total,
            "site_url": links.site_url(),
        }
        subject = _("Submitted: %(module)s, zone %(zone)s") % {
            "module": response.module.title,
            "zone": response.zone.code,
        }
        body = render_to_string("survey/email/submitted.txt", context)
    send_mail(subject, body, None, [user.email])
    return True
