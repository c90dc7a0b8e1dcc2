from django.contrib import admin

from partner_portal.admin_workflow import ReadOnlyInline, WorkflowAdmin

from .models import (
    Document,
    DocumentVersion,
    Milestone,
    Placement,
    ProgressReport,
    Reminder,
    SiteVisit,
    SolutionProposal,
    StudentGrade,
    TeamEvaluation,
)


class VisitInline(ReadOnlyInline):
    model = SiteVisit
    fields = ["starts_at", "place", "findings"]


@admin.register(Placement)
class PlacementAdmin(WorkflowAdmin):
    list_display = ["team", "status", "dispatched_at", "stage_since", "completed_at"]
    list_filter = ["status", "team__round"]
    search_fields = ["team__problem__title", "team__problem__unit__name"]
    list_select_related = ["team__problem", "team__round"]
    raw_id_fields = ["team", "selected_proposal"]
    inlines = [VisitInline]


@admin.register(SiteVisit)
class SiteVisitAdmin(admin.ModelAdmin):
    list_display = ["placement", "starts_at", "place"]
    search_fields = ["place", "findings", "placement__team__problem__title"]
    list_select_related = ["placement__team__problem"]
    raw_id_fields = ["placement", "scheduled_by"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    readonly_fields = ["status", "due_on"]


@admin.register(SolutionProposal)
class SolutionProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "placement", "duration_weeks", "created_at"]
    search_fields = ["title", "summary", "placement__team__problem__title"]
    list_select_related = ["placement__team__problem"]
    raw_id_fields = ["placement", "created_by"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(WorkflowAdmin):
    list_display = ["title", "proposal", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["title", "deliverable", "proposal__title"]
    list_select_related = ["proposal"]
    raw_id_fields = ["proposal"]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["milestone", "author", "created_at"]
    search_fields = ["note", "milestone__title"]
    list_select_related = ["milestone", "author"]
    raw_id_fields = ["milestone", "author"]


class VersionInline(ReadOnlyInline):
    model = DocumentVersion
    fields = ["number", "original_name", "size", "uploaded_by", "uploaded_at"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "placement", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "placement__team__problem__title"]
    list_select_related = ["placement__team__problem"]
    raw_id_fields = ["placement", "proposal", "report"]
    inlines = [VersionInline]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    """Uploaded files are kept as they are: no version is changed here."""

    list_display = ["document", "number", "original_name", "size", "uploaded_at"]
    search_fields = ["original_name", "document__title"]
    list_select_related = ["document"]
    readonly_fields = ["document", "number", "file", "original_name", "content_type",
                       "size", "uploaded_by", "uploaded_at"]  # fmt: skip

    def has_add_permission(self, request):
        return False


@admin.register(TeamEvaluation)
class TeamEvaluationAdmin(admin.ModelAdmin):
    list_display = ["placement", "quality", "timeliness", "communication"]
    search_fields = ["comment", "placement__team__problem__title"]
    list_select_related = ["placement__team__problem"]
    raw_id_fields = ["placement", "evaluated_by"]


@admin.register(StudentGrade)
class StudentGradeAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "placement", "passed", "score", "hours"]
    list_filter = ["passed"]
    search_fields = ["enrolment__student__student_number",
                     "enrolment__student__user__full_name"]  # fmt: skip
    list_select_related = ["enrolment__student__user", "placement__team__problem"]
    raw_id_fields = ["placement", "enrolment", "graded_by"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["step", "placement", "milestone", "day"]
    list_filter = ["step", "day"]
    search_fields = ["placement__team__problem__title"]
    list_select_related = ["placement__team__problem", "milestone"]
    raw_id_fields = ["placement", "milestone"]
