from django.contrib import admin

from gongkai.orgs.models import Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Read-only here: organisations change through the orgs services, which validate and audit."""

    list_display = ["name", "level", "parent", "credit_code", "slug"]
    search_fields = ["name", "credit_code", "slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
