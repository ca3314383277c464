from django.contrib import admin

from legislation.models import Act


@admin.register(Act)
class ActAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "number", "date", "as_of", "group"]
    list_filter = ["kind"]
    search_fields = ["title", "number"]
    # Acts are added through legislation.services.act_create (access, parsing, audit).
    readonly_fields = ["group", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False
