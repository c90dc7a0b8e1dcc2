from django.contrib import admin

from partner_portal.admin_workflow import WorkflowAdmin

from .models import Placement


@admin.register(Placement)
class PlacementAdmin(WorkflowAdmin):
    list_display = ["team", "status", "dispatched_at", "completed_at"]
    list_filter = ["status"]
    search_fields = ["team__problem__title", "team__problem__unit__name"]
    list_select_related = ["team__problem", "team__round"]
    raw_id_fields = ["team"]
