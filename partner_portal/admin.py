from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .admin_workflow import WorkflowAdmin
from .forms import SignupForm
from .models import (
    AuditEvent,
    CalendarFeed,
    FieldOfStudy,
    Invitation,
    Notification,
    NotificationPreference,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "is_student",
        "is_professor",
        "is_industry_manager",
        "is_iro_staff",
        "is_active",
    ]
    list_filter = [
        "is_student",
        "is_professor",
        "is_industry_manager",
        "is_iro_staff",
        "is_active",
        "is_staff",
        "preferred_language",
    ]
    search_fields = ["email", "full_name", "phone"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "phone", "preferred_language"]}),
        (
            _("Roles"),
            {
                "fields": [
                    "is_student",
                    "is_professor",
                    "is_industry_manager",
                    "is_iro_staff",
                ]
            },
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "password1", "password2"],
            },
        ),
    ]
    add_form = SignupForm


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "target_type",
        "target_id",
        "from_state",
        "to_state",
        "actor",
    ]
    list_filter = ["target_type", "to_state"]
    search_fields = ["note", "actor__email", "target_id"]
    list_select_related = ["actor", "target_type"]
    date_hierarchy = "created_at"

    # The audit trail is written by the workflow helper only, and never changed or
    # deleted, also not by a superuser.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "read_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__email", "kind"]
    list_select_related = ["recipient"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email"]
    list_filter = ["kind", "email"]
    search_fields = ["user__email", "kind"]
    list_select_related = ["user"]


@admin.register(FieldOfStudy)
class FieldOfStudyAdmin(admin.ModelAdmin):
    list_display = ["name_fa", "name_en", "offered_bsc", "offered_msc", "slug"]
    list_filter = ["offered_bsc", "offered_msc"]
    search_fields = ["name_fa", "name_en", "slug"]


@admin.register(Invitation)
class InvitationAdmin(WorkflowAdmin):
    """Sent from the unit and professor pages; here for reference (and resending)."""

    list_display = ["email", "role", "status", "sent_at", "expires_at", "created_by"]
    list_filter = ["role", "status"]
    search_fields = ["email", "user__full_name"]
    list_select_related = ["created_by"]
    readonly_fields = [
        *("user", "email", "role", "details", "token_hash", "sent_at"),
        *("expires_at", "accepted_at", "created_by", "created_at"),
    ]

    def has_add_permission(self, request):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Only whether a person has an address; the address itself is never kept."""

    list_display = ["user", "created_at"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    readonly_fields = ["user", "token_hash", "created_at"]

    def has_add_permission(self, request):
        return False
