from django.contrib import admin

from survey.access import is_administrator
from survey.admin import ResearcherAccess

from .models import ApiToken, ExportLog, PendingImport


@admin.register(ExportLog)
class ExportLogAdmin(ResearcherAccess, admin.ModelAdmin):
    """Read-only: the log is evidence of who took data out."""

    list_display = ("created_at", "user", "edition", "module", "format", "rows")
    list_filter = ("format", "edition")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PendingImport)
class PendingImportAdmin(ResearcherAccess, admin.ModelAdmin):
    list_display = ("created_at", "filename", "module", "replace", "uploaded_by")
    fields = ("filename", "module", "replace", "uploaded_by", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see every token and, on its history page, every API call made with it;
    tokens are made and revoked by their owners on the API tokens page (or the command)."""

    list_display = ("name", "prefix", "user", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__email")
    fields = (
        "name",
        "prefix",
        "user",
        "scopes",
        "pseudonymised_only",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = fields

    def has_module_permission(self, request):
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
