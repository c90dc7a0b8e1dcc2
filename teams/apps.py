from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = _("Students and teams")

    def ready(self):
        # services registers what accepting an invitation to its roles grants.
        from . import dashboard, figures, moves, notifications, services  # noqa: F401
