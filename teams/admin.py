from django.contrib import admin

from partner_portal.admin_workflow import ReadOnlyInline, WorkflowAdmin

from .models import (
    Attendance,
    Enrolment,
    Interest,
    Membership,
    Professor,
    Round,
    Student,
    Team,
    TrainingSession,
)


@admin.register(Round)
class RoundAdmin(WorkflowAdmin):
    list_display = ["name_fa", "name_en", "status", "starts_on", "ends_on"]
    list_filter = ["status"]
    search_fields = ["name_fa", "name_en"]


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["student_number", "user", "field", "level", "entry_year"]
    list_filter = ["level", "field", "entry_year"]
    search_fields = ["student_number", "user__full_name", "user__email"]
    list_select_related = ["user", "field"]
    raw_id_fields = ["user"]


@admin.register(Enrolment)
class EnrolmentAdmin(WorkflowAdmin):
    list_display = ["student", "round", "status", "weekly_hours", "created_at"]
    list_filter = ["status", "round", "student__level", "student__field"]
    search_fields = ["student__student_number", "student__user__full_name"]
    list_select_related = ["student__user", "round"]
    raw_id_fields = ["student"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "round", "starts_at", "place", "capacity"]
    list_filter = ["round"]
    search_fields = ["title", "place"]
    list_select_related = ["round"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "enrolment", "recorded_at"]
    list_filter = ["session__round"]
    search_fields = ["enrolment__student__student_number", "session__title"]
    list_select_related = ["session", "enrolment__student__user"]
    raw_id_fields = ["session", "enrolment", "recorded_by"]


@admin.register(Professor)
class ProfessorAdmin(admin.ModelAdmin):
    list_display = ["user", "department", "capacity"]
    list_filter = ["department"]
    search_fields = ["user__full_name", "user__email", "department"]
    list_select_related = ["user"]
    filter_horizontal = ["expertise"]
    raw_id_fields = ["user"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "problem", "rank", "created_at"]
    list_filter = ["rank"]
    search_fields = ["problem__title", "enrolment__student__student_number"]
    list_select_related = ["enrolment__student__user", "problem"]
    raw_id_fields = ["enrolment", "problem"]


class MembershipInline(ReadOnlyInline):
    """Members join and leave through the team services, never here."""

    model = Membership
    fields = ["enrolment", "joined_at", "ended_at", "end_reason"]


@admin.register(Team)
class TeamAdmin(WorkflowAdmin):
    list_display = ["problem", "round", "supervisor", "status", "created_at"]
    list_filter = ["status", "round"]
    search_fields = [
        "problem__title",
        "problem__unit__name",
        "supervisor__user__full_name",
    ]
    list_select_related = ["problem", "round", "supervisor__user"]
    raw_id_fields = ["problem", "supervisor"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "team", "joined_at", "ended_at", "end_reason"]
    list_filter = ["end_reason"]
    readonly_fields = ["joined_at", "ended_at", "end_reason"]
    search_fields = ["enrolment__student__student_number", "team__problem__title"]
    list_select_related = ["enrolment__student__user", "team__problem"]
    raw_id_fields = ["team", "enrolment"]
