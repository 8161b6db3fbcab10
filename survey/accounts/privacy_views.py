"""The public privacy page: what is kept about people, why, how long, whom to ask."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from survey.access import public_view
from survey.languages import LANGUAGES


@public_view
@require_GET
def privacy(request):
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    context = {
        "text": f"survey/privacy/{language if language in LANGUAGES else 'en'}.html",
        "contact": settings.PRIVACY_CONTACT_EMAIL,
        "days": {
            "invitations": settings.RETENTION_DAYS_INVITATIONS,
            "sign_ins": settings.RETENTION_DAYS_SIGN_IN_RECORDS,
            "paradata": settings.RETENTION_DAYS_PARADATA,
            "contacts": settings.RETENTION_DAYS_CONTACTS,
        },
    }
    return render(request, "survey/privacy.html", context)
