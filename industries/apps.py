from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndustriesConfig(AppConfig):
    name = "industries"
    verbose_name = _("Industry")

    def ready(self):
        from . import dashboard, moves, notifications  # noqa: F401
