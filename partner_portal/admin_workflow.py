"""The admin of models with declared moves: their state is read-only, and the admin
actions that change it make the declared moves through the named services, as the
person using the admin (so the audit trail and the notifications follow)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .i18n import isolate, local_digits
from .workflow import Note, workflow_of


def move_action(workflow, move):
    def action(modeladmin, request, queryset):
        moved, refused = 0, []
        for obj in queryset:
            try:
                workflow.run(move.name, obj, actor=request.user)
            except (ValidationError, PermissionDenied):
                refused.append(isolate(obj))
            else:
                moved += 1
        modeladmin.message_user(
            request,
            ngettext("%(n)s changed.", "%(n)s changed.", moved)
            % {"n": local_digits(moved)},
            messages.SUCCESS,
        )
        if refused:
            modeladmin.message_user(
                request,
                _("Left as they were (the move is not allowed for them): %(names)s")
                % {"names": ", ".join(refused)},
                messages.WARNING,
            )

    action.__name__ = f"move_{move.name}"
    action.short_description = move.label
    return action


class WorkflowAdmin(admin.ModelAdmin):
    """Workflow state read-only; one admin action per move that a person may make
    without writing a note."""

    def get_readonly_fields(self, request, obj=None):
        state = workflow_of(self.model).field
        return (*super().get_readonly_fields(request, obj), state)

    def get_actions(self, request):
        actions = super().get_actions(request)
        workflow = workflow_of(self.model)
        for move in workflow:
            if move.automatic or move.note == Note.REQUIRED:
                continue
            if move.name not in workflow.services:
                continue
            action = move_action(workflow, move)
            actions[action.__name__] = (action, action.__name__, move.label)
        return actions


class ReadOnlyInline(admin.TabularInline):
    """Rows that only services create or change, shown for reference."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
