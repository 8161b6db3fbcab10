from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "survey"
    verbose_name = _("Survey")

    def ready(self):
        from django.urls import register_converter

        from survey.converters import CONVERTERS

        for name, converter in CONVERTERS.items():
            register_converter(converter, name)

        from survey.accounts import sign_in_limits  # noqa: F401  (connects the per-address failure counter)
        from survey.data_version import connect_signals

        connect_signals()

        from django.db.models.signals import post_migrate

        from survey.fieldwork import campaigns

        post_migrate.connect(campaigns.email_templates_after_migrate, sender=self)
