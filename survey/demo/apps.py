from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo generator (`seed_demo`): an app of its own so product code never imports it."""

    name = "survey.demo"
    label = "demo"
    verbose_name = _("Demo data")
