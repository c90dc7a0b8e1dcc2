from django.contrib import admin

from .models import FieldOfStudy


@admin.register(FieldOfStudy)
class FieldOfStudyAdmin(admin.ModelAdmin):
    list_display = ["name_fa", "name_en", "offered_bsc", "offered_msc", "slug"]
    list_filter = ["offered_bsc", "offered_msc"]
    search_fields = ["name_fa", "name_en", "slug"]
