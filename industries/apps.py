from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndustriesConfig(AppConfig):
    name = "industries"
    verbose_name = _("Industry")

    def ready(self):
        # services registers what accepting an invitation to its roles grants.
        from . import dashboard, figures, moves, notifications, services  # noqa: F401
