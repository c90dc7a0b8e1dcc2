from django.contrib import admin

from .models import Cluster, IndustrialArea


@admin.register(IndustrialArea)
class IndustrialAreaAdmin(admin.ModelAdmin):
    list_display = ["name_fa", "name_en", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name_fa", "name_en", "slug"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name_fa", "name_en", "slug"]
    search_fields = ["name_fa", "name_en", "slug"]
