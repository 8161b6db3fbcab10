from django.contrib import admin

from .models import ExportLog, PendingImport


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence of who took data out."""

    list_display = ("created_at", "user", "edition", "module", "format", "rows")
    list_filter = ("format", "edition")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PendingImport)
class PendingImportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "filename", "module", "replace", "uploaded_by")
    fields = ("filename", "module", "replace", "uploaded_by", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
