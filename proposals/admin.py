from django.contrib import admin

from proposals.models import Proposal


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "kind", "status", "archived", "updated_at"]
    list_filter = ["kind", "status", "archived", "group"]
    search_fields = ["title", "text"]
    readonly_fields = ["public_id", "created_at", "updated_at"]
    autocomplete_fields = ["group", "created_by"]
