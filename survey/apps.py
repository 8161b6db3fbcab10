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

        from survey import data_version, definition_version
        from survey.accounts import sign_in_limits  # noqa: F401  (connects the per-address failure counter)
        from survey.answering import sheet_definition

        data_version.connect_signals()
        definition_version.connect_signals()
        sheet_definition.connect_signals()  # after the versions are drawn: it reads them

        from django.db.models.signals import post_migrate

        from survey.fieldwork import campaigns

        post_migrate.connect(campaigns.email_templates_after_migrate, sender=self)
