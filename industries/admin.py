from django.contrib import admin

from partner_portal.admin_workflow import ReadOnlyInline, WorkflowAdmin

from .models import (
    Booklet,
    Cluster,
    IndustrialArea,
    IndustrialUnit,
    Meeting,
    ProblemAttachment,
    ProblemRequest,
    UnitManager,
)


@admin.register(IndustrialArea)
class IndustrialAreaAdmin(admin.ModelAdmin):
    list_display = ["name_fa", "name_en", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name_fa", "name_en", "slug"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name_fa", "name_en", "slug"]
    search_fields = ["name_fa", "name_en", "slug"]


class UnitManagerInline(ReadOnlyInline):
    """Managers are added by invitation or an approved request, never here."""

    model = UnitManager
    fields = ["user", "position", "status", "created_at"]


@admin.register(IndustrialUnit)
class IndustrialUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "cluster", "employees", "introduced_by"]
    list_filter = ["area", "cluster", "introduced_by"]
    search_fields = ["name", "address", "referral_number"]
    list_select_related = ["area", "cluster"]
    inlines = [UnitManagerInline]


@admin.register(UnitManager)
class UnitManagerAdmin(WorkflowAdmin):
    list_display = ["user", "unit", "position", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__full_name", "unit__name"]
    list_select_related = ["user", "unit"]
    raw_id_fields = ["user", "unit"]


class ProblemAttachmentInline(admin.TabularInline):
    model = ProblemAttachment
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "uploaded_at"]


@admin.register(ProblemRequest)
class ProblemRequestAdmin(WorkflowAdmin):
    list_display = [
        "title",
        "unit",
        "status",
        "urgency",
        "desired_team_size",
        "created_at",
    ]
    list_filter = ["status", "urgency", "unit__cluster", "unit__area"]
    search_fields = ["title", "description", "unit__name"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit", "created_by"]
    filter_horizontal = ["fields_needed"]
    inlines = [ProblemAttachmentInline]
    date_hierarchy = "created_at"


@admin.register(ProblemAttachment)
class ProblemAttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "problem", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "problem__title"]
    list_select_related = ["problem"]
    raw_id_fields = ["problem", "uploaded_by"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["held_at", "place", "recorded_by"]
    search_fields = ["place", "attendees", "minutes", "decisions"]
    filter_horizontal = ["units", "problems"]
    date_hierarchy = "held_at"
    list_select_related = ["recorded_by"]


@admin.register(Booklet)
class BookletAdmin(admin.ModelAdmin):
    list_display = [
        "requested_at", "edition", "language", "round", "status", "progress",
        "problem_count", "page_count",
    ]  # fmt: skip
    list_filter = ["edition", "language", "status"]
    search_fields = ["requested_by__email", "round__name_fa", "round__name_en"]
    list_select_related = ["round", "requested_by"]
    readonly_fields = ["render_token", "rendering_since", "render_attempts"]
