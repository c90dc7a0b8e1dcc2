import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

PROJECT_APPS = ["partner_portal", "industries", "teams", "placements", "certificates"]


def project_models():
    return [
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    ]


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m._meta.label)
def test_every_model_is_in_the_admin_with_useful_lists(model):
    model_admin = admin.site._registry.get(model)

    assert model_admin is not None, f"{model._meta.label} is not registered"
    assert model_admin.list_display != ("__str__",)
    assert model_admin.search_fields


@pytest.mark.django_db
@pytest.mark.parametrize("model", project_models(), ids=lambda m: m._meta.label)
def test_admin_changelist_and_search_load(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "قم"}).status_code == 200
