from django.contrib import admin

from accord.admin_base import ReadOnlyAdmin
from proposals.models import (
    Comment,
    CommentThread,
    Endorsement,
    Proposal,
    Review,
    Version,
    Vote,
)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "kind", "status", "archived", "updated_at"]
    list_filter = ["kind", "status", "archived", "group"]
    search_fields = ["title", "text"]
    # The status, the approved version and the archive flag change only through the workflow's
    # actions (proposals.workflow): an administrator cannot approve or send a text without a review,
    # nor archive one without an audit entry. The text is written only by live editing (its log,
    # versions and authorship follow it).
    readonly_fields = [
        "public_id",
        "status",
        "approved_version",
        "archived",
        "text",
        "created_at",
        "updated_at",
    ]
    autocomplete_fields = ["group", "created_by"]


# Versions, discussions, reviews, votes and endorsements are the record of how a text was agreed:
# the services write them, the admin only shows them.


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "number", "kind", "label", "created_by", "created_at", "sha256"]
    list_filter = ["kind"]
    list_select_related = ["proposal", "created_by"]
    search_fields = ["proposal__title", "label", "sha256"]


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["author", "body", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CommentThread)
class CommentThreadAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "kind", "state", "quote", "created_by", "created_at", "resolved_at"]
    list_filter = ["kind", "state"]
    list_select_related = ["proposal", "created_by"]
    search_fields = ["proposal__title", "quote", "replacement", "comments__body"]
    exclude = ["anchor_start", "anchor_end"]
    inlines = [CommentInline]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "rule", "deadline", "opened_by", "closed_at", "outcome"]
    list_filter = ["rule", "outcome"]
    list_select_related = ["proposal", "opened_by"]
    search_fields = ["proposal__title"]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ["review", "organization", "choice", "cast_by", "cast_at"]
    list_filter = ["choice"]
    list_select_related = ["review__proposal", "organization", "cast_by"]


@admin.register(Endorsement)
class EndorsementAdmin(ReadOnlyAdmin):
    list_display = ["version", "organization", "endorsed_by", "endorsed_at", "sha256"]
    list_select_related = ["version__proposal", "organization", "endorsed_by"]
    search_fields = ["organization__name", "sha256"]
