from django.contrib import admin

from partner_portal.admin_workflow import WorkflowAdmin

from .models import Certificate, CertificateBatch


@admin.register(Certificate)
class CertificateAdmin(WorkflowAdmin):
    list_display = [
        "student_name",
        "problem_title",
        "status",
        "credit_hours",
        "issued_at",
    ]
    list_filter = ["status"]
    search_fields = ["code", "student_number", "search_key"]
    list_select_related = ["placement__team__problem"]
    raw_id_fields = ["placement", "student", "signed_by", "replaces", "batch"]
    readonly_fields = [
        "code", "sha256", "pdf", "issued_at", "signed_at", "signed_by", "revoked_at",
        "revoke_reason", "render_attempts", "render_error", "queued_at", "replaces",
    ]  # fmt: skip


@admin.register(CertificateBatch)
class CertificateBatchAdmin(admin.ModelAdmin):
    list_display = ["round", "requested_by", "requested_at", "total"]
    list_select_related = ["round", "requested_by"]
    raw_id_fields = ["round", "requested_by"]
    search_fields = ["round__name_fa", "round__name_en", "requested_by__email"]
    readonly_fields = ["total"]
