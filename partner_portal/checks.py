"""System checks that keep the workflow rules from being walked around."""

from types import SimpleNamespace

from django.contrib import admin
from django.core.checks import Error, Tags, register
from django.http import HttpRequest

from .workflow import WORKFLOWS


def superuser_request():
    """What the admin sees for the most powerful person: a superuser may do all that
    the admin class itself allows."""
    request = HttpRequest()
    request.user = SimpleNamespace(
        is_active=True, is_staff=True, is_superuser=True, has_perm=lambda *a: True
    )
    return request


def state_is_editable(model_admin, field):
    request = superuser_request()
    if field in model_admin.get_readonly_fields(request):
        return False
    if field in (model_admin.exclude or ()):
        return False
    if model_admin.fields is not None and field not in model_admin.fields:
        return False
    if isinstance(model_admin, admin.options.InlineModelAdmin):
        return model_admin.has_change_permission(
            request
        ) or model_admin.has_add_permission(request, None)
    return True


@register(Tags.admin)
def check_workflow_state_read_only_in_admin(app_configs=None, **kwargs):
    """A model with declared moves must not have its state editable in the admin,
    nor in an inline of another model's admin."""
    errors = []
    for model_admin in list(admin.site._registry.values()):
        candidates = [model_admin]
        candidates += [
            inline(model_admin.model, admin.site) for inline in model_admin.inlines
        ]
        for candidate in candidates:
            workflow = WORKFLOWS.get(candidate.model)
            if workflow is None or not state_is_editable(candidate, workflow.field):
                continue
            errors.append(
                Error(
                    f"{type(candidate).__name__} lets the admin edit "
                    f"{candidate.model.__name__}.{workflow.field}, which only the "
                    "declared moves may change.",
                    hint="Derive the admin from partner_portal.admin_workflow."
                    "WorkflowAdmin (or make the inline read-only).",
                    obj=type(candidate),
                    id="portal.E001",
                )
            )
    return errors
