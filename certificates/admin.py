from django.contrib import admin

from partner_portal.admin_workflow import WorkflowAdmin

from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(WorkflowAdmin):
    list_display = ["student", "placement", "status", "credit_hours", "issued_at"]
    list_filter = ["status"]
    search_fields = ["code", "student__student_number", "student__user__full_name"]
    list_select_related = ["student__user", "placement__team__problem"]
    raw_id_fields = ["placement", "student", "signed_by"]
    readonly_fields = ["code", "sha256"]
