"""The reference data the data migrations write (towns, zones, clusters, fields).

Transactional tests empty every table when they end, and Django's serialized rollback
cannot put it back reliably here: once Playwright's sync API runs an event loop on the
test's thread, Django's connection storage becomes context-local, so the connection
that was serialized at setup is no longer the one the test uses.
"""

import importlib

from django.apps import apps

MIGRATIONS = [
    ("industries.migrations.0002_qom_areas_and_clusters", "add_reference_data"),
    ("partner_portal.migrations.0003_university_fields_of_study", "add_fields"),
]


def load_reference_data():
    for module, function in MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
