from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from partner_portal.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = (
        "Create demo data with a login for every role. Safe to run again: what "
        "exists is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true")

    def handle(self, *args, quiet_logins=False, **options):
        if not settings.DEBUG:
            # The demo logins, IRO and admin among them, share a published password.
            raise CommandError(
                "seed_demo only runs with DEBUG=true: it creates IRO and admin "
                "accounts whose password is published. Never run it on a "
                "production database."
            )
        # The demo's own notifications are not mailed (they would fill the console).
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        ):
            with transaction.atomic():
                self.seed_apps()
        if not quiet_logins:
            self.print_logins()

    def seed_apps(self):
        # Apps are seeded in INSTALLED_APPS order, which follows their dependencies.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name.startswith("django") or find_spec(module_name) is None:
                continue
            import_module(module_name).seed(
                lambda line, app=config.label: self.stdout.write(f"  [{app}] {line}")
            )

    def print_logins(self):
        self.stdout.write(
            self.style.SUCCESS("\nDemo logins (password for all: %s)" % DEMO_PASSWORD)
        )
        for email, _full_name, flags in DEMO_USERS:
            roles = ", ".join(k.removeprefix("is_") for k, v in flags.items() if v)
            self.stdout.write(f"  {email:<26} {roles}")
